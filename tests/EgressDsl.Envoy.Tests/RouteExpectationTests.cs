using System.Collections.Immutable;
using EgressDsl.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>[ExpectRoute]: true expectations compile clean; false ones are errors on the attribute naming the route that matched.</summary>
public class RouteExpectationTests
{
    private const string Services = """
        using EgressDsl;
        [ExternalService("nginx.example.com", Resolution = ServiceResolution.Static)]
        [ServicePort(443, "http-tls", PortProtocol.Http)]
        [Endpoint("198.51.100.7", Labels = ["version=v1"])]
        [Endpoint("198.51.100.8", Labels = ["version=v2"])]
        [Subset("v1", "version=v1")]
        [Subset("v2", "version=v2")]
        [TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/etc/ca.pem")]
        public partial class Nginx;

        [EgressGateway(Name = "egress")]
        [GatewayServer(80, "http", PortProtocol.Http, "nginx.example.com")]
        public partial class Gateway;

        """;

    private static ImmutableArray<Diagnostic> Analyze(string source, IReadOnlyDictionary<string, string>? properties = null) =>
        Analyze(GeneratorHarness.Compile(source), properties);

    private static ImmutableArray<Diagnostic> Analyze(Compilation compilation, IReadOnlyDictionary<string, string>? properties = null) =>
        GeneratorHarness.Analyze(compilation, new RouteExpectationAnalyzer(), properties);

    private static string Route(params string[] attributes) => Services + """
        [EgressRoute(typeof(Nginx), Through = typeof(Gateway), Port = 80)]
        [HttpRoute(Headers = ["want=v1"], Subset = "v1")]
        [HttpRoute(UriPrefix = "/beta", Subset = "v2")]

        """ + string.Join("\n", attributes) + "\npublic partial class NginxRoute;\n";

    [Fact]
    public void The_seed_samples_expectations_hold()
    {
        var diagnostics = Analyze(EnvoyOutputs.SeedSource);

        Assert.Empty(diagnostics);
        Assert.Contains("[ExpectRoute(Headers = [\"want=v1\"], ReachesSubset = \"v1\")]", EnvoyOutputs.SeedSource);
    }

    /// <summary>Issue 17: each pattern sample's [ExpectRoute] lines hold, on the intent attribute's expansion.</summary>
    [Theory]
    [MemberData(nameof(PatternSamples))]
    public void The_pattern_samples_expectations_hold(string name, string source)
    {
        Assert.Contains("[ExpectRoute(", source, StringComparison.Ordinal);
        Assert.True(Analyze(source).IsEmpty, name + ": " + string.Join("\n", Analyze(source)));
    }

    public static IEnumerable<object[]> PatternSamples() => Scenarios.PatternSamples().Select(s => new object[] { s.Name, s.Source });

    /// <summary>
    /// Two Gateway classes on Istio's one egress gateway, each with its DestinationRule subset for its host (Istio's pages'
    /// shape, once per host): Istio merges the rules' subsets and the Gateways' servers on the shared pods, so both hosts
    /// get through, whichever class comes first.
    /// </summary>
    [Fact]
    public void Two_gateway_classes_on_the_same_gateway_pods_each_route_their_host()
    {
        const string source = """
            using EgressDsl;
            [ExternalService("a.example.com", Resolution = ServiceResolution.Dns)][ServicePort(80, "http", PortProtocol.Http)] public partial class A;
            [ExternalService("b.example.com", Resolution = ServiceResolution.Dns)][ServicePort(80, "http", PortProtocol.Http)] public partial class B;
            [EgressGateway(Name = "gateway-a")][GatewayServer(80, "http", PortProtocol.Http, "a.example.com")][DestinationRule(Name = "egressgateway-for-a")][Subset("a")] public partial class GatewayA;
            [EgressGateway(Name = "gateway-b")][GatewayServer(80, "http", PortProtocol.Http, "b.example.com")][DestinationRule(Name = "egressgateway-for-b")][Subset("b")] public partial class GatewayB;
            [EgressRoute(typeof(A), Through = typeof(GatewayA), Port = 80, GatewaySubset = "a", Combined = true)][HttpRoute(DestinationPort = 80)][ExpectRoute(ReachesHost = "a.example.com")] public partial class RouteA;
            [EgressRoute(typeof(B), Through = typeof(GatewayB), Port = 80, GatewaySubset = "b", Combined = true)][HttpRoute(DestinationPort = 80)][ExpectRoute(ReachesHost = "b.example.com")] public partial class RouteB;
            """;

        Assert.Empty(Analyze(source));
    }

