using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Benchmarks;

/// <summary>What the Stopwatch modes of Program.cs share: timing and printing a step, and the models of a project.</summary>
internal static class StepReport
{
    // The classes that carry EgressDsl attributes, as the generator's transform sees them.
    internal static List<INamedTypeSymbol> AttributedClasses(SyntheticProject project) =>
        project.Compilation.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
                .Select(node => (INamedTypeSymbol)project.Compilation.GetSemanticModel(tree).GetDeclaredSymbol(node)!))
            .Where(symbol => symbol.GetAttributes().Any(a => a.AttributeClass?.ContainingNamespace.Name == "EgressDsl"))
            .ToList();

    // The median of the runs (a busy machine's outliers move a mean), and the memory allocated per run on every thread.
    internal static double Report(string name, Action action, int runs)
    {
        action();
        var times = new List<double>();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / runs;
        var milliseconds = Median(times);
        Console.WriteLine($"{name,-28} {milliseconds,10:F1} ms {allocated / (1024.0 * 1024.0),10:F1} MB allocated");
        return milliseconds;
    }

    internal static (double Floor, double Egress) ReportPair(string name, Func<GeneratorDriver> floor, Func<GeneratorDriver> egress, int runs)
    {
        floor();
        egress();
        var floorTimes = new List<double>();
        var egressTimes = new List<double>();
        long floorAllocated = 0, egressAllocated = 0;
        for (var i = 0; i < runs; i++)
        {
            foreach (var (action, times, isFloor) in new[] { (floor, floorTimes, true), (egress, egressTimes, false) })
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                action();
                times.Add(watch.Elapsed.TotalMilliseconds);
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (isFloor)
                {
                    floorAllocated += allocated;
                }
                else
                {
                    egressAllocated += allocated;
                }
            }
        }

        var (floorMedian, egressMedian) = (Median(floorTimes), Median(egressTimes));
        Console.WriteLine($"{"floor " + name,-28} {floorMedian,10:F1} ms {floorAllocated / runs / (1024.0 * 1024.0),10:F1} MB allocated");
        Console.WriteLine($"{"egress " + name,-28} {egressMedian,10:F1} ms {egressAllocated / runs / (1024.0 * 1024.0),10:F1} MB allocated");
        return (floorMedian, egressMedian);
    }

    // Floor and EgressDsl builds in a warm compiler server after a service edit, binding left out, in turns; EgressDsl's
    // collections and pauses are per build of both.
    internal static int ReportServerBuilds(int services, int runs)
    {
        var measurements = new Measurements(services);

        // Binds the edited compilations first, so the counts below are the builds'.
        measurements.FloorServerBuildBound();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pauses = GC.GetTotalPauseDuration();
        var (floor, egress) = ReportPair("server build, bound", measurements.FloorServerBuildBound, measurements.EgressServerBuildBound, runs);
        var builds = 2.0 * (runs + 1);
        Console.WriteLine($"a build after a service edit in a warm compiler server, binding left out: EgressDsl's own work {egress - floor:F1} ms " +
            $"(a new driver, with what the process kept; {CompilerServerGc.Name}; per build of either, collections " +
            $"{(GC.CollectionCount(0) - collections.Item1) / builds:F1} / {(GC.CollectionCount(1) - collections.Item2) / builds:F1} / {(GC.CollectionCount(2) - collections.Item3) / builds:F2}, " +
            $"pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds / builds:F1} ms)");
        return 0;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    // Every class's model, parsed as the generator parses it.
    internal static ImmutableArray<EgressDsl.Generator.Model.EgressClassModel> Models(SyntheticProject project) =>
        AttributedClasses(project)
            .Select(symbol => EgressDsl.Generator.Parsing.ClassParser.Parse(EgressDsl.Generator.Parsing.ClassSnapshot.Read(symbol, CancellationToken.None), CancellationToken.None).Model)
            .Where(model => model is not null)
            .Select(model => model!)
            .ToImmutableArray();

    // The mode's numeric argument at <index> (services, rounds), or <fallback> when it is not given.
    // A word where a number may stand is one of the mode's options ("bound", "no-server", "allocations"), so the number
    // takes its default: `edits 1000 server allocations` runs as many times as `edits 1000 server`.
    internal static int NumberArgument(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : fallback;
}
