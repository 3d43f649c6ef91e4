using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EgressDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Package.Tests;

/// <summary>
/// Issue 7 §4 ("nothing lost") with real <c>dotnet build</c> processes: two builds of one project started together, and a
/// build killed while it writes the manifests. Both are judged against the folder a single clean build of the same sources
/// writes, byte for byte.
/// </summary>
/// <remarks>
/// What the task proves on its own is in EgressDsl.Tasks.Tests: writes go to a temporary file that is renamed over the
/// target, 16 concurrent runs in one process leave one consistent set, files of resources that are gone are removed, and a
/// held lock times out with an error. Stale files through real builds (a library drops its route) are in
/// <see cref="MultiProjectTests"/>. What only separate processes can show is here: the directory lock across processes,
/// and what a kill leaves behind, which no in-process test can do.
/// </remarks>
[Collection(PackageBuildsCollection.Name)]
public sealed class ConcurrentAndKilledBuildTests
{
    /// <summary>
    /// Services added to the seed so the task writes a couple of hundred files: enough time (about 0.1 s on two cores) for the
    /// kill to land while it writes, while the compiler still takes only a second or two.
    /// </summary>
    private const int ExtraServices = 200;

    /// <summary>How many builds the kill test may start before one is killed in the middle of the task.</summary>
    private const int KillAttempts = 3;

    private static readonly object ReferenceGate = new();
    private static (PackageFixture Fixture, IReadOnlyDictionary<string, byte[]> Files)? _reference;

    private readonly PackageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ConcurrentAndKilledBuildTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void Two_builds_started_together_on_one_project_leave_exactly_the_files_of_one_clean_build()
    {
        IReadOnlyDictionary<string, byte[]> reference = Reference();
        Consumer app = CreateConsumer("TwinBuildsApp", BuildServers.None);

        // Same project, default settings (BuildInParallel and all), nothing restored or built yet: both restore, compile and
        // write at once, each with its own MSBuild and csc, as two terminals without build servers would.
        RunningCommand first = app.StartBuild();
        RunningCommand second = app.StartBuild();
        CommandResult[] results = { first.WaitForExit(), second.WaitForExit() };

        foreach (CommandResult result in results)
        {
            _output.WriteLine($"exit code {result.ExitCode}: {Consumer.TaskSummary(result, app.EgressDirectory) ?? "(no EgressDsl summary)"} ({result.LogFile})");
            Consumer.AssertNoPackagingProblems(result);
        }

        Assert.True(results.Any(result => result.Succeeded), "Neither build succeeded:\n" + string.Join("\n", results.Select(result => result.Summary)));
        foreach (CommandResult failed in results.Where(result => !result.Succeeded))
        {
            // MSBuild's own outputs (obj/, the deps.json, the copies to bin/) are not guarded against a second build of the same
            // project: one build may lose such a clash, and that is MSBuild's. EgressDsl's files are locked, so no EGRESS error.
            Assert.True(
                failed.Output.Contains("because it is being used by another process", StringComparison.Ordinal),
                "A build failed for another reason than a file MSBuild's other build had open:\n" + failed.Summary);
            Assert.False(Regex.IsMatch(failed.Output, @"error EGRESS\d+"), "EgressDsl failed in a parallel build:\n" + failed.Summary);
        }

        Assert.Contains(results, result => Consumer.TaskSummary(result, app.EgressDirectory) is not null);
        IReadOnlyList<string> differences = Differences(reference, app.EgressDirectory);
        Assert.True(differences.Count == 0, "After two builds at once the manifests folder is not what one clean build writes:\n" + string.Join("\n", differences));
    }

