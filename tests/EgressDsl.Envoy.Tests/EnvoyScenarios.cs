
namespace EgressDsl.Envoy.Tests;

/// <summary>
/// Egress setups for the Envoy output, beyond the generator tests' <see cref="Scenarios"/>: together they cover DNS and
/// DNS_ROUND_ROBIN resolution, SIMPLE and MUTUAL TLS from files and from credentialName, no TLS, a TLS passthrough gateway
/// with SNI routes, TCP, several ports and weighted routes.
/// </summary>
internal static class EnvoyScenarios
{
    /// <summary>DNS_ROUND_ROBIN (one endpoint, as Istio requires), no TLS, several HTTP ports (HTTP, HTTP2, gRPC), a URI regex and every
    /// header match kind.</summary>
    public const string RoundRobinSeveralPorts = """
        using EgressDsl;
        [ExternalService("catalog.example.org", Resolution = ServiceResolution.DnsRoundRobin, Location = ServiceLocation.MeshExternal)]
        [ServicePort(80, "http", PortProtocol.Http)]
        [ServicePort(8080, "http2-api", PortProtocol.Http2)]
        [ServicePort(9090, "grpc", PortProtocol.Grpc)]
        [Endpoint("catalog-a.example.org", Ports = ["http2-api=18080"])]
        public partial class Catalog;

        [EgressRoute(typeof(Catalog))]
        [HttpRoute(Port = 80, UriRegex = "/items/[0-9]+", Headers = ["x-tenant^=acme", "x-trace~=[a-f0-9]{8}"], DestinationPort = 8080, Name = "items")]
        [HttpRoute(Port = 80, UriExact = "/health", DestinationPort = 80)]
        [HttpRoute(Port = 9090, DestinationPort = 9090, Timeout = "250ms")]
        public partial class CatalogRoute;
        """;

    /// <summary>SIMPLE TLS origination at the gateway with the CA from a Secret (credentialName), three weighted subsets.</summary>
    public const string CredentialNameWeightedThroughGateway = """
        using EgressDsl;
        [ExternalService("ledger.example.net", Resolution = ServiceResolution.Static, Location = ServiceLocation.MeshExternal, Namespace = "finance")]
        [ServicePort(443, "http-tls", PortProtocol.Http)]
        [Endpoint("198.51.100.1", Labels = ["track=blue"])]
        [Endpoint("198.51.100.2", Labels = ["track=green"])]
        [Endpoint("198.51.100.3", Labels = ["track=canary"], Locality = "eu-west1/eu-west1-a", Weight = 2)]
        [Subset("blue", "track=blue")]
        [Subset("green", "track=green")]
        [Subset("canary", "track=canary")]
        [TlsOrigination(TlsMode.Simple, CredentialName = "ledger-ca", Sni = "ledger.example.net", SubjectAltNames = ["ledger.example.net"])]
        public partial class Ledger;

        [EgressGateway(Name = "finance-egress", Namespace = "istio-system")]
        [GatewayServer(80, "http", PortProtocol.Http, "ledger.example.net")]
        public partial class FinanceGateway;

        [EgressRoute(typeof(Ledger), Through = typeof(FinanceGateway), Port = 80, Namespace = "finance")]
        [HttpRoute(Headers = ["x-canary=yes"], Split = ["blue=45", "green=45", "canary=10"])]
        [HttpRoute(Subset = "blue")]
        public partial class LedgerRoute;
        """;

    /// <summary>A TLS passthrough gateway with two SNI routes to two subsets, and a TCP service without TLS on the same gateway.</summary>
    public const string PassthroughSniRoutes = """
        using EgressDsl;
        [ExternalService("docs.example.com", "api.example.com", Resolution = ServiceResolution.Static)]
        [ServicePort(443, "tls", PortProtocol.Tls)]
        [Endpoint("203.0.113.10", Labels = ["site=docs"])]
        [Endpoint("203.0.113.20", Labels = ["site=api"])]
        [Subset("docs", "site=docs")]
        [Subset("api", "site=api")]
        public partial class ExampleSites;

        [ExternalService("redis.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(6379, "tcp-redis", PortProtocol.Tcp)]
        public partial class Redis;

        [EgressGateway(Name = "edge", TargetPorts = ["443=8443", "6379=16379"])]
        [GatewayServer(443, "tls", PortProtocol.Tls, "docs.example.com", "api.example.com", Tls = ServerTlsMode.Passthrough)]
        [GatewayServer(6379, "tcp-redis", PortProtocol.Tcp, "redis.example.com")]
        public partial class EdgeGateway;

        [EgressRoute(typeof(ExampleSites), Through = typeof(EdgeGateway), Port = 443)]
        [TlsRoute("docs.example.com", Subset = "docs")]
        [TlsRoute("api.example.com", Subset = "api")]
        public partial class SitesRoute;

        [EgressRoute(typeof(Redis), Through = typeof(EdgeGateway), Port = 6379)]
        [TcpRoute]
        public partial class RedisRoute;
        """;

    /// <summary>A mesh-internal service without TLS settings (auto mutual TLS) and an original-destination service on two ports.</summary>
    public const string AutoMutualTlsAndOriginalDestination = """
        using EgressDsl;
        [ExternalService("billing.internal.example", Location = ServiceLocation.MeshInternal, Resolution = ServiceResolution.Static, SubjectAltNames = ["spiffe://cluster.local/ns/billing/sa/billing"])]
        [ServicePort(8080, "http", PortProtocol.Http)]
        [Endpoint("10.1.2.3")]
        public partial class Billing;

        [ExternalService("legacy.example", Addresses = ["192.0.2.50"], Resolution = ServiceResolution.None)]
        [ServicePort(25, "tcp-smtp", PortProtocol.Tcp)]
        [ServicePort(465, "tls-smtps", PortProtocol.Tls)]
        public partial class Legacy;

        [EgressRoute(typeof(Billing), Port = 8080)]
        [HttpRoute(UriPrefix = "/invoices")]
        public partial class BillingRoute;
        """;

    /// <summary>The application's TLS wrapped by the sidecar in Istio's mutual TLS to a gateway TLS server that terminates it and forwards
    /// the stream.</summary>
    public const string PassthroughWithMeshTls = """
        using EgressDsl;

        [GatewayEgress("edition.cnn.com", Tls = GatewayEgressTls.Passthrough, MeshTls = true, Name = "cnn", GatewayName = "istio-egressgateway")]
        public partial class Cnn;
        """;

    /// <summary>Every scenario of the matrix: the generator tests' scenarios, the two samples and the ones above.</summary>
    public static IEnumerable<(string Name, string Source)> Matrix()
    {
        foreach (var scenario in Scenarios.All())
        {
            yield return ((string)scenario[0], (string)scenario[1]);
        }

        yield return (nameof(RoundRobinSeveralPorts), RoundRobinSeveralPorts);
        yield return (nameof(CredentialNameWeightedThroughGateway), CredentialNameWeightedThroughGateway);
        yield return (nameof(PassthroughSniRoutes), PassthroughSniRoutes);
        yield return (nameof(AutoMutualTlsAndOriginalDestination), AutoMutualTlsAndOriginalDestination);
        yield return (nameof(PassthroughWithMeshTls), PassthroughWithMeshTls);
    }
}
