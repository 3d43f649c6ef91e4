using System.Collections.Immutable;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using EgressDsl.Benchmarks;
using Microsoft.CodeAnalysis;
using static EgressDsl.Benchmarks.StepReport;

// `dotnet run -c Release -- --filter *` runs BenchmarkDotNet (add `--job short` and e.g. `--anyCategories ServiceEdit`
// for a quick run); `dotnet run -c Release -- steps 1000` prints a fast Stopwatch estimate of every figure for one size.
if (args.Length >= 1 && args[0] == "steps")
{
    var services = NumberArgument(args, 1, 1000);
    var measurements = new Measurements(services);
    Report("floor cold", () => measurements.FloorCold(), 3);
    Report("egress cold", () => measurements.EgressCold(), 3);
    // Floor and EgressDsl take turns, so a change in the machine's load falls on both.
    var (floorEdit, egressEdit) = ReportPair("service edit", measurements.FloorServiceEdit, measurements.EgressServiceEdit, 30);
    var (floorUnrelated, egressUnrelated) = ReportPair("unrelated edit", measurements.FloorUnrelatedEdit, measurements.EgressUnrelatedEdit, 30);
    var (floorEditBound, egressEditBound) = ReportPair("service edit, bound", measurements.FloorServiceEditBound, measurements.EgressServiceEditBound, 30);
    var (floorUnrelatedBound, egressUnrelatedBound) = ReportPair("unrelated edit, bound", measurements.FloorUnrelatedEditBound, measurements.EgressUnrelatedEditBound, 30);
    var plain = Report("plain compile", () => measurements.PlainCompile(), 3);
    var full = Report("compile with EgressDsl", () => measurements.EgressCompile(), 3);
    var cold = Report("egress cold (again)", () => measurements.EgressCold(), 3);
    measurements.AnalyzerExecutionTime();
    var analyzerTime = Enumerable.Range(0, 3).Average(_ => measurements.AnalyzerExecutionTime().TotalMilliseconds);
    var analyzerAloneTime = Enumerable.Range(0, 3).Average(_ => measurements.AnalyzerExecutionTime(afterGenerator: false).TotalMilliseconds);
    Console.WriteLine($"{"analyzers after generator",-28} {analyzerTime,10:F1} ms");
    Console.WriteLine($"{"analyzers alone",-28} {analyzerAloneTime,10:F1} ms");
    Console.WriteLine($"service edit ratio {egressEdit / floorEdit:F2}, unrelated edit ratio {egressUnrelated / floorUnrelated:F2} (on a new compilation, as in the IDE)");
    Console.WriteLine($"service edit ratio {egressEditBound / floorEditBound:F2}, unrelated edit ratio {egressUnrelatedBound / floorUnrelatedBound:F2} (on compilations bound beforehand: the generator's own work)");
    Console.WriteLine($"generator (cold) + analyzers: {cold + analyzerTime:F0} ms = {(cold + analyzerTime) / plain:P1} of the plain compile, {(cold + analyzerTime) / full:P1} of the compile with EgressDsl; whole compile overhead {(full - plain) / plain:P1}");

    // Builds in a warm compiler server, under its collector: in a process of their own when this one is not.
    Environment.ExitCode = CompilerServerGc.IsActive
        ? ReportServerBuilds(services, 16)
        : CompilerServerGc.RunChild(new[] { "serverbuilds", services.ToString(System.Globalization.CultureInfo.InvariantCulture), "16" });
    return;
}

if (args.Length >= 1 && args[0] == "serverbuilds")
{
    // Builds in a warm compiler server after a service edit, binding left out, floor and EgressDsl in turns, under the
    // compiler server's collector (CompilerServerGc); "workstation" keeps this process's.
    Environment.ExitCode = CompilerServerGc.IsActive || args.Contains("workstation")
        ? ReportServerBuilds(NumberArgument(args, 1, 1000), NumberArgument(args, 2, 16))
        : CompilerServerGc.RunChild(args);
    return;
}

