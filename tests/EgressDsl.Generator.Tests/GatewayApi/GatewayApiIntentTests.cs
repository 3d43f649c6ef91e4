using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// [GatewayEgress] in the Kubernetes form writes the pattern's Gateway API recipe (the corpus, GatewayApiDocsSnippets, compares
/// it with Istio's tabs); what the recipe cannot write is one EGRESS400 on the intent's argument, and only in that form.
/// </summary>
public class GatewayApiIntentTests
{
    private static readonly Dictionary<string, string> Kubernetes = GatewayApiMappingTests.Kubernetes;

    private static YamlTree Document(string yaml, string kind, string name) => GatewayApiMappingTests.Document(yaml, kind, name);

    [Fact]
    public void Tls_origination_from_a_secret_is_read_by_the_gateway_istio_deploys()
    {
        var compilation = GeneratorHarness.Compile("""
            using EgressDsl;
            [GatewayEgress("api.payments.example", Tls = GatewayEgressTls.OriginateMutual, CredentialName = "payments-client", MeshTls = true,
                Name = "payments", Namespace = "egress")]
            public partial class PaymentsApi;
            """);
        Assert.DoesNotContain(GeneratorHarness.Analyze(compilation, Kubernetes), d => d.Severity >= DiagnosticSeverity.Warning);
        var run = GeneratorHarness.Run(compilation, Kubernetes);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        GatewayApiDocsCorpus.AssertPassesCrds(run.IstioYaml);

        // The Secret is read in the Gateway's namespace, by the pods Istio labels with the Gateway's name, and no sidecar.
        var origination = Document(run.IstioYaml, "DestinationRule", "originate-mtls-for-payments");
        Assert.Equal("egress", origination["metadata"]!["namespace"]!.AsString);
        Assert.Equal("payments-egress-gateway",
            origination["spec"]!["workloadSelector"]!["matchLabels"]!["gateway.networking.k8s.io/gateway-name"]!.AsString);

        // The sidecars' mutual TLS goes to the deployed gateway's Service, without a subset.
        var toGateway = Document(run.IstioYaml, "DestinationRule", "egressgateway-for-payments");
        Assert.Equal("payments-egress-gateway-istio.egress.svc.cluster.local", toGateway["spec"]!["host"]!.AsString);
        Assert.Null(toGateway["spec"]!["subsets"]);
        Assert.Equal("payments-egress-gateway-istio", Document(run.IstioYaml, "HTTPRoute",
            "direct-payments-to-egress-gateway")["spec"]!["rules"]!.Items.Single()["backendRefs"]!.Items.Single()["name"]!.AsString);
        Assert.DoesNotContain("VirtualService", run.IstioYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_istio_form_of_the_same_intent_keeps_istios_recipe()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using EgressDsl;
            [GatewayEgress("api.payments.example", Tls = GatewayEgressTls.OriginateMutual, CredentialName = "payments-client", MeshTls = true, Name = "payments")]
            public partial class PaymentsApi;
            """));
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        var origination = Document(run.IstioYaml, "DestinationRule", "originate-mtls-for-payments");
        Assert.Equal("istio-system", origination["metadata"]!["namespace"]!.AsString);
        Assert.Equal("egressgateway", origination["spec"]!["workloadSelector"]!["matchLabels"]!["istio"]!.AsString);
        Assert.NotNull(Document(run.IstioYaml, "VirtualService", "direct-payments-through-egress-gateway"));
        Assert.DoesNotContain("gateway.networking.k8s.io", run.IstioYaml, StringComparison.Ordinal);
    }

    /// <summary>A gateway class of the user's own in the Kubernetes form takes the intent's routes as two Gateway API routes.</summary>
    [Fact]
    public void An_intent_through_a_kubernetes_gateway_class_writes_routes_bound_to_it()
    {
        var compilation = GeneratorHarness.Compile("""
            using EgressDsl;
            [EgressGateway(Name = "shared-egress", Api = GatewayApi.Kubernetes)]
            [GatewayServer(80, "http", PortProtocol.Http, "edition.cnn.com")]
            public partial class SharedEgress;

            [GatewayEgress("edition.cnn.com", Gateway = typeof(SharedEgress), Name = "cnn")]
            [ExpectRoute(Port = 80, ReachesHost = "edition.cnn.com", ReachesPort = 80)]
            public partial class Cnn;
            """);
        Assert.DoesNotContain(GeneratorHarness.Analyze(compilation), d => d.Severity >= DiagnosticSeverity.Warning);
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        GatewayApiDocsCorpus.AssertPassesCrds(run.IstioYaml);
        Assert.Equal("shared-egress", Document(run.IstioYaml, "HTTPRoute",
            "forward-cnn-from-egress-gateway")["spec"]!["parentRefs"]!.Items.Single()["name"]!.AsString);
        Assert.Equal("shared-egress-istio", Document(run.IstioYaml, "HTTPRoute",
            "direct-cnn-to-egress-gateway")["spec"]!["rules"]!.Items.Single()["backendRefs"]!.Items.Single()["name"]!.AsString);
        Assert.DoesNotContain("VirtualService", run.IstioYaml, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> Refusals() => new[]
    {
        new object[] { "[GatewayEgress(\"edition.cnn.com\", Tls = GatewayEgressTls.Passthrough, MeshTls = [|true|], Name = \"cnn\")]", "" },
        new object[]
        {
            "[GatewayEgress(\"edition.cnn.com\", Gateway = typeof(SharedEgress), Tls = GatewayEgressTls.Originate, CredentialName = "
                + "[|\"cnn-ca\"|], Name = \"cnn\")]",
            """
            [EgressGateway(Name = "shared-egress", Api = GatewayApi.Kubernetes)]
            [GatewayServer(80, "http", PortProtocol.Http, "edition.cnn.com")]
            public partial class SharedEgress;
            """,
        },
    };

    /// <summary>One EGRESS400 on the argument, nothing of the class written; the Istio form writes the same intent without a
    /// word.</summary>
    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_combination_without_a_gateway_api_recipe_is_one_error_on_its_argument(string intent, string others)
    {
        var marked = "using EgressDsl;\n" + others + "\n" + intent + "\npublic partial class Target;\n";
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var code = marked.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal);
        var compilation = GeneratorHarness.Compile(code);
        var kubernetes = others.Length > 0 ? null : Kubernetes;

        var errors = GeneratorHarness.Analyze(compilation, kubernetes).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Equal("EGRESS400", error.Id);
        Assert.Equal(code.Substring(start, end - start), code.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));

        var run = GeneratorHarness.Run(compilation, kubernetes);
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900");
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CS8785");
        Assert.DoesNotContain("edition.cnn.com", run.IstioYaml.Replace("hostname: edition.cnn.com", string.Empty, StringComparison.Ordinal),
            StringComparison.Ordinal);
        Assert.DoesNotContain("my-nginx", run.IstioYaml, StringComparison.Ordinal);

        if (others.Length == 0)
        {
            Assert.DoesNotContain(GeneratorHarness.Analyze(compilation), d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    /// <summary>
    /// The Istio recipe routes the sidecars to a subset of the gateway's Service that carries only a policy, which earns EGRESS031
    /// (info); the Gateway API recipe writes no such subset, so the info is the Istio form's alone.
    /// </summary>
    [Fact]
    public void The_istio_recipes_advice_on_the_gateway_subset_is_given_in_the_istio_form_only()
    {
        var compilation = GeneratorHarness.Compile("""
            using EgressDsl;
            [GatewayEgress("edition.cnn.com", Name = "cnn")]
            public partial class Cnn;
            """);
        Assert.Contains(GeneratorHarness.Analyze(compilation), d => d.Id == "EGRESS031");
        Assert.DoesNotContain(GeneratorHarness.Analyze(compilation, Kubernetes), d => d.Id == "EGRESS031");
    }
}
