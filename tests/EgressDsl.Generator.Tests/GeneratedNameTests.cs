using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// Names C# lets a class have are names the generated code can write: keywords written with <c>@</c> (in the class, its
/// containing types and each part of its namespace), contextual keywords, letters outside ASCII; and every class gets a
/// file of its own.
/// </summary>
public class GeneratedNameTests
{
    private const string Service = """[ExternalService("api.example.com", Name = "api", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)]""";

    public static IEnumerable<object[]> Names() => new[]
    {
        // namespace, containing types (outermost first), class; and how user code names the class.
        new object[] { "", "", "@class", "global::@class" },
        new object[] { "", "", "@event", "global::@event" },
        new object[] { "@event.@class", "", "@class", "global::@event.@class.@class" },
        new object[] { "Api.@namespace", "@int", "@event", "global::Api.@namespace.@int.@event" },
        new object[] { "", "@public,@static", "@void", "global::@public.@static.@void" },
        new object[] { "@record.@var", "@partial", "@record", "global::@record.@var.@partial.@record" },
        new object[] { "Ünïcode.Δίκτυο", "Ωmega", "Σέρβις", "global::Ünïcode.Δίκτυο.Ωmega.Σέρβις" },
        new object[] { "@global", "", "@value", "global::@global.@value" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Keyword_and_unicode_names_give_generated_code_that_compiles_and_user_code_reads(string ns, string containing, string name, string userName)
    {
        var run = GeneratorHarness.Run(Declare(ns, containing, $$"""
            {{Service}} public partial class {{name}};
            [EgressRoute(typeof({{name}}), Name = "api-route", MeshName = "api-route-mesh", GatewayName = "api-route-gateway")][HttpRoute] public partial class {{name}}Route;
            """), $$"""
            public static class UserCode
            {
                public static string Both => For<{{userName}}>().Yaml + For<{{userName}}Route>().Resources[0].Yaml;
                private static EgressDsl.EgressClassOutput For<T>() where T : class => EgressDsl.Generated.EgressCatalog.For<T>();
            }
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("kind: ServiceEntry", (string)run.RunTimeValue("UserCode", "Both")!);
        Assert.Contains("istio/service-entry_", string.Join("\n", run.Files.Keys));
    }

    [Fact]
    public void A_class_whose_containing_type_is_generic_gets_a_holder_that_compiles()
    {
        var run = GeneratorHarness.Run(Declare("@event", "Outer<T>", Service + " public partial class @class;"));

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.CompilationErrors);
        Assert.Single(run.Files.Keys, path => path.StartsWith("istio/service-entry_", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_that_would_write_the_same_file_name_get_different_files()
    {
        var run = GeneratorHarness.Run($$"""
            using EgressDsl;
            {{Service}} public partial class @class;
            [ExternalService("other.example.com", Name = "other", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)] public partial class _class;
            [ExternalService("third.example.com", Name = "third", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)] public partial class Δ;
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        var hintNames = run.Result.Results[0].GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("_class.Egress.g.cs", hintNames);
        Assert.Equal(3, hintNames.Count(hint => hint.EndsWith(".Egress.g.cs", StringComparison.Ordinal)));
        Assert.All(hintNames, hint => Assert.Matches("^[A-Za-z0-9._]+$", hint));
        Assert.Equal(3, run.Files.Keys.Count(path => path.StartsWith("istio/service-entry_", StringComparison.Ordinal)));
    }

    /// <summary>Declares <paramref name="body"/> in the namespace and containing types, which are partial classes.</summary>
    internal static string Declare(string ns, string containing, string body)
    {
        var types = containing.Length == 0 ? Array.Empty<string>() : containing.Split(',');
        var source = "using EgressDsl;\n" + (ns.Length == 0 ? string.Empty : "namespace " + ns + "\n{\n");
        source += string.Concat(types.Select(t => "public partial class " + t + "\n{\n"));
        source += body + "\n" + string.Concat(types.Select(_ => "}\n"));
        return source + (ns.Length == 0 ? string.Empty : "}\n");
    }
}