if (args.Length >= 1 && args[0] == "edits")
{
    // A loop of IDE-style service edits, for a sampling profiler (dotnet-trace) to look at.
    // With "bound", on compilations bound beforehand, so the profile shows the generator's own work only; with "server",
    // a new driver each time on those compilations, as csc starts every build in a warm compiler server. A fourth
    // argument sets the number of runs.
    var bound = args.Length > 2 && args[2] == "bound";
    var server = args.Length > 2 && args[2] == "server";
    if (server && !CompilerServerGc.IsActive && !args.Contains("workstation"))
    {
        // Builds in a warm compiler server run under its collector ("workstation" keeps this process's).
        Environment.ExitCode = CompilerServerGc.RunChild(args);
        return;
    }

    var measurements = new Measurements(NumberArgument(args, 1, 1000));
    Func<object> edit = server ? measurements.EgressServerBuildBound : bound ? measurements.EgressServiceEditBound : measurements.EgressServiceEdit;
    // Two runs before the measured ones, so the per-run collections, pauses and allocation leave out the first, cold run
    // (at 5,000 services it allocates as much as fifteen warm ones).
    for (var i = 0; i < 2; i++)
    {
        edit();
    }

    var runs = NumberArgument(args, 3, bound || server ? 300 : 60);
    BenchmarkEvents.Log.MeasuredRunsStart(runs);

    // With "allocations" after the run count: what the runs allocated, by type, from the runtime's allocation ticks.
    using var allocations = args.Contains("allocations") ? new AllocationsByType() : null;
    var times = new List<double>();
    var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var pauses = GC.GetTotalPauseDuration();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        edit();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    allocations?.Report(runs);
    // The last collection of each kind: a full one walks the whole heap, the compilations the process holds included.
    foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
    {
        var info = GC.GetGCMemoryInfo(kind);
        if (info.Index > 0)
        {
            Console.WriteLine($"last {kind} collection (generation {info.Generation}): pause {info.PauseDurations[0].TotalMilliseconds:F1} ms, heap {info.HeapSizeBytes / 1048576} MB, promoted {info.PromotedBytes / 1048576} MB");
        }
    }

    times.Sort();
    Console.WriteLine($"{times.Count} runs: median {times[times.Count / 2]:F1} ms, fastest {times[0]:F1} ms; per run, collections " +
        $"{(GC.CollectionCount(0) - collections.Item1) / (double)runs:F1} / {(GC.CollectionCount(1) - collections.Item2) / (double)runs:F1} / {(GC.CollectionCount(2) - collections.Item3) / (double)runs:F2} (gen0 / gen1 / gen2), " +
        $"pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds / runs:F1} ms, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs / 1048576.0:F1} MB allocated ({CompilerServerGc.Name})");

    return;
}

if (args.Length >= 1 && args[0] == "parse")
{
    // The transform's copy of the attribute values and the parser, over every attributed class.
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    var symbols = AttributedClasses(project);
    var parseRounds = NumberArgument(args, 2, 5);
    for (var round = 0; round < parseRounds; round++)
    {
        // The transform's copy and the parse after it, timed apart: only the copy runs for every class on every edit.
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var snapshots = symbols.Select(symbol => EgressDsl.Generator.Parsing.ClassSnapshot.Read(symbol, CancellationToken.None)).ToList();
        var read = watch.Elapsed.TotalMilliseconds;
        var readAllocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var readCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        allocated = GC.GetAllocatedBytesForCurrentThread();
        watch.Restart();
        foreach (var snapshot in snapshots)
        {
            EgressDsl.Generator.Parsing.ClassParser.Parse(snapshot, CancellationToken.None);
        }

        var parseAllocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"{symbols.Count} classes: copy {read:F1} ms (CPU {readCpu:F0} ms, {readAllocated / 1024} KiB), parse {watch.Elapsed.TotalMilliseconds:F1} ms ({parseAllocated / 1024} KiB)");
    }

    return;
}

