using System.Collections.Concurrent;
using EgressDsl.Generator.Tests;
using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Property: for any attribute values, the generator and analyzer never throw, and every class either gets an error
/// or produces documents that pass the strict CRD schema and read back to exactly the declared values. The analyzer
/// and the generator agree on which classes are wrong.
/// </summary>
public class AttributeFuzzTests(ITestOutputHelper output)
{
    private const int CasesPerCompilation = 100;

    [Fact]
    public void Generated_attribute_values_never_crash_and_never_give_a_wrong_manifest_without_an_error()
    {
        var seed = FuzzSettings.Seed;
        var total = FuzzSettings.Cases;
        output.WriteLine($"seed {seed}, {total} cases (replay with EGRESS_FUZZ_SEED={seed})");
        var random = new Random(seed);
        var values = new FuzzValues(random);
        var cases = Enumerable.Range(0, total).Select(i => FuzzCase.Create(i, values)).ToList();
        var failures = new ConcurrentQueue<string>();
        var refused = 0;
        var emitted = 0;

        Parallel.ForEach(cases.Chunk(CasesPerCompilation), new ParallelOptions { MaxDegreeOfParallelism = 2 }, batch =>
        {
            var source = "using EgressDsl;\nnamespace Fuzz;\n" + string.Join("\n", batch.Select(c => c.Source));
            var compilation = GeneratorHarness.Compile(source);
            var run = GeneratorHarness.Run(compilation);
            if (run.Result.Results[0].Exception is { } exception)
            {
                failures.Enqueue($"batch from case {batch[0].Index}: generator threw {exception}");
                return;
            }

            var analyzerDiagnostics = GeneratorHarness.Analyze(compilation);
            foreach (var crash in analyzerDiagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Enqueue($"batch from case {batch[0].Index}: analyzer threw {crash.GetMessage()}");
            }

            foreach (var fuzzCase in batch)
            {
                var verdict = Check(fuzzCase, run, analyzerDiagnostics, compilation);
                if (verdict.Failure is not null)
                {
                    failures.Enqueue($"case {fuzzCase.Index} (seed {seed}): {verdict.Failure}\n{fuzzCase.Source}");
                }

                Interlocked.Add(ref refused, verdict.Refused);
                Interlocked.Add(ref emitted, verdict.Emitted);
            }
        });

        output.WriteLine($"{refused} classes refused with an error, {emitted} classes emitted and verified");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures, first ones:\n" + string.Join("\n\n", failures.Take(5)));
        // The generator must see both kinds: a fuzzer that only produces errors tests nothing of the emitters.
        Assert.True(emitted > total / 10 && refused > total / 10, $"emitted {emitted}, refused {refused}");
    }

    private static (string? Failure, int Refused, int Emitted) Check(FuzzCase fuzzCase, GeneratorRun run, IReadOnlyList<Diagnostic> analyzerDiagnostics, Compilation compilation)
    {
        var refusedCount = 0;
        var emittedCount = 0;
        foreach (var className in new[] { fuzzCase.ServiceClass, fuzzCase.RouteClass })
        {
            if (className is null)
            {
                continue;
            }

            var refused = run.Diagnostics.Any(d => d.Id == "EGRESS900" && d.GetMessage().Contains("'" + className + "'", StringComparison.Ordinal));
            var type = compilation.GetTypeByMetadataName("Fuzz." + className)!;
            var span = type.DeclaringSyntaxReferences.Single().Span;
            var analyzerErrors = analyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.IsInSource && span.Contains(d.Location.SourceSpan)).ToList();
            var dependencyRefused = className == fuzzCase.RouteClass && run.Diagnostics.Any(d => d.Id == "EGRESS900" && d.GetMessage().Contains("'" + fuzzCase.ServiceClass + "'", StringComparison.Ordinal));
            if (refused != (analyzerErrors.Count > 0) && !dependencyRefused)
            {
                return ($"{className}: generator refused={refused} but analyzer errors={analyzerErrors.Count} ({string.Join("; ", analyzerErrors)})", 0, 0);
            }

            var yaml = run.Constant("Fuzz." + className + "+Egress", "Yaml");
            if (refused || dependencyRefused)
            {
                refusedCount++;
                if (yaml is not null)
                {
                    return ($"{className} was refused but its constants exist", 0, 0);
                }

                continue;
            }

            if (yaml is null)
            {
                return ($"{className} has no error and no generated constants", 0, 0);
            }

            emittedCount++;
            var failure = Verify(fuzzCase, className, yaml);
            if (failure is not null)
            {
                return (className + ": " + failure + "\n--- output ---\n" + yaml, 0, 0);
            }
        }

