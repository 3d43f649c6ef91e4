using Xunit;
using static EgressDsl.Generator.Tests.GatewayApi.GatewayApiMappingTests;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// Issue 22, follow-up: a diagnostic that can fire in the Kubernetes Gateway API form names what the output there contains
/// (HTTPRoute, TLSRoute, TCPRoute), not the Istio form's VirtualService; a rule of Istio's VirtualService validation that
/// Gateway API routes never meet (EGRESS025) does not fire there.
/// </summary>
public class GatewayApiDiagnosticKindTests
{
    private const string Api = """
        using EgressDsl;

        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(80, "http", PortProtocol.Http)]
        [ServicePort(443, "tls", PortProtocol.Tls)]
        public partial class Api;

        [EgressGateway(Name = "api-egress", Api = GatewayApi.Kubernetes)]
        [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
        public partial class KubernetesGateway;

        """;

    private static string Message(string source, string id, IReadOnlyDictionary<string, string>? properties = null)
    {
        var diagnostics = GeneratorHarness.Analyze(GeneratorHarness.Compile(Api + source), properties);
        return Assert.Single(diagnostics, d => d.Id == id).GetMessage();
    }

    [Fact]
    public void Egress027_names_the_mesh_routes_each_class_writes()
    {
        const string Direct = """
            [EgressRoute(typeof(Api), Port = 80)][HttpRoute(DestinationPort = 80)] public partial class ARoute;
            [EgressRoute(typeof(Api), Port = 80)][HttpRoute(DestinationPort = 80)] public partial class BRoute;
            """;
        Assert.Contains("This route's mesh VirtualService and the mesh VirtualService of 'ARoute' both route host 'api.example.com'",
            Message(Direct, "EGRESS027"), StringComparison.Ordinal);
        Assert.Contains("This route's mesh HTTPRoute and the mesh HTTPRoute of 'ARoute' both route host 'api.example.com'",
            Message(Direct, "EGRESS027", Kubernetes), StringComparison.Ordinal);

        // One route through the gateway in the Kubernetes form, one direct in the project's Istio form; and TLS rules.
        var mixed = Message("""
            [EgressRoute(typeof(Api), Through = typeof(KubernetesGateway), Port = 80)][HttpRoute(DestinationPort = 80)]
            public partial class ARoute;
            [EgressRoute(typeof(Api), Port = 80)][HttpRoute(DestinationPort = 80)] public partial class BRoute;
            """, "EGRESS027");
        Assert.Contains("This route's mesh VirtualService and the mesh HTTPRoute of 'ARoute'", mixed, StringComparison.Ordinal);
        var kinds = Message("""
            [EgressRoute(typeof(Api))][HttpRoute(DestinationPort = 80)][TlsRoute(DestinationPort = 443)] public partial class ARoute;
            [EgressRoute(typeof(Api), Port = 443)][TlsRoute(DestinationPort = 443)] public partial class BRoute;
            """, "EGRESS027", Kubernetes);
        Assert.Contains("This route's mesh TLSRoute and the mesh HTTPRoute and TLSRoute of 'ARoute'", kinds, StringComparison.Ordinal);
    }

    [Fact]
    public void Egress026_says_why_in_each_form()
    {
        const string Route = """
            [EgressRoute(typeof(Api), Port = 443)][TlsRoute("other.example.com", DestinationPort = 443)] public partial class Bad;
            """;
        var istio = Message(Route, "EGRESS026");
        Assert.Contains("not among the VirtualService's hosts", istio, StringComparison.Ordinal);
        var kubernetes = Message(Route, "EGRESS026", Kubernetes);
        Assert.Contains("a TLSRoute's hostnames are its SNI hosts", kubernetes, StringComparison.Ordinal);
        Assert.DoesNotContain("VirtualService", kubernetes, StringComparison.Ordinal);
    }

    [Fact]
    public void Egress025_is_istios_virtual_service_rule_and_stays_quiet_in_the_kubernetes_form()
    {
        // Istio turns a Gateway API route into one VirtualService per hostname, so overlapping hosts are accepted there.
        const string Wild = """
            using EgressDsl;

            [ExternalService("*.wild.example.com", "api.wild.example.com")]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Wild;

            [EgressRoute(typeof(Wild), Port = 80)]
            [HttpRoute(DestinationPort = 80, Timeout = "3s")]
            public partial class WildRoute;
            """;
        var compilation = GeneratorHarness.Compile(Wild);
        Assert.Contains(GeneratorHarness.Analyze(compilation), d => d.Id == "EGRESS025");
        var kubernetes = GeneratorHarness.Analyze(compilation, Kubernetes);
        Assert.True(kubernetes.IsEmpty, string.Join("\n", kubernetes));
        var run = GeneratorHarness.Run(compilation, Kubernetes);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        GatewayApiDocsCorpus.AssertPassesCrds(run.IstioYaml);
        Assert.Equal(new[] { "*.wild.example.com", "api.wild.example.com" },
            Document(run.IstioYaml, "HTTPRoute", "wild-route")["spec"]!["hostnames"]!.Items.Select(h => h.AsString));
    }
}
