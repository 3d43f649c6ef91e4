using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// What an editor sends while someone types: the samples with tokens removed or doubled, cut short, or with stray
/// characters. The generator and the analyzer must never throw on any of it.
/// </summary>
public class HalfTypedCodeTests(ITestOutputHelper output)
{
    private static readonly string[] Junk = { "(", ")", "[", "]", "{", "}", ",", "=", "\"", "typeof(", "new[] {", "@", "#", ";", "..", "\\", "'", "$\"", "\"\"\"", "/*", "//" };

    [Fact]
    public void Mutated_samples_never_crash_the_generator_or_the_analyzer()
    {
        var seed = FuzzSettings.Seed;
        output.WriteLine($"seed {seed}, {FuzzSettings.Mutations} mutations (replay with EGRESS_FUZZ_SEED={seed})");
        var sources = new[]
        {
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "NginxEgress.cs.txt")),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "CnnEgress.cs.txt")),
            Scenarios.WeightedSubsetsWithCredentialName,
            Scenarios.PassthroughGateway,
            Scenarios.DnsWithSimpleTls,
            Scenarios.TcpWithCidr,
        };
        var random = new Random(seed);
        var mutations = Enumerable.Range(0, FuzzSettings.Mutations).Select(i => (Index: i, Text: Mutate(sources[i % sources.Length], random))).ToList();
        var failures = new ConcurrentQueue<string>();

        Parallel.ForEach(mutations, new ParallelOptions { MaxDegreeOfParallelism = 2 }, mutation =>
        {
            var compilation = GeneratorHarness.Compile(mutation.Text);
            var run = GeneratorHarness.Run(compilation);
            if (run.Result.Results[0].Exception is { } exception)
            {
                failures.Enqueue($"mutation {mutation.Index}: generator threw {exception}\n{mutation.Text}");
            }

            if (run.Diagnostics.FirstOrDefault(d => d.Id is "CS8784" or "CS8785") is { } crash)
            {
                failures.Enqueue($"mutation {mutation.Index}: {crash}\n{mutation.Text}");
            }

            foreach (var analyzerCrash in GeneratorHarness.Analyze(compilation).Where(d => d.Id == "AD0001"))
            {
                failures.Enqueue($"mutation {mutation.Index}: analyzer threw {analyzerCrash.GetMessage()}\n{mutation.Text}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} crashes, first ones:\n" + string.Join("\n\n", failures.Take(3)));
    }

    private static string Mutate(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        var text = source;
        for (var step = 0; step < 1 + random.Next(3); step++)
        {
            var token = tokens[random.Next(tokens.Count)];
            var start = Math.Min(token.SpanStart, text.Length);
            var end = Math.Min(token.Span.End, text.Length);
            text = random.Next(6) switch
            {
                0 => text.Remove(start, end - start),
                1 => text.Insert(end, text.Substring(start, end - start)),
                2 => text.Substring(0, random.Next(text.Length)),
                3 => text.Insert(start, Junk[random.Next(Junk.Length)]),
                4 => text.Remove(start, Math.Min(text.Length - start, random.Next(1, 40))),
                _ => text.Substring(0, start) + text.Substring(start).Replace("]", string.Empty, StringComparison.Ordinal),
            };
        }

        return text;
    }
}