    /// <summary>An expectation on an intent class is checked against the pattern's route, or the sidecar's default route without one.</summary>
    [Theory]
    [InlineData("""[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate)][ExpectRoute(ReachesHost = "other.example.com")] public partial class Api;""")]
    [InlineData("""[DirectEgress("api.example.com")][ExpectRoute(Sni = "api.example.com", NoRoute = true)] public partial class Api;""")]
    [InlineData("""[DirectEgress("api.example.com", Protocol = PortProtocol.Http, Timeout = "2s")][ExpectRoute(ReachesPort = 8080)] public partial class Api;""")]
    public void A_wrong_expectation_on_an_intent_class_fails(string source)
    {
        var diagnostics = Analyze("using EgressDsl;\n" + source);

        Assert.Equal(new[] { "EGRESS300" }, diagnostics.Select(d => d.Id));
    }

    /// <summary>
    /// Issue 19: EGRESS028 said a route matching port 80 on a service without port 80 never matches, while the sidecar
    /// does route it (Istio gives VirtualService hosts a virtual host on port 80) and the expectation held. The rule and
    /// the simulator now agree: no warning, and the expectation holds.
    /// </summary>
    [Fact]
    public void A_route_on_port_80_of_a_service_without_port_80_matches_and_is_not_reported()
    {
        const string source = """
            using EgressDsl;
            [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "http-tls", PortProtocol.Http)]
            [TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/etc/ca.pem")]
            public partial class Api;

            [EgressRoute(typeof(Api), Port = 80)]
            [HttpRoute(UriPrefix = "/v1", DestinationPort = 443)]
            [ExpectRoute(Port = 80, Path = "/v1/items", ReachesHost = "api.example.com", ReachesPort = 443)]
            public partial class ApiRoute;
            """;
        var compilation = GeneratorHarness.Compile(source);

        Assert.Empty(Analyze(compilation));
        Assert.DoesNotContain(GeneratorHarness.Analyze(compilation, new EgressAnalyzer()), d => d.Id == "EGRESS028");
    }

    [Fact]
    public void True_expectations_compile_clean()
    {
        var source = Route(
            "[ExpectRoute(Headers = [\"want=v1\"], ReachesSubset = \"v1\")]",
            "[ExpectRoute(Path = \"/beta/x\", ReachesSubset = \"v2\", ReachesHost = \"nginx.example.com\", ReachesPort = 443)]",
            "[ExpectRoute(Path = \"/beta\", Headers = [\"want=v1\"], ReachesCluster = \"outbound|443|v1|nginx.example.com\")]",
            "[ExpectRoute(Authority = \"nginx.example.com:80\", Path = \"/alpha\", NoRoute = true)]");

        Assert.Empty(Analyze(source));
        Assert.Empty(GeneratorHarness.Run(source).Diagnostics);
    }

