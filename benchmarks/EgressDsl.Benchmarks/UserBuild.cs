using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace EgressDsl.Benchmarks;

/// <summary>
/// What a user pays: real <c>dotnet build</c>s of the synthetic project with EgressDsl against its plain twin (the same
/// sources, with the attribute classes compiled in as plain source of its own, no generator, no analyzers, no build
/// task), interleaved so that load from other processes hits both sides alike. For each side and round: a cold build (no
/// compiler server, <c>-p:UseSharedCompilation=false</c>, as CI often runs), a build after a one-service edit in a warm
/// compiler server, and a full rebuild (<c>--no-incremental</c>) in the same warm server. Reported: CPU seconds (user +
/// system) of the build's process tree and of its compiler server, the output DLL's size, and the compiler server's peak
/// resident memory.
/// </summary>
/// <remarks>
/// Each side gets a compiler server of its own (<c>-p:SharedCompilationId</c>), so the other side's builds and other users
/// of the machine's default server are neither counted nor sharing its memory; the benchmark stops the servers it started,
/// by their process ids. CPU, not wall time: on a shared machine wall time mostly measures the neighbours. Linux only
/// (/proc and getrusage).
/// </remarks>
internal static class UserBuild
{
    public static void Run(int services, int rounds)
    {
        var repository = RealBuild.FindRepository();
        var project = SyntheticProject.Create(services);
        var root = Path.Combine(Path.GetTempPath(), "egress-userbuild-" + services.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        // EgressDsl's assemblies, built once and referenced as the package would bring them (not as projects, which every
        // build would evaluate and ask for their outputs).
        foreach (var source in new[] { "Abstractions", "Generator", "Tasks" })
        {
            RealBuild.Dotnet(Path.Combine(repository, "src", source), true, "build", "-c", "Release", "-nologo", "-nodeReuse:false");
        }

        var egress = new Side("EgressDsl", RealBuild.Write(Path.Combine(root, "egress"), project.Files, PackageLikeProject(repository)));
        var twinFiles = project.Files.Concat(PlainAttributes(repository));
        var plain = new Side("plain", RealBuild.Write(Path.Combine(root, "plain"), twinFiles, RealBuild.SdkProject(string.Empty)));
        var sides = new[] { plain, egress };
        Console.WriteLine($"{services} services in {root}; load average {LoadAverage()}");

        // Restore, build the referenced EgressDsl projects: not measured. Later builds skip both.
        foreach (var side in sides)
        {
            RealBuild.Dotnet(side.Directory, true, "build", "-c", "Release", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        }

        var middle = (services / 2).ToString(CultureInfo.InvariantCulture);
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which side goes first, so neither always builds right after the other.
            var order = round % 2 == 0 ? sides : sides.Reverse().ToArray();
            foreach (var side in order)
            {
                side.StopServer();
                Edit(side, middle, round * 100);
                side.Cold.Add(side.Build(shared: false));
            }

            // The first builds in a new server start it and JIT the compiler (and EgressDsl): run, not measured.
            foreach (var side in order)
            {
                for (var warmUp = 0; warmUp < 3; warmUp++)
                {
                    Edit(side, middle, round * 100 + 10 + warmUp);
                    side.Build(shared: true);
                }
            }

            foreach (var side in order)
            {
                Edit(side, middle, round * 100 + 50);
                side.Edit.Add(side.Build(shared: true));
            }

            foreach (var side in order)
            {
                side.Rebuild.Add(side.Build(shared: true, "--no-incremental"));
            }

            foreach (var side in order)
            {
                side.PeakMegabytes.Add(side.ServerPeakMegabytes());
                side.StopServer();
            }

            Console.WriteLine($"round {round + 1}: edit {egress.Edit[^1] / plain.Edit[^1]:F2}×, rebuild {egress.Rebuild[^1] / plain.Rebuild[^1]:F2}×, cold {egress.Cold[^1] / plain.Cold[^1]:F2}×, load average {LoadAverage()}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"median of " + rounds + " rounds",-36} {"plain",10} {"EgressDsl",10} {"ratio",8}");
        Row("edit build, warm server (CPU s)", plain.Edit, egress.Edit, RatioOfRounds(egress.Edit, plain.Edit));
        Row("full rebuild, warm server (CPU s)", plain.Rebuild, egress.Rebuild, RatioOfRounds(egress.Rebuild, plain.Rebuild));
        Row("cold build, no server (CPU s)", plain.Cold, egress.Cold, RatioOfRounds(egress.Cold, plain.Cold));
        Row("compiler server peak memory (MB)", plain.PeakMegabytes, egress.PeakMegabytes, null);
        Console.WriteLine($"{"output DLL (MB)",-36} {plain.DllMegabytes(),10:F2} {egress.DllMegabytes(),10:F2} {"+" + (egress.DllMegabytes() - plain.DllMegabytes()).ToString("F2", CultureInfo.InvariantCulture),8}");
        Console.WriteLine("CPU: user + system seconds of the dotnet build process tree and of its compiler server; ratio: median of each round's ratio.");
        Console.WriteLine($"load average at the end: {LoadAverage()}");
    }

    private static void Row(string label, List<double> plain, List<double> egress, double? ratio) =>
        Console.WriteLine($"{label,-36} {RealBuild.Median(plain),10:F1} {RealBuild.Median(egress),10:F1} {(ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : "+" + (RealBuild.Median(egress) - RealBuild.Median(plain)).ToString("F0", CultureInfo.InvariantCulture)),8}");

    private static double RatioOfRounds(List<double> egress, List<double> plain) => RealBuild.Median(egress.Zip(plain, (e, p) => e / p));

    private static void Edit(Side side, string middle, int variant) =>
        RealBuild.Edit(Path.Combine(side.Directory, "Services", "Service" + middle + ".cs"), variant);

    /// <summary>
    /// The project as a package consumer's: the package's props and targets, the attributes' assembly as a reference, the
    /// generator and YamlDotNet as analyzers, the task assembly.
    /// </summary>
    private static string PackageLikeProject(string repository)
    {
        var release = Path.Combine(repository, "src", "{0}", "bin", "Release", "netstandard2.0", "{1}");
        string Output(string project, string file) => string.Format(CultureInfo.InvariantCulture, release, project, file);
        // The version the generator is built with, from the central package versions.
        var version = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(repository, "Directory.Packages.props")), "\"YamlDotNet\" Version=\"([^\"]+)\"").Groups[1].Value;
        var yaml = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "yamldotnet", version, "lib", "netstandard2.0", "YamlDotNet.dll");
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{repository}/src/Package/build/EgressDsl.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <LangVersion>12</LangVersion>
                <EgressDslTasksAssembly>{Output("Tasks", "EgressDsl.Tasks.dll")}</EgressDslTasksAssembly>
                <EgressDslTasksOutOfProc>false</EgressDslTasksOutOfProc>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{Output("Abstractions", "EgressDsl.Abstractions.dll")}" />
                <Analyzer Include="{Output("Generator", "EgressDsl.Generator.dll")}" />
                <Analyzer Include="{yaml}" />
              </ItemGroup>
              <Import Project="{repository}/src/Package/build/EgressDsl.targets" />
            </Project>
            """;
    }

    /// <summary>The attribute classes as the twin's own source: the same binding work, nothing of EgressDsl running.</summary>
    private static IEnumerable<(string Path, string Text)> PlainAttributes(string repository) =>
        new[] { "Enums.cs", "ExternalServiceAttributes.cs", "GatewayAndRouteAttributes.cs", "RouteExpectationAttributes.cs" }
            .Select(file => ("Attributes/" + file, File.ReadAllText(Path.Combine(repository, "src", "Abstractions", file))));

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed class Side(string name, string directory)
    {
        private readonly string serverId = "egressbench-" + name.ToLowerInvariant() + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        public string Directory { get; } = directory;

        public List<double> Cold { get; } = new();

        public List<double> Edit { get; } = new();

        public List<double> Rebuild { get; } = new();

        public List<double> PeakMegabytes { get; } = new();

        /// <summary>One build's CPU seconds: its process tree's (the waited-for children of this process) and its server's.</summary>
        public double Build(bool shared, params string[] extra)
        {
            var server = ServerPid();
            var serverBefore = server is { } before ? ServerSeconds(before) : 0;
            var childrenBefore = ChildrenSeconds();
            var arguments = new List<string> { "build", "-c", "Release", "-nologo", "-nodeReuse:false", "--no-restore", "-p:SharedCompilationId=" + serverId };
            if (!shared)
            {
                arguments.Add("-p:UseSharedCompilation=false");
            }

            arguments.AddRange(extra);
            RealBuild.Dotnet(Directory, shared, arguments.ToArray());
            var children = ChildrenSeconds() - childrenBefore;
            var serverAfter = ServerPid();
            // A server the build started counts from zero; one it found, from what it had used before.
            var serverSeconds = serverAfter is { } after ? ServerSeconds(after) - (after == server ? serverBefore : 0) : 0;
            var total = children + serverSeconds;
            Console.WriteLine($"  {name,-10} {(shared ? "server" : "no server"),-10} {string.Join(' ', extra),-17} {total,6:F1} CPU s (build {children:F1}, server {serverSeconds:F1})");
            return total;
        }

        public double DllMegabytes() => new FileInfo(Path.Combine(Directory, "bin", "Release", "net10.0", System.IO.Path.GetFileName(Directory) + ".dll")).Length / 1048576.0;

        public double ServerPeakMegabytes()
        {
            if (ServerPid() is not { } pid)
            {
                return 0;
            }

            // VmHWM: the peak resident set of the server's life (cold start, warm-ups, edit, rebuild).
            var line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        /// <summary>Stops this side's compiler server, found by its pipe name, by its process id.</summary>
        public void StopServer()
        {
            if (ServerPid() is { } pid)
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit();
            }
        }

        private int? ServerPid()
        {
            foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(entry), out var pid))
                {
                    continue;
                }

                try
                {
                    var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline"));
                    if (commandLine.Contains("VBCSCompiler", StringComparison.Ordinal) && commandLine.Contains("-pipename:" + serverId, StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            return null;
        }

        // utime and stime, fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name), in clock ticks.
        private static double ServerSeconds(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }

        private static double ChildrenSeconds()
        {
            if (getrusage(RusageChildren, out var usage) != 0)
            {
                throw new InvalidOperationException("getrusage failed");
            }

            return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
        }

        private const int RusageChildren = -1;

        [DllImport("libc", SetLastError = true)]
        private static extern int getrusage(int who, out RUsage usage);

        [StructLayout(LayoutKind.Sequential)]
        private struct RUsage
        {
            public long UserSeconds;
            public long UserMicroseconds;
            public long SystemSeconds;
            public long SystemMicroseconds;
            public long MaxRss;
            public long IxRss;
            public long IdRss;
            public long IsRss;
            public long MinFlt;
            public long MajFlt;
            public long NSwap;
            public long InBlock;
            public long OuBlock;
            public long MsgSnd;
            public long MsgRcv;
            public long NSignals;
            public long NvCsw;
            public long NivCsw;
        }
    }
}
