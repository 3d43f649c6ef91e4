using EgressDsl.Testing;
using Xunit;
using static EgressDsl.Generator.Tests.GatewayApi.GatewayApiMappingTests;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// Issue 22, follow-up: routes that need the same consent of another namespace (a ReferenceGrant) get one grant, written by
/// one class, whatever the order of the declarations and the files; EGRESS016 never fires on it.
/// </summary>
public class GatewayApiReferenceGrantTests
{
    private const string Services = """
        using EgressDsl;

        [ExternalService("api.one.example", Name = "one", Namespace = "apps", Resolution = ServiceResolution.Dns)]
        [ServicePort(80, "http", PortProtocol.Http)]
        public partial class One;

        [ExternalService("api.two.example", Name = "two", Namespace = "apps", Resolution = ServiceResolution.Dns)]
        [ServicePort(80, "http", PortProtocol.Http)]
        public partial class Two;

        [EgressGateway(Name = "shared-egress", Namespace = "istio-system", Api = GatewayApi.Kubernetes)]
        [GatewayServer(80, "http", PortProtocol.Http, "api.one.example", "api.two.example")]
        public partial class SharedGateway;
        """;

    private const string OneRoute = """
        using EgressDsl;

        [EgressRoute(typeof(One), Through = typeof(SharedGateway), Port = 80, Namespace = "apps")]
        [HttpRoute(DestinationPort = 80)]
        public partial class OneRoute;
        """;

    private const string TwoRoute = """
        using EgressDsl;

        [EgressRoute(typeof(Two), Through = typeof(SharedGateway), Port = 80, Namespace = "apps")]
        [HttpRoute(DestinationPort = 80)]
        public partial class TwoRoute;
        """;

    private static IReadOnlyList<YamlTree> Grants(string yaml) =>
        YamlTree.ParseAll(yaml).Where(d => d["kind"]?.AsString == "ReferenceGrant").ToList();

    private static GeneratorRun RunClean(params (string Path, string Source)[] files)
    {
        var compilation = GeneratorHarness.Compile(files);
        var analyzer = GeneratorHarness.Analyze(compilation);
        Assert.True(analyzer.IsEmpty, string.Join("\n", analyzer));
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        return run;
    }

    [Fact]
    public void Two_routes_through_a_gateway_in_another_namespace_share_one_grant_in_any_order_and_files()
    {
        var oneFile = RunClean(("All.cs", Services + "\n" + OneRoute.Replace("using EgressDsl;", string.Empty, StringComparison.Ordinal)
            + "\n" + TwoRoute.Replace("using EgressDsl;", string.Empty, StringComparison.Ordinal)));
        var reversed = RunClean(("All.cs", Services + "\n" + TwoRoute.Replace("using EgressDsl;", string.Empty, StringComparison.Ordinal)
            + "\n" + OneRoute.Replace("using EgressDsl;", string.Empty, StringComparison.Ordinal)));
        var separate = RunClean(("Services.cs", Services), ("TwoRoute.cs", TwoRoute), ("OneRoute.cs", OneRoute));
        var separateReversed = RunClean(("OneRoute.cs", OneRoute), ("Services.cs", Services), ("TwoRoute.cs", TwoRoute));

        var yaml = oneFile.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);
        var grant = Assert.Single(Grants(yaml));
        Assert.Equal("shared-egress-istio-reference-grant-apps", grant["metadata"]!["name"]!.AsString);
        Assert.Equal("istio-system", grant["metadata"]!["namespace"]!.AsString);
        var from = Assert.Single(grant["spec"]!["from"]!.Items);
        Assert.Equal(("HTTPRoute", "apps"), (from["kind"]!.AsString, from["namespace"]!.AsString));
        Assert.Equal("shared-egress-istio", Assert.Single(grant["spec"]!["to"]!.Items)["name"]!.AsString);
        Assert.Single(oneFile.Files.Keys, path => path.Contains("reference-grant", StringComparison.Ordinal));

        // The first class by name writes it, so the files are the same whatever the order.
        Assert.Contains(oneFile.ClassResources("OneRoute+Egress")!, r => r["Kind"] == "ReferenceGrant");
        Assert.DoesNotContain(oneFile.ClassResources("TwoRoute+Egress")!, r => r["Kind"] == "ReferenceGrant");
        foreach (var other in new[] { reversed, separate, separateReversed })
        {
            Assert.Equal(oneFile.Files.OrderBy(f => f.Key, StringComparer.Ordinal),
                other.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
            Assert.Equal(yaml, other.IstioYaml);
        }
    }

    [Fact]
    public void A_refused_route_leaves_the_grant_to_the_next_route_that_needs_it()
    {
        var broken = OneRoute.Replace("[HttpRoute(DestinationPort = 80)]", "[HttpRoute(DestinationPort = 80, Subset = \"missing\")]",
            StringComparison.Ordinal);
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(("Services.cs", Services), ("OneRoute.cs", broken),
            ("TwoRoute.cs", TwoRoute)));
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'OneRoute'", StringComparison.Ordinal));
        Assert.Null(run.ClassResources("OneRoute+Egress"));
        var grant = Assert.Single(Grants(string.Join("---\n", run.ClassResources("TwoRoute+Egress")!.Select(r => r["Yaml"]))));
        Assert.Equal("shared-egress-istio-reference-grant-apps", grant["metadata"]!["name"]!.AsString);
    }

    [Fact]
    public void Routes_without_namespace_and_in_default_need_the_same_grant_and_other_namespaces_their_own()
    {
        var services = Services.Replace("Namespace = \"apps\", ", string.Empty, StringComparison.Ordinal)
            .Replace("\"api.two.example\")]", "\"api.two.example\", \"api.three.example\")]", StringComparison.Ordinal);
        var run = RunClean(("All.cs", services + """

            [EgressRoute(typeof(One), Through = typeof(SharedGateway), Port = 80)]
            [HttpRoute(DestinationPort = 80)]
            public partial class OneRoute;

            [EgressRoute(typeof(Two), Through = typeof(SharedGateway), Port = 80, Namespace = "default")]
            [HttpRoute(DestinationPort = 80)]
            public partial class TwoRoute;

            [ExternalService("api.three.example", Name = "three", Namespace = "team", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Three;

            [EgressRoute(typeof(Three), Through = typeof(SharedGateway), Port = 80, Namespace = "team")]
            [HttpRoute(DestinationPort = 80)]
            public partial class ThreeRoute;
            """));

        var yaml = run.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);
        var grants = Grants(yaml).ToDictionary(g => g["metadata"]!["name"]!.AsString!, StringComparer.Ordinal);
        Assert.Equal(new[] { "shared-egress-istio-reference-grant", "shared-egress-istio-reference-grant-team" },
            grants.Keys.Order(StringComparer.Ordinal));
        string FromNamespace(string grant) => Assert.Single(grants[grant]["spec"]!["from"]!.Items)["namespace"]!.AsString!;
        Assert.Equal("default", FromNamespace("shared-egress-istio-reference-grant"));
        Assert.Equal("team", FromNamespace("shared-egress-istio-reference-grant-team"));
    }
}