    [Fact]
    public void A_build_killed_while_it_writes_manifests_leaves_no_partial_file_and_the_next_build_completes_the_folder()
    {
        IReadOnlyDictionary<string, byte[]> reference = Reference();
        int expected = reference.Keys.Count(IsManifest);

        // Whether the kill lands before the task has written every file is a race with the machine's load: a process tree
        // takes its time to die. A run whose kill came too late proves nothing either way, so it is tried again, with a
        // project of its own, a few times; one run that landed in the middle of the task is what the rest judges.
        Consumer? app = null;
        CommandResult? stopped = null;
        IReadOnlyDictionary<string, byte[]> afterKill = new Dictionary<string, byte[]>();
        List<string> written = new();
        for (int attempt = 1; attempt <= KillAttempts && (app is null || written.Count >= expected); attempt++)
        {
            // No build server: the kill takes every process of the build with it, the compiler too.
            (app, stopped, afterKill) = KillWhileWriting(CreateConsumer("KilledBuildApp" + attempt, BuildServers.None));
            written = afterKill.Keys.Where(IsManifest).ToList();
            _output.WriteLine($"attempt {attempt}: killed with {written.Count} of {expected} manifest files written; "
                + $"other files: {string.Join(", ", afterKill.Keys.Where(path => !IsManifest(path)))} ({stopped.LogFile})");
        }

        Assert.True(
            written.Count < expected,
            $"In {KillAttempts} attempts the kill came after the task had written every file, so this run proves nothing; raise {nameof(ExtraServices)}.\n{stopped!.Summary}");

        var problems = new List<string>();
        // A kill between writing a temporary file and renaming it over the manifest cannot be prevented. What must hold is
        // that such a file is never mistaken for a manifest: it is hidden and ends in .tmp with the task's own pattern
        // (kubectl apply -f reads .yaml and .json files only), and the next run removes it (checked below).
        List<string> temporary = afterKill.Keys.Where(path => path.EndsWith(".tmp", StringComparison.Ordinal)).ToList();
        foreach (string path in temporary.Where(path => !System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(path), "^\\..+\\.[0-9a-f]{32}\\.tmp$")))
        {
            problems.Add($"the killed build left a temporary file that is not one of the task's hidden temporaries: {path}");
        }

        foreach (string path in written)
        {
            string? problem = ParseProblem(path, afterKill[path]);
            if (problem is not null)
            {
                problems.Add($"after the kill, {path} does not parse: {problem}");
            }
            else if (!reference.TryGetValue(path, out byte[]? content))
            {
                problems.Add($"after the kill, {path} exists but a clean build writes no such file");
            }
            else if (!content.AsSpan().SequenceEqual(afterKill[path]))
            {
                problems.Add($"after the kill, {path} differs from what a clean build writes ({afterKill[path].Length} bytes instead of {content.Length}): a half-written manifest");
            }
        }

        // What a user does next: build again. It must give the folder a clean build gives, with nothing left over.
        CommandResult next = app!.Build();
        Assert.True(next.Succeeded, next.Summary);
        Consumer.AssertNoPackagingProblems(next);
        _output.WriteLine($"next build: {Consumer.TaskSummary(next, app.EgressDirectory) ?? "(EgressDslWriteManifests did not run)"} ({next.LogFile})");
        problems.AddRange(Differences(reference, app.EgressDirectory).Select(difference => "after the next build, " + difference));

