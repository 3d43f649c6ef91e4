using EgressDsl.Testing;
using Xunit;
using static EgressDsl.Generator.Tests.GatewayApi.GatewayApiMappingTests;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// Issue 22, follow-up: a route through a Kubernetes-form gateway to a [MeshHost] without [KubernetesService] (an in-cluster
/// Service the DSL does not write). A route from the sidecars needs a ServiceEntry or a Service as parent, so the sidecars'
/// hop is a VirtualService, as Istio's Gateway API tab writes it; the gateway's hop is an HTTPRoute to the Service the host
/// names. The tab itself is reproduced by the corpus (GatewayApiDocsSnippets, egress-gateway-tls-origination 5+6+7).
/// </summary>
public class GatewayApiInClusterTests
{
    private const string Backend = """
        using EgressDsl;

        [MeshHost("api.backend.svc.cluster.local")]
        [ServicePort(8080, "http", PortProtocol.Http)]
        public partial class Backend;

        """;

    [Fact]
    public void Through_a_gateway_the_sidecars_hop_is_a_virtual_service_and_the_gateways_an_http_route_to_the_service()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(Backend + """
            [EgressGateway(Name = "backend-egress", Namespace = "egress", Api = GatewayApi.Kubernetes)]
            [GatewayServer(80, "http", PortProtocol.Http, "api.backend.svc.cluster.local")]
            public partial class BackendGateway;

            [EgressRoute(typeof(Backend), Through = typeof(BackendGateway), Port = 8080, Namespace = "apps",
                MeshName = "backend-mesh", GatewayName = "backend-gateway")]
            [HttpRoute(DestinationPort = 8080)]
            public partial class BackendRoute;
            """));
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        var yaml = run.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);

        var mesh = Document(yaml, "VirtualService", "backend-mesh")["spec"]!;
        Assert.Equal("mesh", mesh["gateways"]!.Items.Single().AsString);
        var destination = mesh["http"]!.Items.Single()["route"]!.Items.Single()["destination"]!;
        Assert.Equal("backend-egress-istio.egress.svc.cluster.local", destination["host"]!.AsString);
        Assert.DoesNotContain(YamlTree.ParseAll(yaml), d => d["kind"]?.AsString == "HTTPRoute"
            && d["metadata"]!["name"]!.AsString == "backend-mesh");

        var backend = Document(yaml, "HTTPRoute", "backend-gateway")["spec"]!["rules"]!.Items.Single()["backendRefs"]!.Items.Single();
        Assert.Equal(("api", "backend"), (backend["name"]!.AsString, backend["namespace"]!.AsString));
        Assert.Null(backend["kind"]);

        // The Service's namespace consents to the HTTPRoute from apps; a VirtualService needs no grant for the gateway's Service.
        var grants = YamlTree.ParseAll(yaml).Where(d => d["kind"]?.AsString == "ReferenceGrant")
            .Select(d => d["metadata"]!["namespace"]!.AsString + "/" + d["metadata"]!["name"]!.AsString);
        Assert.Equal("backend/api-reference-grant-apps", Assert.Single(grants));
    }

    [Fact]
    public void Without_a_gateway_it_is_egress400_on_the_service()
    {
        var compilation = GeneratorHarness.Compile(Backend + """
            [EgressRoute(typeof(Backend), Port = 8080)]
            [HttpRoute(DestinationPort = 8080)]
            public partial class BackendRoute;
            """);
        var refusal = Assert.Single(GeneratorHarness.Analyze(compilation, Kubernetes), d => d.Id == "EGRESS400");
        Assert.Contains("route it through an egress gateway", refusal.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("typeof(Backend)", refusal.Location.SourceTree!.GetText().ToString(refusal.Location.SourceSpan),
            StringComparison.Ordinal);
    }
}