if (args.Length >= 1 && args[0] == "resolve")
{
    // Resolution alone, as the generator runs it after a one-service edit: every model but the edited one is the
    // instance the previous run saw, and the incremental driver compares the new result with the old one.
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    var models = Models(project);
    var edited = models.IndexOf(models.First(m => m.Service is not null && m.Identity.Name.StartsWith("Service", StringComparison.Ordinal)));
    var options = EgressDsl.Generator.Resolution.GeneratorOptions.From(BenchmarkOptions.Instance.GlobalOptions);
    var previous = EgressDsl.Generator.Resolution.ProjectResolver.Resolve(models, options);
    var rounds = NumberArgument(args, 2, 30);
    var resolveTimes = new List<double>();
    var compareTimes = new List<double>();
    var allocated = new List<long>();
    // On a busy machine the processor time is steadier than the wall-clock time.
    var processorBefore = Process.GetCurrentProcess().TotalProcessorTime;
    for (var round = 0; round < rounds; round++)
    {
        // A copy of the edited model stands for the one the parser builds again after the edit.
        var edit = models.SetItem(edited, models[edited] with { });
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var resolved = EgressDsl.Generator.Resolution.ProjectResolver.Resolve(edit, options);
        resolveTimes.Add(watch.Elapsed.TotalMilliseconds);
        allocated.Add(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        watch.Restart();
        var same = resolved.Equals(previous) && resolved.Classes.Zip(previous.Classes).All(pair => pair.First.Equals(pair.Second));
        compareTimes.Add(watch.Elapsed.TotalMilliseconds);
        if (!same)
        {
            throw new InvalidOperationException("An unchanged edit changed the resolved project.");
        }

        previous = resolved;
    }

    var processor = (Process.GetCurrentProcess().TotalProcessorTime - processorBefore).TotalMilliseconds / rounds;
    Console.WriteLine($"resolve {models.Length} classes: median {Median(resolveTimes):F2} ms, min {resolveTimes.Min():F2} ms, processor {processor:F2} ms a round, {allocated.Min() / 1024} KiB allocated; compare with the previous result: median {Median(compareTimes):F2} ms");
    return;
}

if (args.Length >= 1 && args[0] == "envoy")
{
    // The build-only Envoy step alone, on a resolved project: the configuration built and packed, then the generated
    // holder's source written. Cold, as in the first build of a compiler process; then after a one-service edit, with what
    // the process keeps from the build before (RenderCache), as in a compiler server.
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    var models = Models(project);
    var options = EgressDsl.Generator.Resolution.GeneratorOptions.From(BenchmarkOptions.Instance.GlobalOptions);
    var resolved = EgressDsl.Generator.Resolution.ProjectResolver.Resolve(models, options);
    var edited = models.IndexOf(models.First(m => m.Service is not null && m.Identity.Name.StartsWith("Service", StringComparison.Ordinal)));
    var rounds = NumberArgument(args, 2, 10);
    var cold = new List<double>();
    var afterEdit = new List<double>();
    var holder = new List<double>();
    var allocatedCold = new List<long>();
    var allocatedAfterEdit = new List<long>();
    EgressDsl.Generator.Caching.RenderCache.EnvoyFiles(resolved);
    for (var round = 0; round < rounds; round++)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var files = EgressDsl.Generator.Emit.Envoy.EnvoyEmitter.Files(resolved);
        cold.Add(watch.Elapsed.TotalMilliseconds);
        allocatedCold.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);

        watch.Restart();
        var source = EgressDsl.Generator.Caching.RenderCache.ProjectFilesSource(files);
        holder.Add(watch.Elapsed.TotalMilliseconds);

        // A new weight on one endpoint of one service, different every round, as a user's edit.
        var service = models[edited].Service!;
        var endpoint = service.Endpoints[0] with { Weight = 100 + round };
        var edit = models.SetItem(edited, models[edited] with { Service = service with { Endpoints = EgressDsl.Generator.Helpers.EquatableArray<EgressDsl.Generator.Model.EndpointModel>.Own(service.Endpoints.Select((e, i) => i == 0 ? endpoint : e).ToArray()) } });
        var editedProject = EgressDsl.Generator.Resolution.ProjectResolver.Resolve(edit, options);
        allocated = GC.GetTotalAllocatedBytes(precise: true);
        watch.Restart();
        EgressDsl.Generator.Caching.RenderCache.EnvoyFiles(editedProject);
        afterEdit.Add(watch.Elapsed.TotalMilliseconds);
        allocatedAfterEdit.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
        if (round == 0)
        {
            Console.WriteLine($"{files.Files.Count} files, {files.Files.Sum(f => (long)f.Packed.Length) / 1024} KiB packed, holder source {source.Length / 1024} KiB");
        }
    }

    // What the process keeps for the next build: the kept parts and packed files, measured by forgetting them.
    var withKept = GC.GetTotalMemory(forceFullCollection: true);
    EgressDsl.Generator.Caching.RenderCache.Clear();
    var kept = withKept - GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"cold: median {Median(cold):F1} ms, {allocatedCold.Min() / 1048576} MB allocated; after a one-service edit: median {Median(afterEdit):F1} ms, " +
        $"{allocatedAfterEdit.Min() / 1048576} MB; holder source: median {Median(holder):F1} ms; kept for the next build: {kept / 1048576} MB");
    return;
}

