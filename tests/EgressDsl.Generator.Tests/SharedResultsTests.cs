using System.Collections.Immutable;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// The transform's copy of attribute values, and the parse and resolve results the generator and analyzers share
/// through it: equal values must give the earlier result, and any difference a new one.
/// </summary>
public class SharedResultsTests
{
    private static ClassSnapshot Snapshot(CSharpCompilation compilation, string metadataName) =>
        ClassSnapshot.Read(compilation.GetTypeByMetadataName(metadataName)!, CancellationToken.None);

    [Fact]
    public void Every_attribute_the_abstractions_declare_is_recognised()
    {
        var compilation = GeneratorHarness.Compile("class C { }");
        var attributeTypes = typeof(ExternalServiceAttribute).Assembly.GetExportedTypes()
            .Where(t => typeof(Attribute).IsAssignableFrom(t) && t.Namespace == "EgressDsl")
            .ToList();
        Assert.True(attributeTypes.Count >= 15, "the abstractions declare the DSL's attributes");
        foreach (var type in attributeTypes)
        {
            var symbol = compilation.GetTypeByMetadataName(type.FullName!)!;
            Assert.Equal(type.Name[..^"Attribute".Length], AttributeNames.ShortNameOf(symbol));
        }

        Assert.Null(AttributeNames.ShortNameOf(compilation.GetTypeByMetadataName("System.ObsoleteAttribute")));
    }

    [Fact]
    public void Type_names_are_the_fully_qualified_display_strings()
    {
        var compilation = GeneratorHarness.Compile("""
            class TopLevel { public class Nested { public class Deeper { } } }
            namespace A.B { class InNamespace { } class Generic<T> { public class Inside { } } class @class { } }
            namespace @namespace { class Plain { } }
            class Ünicode { }
            """);
        var types = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>().ToList();
        Assert.True(types.Count >= 9);
        foreach (var type in types)
        {
            Assert.Equal(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), ClassSnapshot.MetadataNameOf(type));
            Assert.Equal(type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(), ClassSnapshot.NamespaceOf(type));

            // The in-place check of a snapshot spells the same rule without building the name: it must accept the name
            // built for every type it can check (no generics, no escaped keywords) and no other type's name.
            var plain = !type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Contains('<', StringComparison.Ordinal)
                && !type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Contains('@', StringComparison.Ordinal);
            Assert.Equal(plain, ClassSnapshot.IsMetadataNameOf(ClassSnapshot.MetadataNameOf(type), type));
            Assert.All(types.Where(other => !SymbolEqualityComparer.Default.Equals(other, type)),
                other => Assert.False(ClassSnapshot.IsMetadataNameOf(ClassSnapshot.MetadataNameOf(other), type)));
        }
    }

    [Fact]
    public void Snapshots_of_the_same_text_in_two_compilations_are_equal_and_share_one_parse()
    {
        var first = GeneratorHarness.Compile(("Service.cs", Scenarios.DnsWithSimpleTls));
        var second = GeneratorHarness.Compile(("Other.cs", "class Other { }"), ("Service.cs", Scenarios.DnsWithSimpleTls));
        var name = first.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .First(t => t.GetAttributes().Any(a => AttributeNames.ShortNameOf(a.AttributeClass) == AttributeNames.ExternalServiceShort)).ToDisplayString();

        var left = Snapshot(first, name);
        var right = Snapshot(second, name);

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.Same(ParsedClassCache.Parse(left, CancellationToken.None), ParsedClassCache.Parse(right, CancellationToken.None));
    }

    [Fact]
    public void An_unchanged_class_in_a_new_compilation_gets_its_last_snapshot_back_and_a_changed_one_a_new_one()
    {
        var original = GeneratorHarness.Compile(("Service.cs", Scenarios.ServiceAndTlsRoute), ("Other.cs", "class Other { }"));
        var first = Snapshot(original, "Api");

        var unrelatedEdit = original.ReplaceSyntaxTree(original.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class Other { int X; }", GeneratorHarness.ParseOptions, "Other.cs"));
        Assert.Same(first, Snapshot(unrelatedEdit, "Api"));

        var serviceEdit = original.ReplaceSyntaxTree(original.SyntaxTrees.First(), CSharpSyntaxTree.ParseText(Scenarios.ServiceAndTlsRoute.Replace("443, \"https\"", "8443, \"https\"", StringComparison.Ordinal), GeneratorHarness.ParseOptions, "Service.cs"));
        var changed = Snapshot(serviceEdit, "Api");
        Assert.NotEqual(first, changed);
        Assert.Equal(ClassSnapshot.Build(serviceEdit.GetTypeByMetadataName("Api")!, CancellationToken.None), changed);
    }

    [Fact]
    public void A_changed_argument_a_moved_attribute_or_a_changed_reference_makes_a_different_snapshot()
    {
        const string service = Scenarios.ServiceAndTlsRoute;
        var original = GeneratorHarness.Compile(service);
        var variants = new[]
        {
            service.Replace("443, \"https\"", "8443, \"https\"", StringComparison.Ordinal),
            service.Replace("[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)]\n[ServicePort(443, \"https\", PortProtocol.Https)]", "[ServicePort(443, \"https\", PortProtocol.Https)]\n[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)]", StringComparison.Ordinal),
            service.Replace("[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)]", "[System.Obsolete]", StringComparison.Ordinal),
        };
        foreach (var variant in variants)
        {
            Assert.NotEqual(service, variant);
            var changed = GeneratorHarness.Compile(variant);
            Assert.True(
                !Snapshot(original, "Api").Equals(Snapshot(changed, "Api")) || !Snapshot(original, "ApiRoute").Equals(Snapshot(changed, "ApiRoute")),
                "no snapshot changed for:\n" + variant);
        }

        // The route's own text is the same in the last variant: only what its typeof names changed.
        Assert.NotEqual(Snapshot(original, "ApiRoute"), Snapshot(GeneratorHarness.Compile(variants[2]), "ApiRoute"));
    }

    [Fact]
    public void Resolving_the_same_models_in_any_order_gives_the_earlier_project()
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.SampleSource("NginxEgress.cs"), Scenarios.DnsWithSimpleTls);
        var models = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .Select(type => ParsedClassCache.Parse(ClassSnapshot.Read(type, CancellationToken.None), CancellationToken.None).Model)
            .OfType<Model.EgressClassModel>()
            .ToImmutableArray();
        Assert.True(models.Length >= 4);

        var resolved = ResolvedProjectCache.Resolve(models, GeneratorOptions.Default);

        Assert.Same(resolved, ResolvedProjectCache.Resolve(models.Reverse().ToImmutableArray(), GeneratorOptions.Default));
        Assert.NotSame(resolved, ResolvedProjectCache.Resolve(models, GeneratorOptions.Default with { IstioApiVersion = "v1beta1" }));
        Assert.NotSame(resolved, ResolvedProjectCache.Resolve(models.RemoveAt(0), GeneratorOptions.Default));
    }
}
