namespace EgressDsl.Generator.Model
{
    // The attributes' enums (PortProtocol, TlsMode, ...) are src/Abstractions/Enums.cs itself, compiled into this namespace
    // (see the project file); these are the generator's own.

    internal enum RouteKind { Http, Tls, Tcp }

    internal enum StringMatchKind { Exact, Prefix, Regex }

    /// <summary>The Istio wire names of the enums, in one place for every emitter.</summary>
    internal static class EnumNames
    {
        public static string Of(PortProtocol value) => value switch
        {
            PortProtocol.Http => "HTTP",
            PortProtocol.Https => "HTTPS",
            PortProtocol.Grpc => "GRPC",
            PortProtocol.Http2 => "HTTP2",
            PortProtocol.Mongo => "MONGO",
            PortProtocol.Tcp => "TCP",
            PortProtocol.Tls => "TLS",
            _ => string.Empty,
        };

        public static string Of(ServiceLocation value) => value switch
        {
            ServiceLocation.MeshExternal => "MESH_EXTERNAL",
            ServiceLocation.MeshInternal => "MESH_INTERNAL",
            _ => string.Empty,
        };

        public static string Of(ServiceResolution value) => value switch
        {
            ServiceResolution.None => "NONE",
            ServiceResolution.Static => "STATIC",
            ServiceResolution.Dns => "DNS",
            ServiceResolution.DnsRoundRobin => "DNS_ROUND_ROBIN",
            _ => string.Empty,
        };

        public static string Of(TlsMode value) => value switch
        {
            TlsMode.Disable => "DISABLE",
            TlsMode.Simple => "SIMPLE",
            TlsMode.Mutual => "MUTUAL",
            TlsMode.IstioMutual => "ISTIO_MUTUAL",
            _ => string.Empty,
        };

        public static string Of(ServerTlsMode value) => value switch
        {
            ServerTlsMode.Passthrough => "PASSTHROUGH",
            ServerTlsMode.Simple => "SIMPLE",
            ServerTlsMode.Mutual => "MUTUAL",
            ServerTlsMode.AutoPassthrough => "AUTO_PASSTHROUGH",
            ServerTlsMode.IstioMutual => "ISTIO_MUTUAL",
            ServerTlsMode.OptionalMutual => "OPTIONAL_MUTUAL",
            _ => string.Empty,
        };

        public static string Of(LoadBalancerAlgorithm value) => value switch
        {
            LoadBalancerAlgorithm.Unspecified => "UNSPECIFIED",
            LoadBalancerAlgorithm.RoundRobin => "ROUND_ROBIN",
            LoadBalancerAlgorithm.LeastRequest => "LEAST_REQUEST",
            LoadBalancerAlgorithm.Random => "RANDOM",
            LoadBalancerAlgorithm.Passthrough => "PASSTHROUGH",
            _ => string.Empty,
        };
    }
}
