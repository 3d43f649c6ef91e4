using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EgressDsl.Benchmarks;

/// <summary>
/// The synthetic project built by <c>dotnet build</c>, as a user builds it: csc in the compiler server, the generator and
/// the analyzers loaded from this repository's Release output, the compiler's own timings (<c>-p:ReportAnalyzer=true</c>)
/// and MSBuild's task summary. The in-process benchmarks time the driver; this times what a build costs.
/// </summary>
/// <remarks>
/// Roslyn starts every build with a new generator driver: it keeps a project's driver between builds only with the
/// <c>enable-generator-cache</c> feature (<see cref="GeneratorCache"/>), which is off by default. The compiler server
/// does keep EgressDsl loaded, its JIT-compiled code and its process-wide caches with it. So the builds reported are one
/// in a cold server, then (after two builds that let the JIT settle) one after a service edit and one after an unrelated
/// edit; the same for the same sources with the floor generator in EgressDsl's place (a real build's floor: Roslyn
/// binding every attributed class's attributes for <c>ForAttributeWithMetadataName</c>, which any generator reading them
/// pays); and the plain project in a cold and a warm server.
/// </remarks>
internal static class RealBuild
{
    /// <summary>Whether csc runs in the compiler server (the default on a developer's machine) or as a new process each build.</summary>
    public static bool SharedCompilation { get; set; } = true;

    /// <summary>
    /// Whether the project turns on Roslyn's <c>enable-generator-cache</c> feature, off by default, with which the compiler
    /// server keeps each project's generator driver between builds, so a build runs generators incrementally.
    /// </summary>
    public static bool GeneratorCache { get; set; }

