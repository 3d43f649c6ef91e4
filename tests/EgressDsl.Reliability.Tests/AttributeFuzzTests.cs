using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Property: for any attribute values, the generator and analyzer never throw, and every class either gets an error
/// or produces documents that pass the strict CRD schema and read back to exactly the declared values. The analyzer
/// and the generator agree on which classes are wrong. The Envoy files of every batch that emitted something pass
/// envoy-check with no error (all batches in one checker call, which starts once).
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
        var envoyFolder = Path.Combine(Path.GetTempPath(), "egressdsl-fuzz-envoy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(envoyFolder);
        var envoyFiles = new ConcurrentDictionary<string, EnvoyFile>(StringComparer.Ordinal);
        var envoyFailures = new List<string>();
        var invalidEnvoyFiles = new HashSet<string>(StringComparer.Ordinal);
        try
        {
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

                var batchEmitted = 0;
                foreach (var fuzzCase in batch)
                {
                    var verdict = Check(fuzzCase, run, analyzerDiagnostics, compilation);
                    if (verdict.Failure is not null)
                    {
                        failures.Enqueue($"case {fuzzCase.Index} (seed {seed}): {verdict.Failure}\n{fuzzCase.Source}");
                    }

                    Interlocked.Add(ref refused, verdict.Refused);
                    Interlocked.Add(ref emitted, verdict.Emitted);
                    batchEmitted += verdict.Emitted;
                }

                if (batchEmitted > 0)
                {
                    var failure = CollectEnvoyFiles(batch, run, envoyFolder, envoyFiles);
                    if (failure is not null)
                    {
                        failures.Enqueue($"batch of cases {batch[0].Index}..{batch[^1].Index} (seed {seed}): {failure}");
                    }
                }
            });

            var checkTime = System.Diagnostics.Stopwatch.StartNew();
            envoyFailures = CheckEnvoyFiles(envoyFolder, envoyFiles, cases, seed, invalidEnvoyFiles);
            output.WriteLine($"{refused} classes refused with an error, {emitted} classes emitted and verified; "
                + $"envoy-check: {envoyFiles.Count} Envoy files of {envoyFiles.Values.Select(f => f.FirstCase).Distinct().Count()} batches in one call, "
                + $"{checkTime.Elapsed.TotalSeconds:0.0} s, {envoyFailures.Count} invalid");
            if (invalidEnvoyFiles.Count > 0)
            {
                output.WriteLine($"The invalid Envoy files are kept in {envoyFolder}");
            }
        }
        finally
        {
            // Only files envoy-check rejected are kept, for a look; the failure messages name the folder.
            foreach (var file in Directory.GetFiles(envoyFolder).Where(file => !invalidEnvoyFiles.Contains(Path.GetFileName(file))))
            {
                File.Delete(file);
            }

            if (invalidEnvoyFiles.Count == 0)
            {
                Directory.Delete(envoyFolder);
            }
        }

        // Case failures and envoy-check failures are listed apart, so that neither kind hides the other.
        Assert.True(
            failures.IsEmpty && envoyFailures.Count == 0,
            $"{failures.Count} failures and {envoyFailures.Count} envoy-check failures, first ones:\n"
                + string.Join("\n\n", failures.Take(5).Concat(envoyFailures.Take(5))));
        // The generator must see both kinds: a fuzzer that only produces errors tests nothing of the emitters.
        Assert.True(emitted > total / 10 && refused > total / 10, $"emitted {emitted}, refused {refused}");
    }

    /// <summary>
    /// Property: whatever names C# allows for a class, its containing types and its namespace (keywords written with
    /// <c>@</c>, contextual keywords, unicode escapes, letters outside ASCII), the generated code compiles with no error
    /// and every class gets its members: its manifests, or empty placeholders when it has an error.
    /// </summary>
    [Fact]
    public void Fuzzed_class_namespace_and_containing_type_names_give_generated_code_that_compiles()
    {
        var seed = FuzzSettings.Seed;
        output.WriteLine($"seed {seed}, {FuzzSettings.NameCases} cases (replay with EGRESS_FUZZ_SEED={seed})");
        var values = new FuzzValues(new Random(seed));
        var cases = Enumerable.Range(0, FuzzSettings.NameCases).Select(i => FuzzNamedCase.Create(i, values)).ToList();
        var failures = new ConcurrentQueue<string>();
        Parallel.ForEach(cases.Chunk(CasesPerCompilation), new ParallelOptions { MaxDegreeOfParallelism = 2 }, batch =>
        {
            var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + string.Join("\n", batch.Select(c => c.Source)));
            // The fuzzer's own mistakes are told apart: the declarations must compile before anything is generated.
            var declarationErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (declarationErrors.Count > 0)
            {
                failures.Enqueue($"batch from case {batch[0].Index}: the fuzzed declarations do not compile: {string.Join("; ", declarationErrors.Take(3))}");
                return;
            }

            var run = GeneratorHarness.Run(compilation);
            var refusedNames = batch.Where(c => c.Refused).SelectMany(c => new[] { c.ServiceMetadataName, c.RouteMetadataName }).ToHashSet(StringComparer.Ordinal);
            var problems = run.Result.Results[0].Exception is { } exception ? new[] { "generator threw " + exception }
                : run.Diagnostics.Where(d => d.Id != "EGRESS900").Concat(run.CompilationErrors)
                    .Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).Take(3).ToArray();
            var refusals = run.Diagnostics.Count(d => d.Id == "EGRESS900");
            if (problems.Length == 0 && refusals != refusedNames.Count)
            {
                problems = new[] { $"{refusals} classes refused, {refusedNames.Count} declared with an error" };
            }

            if (problems.Length > 0)
            {
                failures.Enqueue($"batch of cases {batch[0].Index}..{batch[^1].Index} (seed {seed}): {string.Join("; ", problems)}");
                return;
            }

            foreach (var fuzzCase in batch)
            {
                foreach (var name in new[] { fuzzCase.ServiceMetadataName, fuzzCase.RouteMetadataName })
                {
                    // A refused class keeps its members (a placeholder Egress class with no packed resources), which user code
                    // still compiles against; an emitted one has its YAML.
                    var egress = run.Output.GetTypeByMetadataName(name + "+Egress");
                    var yaml = run.ClassYaml(name + "+Egress");
                    if (fuzzCase.Refused ? egress is null || yaml is not null : string.IsNullOrEmpty(yaml))
                    {
                        failures.Enqueue($"case {fuzzCase.Index} (seed {seed}): {name} (refused: {fuzzCase.Refused}) has {(egress is null ? "no Egress class" : "Yaml '" + yaml + "'")}\n{fuzzCase.Source}");
                    }
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} failures, first ones:\n" + string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>One Envoy file written for the checker: which batch of cases produced it, and its path in the manifests folder.</summary>
    private sealed record EnvoyFile(int FirstCase, int LastCase, string ManifestPath);

    /// <summary>
    /// Writes the batch's envoy/ files (as the build would write them) to <paramref name="folder"/> under names that say
    /// which batch they come from. A batch that emitted a class must have at least the sidecar and the bootstrap.
    /// </summary>
    private static string? CollectEnvoyFiles(FuzzCase[] batch, GeneratorRun run, string folder, ConcurrentDictionary<string, EnvoyFile> files)
    {
        var envoy = run.Files.Where(f => f.Key.StartsWith("envoy/", StringComparison.Ordinal)).ToList();
        var missing = new[] { "envoy/sidecar.json", "envoy/bootstrap.yaml" }.Where(path => envoy.All(f => f.Key != path)).ToList();
        foreach (var (path, content) in envoy)
        {
            // The extension stays last: envoy-check takes the format from it.
            var name = "cases-" + batch[0].Index.ToString("D5", CultureInfo.InvariantCulture) + "__" + path.Replace('/', '_');
            File.WriteAllText(Path.Combine(folder, name), content);
            files[name] = new EnvoyFile(batch[0].Index, batch[^1].Index, path);
        }

        return missing.Count == 0 ? null : "classes were emitted but the Envoy output lacks " + string.Join(" and ", missing);
    }

    /// <summary>
    /// Runs envoy-check once on every collected file with --json and returns one failure per file with an error (naming its
    /// batch and the seed), plus one for a checker that could not run or left a file without a verdict. The names of the
    /// rejected files go to <paramref name="invalid"/>.
    /// </summary>
    private static List<string> CheckEnvoyFiles(string folder, IReadOnlyDictionary<string, EnvoyFile> files, IReadOnlyList<FuzzCase> cases, int seed, HashSet<string> invalid)
    {
        var failures = new List<string>();
        if (files.Count == 0)
        {
            return failures;
        }

        var (exitCode, text) = EnvoyCheck.Run(new[] { "--json" }.Concat(files.Keys.Order(StringComparer.Ordinal).Select(name => Path.Combine(folder, name))).ToArray());
        // 0: no errors, 1: errors found (reported per file below); anything else means the checker could not run.
        // The output is the JSON array on stdout, then whatever stderr had: read the first JSON value only.
        JsonDocument? results = null;
        var start = text.IndexOf('[', StringComparison.Ordinal);
        if (exitCode is 0 or 1 && start >= 0)
        {
            try
            {
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text[start..]));
                results = JsonDocument.ParseValue(ref reader);
            }
            catch (JsonException)
            {
            }
        }

        if (results is null)
        {
            failures.Add($"envoy-check exited with {exitCode} and no per-file results (seed {seed}):\n{text}");
            return failures;
        }

        using (results)
        {
            var checkedFiles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in results.RootElement.EnumerateArray())
            {
                // A file of several YAML documents is reported as FILE#0, FILE#1...
                var reported = entry.GetProperty("file").GetString()!;
                var name = Path.GetFileName(reported.Contains('#', StringComparison.Ordinal) ? reported[..reported.LastIndexOf('#')] : reported);
                checkedFiles.Add(name);
                if (entry.GetProperty("errors").GetInt32() == 0 && entry.GetProperty("ok").GetBoolean())
                {
                    continue;
                }

                invalid.Add(name);
                var document = reported.Contains('#', StringComparison.Ordinal) ? reported[reported.LastIndexOf('#')..] : string.Empty;
                files.TryGetValue(name, out var file);
                var origin = file is not null
                    ? $"batch of cases {file.FirstCase}..{file.LastCase} (seed {seed}, replay with EGRESS_FUZZ_SEED={seed}): {file.ManifestPath}{document}"
                    : $"{reported} (seed {seed})";
                var errors = entry.GetProperty("diagnostics").EnumerateArray()
                    .Where(d => d.GetProperty("severity").GetString() == "error")
                    .Select(d => $"  [{d.GetProperty("category").GetString()}] {d.GetProperty("path").GetString()}: {d.GetProperty("message").GetString()}"
                        + (file is null ? string.Empty : Culprit(Path.Combine(folder, name), d.GetProperty("path").GetString()!, cases, file)));
                failures.Add($"{origin} is invalid as {entry.GetProperty("kind").GetString()}: {entry.GetProperty("errors").GetInt32()} envoy-check error(s)\n{string.Join("\n", errors.Take(10))}\n(file kept in {folder})");
            }

            foreach (var name in files.Keys.Where(name => !checkedFiles.Contains(name)).Order(StringComparer.Ordinal))
            {
                failures.Add($"envoy-check gave no verdict for {files[name].ManifestPath} of the batch of cases {files[name].FirstCase}..{files[name].LastCase} (seed {seed})");
            }

            if (exitCode != 0 && failures.Count == 0)
            {
                failures.Add($"envoy-check exited with {exitCode} although no file has an error (seed {seed}):\n{text}");
            }
        }

        return failures;
    }

    /// <summary>
    /// For an error at <c>[N]...</c> in a proxy's JSON array: the resource's name and the cases of the batch whose hosts it
    /// names, so the failure points at the case to replay.
    /// </summary>
    private static string Culprit(string file, string path, IReadOnlyList<FuzzCase> cases, EnvoyFile origin)
    {
        var match = System.Text.RegularExpressions.Regex.Match(path, @"^\[(\d+)\]");
        if (!match.Success || !file.EndsWith(".json", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (index >= document.RootElement.GetArrayLength()
            || document.RootElement[index].TryGetProperty("name", out var nameProperty) is false
            || nameProperty.GetString() is not { } resource)
        {
            return string.Empty;
        }

        var suspects = cases.Skip(origin.FirstCase).Take(origin.LastCase - origin.FirstCase + 1)
            .Where(c => c.Hosts.Any(host => host.Length > 0 && resource.Contains(host, StringComparison.Ordinal)))
            .Select(c => c.Index.ToString(CultureInfo.InvariantCulture))
            .ToList();
        return $" (resource '{(resource.Length > 120 ? resource[..120] + "..." : resource)}'"
            + (suspects.Count > 0 ? $"; declared by case {string.Join(", ", suspects)}" : string.Empty) + ")";
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

            var yaml = run.ClassYaml("Fuzz." + className + "+Egress");
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
