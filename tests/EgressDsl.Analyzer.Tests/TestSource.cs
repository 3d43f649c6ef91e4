using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// The diagnostic tests' sources: one file, Test.cs, written with <c>{|ID:...|}</c> around the text a diagnostic must sit on.
/// Running the generator and the analyzer is <see cref="GeneratorHarness"/>'s, shared with the other test projects.
/// </summary>
internal static class TestSource
{
    /// <summary>The source as one file, Test.cs, the name the diagnostics' locations show.</summary>
    public static CSharpCompilation Compile(string source) => GeneratorHarness.Compile(("Test.cs", source));

    /// <summary>The source without its <c>{|ID:...|}</c> markup.</summary>
    public static string StripMarkup(string markup) => Regex.Replace(markup, @"\{\|EGRESS\d+:", string.Empty).Replace("|}", string.Empty);

    /// <summary>The name of the class whose declaration holds the diagnostic.</summary>
    public static string ClassAt(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf()
            .OfType<ClassDeclarationSyntax>().First().Identifier.ValueText;
}