        return (null, refusedCount, emittedCount);
    }

    private static string? Verify(FuzzCase fuzzCase, string className, string yaml)
    {
        foreach (var document in YamlDocuments.Split(yaml))
        {
            var errors = document.Contains("\nkind: Service\n", StringComparison.Ordinal)
                ? KubernetesServiceValidator.Validate(document)
                : CrdSchemaValidator.LoadDefault().Validate(document);
            if (errors.Count > 0)
            {
                return "schema: " + string.Join("; ", errors);
            }
        }

        var documents = YamlTree.ParseAll(yaml);
        if (className == fuzzCase.RouteClass)
        {
            var header = documents.Single()["spec"]!["http"]!.Items[0]["match"]!.Items[0]["headers"]!["x-fuzz"]!["exact"]!.AsString;
            return header == fuzzCase.HeaderValue ? null : $"header read back as '{header}', declared '{fuzzCase.HeaderValue}'";
        }

        var serviceEntry = documents.Single(d => d["kind"]!.AsString == "ServiceEntry")["spec"]!;
        if (!serviceEntry["hosts"]!.Items.Select(h => h.AsString).SequenceEqual(fuzzCase.Hosts))
        {
            return "hosts differ";
        }

        var ports = serviceEntry["ports"]!.Items.Select(p => ((int)(System.Numerics.BigInteger)p["number"]!.Value!, p["name"]!.AsString!)).ToList();
        if (!ports.SequenceEqual(fuzzCase.Ports))
        {
            return "ports differ";
        }

        var endpoints = serviceEntry["endpoints"]?.Items ?? (IReadOnlyList<YamlTree>)Array.Empty<YamlTree>();
        if (!endpoints.Select(e => e["address"]!.AsString).SequenceEqual(fuzzCase.Endpoints.Select(e => e.Address)))
        {
            return "endpoint addresses differ";
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            var labels = endpoints[i]["labels"]?.Entries.Select(e => e.Key + "=" + e.Value.AsString) ?? Enumerable.Empty<string>();
            if (!labels.SequenceEqual(fuzzCase.Endpoints[i].Labels))
            {
                return $"endpoint {i} labels differ";
            }
        }

        var destinationRule = documents.SingleOrDefault(d => d["kind"]!.AsString == "DestinationRule")?["spec"];
        var subsets = destinationRule?["subsets"]?.Items ?? (IReadOnlyList<YamlTree>)Array.Empty<YamlTree>();
        if (!subsets.Select(s => s["name"]!.AsString).SequenceEqual(fuzzCase.Subsets.Select(s => s.Name)))
        {
            return "subsets differ";
        }

        for (var i = 0; i < subsets.Count; i++)
        {
            var labels = subsets[i]["labels"]?.Entries.Select(e => e.Key + "=" + e.Value.AsString) ?? Enumerable.Empty<string>();
            if (!labels.SequenceEqual(fuzzCase.Subsets[i].Labels))
            {
                return $"subset {i} labels differ";
            }
        }

        if (fuzzCase.TlsFields.Count > 0)
        {
            var policy = destinationRule?["trafficPolicy"];
            var tls = policy?["tls"] ?? policy?["portLevelSettings"]?.Items[0]["tls"];
            foreach (var (key, value) in fuzzCase.TlsFields)
            {
                if (tls?[key]?.AsString != value)
                {
                    return $"tls {key} read back as '{tls?[key]?.AsString}', declared '{value}'";
                }
            }
        }

        return null;
    }
}
