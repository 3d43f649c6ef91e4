using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace EgressDsl.Benchmarks;

/// <summary>
/// Where a run allocates: the runtime's allocation ticks of a <c>dotnet-trace</c> file, summed by type and by the stack
/// that allocated. <see cref="AllocationsByType"/> names the types in process; this names the code, which a type such as
/// <c>char[]</c> or <c>string</c> does not. Only the ticks after <see cref="BenchmarkEvents.MeasuredRunsStart"/> count
/// when the trace has that event (the setup and the first, cold run allocate far more than a warm run).
/// </summary>
internal static class AllocationStacks
{
    public static void Report(string tracePath, int frames, int rows)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(tracePath);
        using var log = new TraceLog(etlx);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byStack = new Dictionary<string, long>(StringComparer.Ordinal);
        var counting = !log.Events.Any(IsMeasuredRunsStart);
        var runs = 0;
        foreach (var traceEvent in log.Events)
        {
            if (IsMeasuredRunsStart(traceEvent))
            {
                counting = true;
                runs = (int)traceEvent.PayloadByName("runs");
                continue;
            }

            if (!counting || traceEvent is not GCAllocationTickTraceData tick)
            {
                continue;
            }

            var type = tick.TypeName ?? "?";
            byType[type] = byType.GetValueOrDefault(type) + tick.AllocationAmount64;
            var stack = new List<string>();
            for (var frame = traceEvent.CallStack(); frame is not null && stack.Count < frames; frame = frame.Caller)
            {
                var method = frame.CodeAddress.FullMethodName;
                stack.Add(string.IsNullOrEmpty(method) ? frame.CodeAddress.ModuleName + "!?" : method);
            }

            var key = type + "\n      " + string.Join("\n      ", stack);
            byStack[key] = byStack.GetValueOrDefault(key) + tick.AllocationAmount64;
        }

        var per = runs > 0 ? runs : 1;
        var unit = runs > 0 ? "MB a run" : "MB in all";
        Console.WriteLine(runs > 0 ? $"{runs} measured runs" : "no measured-runs event in the trace: everything counts");
        foreach (var (type, bytes) in byType.OrderByDescending(pair => pair.Value).Take(rows))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0 / per,8:F2} {unit}  {type}"));
        }

        Console.WriteLine("---- by the stack that allocated");
        foreach (var (stack, bytes) in byStack.OrderByDescending(pair => pair.Value).Take(rows))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0 / per,8:F2} {unit}  {stack}"));
        }
    }

    // TraceEvent reads an event whose name ends in "Start" as that name with the Start opcode: "MeasuredRuns/Start".
    private static bool IsMeasuredRunsStart(TraceEvent traceEvent) =>
        traceEvent.ProviderName == BenchmarkEvents.SourceName && traceEvent.EventName.StartsWith("MeasuredRuns", StringComparison.Ordinal);
}

/// <summary>Marks where a loop's measured runs start, for a trace of the process (<see cref="AllocationStacks"/>).</summary>
[EventSource(Name = SourceName)]
internal sealed class BenchmarkEvents : EventSource
{
    public const string SourceName = "EgressDsl-Benchmarks";

    public static readonly BenchmarkEvents Log = new();

    [Event(1)]
    public void MeasuredRunsStart(int runs) => WriteEvent(1, runs);
}
