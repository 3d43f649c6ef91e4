using System.Collections.Immutable;
using EgressDsl.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// Microsoft.CodeAnalysis.Testing set up for EgressDsl: .NET 8 reference assemblies from Basic.Reference.Assemblies
/// (nothing is downloaded), the Abstractions assembly, and every EGRESS diagnostic except the ones under test turned
/// off, so a case checks one rule at its exact location and nothing else.
/// </summary>
internal static class Verifiers
{
    public const string Usings = "using EgressDsl;\n";

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(ExternalServiceAttribute).Assembly.Location))
        .ToImmutableArray();

    public static ImmutableArray<string> AllIds { get; } = new EgressAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToImmutableArray();

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, IEnumerable<string> enabled)
        where TVerifier : IVerifier, new()
    {
        // An empty set of reference packages: the framework would otherwise download Microsoft.NETCore.App.Ref.
        test.ReferenceAssemblies = new ReferenceAssemblies("net8.0");
        test.TestState.AdditionalReferences.AddRange(References);
        test.DisabledDiagnostics.AddRange(AllIds.Except(enabled));
    }

    public static Task AnalyzeAsync(string source, params string[] enabled)
    {
        var test = new CSharpAnalyzerTest<EgressAnalyzer, DefaultVerifier> { TestCode = Usings + source };
        Configure(test, enabled);
        return test.RunAsync();
    }

    public static CSharpCodeFixTest<EgressAnalyzer, TFix, DefaultVerifier> CodeFix<TFix>(string source, string fixedSource, params string[] enabled)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<EgressAnalyzer, TFix, DefaultVerifier> { TestCode = Usings + source, FixedCode = Usings + fixedSource };
        Configure(test, enabled);
        return test;
    }
}
