namespace EgressDsl.Generator.Model
{
    /// <summary>A Kubernetes Service named by a route's backendRef: its name, and its namespace (none: the route's).</summary>
    internal sealed record ServiceReference(string Name, string? Namespace)
    {
        private const string ClusterSuffix = ".svc.cluster.local";

        /// <summary>
        /// The Service a cluster-local host names (<c>&lt;name&gt;.&lt;namespace&gt;.svc.cluster.local</c>, the host Kubernetes
        /// gives a Service); none for any other host, which a backendRef names as a host instead.
        /// </summary>
        public static ServiceReference? ClusterLocal(string host)
        {
            if (!host.EndsWith(ClusterSuffix, System.StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var parts = host.Substring(0, host.Length - ClusterSuffix.Length).Split('.');
            return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 && parts[0] != "*"
                ? new ServiceReference(parts[0], parts[1])
                : null;
        }
    }
}
