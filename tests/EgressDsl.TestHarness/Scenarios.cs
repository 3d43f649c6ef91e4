namespace EgressDsl.TestHarness;

/// <summary>Egress setups beyond the seed, each a complete project source.</summary>
internal static class Scenarios
{
    /// <summary>The smallest service and route pair: a TLS passthrough route to one DNS service.</summary>
    public const string ServiceAndTlsRoute = """
        using EgressDsl;
        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "https", PortProtocol.Https)]
        public partial class Api;
        [EgressRoute(typeof(Api), Port = 443)]
        [TlsRoute("api.example.com")]
        public partial class ApiRoute;
        """;

    public const string DnsWithSimpleTls = """
        using EgressDsl;
        [ExternalService("api.example.com", "*.api.example.com", Resolution = ServiceResolution.Dns, Location = ServiceLocation.MeshExternal, ExportTo = ["."])]
        [ServicePort(443, "https", PortProtocol.Https)]
        [ServicePort(80, "http", PortProtocol.Http, TargetPort = 8080)]
        [Endpoint("backend-1.example.com", Locality = "us-east1/us-east1-b", Weight = 3, Network = "external")]
        [Endpoint("backend-2.example.com", Weight = 1)]
        [TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/etc/certs/ca.pem", SubjectAltNames = ["api.example.com"])]
        [LoadBalancer(LoadBalancerAlgorithm.LeastRequest, Port = 443)]
        public partial class ExampleApi;

        [EgressRoute(typeof(ExampleApi), Name = "example-api")]
        [HttpRoute(UriPrefix = "/v2/", DestinationPort = 443, Timeout = "5s", Name = "v2")]
        [HttpRoute(UriRegex = "^/health/[a-z]+$", DestinationPort = 80)]
        [HttpRoute(UriExact = "/", DestinationPort = 443)]
        public partial class ExampleApiRoute;
        """;

    public const string PassthroughGateway = """
        using EgressDsl;
        namespace Egress.Passthrough;
        [ExternalService("www.wikipedia.org", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "tls", PortProtocol.Tls)]
        public partial class Wikipedia;

        [EgressGateway(Namespace = "istio-system", Selector = ["istio=egressgateway", "app=egress"])]
        [GatewayServer(443, "tls", PortProtocol.Tls, "www.wikipedia.org", Tls = ServerTlsMode.Passthrough)]
        public partial class PassthroughGateway;

        [EgressRoute(typeof(Wikipedia), Through = typeof(PassthroughGateway), Port = 443, Namespace = "default")]
        [TlsRoute("www.wikipedia.org")]
        public partial class WikipediaRoute;
        """;

    public const string TcpWithCidr = """
        using EgressDsl;
        [ExternalService("postgres.internal.example", Addresses = ["10.20.0.0/16"], Resolution = ServiceResolution.None, Namespace = "data")]
        [ServicePort(5432, "tcp-postgres", PortProtocol.Tcp)]
        public partial class Postgres;

        [EgressGateway(Name = "tcp-egress", TargetPorts = ["5432=15432"])]
        [GatewayServer(5432, "tcp-postgres", PortProtocol.Tcp, "postgres.internal.example")]
        public partial class TcpGateway;

        [EgressRoute(typeof(Postgres), Through = typeof(TcpGateway), Port = 5432, Namespace = "data")]
        [TcpRoute]
        public partial class PostgresRoute;
        """;

    public const string WeightedSubsetsWithCredentialName = """
        using EgressDsl;
        [ExternalService("payments.example.com", Resolution = ServiceResolution.Static, Addresses = ["192.0.2.10"])]
        [ServicePort(8443, "https-api", PortProtocol.Https)]
        [ServicePort(8080, "http-api", PortProtocol.Http)]
        [Endpoint("192.0.2.11", Labels = ["track=stable"], Ports = ["http-api=18080"], ServiceAccount = "payments")]
        [Endpoint("192.0.2.12", Labels = ["track=canary"])]
        [Endpoint("2001:db8::12", Labels = ["track=canary"])]
        [DestinationRule(WorkloadSelector = ["app=egress-client"])]
        [Subset("stable", "track=stable")]
        [Subset("canary", "track=canary")]
        [TlsOrigination(TlsMode.Simple, CredentialName = "payments-ca", Subset = "canary", Port = 8443)]
        [TlsOrigination(TlsMode.Mutual, CredentialName = "payments-client")]
        [LoadBalancer(LoadBalancerAlgorithm.Random, Subset = "stable")]
        [KubernetesService(ExternalName = "payments.example.com", Namespace = "shop")]
        public partial class Payments;

        [EgressGateway]
        [GatewayServer(80, "http", PortProtocol.Http, "./payments.example.com")]
        [GatewayServer(443, "https", PortProtocol.Https, "*/payments.example.com", Tls = ServerTlsMode.Simple, CredentialName = "gateway-cert")]
        public partial class SharedGateway;

        [EgressRoute(typeof(Payments), Through = typeof(SharedGateway), Port = 80, ExportTo = ["*"])]
        [HttpRoute(Headers = ["x-canary=true", "x-user^=beta-", "x-id~=[0-9]+"], Split = ["stable=90", "canary=10"], DestinationPort = 8080)]
        [HttpRoute(DestinationPort = 8080, Subset = "stable")]
        public partial class PaymentsRoute;
        """;

    public const string WorkloadSelectorService = """
        using EgressDsl;
        [ExternalService("legacy.vm.example", Location = ServiceLocation.MeshInternal, Resolution = ServiceResolution.Static, WorkloadSelector = ["app=legacy"], SubjectAltNames = ["spiffe://cluster.local/ns/vm/sa/legacy"])]
        [ServicePort(9000, "grpc", PortProtocol.Grpc)]
        [TlsOrigination(TlsMode.IstioMutual)]
        public partial class Legacy;
        """;

    public static IEnumerable<object[]> All() =>
        new[]
        {
            new object[] { nameof(DnsWithSimpleTls), DnsWithSimpleTls },
            new object[] { nameof(PassthroughGateway), PassthroughGateway },
            new object[] { nameof(TcpWithCidr), TcpWithCidr },
            new object[] { nameof(WeightedSubsetsWithCredentialName), WeightedSubsetsWithCredentialName },
            new object[] { nameof(WorkloadSelectorService), WorkloadSelectorService },
            new object[] { "Seed", GeneratorHarness.SampleSource("NginxEgress.cs") },
            new object[] { "Cnn", GeneratorHarness.SampleSource("CnnEgress.cs") },
        }.Concat(PatternSamples().Select(sample => new object[] { sample.Name, sample.Source }));

    /// <summary>The samples of issue 17's patterns (samples/Patterns/*/*.cs), one scenario a file: each is a project of its own.</summary>
    public static IEnumerable<(string Name, string Source)> PatternSamples() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "Patterns"), "*.cs.txt", SearchOption.AllDirectories)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => ("Pattern " + Path.GetFileName(path).Replace(".cs.txt", string.Empty, StringComparison.Ordinal), File.ReadAllText(path)));
}
