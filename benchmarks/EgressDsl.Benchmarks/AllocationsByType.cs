using System.Diagnostics.Tracing;
using System.Globalization;

namespace EgressDsl.Benchmarks;

/// <summary>
/// What the process allocates, by type, from the runtime's allocation ticks (one event about every 100 KB allocated,
/// naming the type of the allocation that crossed it): a sample, not an exact count, that finds the large allocators.
/// </summary>
internal sealed class AllocationsByType : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GarbageCollection = (EventKeywords)0x1;

    private readonly Dictionary<string, long> bytesByType = new(StringComparer.Ordinal);

    /// <summary>Prints the types that took the most bytes, per run.</summary>
    public void Report(int runs)
    {
        lock (bytesByType)
        {
            foreach (var (type, bytes) in bytesByType.OrderByDescending(pair => pair.Value).Take(20))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / runs / 1024.0,10:F0} KiB a run  {type}"));
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == RuntimeSource)
        {
            EnableEvents(source, EventLevel.Verbose, GarbageCollection);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")]?.ToString() ?? "?";
        var bytes = Convert.ToInt64(eventData.Payload[eventData.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);

        // Large objects apart: their budget, not gen0's, brings on the full collections.
        var kind = eventData.PayloadNames.IndexOf("AllocationKind");
        if (kind >= 0 && Convert.ToInt32(eventData.Payload[kind], CultureInfo.InvariantCulture) == 1)
        {
            type += " (large object heap)";
        }

        lock (bytesByType)
        {
            bytesByType[type] = bytesByType.GetValueOrDefault(type) + bytes;
        }
    }
}
