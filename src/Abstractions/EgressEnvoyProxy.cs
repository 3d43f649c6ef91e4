namespace EgressDsl
{
    /// <summary>
    /// The Envoy configuration EgressDsl generated for one proxy, as listed by the generated <c>EgressCatalog.Envoy.Proxies</c>:
    /// the xDS resources (Listeners, RouteConfigurations, Clusters, ClusterLoadAssignments) Istio would send it.
    /// </summary>
    public sealed class EgressEnvoyProxy
    {
        /// <summary>Creates the description of a proxy's configuration.</summary>
        public EgressEnvoyProxy(string kind, string name, string @namespace, string serviceHost, string path, string json)
        {
            Kind = kind;
            Name = name;
            Namespace = @namespace;
            ServiceHost = serviceHost;
            Path = path;
            Json = json;
        }

        /// <summary><c>sidecar</c> for the client's sidecar, <c>gateway</c> for an egress gateway.</summary>
        public string Kind { get; }

        /// <summary>The proxy's name: <c>sidecar</c>, or the Gateway's name.</summary>
        public string Name { get; }

        /// <summary>The Gateway's namespace, or an empty string when none is written (the sidecar's is <c>default</c>).</summary>
        public string Namespace { get; }

        /// <summary>For a gateway, its Kubernetes Service host, the host of the sidecar clusters that lead to it; empty for the sidecar.</summary>
        public string ServiceHost { get; }

        /// <summary>The file the build writes, relative to the manifests folder, such as <c>envoy/sidecar.json</c>.</summary>
        public string Path { get; }

        /// <summary>The resources as a JSON array of <c>google.protobuf.Any</c> objects (each with <c>@type</c>).</summary>
        public string Json { get; }

        /// <inheritdoc />
        public override string ToString() => Kind + "/" + Name;
    }
}
