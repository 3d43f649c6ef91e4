using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// The generator keeps work between runs (cached pipeline steps, the last snapshot of each class, parse and resolve
/// results shared with the analyzers). Whatever it keeps, a warm driver fed one edit after another must give exactly
/// what a new driver in a new process gives for the same code: the same sources and the same diagnostics.
/// </summary>
public class IncrementalEquivalenceTests(ITestOutputHelper output)
{
    private static readonly string[] Sources =
    {
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "NginxEgress.cs.txt")),
        Scenarios.WeightedSubsetsWithCredentialName,
        Scenarios.PassthroughGateway,
        Scenarios.DnsWithSimpleTls,
        Scenarios.ServiceAndTlsRoute,
    };

    [Fact]
    public void A_warm_driver_after_any_sequence_of_edits_generates_what_a_new_one_generates()
    {
        var seed = FuzzSettings.Seed;
        var steps = Math.Max(50, FuzzSettings.Mutations / 5);
        output.WriteLine($"seed {seed}, {steps} edits (replay with EGRESS_FUZZ_SEED={seed})");
        var random = new Random(seed);
        var files = Sources.Select((text, i) => ($"File{i}.cs", text)).ToArray();
        var compilation = GeneratorHarness.Compile(files);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        for (var step = 0; step < steps; step++)
        {
            // Edits pile up on one another, with a return to the original now and then.
            var index = random.Next(files.Length);
            files[index] = (files[index].Item1, step % 25 == 24 ? Sources[index] : Edit(files[index].Item2, random));
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == files[index].Item1);
            compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(files[index].Item2, GeneratorHarness.ParseOptions, files[index].Item1));

            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var warmDiagnostics);
            var warm = Describe(driver.GetRunResult(), warmDiagnostics, GeneratorHarness.Analyze(compilation));

            EgressDsl.Generator.EgressGenerator.ForgetSharedResults();
            var fresh = GeneratorHarness.Run(compilation);
            var expected = Describe(fresh.Result, fresh.Diagnostics, GeneratorHarness.Analyze(compilation));

            Assert.True(expected.SequenceEqual(warm), $"step {step}, after editing {files[index].Item1}:\n{files[index].Item2}\n\nnew driver:\n{string.Join("\n", expected.Except(warm).Take(5))}\n\nwarm driver:\n{string.Join("\n", warm.Except(expected).Take(5))}");
        }
    }

    private static List<string> Describe(GeneratorDriverRunResult result, IEnumerable<Diagnostic> generatorDiagnostics, IEnumerable<Diagnostic> analyzerDiagnostics) =>
        result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText)
            .Concat(generatorDiagnostics.Concat(analyzerDiagnostics).Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(CultureInfo.InvariantCulture)))
            .OrderBy(line => line, StringComparer.Ordinal)
            .ToList();

    /// <summary>An edit someone makes to attribute values: a number or string changed or borrowed, an attribute removed, doubled or moved, lines shifted.</summary>
    private static string Edit(string source, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot();
        var literals = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.NumericLiteralToken) || t.IsKind(SyntaxKind.StringLiteralToken)).ToList();
        var lines = source.Split('\n').ToList();
        var attributeLines = Enumerable.Range(0, lines.Count).Where(i => lines[i].TrimStart().StartsWith('[')).ToList();
        switch (random.Next(6))
        {
            case 0 when literals.Count > 0:
                var token = literals[random.Next(literals.Count)];
                var replacement = token.IsKind(SyntaxKind.NumericLiteralToken)
                    ? random.Next(4) switch { 0 => "0", 1 => "443", 2 => "8080", _ => random.Next(1, 70_000).ToString(CultureInfo.InvariantCulture) }
                    : literals.Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).ElementAt(random.Next(literals.Count(t => t.IsKind(SyntaxKind.StringLiteralToken)))).Text;
                return source.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, replacement);
            case 1 when literals.Any(t => t.IsKind(SyntaxKind.StringLiteralToken)):
                var text = literals.Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).ElementAt(random.Next(literals.Count(t => t.IsKind(SyntaxKind.StringLiteralToken))));
                return source.Insert(text.Span.End - 1, random.Next(2) == 0 ? "x" : "-2");
            case 2 when attributeLines.Count > 0:
                lines.RemoveAt(attributeLines[random.Next(attributeLines.Count)]);
                break;
            case 3 when attributeLines.Count > 0:
                var doubled = attributeLines[random.Next(attributeLines.Count)];
                lines.Insert(doubled, lines[doubled]);
                break;
            case 4 when attributeLines.Count > 1:
                var first = attributeLines[random.Next(attributeLines.Count - 1)];
                var second = attributeLines[attributeLines.IndexOf(first) + 1];
                (lines[first], lines[second]) = (lines[second], lines[first]);
                break;
            default:
                lines.Insert(random.Next(lines.Count), "// moved");
                break;
        }

        return string.Join('\n', lines);
    }
}
