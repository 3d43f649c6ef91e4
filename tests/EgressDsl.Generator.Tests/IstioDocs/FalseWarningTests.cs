using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// Issue 18: warnings that fired on valid configurations, each tested with the configuration that exposed it, and
/// mistakes that got a second diagnostic for the same cause ("one mistake, one diagnostic").
/// </summary>
public class FalseWarningTests
{
    private static List<Diagnostic> Diagnostics(string source, IReadOnlyDictionary<string, string>? properties = null)
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return GeneratorHarness.Analyze(compilation, properties)
            .Concat(GeneratorHarness.Analyze(compilation, new EgressDsl.Generator.Analyzers.RouteExpectationAnalyzer(), properties))
            .ToList();
    }

    private static void AssertOnly(string id, string source)
    {
        var diagnostics = Diagnostics(source);
        var only = Assert.Single(diagnostics);
        Assert.Equal(id, only.Id);
    }

    // ---------------------------------------------------------------- cascades

    [Fact]
    public void An_invalid_host_gets_EGRESS001_only_not_also_host_required() =>
        AssertOnly("EGRESS001", """[ExternalService("api..example.com")] public partial class Bad;""");

    [Fact]
    public void An_invalid_subset_label_gets_EGRESS006_only_not_also_subset_without_labels() =>
        AssertOnly("EGRESS006", """[ExternalService("a.example.com", Addresses = ["10.0.0.1"])][Subset("v1", "version")] public partial class Bad;""");

    [Fact]
    public void An_out_of_range_gateway_port_gets_EGRESS003_only_not_also_port_not_on_the_gateway_Service() =>
        AssertOnly("EGRESS003", """[EgressGateway][GatewayServer(70000, "http", PortProtocol.Http, "a.example.com")] public partial class Bad;""");

    [Fact]
    public void A_placeholder_address_gets_EGRESS002_only_not_also_addresses_required() =>
        AssertOnly("EGRESS002", """[ExternalService("db.example.com", Addresses = ["x.x.x.x"])][ServicePort(5432, "tcp-db", PortProtocol.Tcp)] public partial class Bad;""");

    // ---------------------------------------------------------------- false warnings

    /// <summary>Istio's egress-gateway-tls-origination: one subset of the gateway's Service per route, each with its own ISTIO_MUTUAL.</summary>
    [Fact]
    public void EGRESS031_is_quiet_on_subsets_that_carry_their_own_traffic_policy()
    {
        var diagnostics = Diagnostics("""
            [EgressGateway(Name = "istio-egressgateway")]
            [GatewayServer(80, "https-port-for-tls-origination", PortProtocol.Https, "edition.cnn.com", Tls = ServerTlsMode.IstioMutual)]
            [DestinationRule(Name = "egressgateway-for-cnn")]
            [Subset("cnn")]
            [TlsOrigination(TlsMode.IstioMutual, Subset = "cnn", Port = 80, Sni = "edition.cnn.com")]
            public partial class Gw;
            """);
        Assert.DoesNotContain(diagnostics, d => d.Id == "EGRESS031");
        AssertOnly("EGRESS031", """[ExternalService("a.example.com", Addresses = ["10.0.0.1"])][ServicePort(443, "https", PortProtocol.Https)][Subset("all")] public partial class Bad;""");
    }

    /// <summary>Istio's egress-gateway-tls-origination (mutual TLS): the DestinationRule and its Secret in istio-system, beside the gateway.</summary>
    [Fact]
    public void EGRESS053_is_quiet_on_credentialName_in_the_gateway_namespace()
    {
        var diagnostics = Diagnostics("""
            [ExternalService("my-nginx.mesh-external.svc.cluster.local", Resolution = ServiceResolution.Dns, Namespace = "istio-system")]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(Name = "originate-mtls-for-nginx")]
            [TlsOrigination(TlsMode.Mutual, Port = 80, CredentialName = "client-credential", Sni = "my-nginx.mesh-external.svc.cluster.local")]
            public partial class Nginx;
            """);
        Assert.DoesNotContain(diagnostics, d => d.Id == "EGRESS053");
    }

    /// <summary>A class that only describes the DestinationRule for the gateway's Service: no server, no Gateway, no EGRESS014.</summary>
    [Fact]
    public void EGRESS014_is_quiet_on_a_gateway_class_with_only_a_DestinationRule_and_no_Gateway_is_written()
    {
        const string source = """
            [EgressGateway(Name = "istio-egressgateway", Namespace = "istio-system")]
            [DestinationRule(Name = "egressgateway-for-cnn")]
            [Subset("cnn")]
            [TlsOrigination(TlsMode.IstioMutual, Subset = "cnn", Port = 80, Sni = "edition.cnn.com")]
            public partial class GatewayRule;
            """;
        Assert.Empty(Diagnostics(source));
        var run = GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + source));
        Assert.Contains(run.Files.Keys, path => path.StartsWith("istio/destination-rule_", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Files.Keys, path => path.StartsWith("istio/gateway", StringComparison.Ordinal));
        AssertOnly("EGRESS014", """[EgressGateway] public partial class Bad;""");
    }

    /// <summary>
    /// Istio's egress-tls-origination: SIMPLE on an HTTP port with no CA. Since Istio 1.20 the proxy verifies the
    /// certificate against its system trust store and, with no Sni written, the request's host (auto SAN validation).
    /// </summary>
    [Fact]
    public void EGRESS050_is_quiet_where_current_Istio_verifies_the_server_and_fires_where_no_name_is_checked()
    {
        const string service = """
            [ExternalService("edition.cnn.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http-port", PortProtocol.Http, TargetPort = 443)]
            [ServicePort(443, "https-port", PortProtocol.Https)]
            [ServicePort(8443, "tls-port", PortProtocol.Tls)]
            """;
        Assert.DoesNotContain(Diagnostics(service + """[TlsOrigination(TlsMode.Simple, Port = 80)] public partial class Cnn;"""), d => d.Id == "EGRESS050");
        Assert.DoesNotContain(Diagnostics(service + """[TlsOrigination(TlsMode.Simple, Port = 443, Sni = "edition.cnn.com", SubjectAltNames = ["edition.cnn.com"])] public partial class Cnn;"""), d => d.Id == "EGRESS050");

        // Istio's egress-gateway-tls-origination: the gateway's HTTP route sends plain HTTP to the HTTPS port, SIMPLE, no CA.
        Assert.DoesNotContain(Diagnostics(service + """[TlsOrigination(TlsMode.Simple, Port = 443)] public partial class Cnn;"""), d => d.Id == "EGRESS050");

        // An explicit Sni turns auto SAN validation off; a TLS port carries no HTTP request whose host could be checked.
        Assert.Contains(Diagnostics(service + """[TlsOrigination(TlsMode.Simple, Port = 80, Sni = "edition.cnn.com")] public partial class Cnn;"""), d => d.Id == "EGRESS050");
        Assert.Contains(Diagnostics(service + """[TlsOrigination(TlsMode.Simple, Port = 8443)] public partial class Cnn;"""), d => d.Id == "EGRESS050");
    }

    /// <summary>
    /// A route on port 80 to a service without port 80: Istio's sidecar still matches it (port 80 gets a virtual host for
    /// every VirtualService host), so EGRESS028 must stay quiet, as the simulator says.
    /// </summary>
    [Fact]
    public void EGRESS028_agrees_with_the_simulator_on_port_80()
    {
        var diagnostics = Diagnostics("""
            [ExternalService("edition.cnn.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [TlsOrigination(TlsMode.Simple, Port = 443)]
            public partial class Cnn;

            [EgressRoute(typeof(Cnn), Port = 80)]
            [HttpRoute(DestinationPort = 443)]
            [ExpectRoute(Authority = "edition.cnn.com", Port = 80, ReachesHost = "edition.cnn.com")]
            public partial class CnnRoute;
            """);
        Assert.DoesNotContain(diagnostics, d => d.Id is "EGRESS028" or "EGRESS300" or "EGRESS302");
    }

    /// <summary>
    /// Istio's egress-gateway-tls-origination (mutual TLS, current page): the gateway's last hop goes to the in-cluster nginx,
    /// a [MeshHost] whose endpoints are its Service's pods. The project writes no endpoint for it, which is no proof of a
    /// 503 UH: no EGRESS080, and an [ExpectRoute] that the request reaches the host holds (no EGRESS300). The same route to
    /// an [ExternalService] with no endpoint still gets EGRESS080.
    /// </summary>
    [Fact]
    public void EGRESS080_is_quiet_when_the_last_hop_is_a_mesh_host_whose_endpoints_another_registry_owns()
    {
        const string nginx = RouteCheckScenarios.NginxOrigination + RouteCheckScenarios.NginxGateway;
        Assert.DoesNotContain(Diagnostics(RouteCheckScenarios.NginxAsMeshHost + nginx), d => d.Severity >= DiagnosticSeverity.Warning);
        var external = Diagnostics(RouteCheckScenarios.NginxAsExternalService + nginx);
        Assert.Contains(external, d => d.Id == "EGRESS080");
        Assert.Contains(external, d => d.Id == "EGRESS300");
    }
}