if (args.Length >= 1 && args[0] == "routecheck")
{
    // The route check of the analyzers' compilation end (EGRESS080: each route through a gateway's own request), as a
    // build in a warm compiler server runs it: on a resolved project it has not seen. Time and allocation per run.
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    var models = Models(project);
    var options = EgressDsl.Generator.Resolution.GeneratorOptions.From(BenchmarkOptions.Instance.GlobalOptions);
    var rounds = NumberArgument(args, 2, 6);
    var times = new List<double>();
    var allocatedPerRun = new List<long>();
    for (var round = 0; round < rounds; round++)
    {
        var resolved = EgressDsl.Generator.Resolution.ProjectResolver.Resolve(models, options);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var found = EgressDsl.Generator.Analyzers.RouteEndpointCheck.RoutesWithoutEndpoints(resolved).Count;
        times.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        allocatedPerRun.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
        Console.WriteLine($"route check {times[^1]:F1} CPU ms ({watch.Elapsed.TotalMilliseconds:F0} ms wall), {allocatedPerRun[^1] / 1048576} MB allocated, {found} found");
        if (args.Contains("phases"))
        {
            // Where it goes: the model-level answer (which clusters have no endpoint), then what simulating every route
            // costs, which the check now pays only for routes that may reach such a cluster: the configuration built, read
            // back by the simulator, and each route's request simulated.
            var phase = Stopwatch.StartNew();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var empty = EgressDsl.Generator.Emit.Envoy.EmptyClusters.Of(resolved, EgressDsl.Generator.Caching.RenderCache.EnvoyParts);
            Console.WriteLine($"  model {phase.Elapsed.TotalMilliseconds:F0} ms {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576} MB, {empty.Clusters.Count} clusters without endpoints");
            phase.Restart();
            before = GC.GetTotalAllocatedBytes(precise: true);
            var output = EgressDsl.Generator.Emit.Envoy.EnvoyEmitter.Proxies(resolved, EgressDsl.Generator.Caching.RenderCache.EnvoyParts);
            Console.WriteLine($"  build {phase.Elapsed.TotalMilliseconds:F0} ms {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576} MB");
            phase.Restart();
            before = GC.GetTotalAllocatedBytes(precise: true);
            var checker = EgressDsl.Generator.Analyzers.RouteExpectationChecker.From(output);
            Console.WriteLine($"  read back {phase.Elapsed.TotalMilliseconds:F0} ms {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576} MB");
            phase.Restart();
            before = GC.GetTotalAllocatedBytes(precise: true);
            var perRoute = new List<long>();
            foreach (var route in resolved.Classes.Where(c => c.Route is { Gateway: not null }))
            {
                var routeBefore = GC.GetTotalAllocatedBytes(precise: true);
                checker.EndsWithoutEndpoint(route.Route!);
                perRoute.Add(GC.GetTotalAllocatedBytes(precise: true) - routeBefore);
            }

            Console.WriteLine($"  per route: first {string.Join(", ", perRoute.Take(3).Select(b => b / 1024 + " KB"))}, median {perRoute.OrderBy(b => b).ElementAt(perRoute.Count / 2) / 1024} KB");
            var sidecarJson = output.Proxies[0].Json;
            var sidecar = EgressDsl.Generator.Simulation.EnvoyProxy.Parse(sidecarJson, "sidecar");
            Console.WriteLine($"  sidecar {sidecarJson.Length / 1024} KB: {sidecar.ListenerNames.Count} listeners, {sidecar.RouteConfigurationNames.Count} route configurations, {sidecar.ClusterNames.Count} clusters");

            Console.WriteLine($"  simulate {phase.Elapsed.TotalMilliseconds:F0} ms {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576} MB");
        }
    }

    Console.WriteLine($"route check: median {Median(times.Skip(1).ToList()):F1} CPU ms, {allocatedPerRun.Skip(1).Min() / 1048576} MB allocated (first run left out)");
    return;
}

