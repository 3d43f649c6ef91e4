using System.Collections.Immutable;
using System.Text.RegularExpressions;
using EgressDsl.Generator;
using EgressDsl.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Analyzer.Tests;

/// <summary>Runs the real generator and analyzer on a source, as the compiler does, for the tests that need both.</summary>
internal static class GeneratorRun
{
    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(ExternalServiceAttribute).Assembly.Location))
        .ToImmutableArray();

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>The source without its <c>{|ID:...|}</c> markup.</summary>
    public static string StripMarkup(string markup) => Regex.Replace(markup, @"\{\|EGRESS\d+:", string.Empty).Replace("|}", string.Empty);

    public static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create(
            "TestAssembly",
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Test.cs") },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>The analyzer's diagnostics, including those suppressed by #pragma or [SuppressMessage] (marked IsSuppressed).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new EgressAnalyzer()), options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    /// <summary>
    /// The generator's own diagnostics and all the text it generated. The tests search the text rather than read a
    /// particular generated member, so they do not depend on how the manifests are laid out in the output.
    /// </summary>
    public static (ImmutableArray<Diagnostic> Diagnostics, string GeneratedText) Generate(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new EgressGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        var text = string.Join("\n", driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => Unpacked(s.SourceText.ToString())));
        return (diagnostics, text);
    }

    /// <summary>
    /// The manifest files the generator packed for the compilation (and any generator error), by path: the files the build
    /// task would write under istio/, each with its YAML.
    /// </summary>
    public static SortedDictionary<string, string> Manifests(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new EgressGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generator reported errors:\n" + string.Join("\n", errors));
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources))
        {
            foreach (Match packed in Regex.Matches(source.SourceText.ToString(), "\"[\u4000-\ubfff]+\""))
            {
                foreach (var file in EgressDsl.PackedFiles.Unpack(packed.Value.Trim('"')).Where(f => f.ContainsKey("Path") && f.ContainsKey("Yaml")))
                {
                    files[file["Path"]] = file["Yaml"];
                }
            }
        }

        return files;
    }

    // Each packed constant (characters U+4000 to U+BFFF) as the texts of the files it holds, so tests can look for YAML.
    private static string Unpacked(string source) =>
        System.Text.RegularExpressions.Regex.Replace(source, "\"[\u4000-\ubfff]+\"", match =>
            string.Join("\n", EgressDsl.PackedFiles.Unpack(match.Value.Trim('"')).SelectMany(file => file.Values)));

    /// <summary>The name of the class whose declaration holds the diagnostic.</summary>
    public static string ClassAt(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().First().Identifier.ValueText;
}
