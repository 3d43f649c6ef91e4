using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// The generated shape of issue 20: every class's generated file declares constants only (nothing for the compiler to
/// bind, analyze or emit as code), and <c>EgressCatalog.For&lt;T&gt;()</c> is how user code reads a class's output at run
/// time.
/// </summary>
public class ClassOutputTests
{
    // A class with errors (a placeholder), a class that is not partial (a holder) and one nested in a generic class.
    private const string SpecialClasses = """
        using EgressDsl;
        [ExternalService("api..example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Bad;
        [ExternalService("plain.example.com")][ServicePort(443, "https", PortProtocol.Https)] public class NotPartial;
        public class Outer<T>
        {
            [ExternalService("generic.example.com")][ServicePort(443, "https", PortProtocol.Https)] public class Inner;
        }
        public class NoAttributes;
        """;

    public static IEnumerable<object[]> ShapeCases() =>
        Scenarios.All().Append(new object[] { "special classes", SpecialClasses });

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Every_class_file_declares_constants_only(string name, string source)
    {
        var run = GeneratorHarness.Run(source);
        var classFiles = run.Result.Results.SelectMany(r => r.GeneratedSources)
            .Where(s => s.HintName.EndsWith(".Egress.g.cs", StringComparison.Ordinal)
                || s.HintName.EndsWith(".Manifests.g.cs", StringComparison.Ordinal)
                || s.HintName.EndsWith(".Egress.Placeholder.g.cs", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(classFiles);
        foreach (var file in classFiles)
        {
            var root = file.SyntaxTree.GetRoot();
            foreach (var member in root.DescendantNodes().OfType<MemberDeclarationSyntax>())
            {
                var what = name + ", " + file.HintName + ": " + member.ToString().Split('\n')[0];
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax:
                    case TypeDeclarationSyntax:
                        break;
                    case FieldDeclarationSyntax field:
                        Assert.True(field.Modifiers.Any(SyntaxKind.ConstKeyword), what);
                        break;
                    default:
                        Assert.Fail("Not a constant: " + what);
                        break;
                }
            }

            // The user's own (partial) classes receive nothing but the nested Egress class.
            var withFields = root.DescendantNodes().OfType<TypeDeclarationSyntax>()
                .Where(t => t.Members.OfType<FieldDeclarationSyntax>().Any());
            foreach (var type in withFields.Select(t => t.Identifier.Text))
            {
                Assert.True(type == "Egress" || type.StartsWith("Class_", StringComparison.Ordinal), name + ": " + type);
            }
        }
    }

    public static IEnumerable<object[]> Samples() =>
        new[]
        {
            new object[] { "Seed", GeneratorHarness.SampleSource("NginxEgress.cs") },
            new object[] { "Cnn", GeneratorHarness.SampleSource("CnnEgress.cs") },
            new object[] { "special classes", SpecialClasses },
        }.Concat(Scenarios.PatternSamples().Select(sample => new object[] { sample.Name, sample.Source }));

    [Theory]
    [MemberData(nameof(Samples))]
    public void For_gives_each_class_the_catalogues_resources_and_the_packed_constants_files(string name, string source)
    {
        var all = ClassesWithOutput(GeneratorHarness.Run(source).Output);
        var classes = all.Where(c => c.CSharpName is not null).ToList();
        Assert.NotEmpty(classes);
        var shown = string.Join(", ", classes.Select(c => $"Show(EgressCatalog.For<{c.CSharpName}>())"));
        var cached = string.Join(
            " && ",
            classes.Select(c => $"ReferenceEquals(EgressCatalog.For<{c.CSharpName}>(), EgressCatalog.For<{c.CSharpName}>())"));
        var probe = $$"""
            using System.Linq;
            using EgressDsl.Generated;
            public static class Probe
            {
                public static string Classes => string.Join("\n", new[] { {{shown}} });
                public static string Catalog => string.Join("\n", EgressCatalog.Resources.Select(Line));
                public static bool Cached => {{cached}};
                private static string Line(EgressDsl.EgressResource r) =>
                    string.Join("\t", r.Path, r.Kind, r.ApiVersion, r.Name, r.Namespace, r.Yaml.Replace("\n", "\\n"));
                private static string Show(EgressDsl.EgressClassOutput output)
                {
                    if (output.Yaml != EgressDsl.EgressManifestReader.JoinDocuments(output.Resources)) return "YAML differs";
                    return string.Join("\n", output.Resources.Select(Line));
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(source, probe));
        Assert.Empty(run.CompilationErrors);

        // Every class's resources, together, are the catalogue's, each once, but for those of the holders no class names:
        // an intent's companions (a route or gateway it adds) and a generic class's.
        string Line(Dictionary<string, string> r) =>
            string.Join("\t", r["Path"], r["Kind"], r["ApiVersion"], r["Name"], r["Namespace"], r["Yaml"].Replace("\n", "\\n"));
        var unreachable = all.Where(c => c.CSharpName is null).SelectMany(c => run.ClassResources(c.Holder)!).Select(Line).ToHashSet();
        var perClass = ((string)run.RunTimeValue("Probe", "Classes")!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var catalog = ((string)run.RunTimeValue("Probe", "Catalog")!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain("YAML differs", perClass);
        Assert.Equal(
            catalog.Where(line => !unreachable.Contains(line)).Order(StringComparer.Ordinal),
            perClass.Order(StringComparer.Ordinal));
        Assert.True((bool)run.RunTimeValue("Probe", "Cached")!, name);

        // And each class's are what its own constant packs, as the build task reads them.
        foreach (var (_, holder) in classes)
        {
            Assert.All(run.ClassResources(holder)!.Select(Line), line => Assert.Contains(line, perClass));
        }
    }

    [Fact]
    public void For_a_class_with_errors_is_empty_and_for_a_class_without_output_it_says_why()
    {
        var probe = """
            using EgressDsl.Generated;
            public static class Probe
            {
                public static string BadCount => EgressCatalog.For<Bad>().Yaml + EgressCatalog.For<Bad>().Resources.Count;
                public static string NoAttributes => Error(() => EgressCatalog.For<NoAttributes>());
                public static string Generic => Error(() => EgressCatalog.For<Outer<int>.Inner>());
                public static string NoHeaders => Error(() => EgressCatalog.For<NotPartial>().SubsetHeaders("v1"));
                private static string Error(System.Action action)
                {
                    try { action(); return "no error"; }
                    catch (System.ArgumentException e) { return e.ParamName + ": " + e.Message; }
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(SpecialClasses, probe));

        Assert.Empty(run.CompilationErrors);
        Assert.Equal("0", run.RunTimeValue("Probe", "BadCount"));
        var noAttributes = (string)run.RunTimeValue("Probe", "NoAttributes")!;
        Assert.StartsWith("type: EgressDsl generated nothing for NoAttributes", noAttributes, StringComparison.Ordinal);
        Assert.Contains("no EgressDsl attribute", noAttributes, StringComparison.Ordinal);
        Assert.Contains("partial (EGRESS015)", noAttributes, StringComparison.Ordinal);
        Assert.Contains("generic", (string)run.RunTimeValue("Probe", "Generic")!, StringComparison.Ordinal);
        var noHeaders = (string)run.RunTimeValue("Probe", "NoHeaders")!;
        Assert.StartsWith("subset: No route selects subset 'v1' by header.", noHeaders, StringComparison.Ordinal);
    }

    [Fact]
    public void Subset_headers_come_from_the_table_for_every_subset_a_route_selects_by_header()
    {
        const string source = """
            using EgressDsl;
            [ExternalService("api.example.com", Resolution = ServiceResolution.Static)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [Endpoint("192.0.2.1", Labels = ["version=v1"])]
            [Endpoint("192.0.2.2", Labels = ["version=v2"])]
            [DestinationRule]
            [Subset("v1", "version=v1")]
            [Subset("v2", "version=v2")]
            public partial class Api;

            [EgressRoute(typeof(Api), Port = 80)]
            [HttpRoute(Headers = ["x-a=1", "x-b=two"], Subset = "v1")]
            [HttpRoute(Headers = ["x-a=2"], Subset = "v2")]
            public partial class ApiRoute;
            """;
        var probe = """
            using System.Linq;
            using EgressDsl.Generated;
            public static class Probe
            {
                public static string Headers => string.Join(" ", new[] { "v2", "v1" }.Select(subset =>
                    subset + "=" + string.Join(";", EgressCatalog.For<Api>().SubsetHeaders(subset).Select(h => h.Key + ":" + h.Value))));
                public static bool NewArrayEachCall =>
                    !ReferenceEquals(EgressCatalog.For<Api>().SubsetHeaders("v1"), EgressCatalog.For<Api>().SubsetHeaders("v1"));
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(source, probe));

        Assert.Empty(run.CompilationErrors);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("v1\n2\nx-a\n1\nx-b\ntwo\nv2\n1\nx-a\n2", run.Constant("Api+Egress", "SubsetHeaders"));
        Assert.Equal("v2=x-a:2 v1=x-a:1;x-b:two", run.RunTimeValue("Probe", "Headers"));
        Assert.True((bool)run.RunTimeValue("Probe", "NewArrayEachCall")!);
    }

    [Fact]
    public void The_subset_header_table_reads_back_what_was_written_empty_values_included()
    {
        var subsets = new[]
        {
            new KeyValuePair<string, KeyValuePair<string, string>[]>("v1", [new("x-a", "1"), new("x-b", "")]),
            new KeyValuePair<string, KeyValuePair<string, string>[]>("v2", []),
            new KeyValuePair<string, KeyValuePair<string, string>[]>("v3", [new("x-c", "a\tb")]),
        };

        var table = SubsetHeaderTable.Format(subsets);

        Assert.Equal("v1\n2\nx-a\n1\nx-b\n\nv2\n0\nv3\n1\nx-c\na\tb", table);
        Assert.Equal(
            subsets.Select(s => (s.Key, string.Join(",", s.Value))),
            SubsetHeaderTable.Parse(table).Select(s => (s.Key, string.Join(",", s.Value))));
        Assert.Throws<FormatException>(() => SubsetHeaderTable.Parse("v1\n2\nx-a\n1"));
        Assert.Throws<FormatException>(() => SubsetHeaderTable.Parse("v1"));
        Assert.Empty(SubsetHeaderTable.Parse(string.Empty));
    }

    /// <summary>
    /// Each class of the compilation with EgressDsl output, as C# names it and by the metadata name of the class that holds
    /// its constant: the nested Egress class of a partial class, or the holder of one that is not partial (its ClassName).
    /// A holder without ClassName (an intent's companion, which no class is, or a generic class's, which For cannot find:
    /// the exception test holds that) comes with no C# name.
    /// </summary>
    private static List<(string? CSharpName, string Holder)> ClassesWithOutput(Compilation output)
    {
        var classes = new List<(string?, string)>();
        foreach (var type in GeneratorRun.AllTypes(output.Assembly.GlobalNamespace))
        {
            if (type.GetTypeMembers("Egress").SingleOrDefault() is { } egress && GeneratorRun.IsEgressDslHolder(egress))
            {
                classes.Add((type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), MetadataName(egress)));
            }
            else if (type.ContainingNamespace.ToDisplayString() == "EgressDsl.Generated.Manifests" && GeneratorRun.IsEgressDslHolder(type)
                && type.Name.StartsWith("Class_", StringComparison.Ordinal))
            {
                var className = type.GetMembers("ClassName").OfType<IFieldSymbol>().SingleOrDefault()?.ConstantValue as string;
                classes.Add((className is null ? null : "global::" + className, type.ToDisplayString()));
            }
        }

        return classes;
    }

    /// <summary>The name <see cref="Compilation.GetTypeByMetadataName"/> takes: <c>Namespace.Outer+Inner</c>.</summary>
    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? MetadataName(outer) + "+" + type.MetadataName
        : type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName
        : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
}
