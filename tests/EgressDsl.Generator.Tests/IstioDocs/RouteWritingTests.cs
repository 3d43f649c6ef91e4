using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// Issue 18: writing a VirtualService the way Istio's pages do, where they differ from the DSL's default and mean the same:
/// a destination port left out (<c>OmitSingleDestinationPort</c>) and <c>weight: 100</c> on one hop only (<c>ExplicitWeightHops</c>).
/// </summary>
public class RouteWritingTests
{
    private const string Httpbin = """
        using EgressDsl;
        [ExternalService("httpbin.org", Resolution = ServiceResolution.Dns)]
        [ServicePort(80, "http", PortProtocol.Http)]
        public partial class Httpbin;
        """;

    private const string Cnn = """
        using EgressDsl;
        [ExternalService("edition.cnn.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "tls", PortProtocol.Tls)]
        public partial class Cnn;

        [EgressGateway(Name = "istio-egressgateway")]
        [GatewayServer(443, "tls", PortProtocol.Tls, "edition.cnn.com", Tls = ServerTlsMode.Passthrough)]
        public partial class Gw;
        """;

    private static YamlTree VirtualService(GeneratorRun run) =>
        YamlTree.ParseAll(run.IstioYaml).Single(d => d["kind"]?.AsString == "VirtualService");

    /// <summary>The node at a path of keys and item indexes, or null where the path stops.</summary>
    private static YamlTree? At(YamlTree? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step is int index ? (node is not null && index < node.Items.Count ? node.Items[index] : null) : node?[(string)step];
        }

        return node;
    }

    /// <summary>The destination of a rule's only route, and its weight, for the rules of one kind ("http", "tls").</summary>
    private static (YamlTree? Destination, string? Weight) Route(GeneratorRun run, string kind, int rule) =>
        (At(VirtualService(run), "spec", kind, rule, "route", 0, "destination"), At(VirtualService(run), "spec", kind, rule, "route", 0, "weight")?.ScalarText);

    private static GeneratorRun RunClean(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        Assert.Empty(GeneratorHarness.Analyze(compilation).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.Diagnostics);
        return run;
    }

    [Fact]
    public void OmitSingleDestinationPort_leaves_out_the_port_of_a_one_port_service_and_changes_no_Envoy_file()
    {
        var written = RunClean(Httpbin + """[EgressRoute(typeof(Httpbin))][HttpRoute(Timeout = "3s")] public partial class R;""");
        var omitted = RunClean(Httpbin + """[EgressRoute(typeof(Httpbin), OmitSingleDestinationPort = true)][HttpRoute(Timeout = "3s")] public partial class R;""");

        Assert.Equal("80", At(Route(written, "http", 0).Destination, "port", "number")?.ScalarText);
        Assert.NotNull(Route(omitted, "http", 0).Destination);
        Assert.Null(At(Route(omitted, "http", 0).Destination, "port"));
        // The same route for Istio: the Envoy configuration, which names the port in its cluster, is unchanged.
        var envoy = (GeneratorRun run) => run.Files.Where(f => !f.Key.StartsWith("istio/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(envoy(written));
        Assert.Equal(envoy(written), envoy(omitted));
    }

    [Fact]
    public void OmitSingleDestinationPort_keeps_an_explicit_DestinationPort_and_the_mesh_hop_port()
    {
        var run = RunClean(Cnn + """
            [EgressRoute(typeof(Cnn), Through = typeof(Gw), Port = 443, Combined = true, OmitSingleDestinationPort = true)]
            [TlsRoute(DestinationPort = 443)]
            public partial class R;
            """);
        Assert.Equal("443", At(Route(run, "tls", 0).Destination, "port", "number")?.ScalarText);
        Assert.Equal("443", At(Route(run, "tls", 1).Destination, "port", "number")?.ScalarText);
    }

    [Theory]
    [InlineData("ExplicitWeightHops = RouteHops.Service", false, true)]
    [InlineData("ExplicitWeightHops = RouteHops.Mesh", true, false)]
    [InlineData("ExplicitWeightHops = RouteHops.All", true, true)]
    [InlineData("ExplicitWeights = true", true, true)]
    [InlineData("ExplicitWeightHops = RouteHops.None", false, false)]
    public void ExplicitWeightHops_writes_weight_100_on_the_chosen_hops(string argument, bool onMeshHop, bool onServiceHop)
    {
        var run = RunClean(Cnn + "[EgressRoute(typeof(Cnn), Through = typeof(Gw), Port = 443, Combined = true, " + argument + """
            )]
            [TlsRoute]
            public partial class R;
            """);
        Assert.Equal("istio-egressgateway.istio-system.svc.cluster.local", At(Route(run, "tls", 0).Destination, "host")?.AsString);
        Assert.Equal(onMeshHop ? "100" : null, Route(run, "tls", 0).Weight);
        Assert.Equal("edition.cnn.com", At(Route(run, "tls", 1).Destination, "host")?.AsString);
        Assert.Equal(onServiceHop ? "100" : null, Route(run, "tls", 1).Weight);
    }

    [Theory]
    [InlineData("""[EgressRoute(typeof(Cnn), Through = typeof(Gw), Port = 443, ExplicitWeights = true, ExplicitWeightHops = {|#0:RouteHops.Service|})][TlsRoute] public partial class R;""")]
    [InlineData("""[EgressRoute(typeof(Cnn), Port = 443, ExplicitWeightHops = {|#0:RouteHops.Mesh|})][TlsRoute] public partial class R;""")]
    [InlineData("""[EgressRoute(typeof(Cnn), Port = 443, ExplicitWeightHops = {|#0:(RouteHops)8|})][TlsRoute] public partial class R;""")]
    public void A_wrong_ExplicitWeightHops_gets_one_error_on_that_argument(string route)
    {
        var marked = Cnn + route;
        var start = marked.IndexOf("{|#0:", StringComparison.Ordinal);
        var source = marked.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);
        var end = marked.IndexOf("|}", StringComparison.Ordinal) - "{|#0:".Length;
        var diagnostic = Assert.Single(GeneratorHarness.Analyze(GeneratorHarness.Compile(source)));
        Assert.True(diagnostic.Id is "EGRESS500" or "EGRESS007", diagnostic.ToString());
        Assert.Equal(source.Substring(start, end - start), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }
}