        Assert.True(problems.Count == 0, $"A build killed while writing manifests ({written.Count} of {expected} written) broke the folder:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// Builds <paramref name="app"/> and kills the build's process tree as soon as the task starts on the istio/ files: the
    /// task writes its record, istio.yaml and envoy/ first, then one istio/ file per resource, so the kill comes in the
    /// middle of the task, not before or after it.
    /// </summary>
    private static (Consumer App, CommandResult Stopped, IReadOnlyDictionary<string, byte[]> AfterKill) KillWhileWriting(Consumer app)
    {
        string resourceFolder = Path.Combine(app.EgressDirectory, "istio");
        RunningCommand build = app.StartBuild();
        var clock = Stopwatch.StartNew();
        bool killed = false;
        while (!build.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (Directory.Exists(resourceFolder))
            {
                build.KillProcessTree();
                killed = true;
                break;
            }

            Thread.Sleep(1);
        }

        CommandResult stopped = build.WaitForExit();
        Assert.True(killed, "The build ended before it wrote any istio/ file:\n" + stopped.Summary);
        return (app, stopped, Snapshot(app.EgressDirectory));
    }

    /// <summary>The seed sample and <see cref="ExtraServices"/> plain services, as a console app using the packed package.</summary>
    private Consumer CreateConsumer(string name, BuildServers servers)
    {
        var extra = new StringBuilder("using EgressDsl;\n\nnamespace Extra;\n");
        for (int i = 0; i < ExtraServices; i++)
        {
            extra.Append($"\n[ExternalService(\"svc{i}.example.com\", Resolution = ServiceResolution.Dns)]\n")
                .Append("[ServicePort(443, \"https\", PortProtocol.Https)]\n")
                .Append($"public partial class Service{i};\n");
        }

        return _fixture.CreateConsumer(
            name,
            "console",
            new Dictionary<string, string>
            {
                ["NginxEgress.cs"] = Manifests.Sample(_fixture, "SeedEgress", "NginxEgress.cs"),
                ["ExtraServices.cs"] = extra.ToString(),
            },
            servers: servers);
    }

    /// <summary>Every file one clean build of the sources writes to the manifests folder, built once for both tests.</summary>
    private IReadOnlyDictionary<string, byte[]> Reference()
    {
        lock (ReferenceGate)
        {
            if (_reference is { } built && ReferenceEquals(built.Fixture, _fixture))
            {
                return built.Files;
            }

            // What a clean build writes does not depend on where it compiled: the run's compiler server serves it.
            Consumer app = CreateConsumer("ReferenceBuildApp", BuildServers.SharedCompiler);
            CommandResult build = app.Build();
            app.AssertCleanBuild(build);
            IReadOnlyDictionary<string, byte[]> files = Snapshot(app.EgressDirectory);
            // The seed's 6 resources, one per extra service, istio.yaml, the sidecar, the gateway and the bootstrap.
            Assert.Equal(6 + ExtraServices + 4, files.Keys.Count(IsManifest));
            Assert.Equal(
                $"EgressDsl: {6 + ExtraServices + 4} manifest file(s) in {app.EgressDirectory}{Path.DirectorySeparatorChar} ({6 + ExtraServices + 4} written, 0 unchanged, 0 removed)",
                Consumer.TaskSummary(build, app.EgressDirectory));
            Assert.All(files, file => Assert.Null(ParseProblem(file.Key, file.Value)));
            _reference = (_fixture, files);
            return files;
        }
    }

    /// <summary>A manifest, as opposed to the task's bookkeeping (.egress-files, its lock) and temporary files.</summary>
    private static bool IsManifest(string relativePath) =>
        !Path.GetFileName(relativePath).StartsWith('.') && !relativePath.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Every file below <paramref name="directory"/>, by relative path with '/' separators.</summary>
    private static IReadOnlyDictionary<string, byte[]> Snapshot(string directory) =>
        Consumer.FilesBelow(directory).ToDictionary(path => path, path => File.ReadAllBytes(Path.Combine(directory, path)), StringComparer.Ordinal);

    /// <summary>Null when a manifest reads as what its extension says (YAML, every document; JSON), else why not.</summary>
    private static string? ParseProblem(string relativePath, byte[] content)
    {
        if (!IsManifest(relativePath))
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(content);
        try
        {
            if (relativePath.EndsWith(".json", StringComparison.Ordinal))
            {
                using JsonDocument document = JsonDocument.Parse(text);
                return null;
            }

            return YamlTree.ParseAll(text).Count > 0 ? null : "no YAML document";
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return exception.Message;
        }
    }

    /// <summary>
    /// A file's content for comparison with another build's: the bytes, except that the fingerprints file's write times
    /// (its third column) belong to the build that wrote the files and are left out.
    /// </summary>
    private static string Comparable(string relativePath, byte[] content)
    {
        string text = Convert.ToBase64String(content);
        if (relativePath != ".egress-files.fingerprints")
        {
            return text;
        }

        return string.Join("\n", Encoding.UTF8.GetString(content).Split('\n').Select(line => line.Split('\t')).Select(fields => fields.Length == 4 ? string.Join("\t", fields[0], fields[1], fields[3]) : string.Join("\t", fields)));
    }

    /// <summary>How the folder differs from <paramref name="reference"/>: files missing, files too many, files with other bytes.</summary>
    private static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, byte[]> reference, string directory)
    {
        IReadOnlyDictionary<string, byte[]> actual = Snapshot(directory);
        var differences = new List<string>();
        List<string> missing = reference.Keys.Where(path => !actual.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        List<string> extra = actual.Keys.Where(path => !reference.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        List<string> changed = reference.Keys.Where(path => actual.TryGetValue(path, out byte[]? content) && Comparable(path, content) != Comparable(path, reference[path])).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            differences.Add($"{missing.Count} file(s) of a clean build are missing: {Some(missing)}");
        }

        if (extra.Count > 0)
        {
            differences.Add($"{extra.Count} file(s) that a clean build does not write are there: {Some(extra)}");
        }

        if (changed.Count > 0)
        {
            differences.Add($"{changed.Count} file(s) differ from a clean build's: {Some(changed)}");
        }

        return differences;
    }

    private static string Some(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(8)) + (paths.Count > 8 ? $" and {paths.Count - 8} more" : string.Empty);
}