    public static void Run(int services, int rounds)
    {
        var repository = FindRepository();
        var project = SyntheticProject.Create(services);
        var root = Path.Combine(Path.GetTempPath(), "egress-build-" + services.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var egress = Write(Path.Combine(root, "egress"), project.Files, EgressProject(repository));
        // The same sources with the floor generator in EgressDsl's place: what any generator reading these attributes pays.
        var floor = Write(Path.Combine(root, "floor"), project.Files, FloorProject(repository));
        // The plain project does not reference EgressDsl at all.
        var plain = Write(Path.Combine(root, "plain"), project.PlainFiles.Select(f => (f.Path, f.Text.Replace("using EgressDsl;\n", string.Empty, StringComparison.Ordinal))), PlainProject);
        Console.WriteLine($"{services} services in {root}; compiler server {(SharedCompilation ? "on" : "off")}, generator cache {(GeneratorCache ? "on" : "off")}");

        // First builds restore, build the referenced EgressDsl projects and start the server: not measured.
        Build(plain, "warm-up");
        Build(floor, "warm-up");
        Build(egress, "warm-up");

        var middle = (services / 2).ToString(CultureInfo.InvariantCulture);
        var plainUnrelated = Path.Combine(plain, "Domain", "Model" + middle + ".cs");
        var results = new Dictionary<string, List<BuildTimes>>();
        for (var round = 0; round < rounds; round++)
        {
            Shutdown();
            Touch(plainUnrelated, round);
            Add(results, "plain, cold server", Build(plain, "plain cold"));
            Touch(plainUnrelated, round + 1000);
            Add(results, "plain, warm server", Build(plain, "plain warm"));
            BuildEdits(results, floor, "floor", middle, round);
            BuildEdits(results, egress, "EgressDsl", middle, round);
        }

        Console.WriteLine();
        Console.WriteLine($"{"build (median of " + rounds + ")",-28} {"csc",8} {"generator",10} {"analyzers",10} {"share of csc",14} {"manifest task",14}");
        foreach (var (label, times) in results)
        {
            var csc = Median(times.Select(t => t.Csc));
            var generator = Median(times.Select(t => t.Generator));
            var analyzers = Median(times.Select(t => t.EgressAnalyzers));
            var share = csc > 0 ? (generator + analyzers) / csc : 0;
            var task = Median(times.Select(t => t.WriteManifests));
            Console.WriteLine($"{label,-28} {csc,6:F0} ms {generator,7:F0} ms {analyzers,7:F0} ms {share,13:P1} {task,11:F0} ms");
        }

        Console.WriteLine("csc: the Csc task's time (MSBuild's task summary); generator and analyzers: EgressDsl's own lines of the compiler's -reportanalyzer output (the floor generator's for the floor).");
        Console.WriteLine();
        Console.WriteLine($"{"EgressDsl against the floor",-28} {"floor",8} {"EgressDsl",10} {"ratio",8} {"above the floor, share of csc",31}");
        foreach (var kind in new[] { "cold server", "service edit", "unrelated edit" })
        {
            // Medians of each round's difference, so a round the machine was slow in counts once, on both sides.
            var floorTimes = results["floor, " + kind];
            var egressTimes = results["EgressDsl, " + kind];
            var floorGenerator = Median(floorTimes.Select(t => t.Generator));
            var egressTotal = Median(egressTimes.Select(t => t.Generator + t.EgressAnalyzers));
            var above = Median(egressTimes.Zip(floorTimes, (e, f) => (e.Generator + e.EgressAnalyzers - f.Generator) / e.Csc));
            Console.WriteLine($"{kind,-28} {floorGenerator,5:F0} ms {egressTotal,7:F0} ms {egressTotal / floorGenerator,8:F2} {above,31:P1}");
        }

        Console.WriteLine("floor: the floor generator's time in the same build of the same sources; EgressDsl: its generator and analyzers.");

        // The builds started a compiler server; leave the machine as it was.
        Shutdown();
    }

    /// <summary>A build in a cold server, then (after two that let the JIT settle) one after a service edit and one after an unrelated edit.</summary>
    private static void BuildEdits(Dictionary<string, List<BuildTimes>> results, string project, string label, string middle, int round)
    {
        var service = Path.Combine(project, "Services", "Service" + middle + ".cs");
        var unrelated = Path.Combine(project, "Domain", "Model" + middle + ".cs");
        Shutdown();
        Touch(unrelated, round);
        Add(results, label + ", cold server", Build(project, label + " cold"));

        // The server's JIT compiles the generator's code as it first runs, and tiers it up over the next builds: the
        // first builds after a cold one are neither cold nor steady, so they are run and left out.
        for (var warmUp = 0; warmUp < 2; warmUp++)
        {
            Edit(service, (round * 100) + warmUp);
            Build(project, "warming");
        }

        Edit(service, (round * 100) + 50);
        Add(results, label + ", service edit", Build(project, label + " service edit"));
        Touch(unrelated, round + 1000);
        Add(results, label + ", unrelated edit", Build(project, label + " unrelated edit"));
    }

    private static void Add(Dictionary<string, List<BuildTimes>> results, string label, BuildTimes times)
    {
        if (!results.TryGetValue(label, out var list))
        {
            results[label] = list = new List<BuildTimes>();
        }

        list.Add(times);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private sealed record BuildTimes(double Csc, double Generator, double EgressAnalyzers, double WriteManifests);

    private static BuildTimes Build(string directory, string label)
    {
        var output = Dotnet(directory, "build", "-c", "Release", "-nologo", "-nodeReuse:false", "-v:d", "-p:ReportAnalyzer=true", "-clp:PerformanceSummary");
        // "     1234 ms  Csc    1 calls" in MSBuild's task performance summary.
        var csc = Regex.Matches(output, @"^\s*(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();
        var generator = ReportedSeconds(output, "EgressDsl.Generator.EgressGenerator") + ReportedSeconds(output, "EgressDsl.Benchmarks.FloorGenerator");
        var writeManifests = Regex.Matches(output, @"^\s*(\d+) ms\s+WriteEgressManifests\s+\d+ calls", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();
        var analyzers = ReportedSeconds(output, "EgressDsl.Generator.Analyzers.EgressAnalyzer") + ReportedSeconds(output, "EgressDsl.Generator.Analyzers.RouteExpectationAnalyzer");
        var times = new BuildTimes(csc, generator * 1000, analyzers * 1000, writeManifests);
        Console.WriteLine($"  {label,-16} csc {times.Csc,6:F0} ms, generator {times.Generator,6:F0} ms, analyzers {times.EgressAnalyzers,6:F0} ms, manifest task {times.WriteManifests,6:F0} ms");
        if (csc == 0 || (!directory.EndsWith("plain", StringComparison.Ordinal) && generator == 0))
        {
            Console.WriteLine(string.Join('\n', output.Split('\n').Where(line => line.Length < 300).TakeLast(80)));
            throw new InvalidOperationException("The build printed no Csc or generator time; is the project up to date, or did the output format change?");
        }

        return times;
    }

    // "   0.123   12   EgressDsl.Generator.EgressGenerator" under the compiler's generator report, and the same with the
    // analyzer's diagnostic IDs after it, "(EGRESS300, EGRESS301)", under its analyzer report.
    private static double ReportedSeconds(string output, string type) =>
        Regex.Matches(output, @"^\s*(<?\d+(\.\d+)?)\s+<?\d+\s+" + Regex.Escape(type) + @"(\s+\([^)]*\))?\s*$", RegexOptions.Multiline)
            .Select(m => double.Parse(m.Groups[1].Value.TrimStart('<'), CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();

    private static void Shutdown() => Dotnet(Path.GetTempPath(), "build-server", "shutdown");

    private static void Touch(string file, int variant)
    {
        var text = File.ReadAllText(file);
        File.WriteAllText(file, Regex.Replace(text, @"return \d+;", "return " + (43 + variant).ToString(CultureInfo.InvariantCulture) + ";"));
    }

    internal static void Edit(string file, int variant)
    {
        var text = File.ReadAllText(file);
        File.WriteAllText(file, Regex.Replace(text, @"Weight = \d+", "Weight = " + (4 + variant).ToString(CultureInfo.InvariantCulture)));
    }

    internal static string Dotnet(string directory, params string[] arguments) => Dotnet(directory, SharedCompilation, arguments);

    internal static string Dotnet(string directory, bool sharedCompilation, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // A developer's machine builds with the compiler server, which is the default; CI machines often turn it off
        // (this one does, with UseSharedCompilation=false in the environment). -p:UseSharedCompilation=... overrides it.
        start.Environment["UseSharedCompilation"] = sharedCompilation ? "true" : "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{output}\n{error.Result}");
        }

        return output;
    }

    internal static string Write(string directory, IEnumerable<(string Path, string Text)> files, string projectFile)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        File.WriteAllText(Path.Combine(directory, Path.GetFileName(directory) + ".csproj"), projectFile);
        // Keeps the repository's Directory.Build.* and central package versions out of the synthetic project.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        return directory;
    }

    // The plain project: no EgressDsl, no generator.
    private static readonly string PlainProject = SdkProject(string.Empty);

    // The attributes, and the floor generator as the only analyzer.
    private static string FloorProject(string repository) => SdkProject($"""
          <ItemGroup>
            <ProjectReference Include="{repository}/src/Abstractions/EgressDsl.Abstractions.csproj" />
            <ProjectReference Include="{repository}/benchmarks/EgressDsl.FloorGenerator/EgressDsl.FloorGenerator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
        """);

    internal static string SdkProject(string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <LangVersion>12</LangVersion>
          </PropertyGroup>
        {items}
        </Project>
        """;

    // Wired as the samples are (samples/Directory.Build.*): the package's props and targets, the generator as an analyzer.
    internal static string EgressProject(string repository)
    {
        var builder = new StringBuilder();
        builder.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        builder.AppendLine($"  <Import Project=\"{repository}/src/Package/build/EgressDsl.props\" />");
        builder.AppendLine("  <PropertyGroup>");
        builder.AppendLine("    <TargetFramework>net10.0</TargetFramework>");
        builder.AppendLine("    <Nullable>enable</Nullable>");
        builder.AppendLine("    <LangVersion>12</LangVersion>");
        builder.AppendLine($"    <EgressDslTasksAssembly>{repository}/src/Tasks/bin/Release/netstandard2.0/EgressDsl.Tasks.dll</EgressDslTasksAssembly>");
        // In MSBuild's own process, as a package consumer runs it (the builds pass -nodeReuse:false, so no node keeps it loaded).
        builder.AppendLine("    <EgressDslTasksOutOfProc>false</EgressDslTasksOutOfProc>");
        if (GeneratorCache)
        {
            builder.AppendLine("    <Features>$(Features);enable-generator-cache</Features>");
        }

        builder.AppendLine("  </PropertyGroup>");
        builder.AppendLine("  <ItemGroup>");
        builder.AppendLine($"    <ProjectReference Include=\"{repository}/src/Abstractions/EgressDsl.Abstractions.csproj\" />");
        builder.AppendLine($"    <ProjectReference Include=\"{repository}/src/Generator/EgressDsl.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />");
        builder.AppendLine($"    <ProjectReference Include=\"{repository}/src/Tasks/EgressDsl.Tasks.csproj\" ReferenceOutputAssembly=\"false\" Private=\"false\" />");
        builder.AppendLine("  </ItemGroup>");
        builder.AppendLine($"  <Import Project=\"{repository}/src/Package/build/EgressDsl.targets\" />");
        builder.AppendLine("</Project>");
        return builder.ToString();
    }

    internal static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EgressDsl.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmarks from the repository: EgressDsl.sln was not found above " + AppContext.BaseDirectory);
    }
}
