namespace EgressDsl.Generator.Model
{
    /// <summary>
    /// What a sidecar matches on HTTP, shared by the Envoy output (and so the simulator) and the resolver's rules about
    /// matching, so a rule never says "never matches" where the generated sidecar does match.
    /// </summary>
    internal static class SidecarHttp
    {
        /// <summary>
        /// The port Istio treats specially: a VirtualService host gets a virtual host on it even when no service has the
        /// port (route.go, "gross HACK"), so an HTTP rule matching port 80 matches for any host.
        /// </summary>
        public const int UnregisteredHostPort = 80;

        /// <summary>True when an HTTP match on <paramref name="port"/> reaches the host in the sidecar although the host's service does not declare the port.</summary>
        public static bool MatchesUndeclaredPort(RouteKind kind, int port) => kind == RouteKind.Http && port == UnregisteredHostPort;
    }
}
