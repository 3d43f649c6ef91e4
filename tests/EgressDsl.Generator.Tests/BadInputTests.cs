using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// Each bad input gets its error on the exact text that causes it, in the analyzer; and the generator refuses to emit
/// the class (EGRESS900), so no wrong manifest exists even with analyzers turned off. The span between [| and |] in
/// each case is where the diagnostic must be.
/// </summary>
public class BadInputTests
{
    private const string Valid = """
        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "https", PortProtocol.Https)]
        public partial class Api;
        """;

    public static IEnumerable<object[]> Cases() => new[]
    {
        Case("EGRESS001", """[ExternalService([|"api..example.com"|])] public partial class Bad;"""),
        Case("EGRESS001", """[ExternalService("ok.example.com", [|"*partial.example.com"|])] public partial class Bad;"""),
        Case("EGRESS001", """[ExternalService([|"-bad.example.com"|])] public partial class Bad;"""),
        Case("EGRESS002", """[ExternalService("a.example.com", Addresses = ["10.0.0.1", [|"10.0.0.256"|]])] public partial class Bad;"""),
        Case("EGRESS002", """[ExternalService("a.example.com", Addresses = [[|"10.0.0.0/33"|]])] public partial class Bad;"""),
        Case("EGRESS002", """[ExternalService("a.example.com", Resolution = ServiceResolution.Static)][ServicePort(80, "http")][Endpoint([|"not-an-ip.example.com"|])] public partial class Bad;"""),
        Case("EGRESS003", """[ExternalService("a.example.com")][ServicePort([|0|], "http")] public partial class Bad;"""),
        Case("EGRESS003", """[ExternalService("a.example.com")][ServicePort([|65536|], "http")] public partial class Bad;"""),
        Case("EGRESS003", """[ExternalService("a.example.com")][ServicePort(80, "http", TargetPort = [|-1|])] public partial class Bad;"""),
        Case("EGRESS004", """[ExternalService("a.example.com")][ServicePort(80, "http")][ServicePort([|80|], "http-alt")] public partial class Bad;"""),
        Case("EGRESS004", """[ExternalService("a.example.com")][ServicePort(80, "http")][ServicePort(81, [|"http"|])] public partial class Bad;"""),
        Case("EGRESS005", """[ExternalService("a.example.com", Name = [|""|])] public partial class Bad;"""),
        Case("EGRESS005", """[ExternalService("a.example.com")][ServicePort(80, [|"Not_A_Label"|])] public partial class Bad;"""),
        Case("EGRESS005", """[ExternalService("a.example.com", Namespace = [|"Bad Namespace"|])] public partial class Bad;"""),
        Case("EGRESS005", """[ExternalService("a.example.com")][ServicePort(80, "http")][KubernetesService(Name = [|"1api"|])] public partial class Bad;"""),
        Case("EGRESS005", """[EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw), MeshName = "same", GatewayName = [|"same"|])] public partial class Bad;"""),
        Case("EGRESS503", """[EgressRoute(typeof(Api), ExportTo = [[|"~"|]])] public partial class Bad;"""),
        Case("EGRESS009", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Simple, CaCertificates = \"/ca.pem\", Sni = [|\"a." + new string('b', 260) + "\"|])] public partial class Bad;"),
        Case("EGRESS001", "[ExternalService([|\"" + LongestHost + "\"|], Location = ServiceLocation.MeshInternal, Resolution = ServiceResolution.Dns)][ServicePort(443, \"http\", PortProtocol.Http)] public partial class Bad;"),
        Case("EGRESS006", """[ExternalService("a.example.com")][Subset("v1", [|"version"|])] public partial class Bad;"""),
        Case("EGRESS006", """[ExternalService("a.example.com")][Subset("v1", [|"version=v 1"|])] public partial class Bad;"""),
        Case("EGRESS007", """[ExternalService("a.example.com", Resolution = [|(ServiceResolution)42|])] public partial class Bad;"""),
        Case("EGRESS007", """[ExternalService("a.example.com")][ServicePort(80, "http", [|(PortProtocol)99|])] public partial class Bad;"""),
        Case("EGRESS008", """public class Plain; [EgressRoute([|typeof(Plain)|])] public partial class Bad;"""),
        Case("EGRESS008", """[EgressRoute(typeof(Api), Through = [|typeof(Api)|])] public partial class Bad;"""),
        Case("EGRESS012", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Mutual, ClientCertificate = "/c.pem", PrivateKey = [|"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"|])] public partial class Bad;"""),
        Case("EGRESS013", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Simple, Sni = [|"bad\uD800sni"|])] public partial class Bad;"""),
        Case("EGRESS013", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Simple, Sni = [|"bell\u0007"|])] public partial class Bad;"""),
        Case("EGRESS020", """[ExternalService("a.example.com")][ServicePort(80, "http")][Subset("v1", "v=1")] public partial class Svc; [EgressRoute(typeof(Svc))][HttpRoute(Subset = [|"v2"|])] public partial class Bad;"""),
        Case("EGRESS021", """[EgressRoute(typeof(Multi))][[|HttpRoute(UriPrefix = "/")|]] public partial class Bad; [ExternalService("m.example.com")][ServicePort(80, "http")][ServicePort(8080, "http-alt")] public partial class Multi;"""),
        Case("EGRESS022", """[EgressRoute(typeof(Api))][HttpRoute(DestinationPort = [|8443|])] public partial class Bad;"""),
        Case("EGRESS023", """[EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "other.example.com")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw))][[|HttpRoute|]] public partial class Bad;"""),
    };

    private static bool Fail(IEnumerable<Diagnostic> diagnostics) => throw new Xunit.Sdk.XunitException(string.Join("\n", diagnostics));

    /// <summary>A valid 253-character host, too long for Istio's mesh TLS server name.</summary>
    private static readonly string LongestHost = new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61);

    private static object[] Case(string id, string markup) => new object[] { id, markup };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_an_error_at_the_offending_argument_and_nothing_is_generated_for_it(string id, string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal) - 2;
        var code = "using EgressDsl;\n" + Valid + "\n" + markup.Replace("[|", string.Empty).Replace("|]", string.Empty);
        var offset = "using EgressDsl;\n".Length + Valid.Length + 1;
        var compilation = GeneratorHarness.Compile(code);

        var diagnostics = GeneratorHarness.Analyze(compilation);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id || (d.Id == "AD0001" && Fail(diagnostics)));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(code.Substring(offset + start, end - start), code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.True(diagnostic.Location.IsInSource);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage()));

        var run = GeneratorHarness.Run(compilation);
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'Bad'"));
        Assert.Empty(run.CompilationErrors);
        var yaml = run.IstioYaml;
        Assert.DoesNotContain("bad", yaml);
        Assert.Contains("name: api", yaml);
    }

    [Fact]
    public void Route_to_a_service_refused_for_a_duplicate_resource_is_refused_too()
    {
        var run = GeneratorHarness.Run("""
            using EgressDsl;
            [ExternalService("a.example.com", Name = "shared")][ServicePort(80, "http")] public partial class First;
            [ExternalService("b.example.com", Name = "shared")][ServicePort(80, "http")] public partial class Second;
            [EgressRoute(typeof(Second))][HttpRoute] public partial class Bad;
            """);

        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'Bad'"));
        Assert.DoesNotContain("kind: VirtualService", run.IstioYaml);
        Assert.Contains("a.example.com", run.IstioYaml);
    }

    [Fact]
    public void Record_classes_are_egress_classes_and_get_their_constants()
    {
        var run = GeneratorHarness.Run("""
            using EgressDsl;
            namespace Records;
            public partial record Outer
            {
                [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)]
                public partial record Api;
            }
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Equal("api", Assert.Single(run.ClassResources("Records.Outer+Api+Egress")!)["Name"]);
        Assert.Contains("kind: ServiceEntry", run.IstioYaml);
    }

    [Fact]
    public void Valid_input_gets_no_error()
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + Valid + "\n[EgressRoute(typeof(Api))][HttpRoute] public partial class Route;");
        Assert.DoesNotContain(GeneratorHarness.Analyze(compilation), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(GeneratorHarness.Run(compilation).Diagnostics);
    }

    [Fact]
    public void Class_that_is_not_partial_is_told_how_to_get_its_constants_and_still_reaches_the_catalogue()
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n[ExternalService(\"api.example.com\")] public class Api;");
        var info = Assert.Single(GeneratorHarness.Analyze(compilation), d => d.Id == "EGRESS015");
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        var run = GeneratorHarness.Run(compilation);
        Assert.Contains("name: api", run.IstioYaml);
        // Its generated file only holds its part of the manifests, not members of the class itself.
        Assert.DoesNotContain(run.GeneratedSources, s => s.StartsWith("Api.Egress.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain("partial class Api", run.GeneratedSources.Single(s => s.StartsWith("Api.Manifests.g.cs", StringComparison.Ordinal)));
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void Pragma_disables_an_analyzer_error_but_the_generator_still_refuses_the_wrong_manifest()
    {
        var compilation = GeneratorHarness.Compile("""
            using EgressDsl;
            #pragma warning disable EGRESS003
            [ExternalService("api.example.com")][ServicePort(0, "http")] public partial class Api;
            #pragma warning restore EGRESS003
            """);
        Assert.True(GeneratorHarness.Analyze(compilation).Where(d => d.Id == "EGRESS003").All(d => d.IsSuppressed));
        var run = GeneratorHarness.Run(compilation);
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900");
        Assert.DoesNotContain("ServiceEntry", run.IstioYaml);
    }
}