if (args.Length >= 2 && args[0] == "allocationstacks")
{
    // Where the measured runs of a traced loop allocate (AllocationStacks): a dotnet-trace file of the runtime's allocation
    // ticks, then how many frames of each stack to show and how many rows.
    AllocationStacks.Report(args[1], NumberArgument(args, 2, 8), NumberArgument(args, 3, 30));
    return;
}

if (args.Length >= 1 && args[0] == "dumpgenerated")
{
    // The generated files of the synthetic project, written to a folder (third argument), to be changed by hand and
    // compiled again with "compilegenerated": what a different shape of the generated code would cost the compiler.
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    Measurements.NewDriver(new EgressDsl.Generator.EgressGenerator()).RunGeneratorsAndUpdateCompilation(project.Compilation, out var output, out _);
    Directory.CreateDirectory(args[2]);
    foreach (var tree in output.SyntaxTrees.Skip(project.Compilation.SyntaxTrees.Count()))
    {
        File.WriteAllText(Path.Combine(args[2], Path.GetFileName(tree.FilePath)), tree.GetText().ToString());
    }

    return;
}

if (args.Length >= 1 && args[0] == "compilegenerated")
{
    // The synthetic project with the C# files of a folder in place of the generator's output: parsing, binding and emitting
    // them, fourteen times, the first four left out of the figures (the JIT).
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    var texts = Directory.GetFiles(args[2], "*.cs").OrderBy(f => f, StringComparer.Ordinal)
        .Select(f => (Path: f, Text: Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(f), System.Text.Encoding.UTF8))).ToList();
    var parses = new List<double>();
    var binds = new List<double>();
    var emits = new List<double>();
    for (var round = 0; round < 14; round++)
    {
        var watch = Stopwatch.StartNew();
        var trees = texts.Select(t => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(t.Text, SyntheticProject.ParseOptions, t.Path)).ToList();
        parses.Add(watch.Elapsed.TotalMilliseconds);
        var compilation = project.Compilation.Clone().AddSyntaxTrees(trees);
        watch.Restart();
        var diagnostics = compilation.GetDiagnostics();
        binds.Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        using var stream = new MemoryStream();
        compilation.Emit(stream);
        emits.Add(watch.Elapsed.TotalMilliseconds);
        if (round == 0)
        {
            Console.WriteLine($"{diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} errors {string.Join("; ", diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3))}; {stream.Length / 1024} KiB");
        }
    }

    Console.WriteLine($"parse median {Median(parses.Skip(4).ToList()):F0}; bind min {binds.Skip(4).Min():F0} median {Median(binds.Skip(4).ToList()):F0}; emit min {emits.Skip(4).Min():F0} median {Median(emits.Skip(4).ToList()):F0}");
    return;
}

