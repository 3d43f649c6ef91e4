using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>One mistake, one diagnostic: the check shared by the tests of the rules that hold for every argument.</summary>
internal static class OneError
{
    /// <summary>
    /// Compiles the markup (after <c>using EgressDsl;</c>); asserts that both analyzers together report exactly one error,
    /// the given one, on the text between [| and |], and that the generator refuses the class 'Limit'. Returns the generated
    /// sources and every diagnostic message, for checks of what they must not hold.
    /// </summary>
    public static (IReadOnlyList<string> Sources, IReadOnlyList<string> Messages) Check(string id, string markup)
    {
        var prefix = "using EgressDsl;\n";
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", start, StringComparison.Ordinal) - 2;
        var code = prefix + markup.Replace("[|", string.Empty).Replace("|]", string.Empty);
        var compilation = GeneratorHarness.Compile(code);

        // Both analyzers: [ExpectRoute] values are read by the route-expectation analyzer too, which must stay quiet.
        var diagnostics = GeneratorHarness.Analyze(compilation).Concat(GeneratorHarness.Analyze(compilation, new EgressDsl.Generator.Analyzers.RouteExpectationAnalyzer())).ToList();
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(id, error.Id);
        Assert.Equal(code.Substring(prefix.Length + start, end - start), code.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));

        var run = GeneratorHarness.Run(compilation);
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'Limit'"));
        Assert.Empty(run.CompilationErrors);
        Assert.DoesNotContain(run.Files.Keys, path => path.Contains("limit", StringComparison.Ordinal));
        return (run.GeneratedSources, diagnostics.Concat(run.Diagnostics).Select(d => d.GetMessage()).ToList());
    }
}