    [Fact]
    public void False_expectation_is_an_error_on_its_attribute_naming_the_route_that_matched()
    {
        const string wrong = "[ExpectRoute(Path = \"/beta\", Headers = [\"want=v1\"], ReachesSubset = \"v2\")]";
        var source = Route("[ExpectRoute(Headers = [\"want=v1\"], ReachesSubset = \"v1\")]", wrong);

        var diagnostic = Assert.Single(Analyze(source));

        Assert.Equal("EGRESS300", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(wrong.Substring(1, wrong.Length - 2), diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("GET http://nginx.example.com port 80 /beta, want: v1 was expected to reach subset 'v2'", message);
        Assert.Contains("at the sidecar it matched route prefix \"/\" in virtual host nginx.example.com:80 of VirtualService nginx-route-mesh", message);
        Assert.Contains("at gateway egress it matched route prefix \"/\", header want exact \"v1\" in virtual host nginx.example.com:80 of VirtualService nginx-route-gateway", message);
        Assert.EndsWith("and went to outbound|443|v1|nginx.example.com", message);
    }

    [Fact]
    public void Expecting_no_route_fails_when_a_route_matches_and_expecting_a_subset_fails_on_404()
    {
        var source = Route(
            "[ExpectRoute(Headers = [\"want=v1\"], NoRoute = true)]",
            "[ExpectRoute(Path = \"/alpha\", ReachesSubset = \"v1\")]");

        var diagnostics = Analyze(source).OrderBy(d => d.Location.SourceSpan.Start).ToList();

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("EGRESS300", d.Id));
        Assert.Contains("was expected to match no route (404 NR), but", diagnostics[0].GetMessage());
        Assert.Contains("went to outbound|443|v1|nginx.example.com", diagnostics[0].GetMessage());
        Assert.Contains("was expected to reach subset 'v1', but", diagnostics[1].GetMessage());
        Assert.Contains("no route matched (404 NR: no route of virtual host nginx.example.com:80 matches)", diagnostics[1].GetMessage());
    }

    [Fact]
    public void A_tcp_expectation_shows_that_a_none_service_has_no_endpoint_at_the_gateway()
    {
        var source = Scenarios.TcpWithCidr.Replace("[TcpRoute]", "[TcpRoute]\n[ExpectRoute(ReachesHost = \"postgres.internal.example\")]\n[ExpectRoute(Tcp = true, DestinationAddress = \"10.99.0.1\", ReachesHost = \"postgres.internal.example\")]");

        var diagnostics = Analyze(source).OrderBy(d => d.Location.SourceSpan.Start).ToList();

        Assert.Equal(2, diagnostics.Count);
        Assert.Contains("TCP to 10.20.0.0:5432 was expected to reach host 'postgres.internal.example'", diagnostics[0].GetMessage());
        Assert.Contains("went to outbound|5432||postgres.internal.example, which has no endpoint (503 UH)", diagnostics[0].GetMessage());
        Assert.Contains("filter chain PassthroughFilterChain", diagnostics[1].GetMessage());
        Assert.Contains("went to PassthroughCluster", diagnostics[1].GetMessage());
    }

    [Fact]
    public void Sni_expectations_follow_the_passthrough_gateway()
    {
        var source = Scenarios.PassthroughGateway.Replace("[TlsRoute(\"www.wikipedia.org\")]",
            "[TlsRoute(\"www.wikipedia.org\")]\n[ExpectRoute(Sni = \"www.wikipedia.org\", ReachesCluster = \"outbound|443||www.wikipedia.org\")]\n[ExpectRoute(ReachesHost = \"www.wikipedia.org\", ReachesPort = 443)]");

        Assert.Empty(Analyze(source));
    }

    [Fact]
    public void Invalid_expectations_are_reported_on_the_argument_and_not_simulated()
    {
        var source = Route(
            "[ExpectRoute(Headers = [\"want^=v\"], ReachesSubset = \"v1\")]",
            "[ExpectRoute(Headers = [\"want=v1\"])]",
            "[ExpectRoute(Sni = \"nginx.example.com\", Path = \"/x\", ReachesSubset = \"v1\")]",
            "[ExpectRoute(ReachesSubset = \"v1\", NoRoute = true)]",
            "[ExpectRoute(Port = 70000, ReachesSubset = \"v1\")]");

        var diagnostics = Analyze(source).OrderBy(d => d.Location.SourceSpan.Start).ToList();

        Assert.Equal(5, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("EGRESS301", d.Id));
        string Text(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
        Assert.Equal("\"want^=v\"", Text(diagnostics[0]));
        Assert.Contains("not a prefix or regex match", diagnostics[0].GetMessage());
        Assert.Contains("state where the request goes", diagnostics[1].GetMessage());
        Assert.Equal("\"/x\"", Text(diagnostics[2]));
        Assert.Contains("only an HTTP request has a path and headers", diagnostics[2].GetMessage());
        Assert.Equal("true", Text(diagnostics[3]));
        Assert.Equal("70000", Text(diagnostics[4]));
    }

    [Fact]
    public void Expectations_are_checked_even_when_the_envoy_files_are_turned_off()
    {
        var source = Route("[ExpectRoute(Headers = [\"want=v1\"], ReachesSubset = \"v2\")]");

        var diagnostic = Assert.Single(Analyze(source, new Dictionary<string, string> { ["EgressEmitEnvoy"] = "false" }));

        Assert.Equal("EGRESS300", diagnostic.Id);
    }

    [Fact]
    public void A_route_with_errors_of_its_own_gets_no_expectation_error()
    {
        var source = Route("[ExpectRoute(Headers = [\"want=v1\"], ReachesSubset = \"v2\")]").Replace("[HttpRoute(UriPrefix = \"/beta\", Subset = \"v2\")]", "[HttpRoute(UriPrefix = \"/beta\", Subset = \"v9\")]");

        Assert.Empty(Analyze(source));
        Assert.Contains(GeneratorHarness.Analyze(GeneratorHarness.Compile(source)), d => d.Id == "EGRESS020");
    }

    [Fact]
    public void Expect_route_on_a_service_class_is_an_attribute_without_its_role()
    {
        var source = Services.Replace("public partial class Nginx;", "[ExpectRoute(ReachesSubset = \"v1\")]\npublic partial class Nginx;");

        Assert.Contains(GeneratorHarness.Analyze(GeneratorHarness.Compile(source)), d => d.Id == "EGRESS011" && d.GetMessage().Contains("[ExpectRoute]"));
        Assert.Empty(Analyze(source));
    }

    [Fact]
    public void The_analyzer_declares_its_rules_with_help_pages_and_the_compilation_end_tag()
    {
        var rules = new RouteExpectationAnalyzer().SupportedDiagnostics.ToDictionary(d => d.Id);

        Assert.Equal(new[] { "EGRESS300", "EGRESS301", "EGRESS302" }, rules.Keys.OrderBy(k => k));
        Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, rules["EGRESS300"].CustomTags);
        Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, rules["EGRESS302"].CustomTags);
        Assert.DoesNotContain(WellKnownDiagnosticTags.CompilationEnd, rules["EGRESS301"].CustomTags);
        foreach (var rule in rules.Values)
        {
            Assert.EndsWith("docs/diagnostics/" + rule.Id + ".md", rule.HelpLinkUri);
            var page = Path.Combine(GoldenFiles.SourceFolder, "..", "..", "..", "docs", "diagnostics", rule.Id + ".md");
            Assert.True(File.Exists(page), rule.Id + " has no help page at " + page);
            Assert.Contains("# " + rule.Id + ": " + rule.Title, File.ReadAllText(page));
        }
    }

    [Theory]
    [InlineData("EGRESS300")]
    [InlineData("EGRESS301")]
    [InlineData("EGRESS302")]
    public void Help_pages_wrong_example_gets_its_diagnostic_and_the_fixed_example_compiles_clean(string id)
    {
        var page = File.ReadAllText(Path.Combine(GoldenFiles.SourceFolder, "..", "..", "..", "docs", "diagnostics", id + ".md"));
        string Example(string heading)
        {
            var start = page.IndexOf("```csharp\n", page.IndexOf("## " + heading + "\n", StringComparison.Ordinal), StringComparison.Ordinal) + "```csharp\n".Length;
            return page.Substring(start, page.IndexOf("```", start, StringComparison.Ordinal) - start);
        }

        var wrong = Analyze(Example("Wrong"));
        var fixedExample = Analyze(Example("Fixed"));

        Assert.Contains(wrong, d => d.Id == id);
        Assert.Empty(fixedExample);
        Assert.Empty(GeneratorHarness.Run(Example("Fixed")).Diagnostics);
    }
}