if (args.Length >= 1 && args[0] == "breakdown")
{
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    for (var round = 0; round < 2; round++)
    {
        var watch = Stopwatch.StartNew();
        Measurements.NewDriver(new EgressDsl.Generator.EgressGenerator()).RunGeneratorsAndUpdateCompilation(project.Compilation.Clone(), out var output, out _);
        var generate = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var diagnostics = output.GetDiagnostics();
        var bind = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        using (var stream = new MemoryStream())
        {
            output.Emit(stream);
        }

        var emit = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var plainDiagnostics = project.Plain.Clone().GetDiagnostics();
        var plainBind = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        using (var stream = new MemoryStream())
        {
            project.Plain.Clone().Emit(stream);
        }

        var plainEmit = watch.Elapsed.TotalMilliseconds;
        var generatedChars = output.SyntaxTrees.Skip(project.Compilation.SyntaxTrees.Count()).Sum(t => t.Length);
        if (round == 0)
        {
            foreach (var tree in output.SyntaxTrees.Skip(project.Compilation.SyntaxTrees.Count()).OrderByDescending(t => t.Length).Take(5))
            {
                Console.WriteLine($"  {Path.GetFileName(tree.FilePath)} {tree.Length / 1024} KiB");
            }

            var byKind = output.SyntaxTrees.Skip(project.Compilation.SyntaxTrees.Count()).GroupBy(t => Path.GetFileName(t.FilePath).Split('.').Reverse().Skip(2).First());
            foreach (var group in byKind)
            {
                Console.WriteLine($"  *.{group.Key}.g.cs: {group.Count()} files, {group.Sum(t => t.Length) / 1024} KiB");
            }
        }

        var generatedTrees = output.SyntaxTrees.Skip(project.Compilation.SyntaxTrees.Count()).ToList();
        foreach (var (label, keep) in new (string, Func<string, bool>)[]
        {
            ("without the classes' manifest types", name => !name.EndsWith(".Egress.g.cs", StringComparison.Ordinal)),
            ("without the project's files", name => !name.EndsWith(".ProjectFiles.g.cs", StringComparison.Ordinal)),
            ("with the project's files alone", name => name.EndsWith(".ProjectFiles.g.cs", StringComparison.Ordinal)),
            ("without anything generated", _ => false),
        })
        {
            var reduced = project.Compilation.Clone().AddSyntaxTrees(generatedTrees.Where(t => keep(Path.GetFileName(t.FilePath))));
            watch.Restart();
            reduced.GetDiagnostics();
            Console.WriteLine($"  bind {label}: {watch.Elapsed.TotalMilliseconds:F0} ms");
        }

        Console.WriteLine($"generate {generate:F0} ms, bind {bind:F0} ms, emit {emit:F0} ms | plain bind {plainBind:F0} ms, emit {plainEmit:F0} ms | {diagnostics.Length} diagnostics, {generatedChars / 1024} KiB generated");
    }

    return;
}

if (args.Length >= 1 && args[0] == "analyzers")
{
    // A loop of analyzer runs over the whole compilation, printing their own execution time, for a sampling profiler.
    var measurements = new Measurements(NumberArgument(args, 1, 1000));
    for (var i = 0; i < 8; i++)
    {
        Console.WriteLine($"analyzer execution {measurements.AnalyzerExecutionTime().TotalMilliseconds:F1} ms");
    }

    return;
}

if (args.Length >= 1 && args[0] is "colds" or "compiles")
{
    // Loops of cold generator runs or of whole compiles, for a sampling profiler.
    var measurements = new Measurements(NumberArgument(args, 1, 1000));
    for (var i = 0; i < 8; i++)
    {
        if (args[0] == "colds")
        {
            measurements.EgressCold();
        }
        else
        {
            measurements.EgressCompile();
        }
    }

    return;
}

