using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// A partial class with errors keeps its <c>Egress</c> class (a service its <c>Address</c>, empty), so user code that reads
/// it compiles and the only errors are EgressDsl's; <c>EgressCatalog.For&lt;T&gt;()</c> gives it nothing; and nothing of it
/// reaches the manifests, the catalogue or the build's files.
/// </summary>
public class ErrorPlaceholderTests
{
    private const string Valid = """
        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)]
        public partial class Api;
        """;

    public static IEnumerable<object[]> Cases() => new[]
    {
        // An error of the class's own attributes (EGRESS001), read through every member a service has.
        new object[]
        {
            "EGRESS001",
            """[ExternalService("api..example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Bad;""",
            "Bad.Egress.Address + For<Bad>().Yaml + For<Bad>().Resources.Count",
        },
        // An error only resolution finds (a subset the service lacks, EGRESS020), in a route.
        new object[]
        {
            "EGRESS020",
            """[EgressRoute(typeof(Api))][HttpRoute(Subset = "v2")] public partial class Bad;""",
            "For<Bad>().Yaml + string.Concat(For<Bad>().Resources.Select(r => r.Yaml))",
        },
        // A gateway with a port out of range (EGRESS003).
        new object[]
        {
            "EGRESS003",
            """[EgressGateway][GatewayServer(0, "http", PortProtocol.Http, "api.example.com")] public partial class Bad;""",
            "For<Bad>().Yaml + For<Bad>().Resources.Count",
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void User_code_that_reads_a_class_with_errors_gets_only_the_EgressDsl_errors(string id, string declaration, string read)
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + Valid + "\n" + declaration, $$"""
            using System.Linq;
            using static EgressDsl.Generated.EgressCatalog;
            public static class UserCode
            {
                public static string Read => {{read}};
            }
            """);

        var run = GeneratorHarness.Run(compilation);
        var analyzerErrors = GeneratorHarness.Analyze(compilation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.Empty(run.CompilationErrors);
        Assert.Contains(analyzerErrors, d => d.Id == id);
        Assert.All(run.Diagnostics.Concat(analyzerErrors), d => Assert.StartsWith("EGRESS", d.Id, StringComparison.Ordinal));
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'Bad'", StringComparison.Ordinal));

        // The class contributes no file, to the build task's reading nor to the run-time catalogue.
        Assert.DoesNotContain(run.Files.Values, yaml => yaml.Contains("bad", StringComparison.Ordinal));
        var resources = (System.Collections.IEnumerable)run.RunTimeValue("EgressDsl.Generated.EgressCatalog", "Resources")!;
        Assert.Equal(run.Files.Keys.Count(path => path.StartsWith("istio/", StringComparison.Ordinal)), resources.Cast<object>().Count());
        Assert.Equal(read.EndsWith("Count", StringComparison.Ordinal) ? "0" : string.Empty, run.RunTimeValue("UserCode", "Read"));
    }

    [Fact]
    public void A_class_with_errors_and_the_same_class_without_them_declare_the_same_member_names()
    {
        var bad = GeneratorHarness.Run("using EgressDsl;\n" + """[ExternalService("api..example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Bad;""");
        var good = GeneratorHarness.Run("using EgressDsl;\n" + """[ExternalService("api.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Bad;""");

        var badMembers = Members(bad.Output.GetTypeByMetadataName("Bad+Egress")!);
        var goodMembers = Members(good.Output.GetTypeByMetadataName("Bad+Egress")!);

        // Both have (a service) Address, of the same type and accessibility; the placeholder has no packed constant, and
        // its Address is empty.
        Assert.Equal(new[] { "Address" }, badMembers);
        Assert.Equal(badMembers, goodMembers.Where(m => m != "PackedFiles"));
        Assert.Equal(bad.Output.GetTypeByMetadataName("Bad+Egress")!.DeclaredAccessibility, good.Output.GetTypeByMetadataName("Bad+Egress")!.DeclaredAccessibility);
        Assert.Equal("", Assert.Single(bad.Output.GetTypeByMetadataName("Bad+Egress")!.GetMembers().OfType<IFieldSymbol>()).ConstantValue);
        Assert.Equal("https://api.example.com", good.Constant("Bad+Egress", "Address"));
    }

    private static List<string> Members(INamedTypeSymbol egress) =>
        egress.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol).Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
}
