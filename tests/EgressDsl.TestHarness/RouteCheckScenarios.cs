namespace EgressDsl.TestHarness;

/// <summary>
/// Projects for the route check (EGRESS080) where it fires, or nearly: a wildcard without endpoints behind a passthrough
/// gateway and its remedy, subsets that select no endpoint (alone and in a split), and the last hop to a [MeshHost] whose
/// endpoints are not the project's, beside the same host as an [ExternalService].
/// </summary>
internal static class RouteCheckScenarios
{
    private const string Header = "using EgressDsl;\n";

    /// <summary>Istio's egress-gateway-tls-origination (mutual TLS): the DestinationRule that originates mutual TLS to nginx.</summary>
    public const string NginxOrigination = """
        [DestinationRule(Name = "originate-mtls-for-nginx", Namespace = "istio-system")]
        [TlsOrigination(TlsMode.Mutual, Port = 443, CredentialName = "client-credential",
            Sni = "my-nginx.mesh-external.svc.cluster.local")]
        public partial class MyNginx;
        """;

    /// <summary>The same task's gateway and route, with the [ExpectRoute] that the request reaches the in-cluster nginx.</summary>
    public const string NginxGateway = """
        [EgressGateway(Name = "istio-egressgateway")]
        [GatewayServer(443, "https", PortProtocol.Https, "my-nginx.mesh-external.svc.cluster.local", Tls = ServerTlsMode.IstioMutual)]
        [DestinationRule(Name = "egressgateway-for-nginx")]
        [Subset("nginx")]
        [TlsOrigination(TlsMode.IstioMutual, Subset = "nginx", Port = 443, Sni = "my-nginx.mesh-external.svc.cluster.local")]
        public partial class EgressGateway;

        [EgressRoute(typeof(MyNginx), Through = typeof(EgressGateway), Port = 80, GatewaySubset = "nginx", Combined = true)]
        [HttpRoute(DestinationPort = 443)]
        [ExpectRoute(ReachesHost = "my-nginx.mesh-external.svc.cluster.local", ReachesPort = 443)]
        public partial class DirectNginx;
        """;

    /// <summary>nginx as the in-cluster Service it is: its endpoints are its pods, which the project does not write.</summary>
    public const string NginxAsMeshHost = """[MeshHost("my-nginx.mesh-external.svc.cluster.local")][ServicePort(443, "")]""";

    /// <summary>nginx as an external service without endpoints: the gateway's cluster for it is empty.</summary>
    public const string NginxAsExternalService =
        """[ExternalService("my-nginx.mesh-external.svc.cluster.local")][ServicePort(443, "https", PortProtocol.Https)]""";

    private const string Versions = """
        [ExternalService("versioned.example.com", Resolution = ServiceResolution.Static)][ServicePort(80, "http", PortProtocol.Http)]
        [Endpoint("10.0.0.1", Labels = ["version=v1"])][Endpoint("10.0.0.2", Labels = ["version=v2"])]
        [Subset("v1", "version=v1")][Subset("v3", "version=v3")] public partial class Versioned;
        [EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "versioned.example.com")] public partial class Gw;
        """;

    public static IEnumerable<(string Name, string Source)> All()
    {
        yield return ("wildcard without endpoints", Header + """
            [ExternalService("*.wikipedia.org")][ServicePort(443, "https", PortProtocol.Https)] public partial class Wiki;
            [EgressGateway][GatewayServer(443, "tls", PortProtocol.Tls, "*.wikipedia.org", Tls = ServerTlsMode.Passthrough)]
            public partial class Gw;
            [EgressRoute(typeof(Wiki), Through = typeof(Gw), Port = 443)][TlsRoute] public partial class Bad;
            """);
        yield return ("wildcard forwarded to a DNS host", Header + """
            [ExternalService("*.wikipedia.org")][ServicePort(443, "https", PortProtocol.Https)] public partial class Wiki;
            [ExternalService("www.wikipedia.org", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)]
            public partial class Www;
            [EgressGateway][GatewayServer(443, "tls", PortProtocol.Tls, "*.wikipedia.org", Tls = ServerTlsMode.Passthrough)]
            public partial class Gw;
            [EgressRoute(typeof(Wiki), Through = typeof(Gw), ForwardTo = typeof(Www), Port = 443)][TlsRoute] public partial class Good;
            """);
        yield return ("a subset that selects no endpoint", Header + Versions + """
            [EgressRoute(typeof(Versioned), Through = typeof(Gw), Port = 80)][HttpRoute(Subset = "v3")] public partial class ToV3;
            """);
        yield return ("a split with a subset that selects no endpoint", Header + Versions + """
            [EgressRoute(typeof(Versioned), Through = typeof(Gw), Port = 80)][HttpRoute(Split = ["v1=60", "v3=40"])]
            public partial class Split;
            """);
        yield return ("a mesh host whose endpoints are its pods", Header + NginxAsMeshHost + NginxOrigination + NginxGateway);
        yield return ("the same host as an external service", Header + NginxAsExternalService + NginxOrigination + NginxGateway);
    }
}