if (args.Length >= 1 && args[0] == "coldsteps")
{
    // Cold runs on a compilation nothing has bound yet, as in a build (the `Cold` category reuses one bound compilation):
    // the floor, EgressDsl as csc runs it, and EgressDsl with Roslyn's step tracking, whose per-step times (the tracking
    // itself is slow) are printed after the last round. JIT time counts every thread's, so it includes the tier-1
    // recompiles the runtime does in the background, which on a 2-core machine take their time from the run.
    var project = SyntheticProject.Create(NumberArgument(args, 1, 1000));
    const int rounds = 4;
    for (var round = 0; round < rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        Measurements.NewDriver(new FloorGenerator()).RunGenerators(project.Compilation.Clone());
        var floor = watch.Elapsed.TotalMilliseconds;
        Measurements.ForgetSharedResults();
        var pauses = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        watch.Restart();
        Measurements.NewDriver(new EgressDsl.Generator.EgressGenerator()).RunGeneratorsAndUpdateCompilation(project.Compilation.Clone(), out _, out _);
        var egress = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"floor {floor:F0} ms, EgressDsl {egress:F0} ms (generated trees parsed, as csc does): {(GC.GetTotalAllocatedBytes() - allocated) >> 20} MB allocated, " +
            $"{GC.CollectionCount(0) - collections} collections pausing {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds:F0} ms, " +
            $"JIT {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms for {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods} methods");
        if (round < rounds - 1)
        {
            continue;
        }

        Measurements.ForgetSharedResults();
        var tracked = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new EgressDsl.Generator.EgressGenerator().AsSourceGenerator() },
            parseOptions: SyntheticProject.ParseOptions,
            optionsProvider: BenchmarkOptions.Instance,
            driverOptions: new Microsoft.CodeAnalysis.GeneratorDriverOptions(Microsoft.CodeAnalysis.IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGenerators(project.Compilation.Clone());
        foreach (var (name, runs) in tracked.GetRunResult().Results[0].TrackedSteps.OrderByDescending(s => s.Value.Sum(r => r.ElapsedTime.Ticks)).Take(8))
        {
            Console.WriteLine($"{name,-40} {runs.Sum(r => r.ElapsedTime.TotalMilliseconds),8:F2} ms over {runs.Length} runs");
        }
    }

    return;
}

if (args.Length >= 1 && args[0] == "userbuild")
{
    // What a user pays: dotnet builds of the project against its plain twin, interleaved; CPU, DLL size, server memory.
    UserBuild.Run(NumberArgument(args, 1, 1000), NumberArgument(args, 2, 3));
    return;
}

if (args.Length >= 1 && args[0] == "build")
{
    // The synthetic project built by `dotnet build`, cold and warm compiler server, with the compiler's own timings;
    // "generator-cache" turns on Roslyn's enable-generator-cache feature, "no-server" builds without the compiler server.
    RealBuild.GeneratorCache = args.Contains("generator-cache");
    RealBuild.SharedCompilation = !args.Contains("no-server");
    RealBuild.Run(
        NumberArgument(args, 1, 1000),
        NumberArgument(args, 2, 3));
    return;
}

if (args.Length >= 1 && args[0] == "profile")
{
    // Per-step times of one IDE-style service edit, from Roslyn's own step tracking.
    var services = NumberArgument(args, 1, 1000);
    var project = SyntheticProject.Create(services);
    var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
        new[] { new EgressDsl.Generator.EgressGenerator().AsSourceGenerator() },
        parseOptions: SyntheticProject.ParseOptions,
        driverOptions: new Microsoft.CodeAnalysis.GeneratorDriverOptions(Microsoft.CodeAnalysis.IncrementalGeneratorOutputKind.Implementation, trackIncrementalGeneratorSteps: true))
        .RunGenerators(project.Compilation);
    var rounds = NumberArgument(args, 2, 5);
    for (var round = 0; round < rounds; round++)
    {
        var result = driver.RunGenerators(project.WithServiceEdit(round)).GetRunResult().Results[0];
        if (result.Exception is not null)
        {
            Console.WriteLine(result.Exception);
            return;
        }

        if (round < rounds - 1)
        {
            continue;
        }

        foreach (var (name, runs) in result.TrackedSteps.OrderByDescending(s => s.Value.Sum(r => r.ElapsedTime.Ticks)))
        {
            // How many runs had new or modified input: the work an edit really causes (an Unchanged input was recomputed
            // but found equal, so the step after it was not).
            var rerun = runs.Count(r => r.Inputs.Any(i => i.Source.Outputs[i.OutputIndex].Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified));
            Console.WriteLine($"{name,-40} {runs.Sum(r => r.ElapsedTime.TotalMilliseconds),8:F2} ms over {runs.Length} runs, {rerun} with changed input");
        }

        Console.WriteLine($"driver total {driver.GetTimingInfo().ElapsedTime.TotalMilliseconds:F1} ms");
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args);
