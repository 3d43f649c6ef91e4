namespace EgressDsl.Generator.Model
{
    // These mirror the public enums of EgressDsl.Abstractions value for value. The generator reads attribute
    // arguments as integers and must not load the Abstractions assembly inside the compiler.

    internal enum PortProtocol { Unspecified = 0, Http = 1, Https = 2, Grpc = 3, Http2 = 4, Mongo = 5, Tcp = 6, Tls = 7 }

    internal enum ServiceLocation { Unspecified = 0, MeshExternal = 1, MeshInternal = 2 }

    internal enum ServiceResolution { Unspecified = 0, None = 1, Static = 2, Dns = 3, DnsRoundRobin = 4 }

    internal enum TlsMode { Disable = 0, Simple = 1, Mutual = 2, IstioMutual = 3 }

    internal enum ServerTlsMode { Unspecified = 0, Passthrough = 1, Simple = 2, Mutual = 3, AutoPassthrough = 4, IstioMutual = 5, OptionalMutual = 6 }

    internal enum LoadBalancerAlgorithm { Unspecified = 0, RoundRobin = 1, LeastRequest = 2, Random = 3, Passthrough = 4 }

    [System.Flags]
    internal enum RouteHops { None = 0, Mesh = 1, Service = 2, All = 3 }

    internal enum RouteKind { Http, Tls, Tcp }

    internal enum GatewayApi { Default = 0, Istio = 1, Kubernetes = 2 }

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
