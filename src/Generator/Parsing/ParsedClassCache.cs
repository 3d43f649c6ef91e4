using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// Parsed classes by the values they were parsed from, shared by the generator and the analyzers of one compiler or
    /// IDE process.
    /// </summary>
    /// <remarks>
    /// A build runs the generator and then the analyzers over the same classes, and the IDE runs the analyzers again
    /// after every edit; both would parse every class again. Parsing is a pure function of a <see cref="ClassSnapshot"/>,
    /// so an equal snapshot can take the earlier result. Only values are kept (no symbol or compilation), and the cache is
    /// emptied when it reaches <see cref="Capacity"/> entries, so it never holds more than a few projects' worth.
    /// </remarks>
    internal static class ParsedClassCache
    {
        public const int Capacity = 32_768;

        private static readonly ConcurrentDictionary<ClassSnapshot, ParsedClass> Entries = new();

        // The same snapshot instance comes back for an unchanged class (ClassSnapshot.Read), so most lookups find it here
        // without hashing its whole content.
        private static ConditionalWeakTable<ClassSnapshot, ParsedClass> byInstance = new();

        public static ParsedClass Parse(ClassSnapshot snapshot, CancellationToken cancellationToken)
        {
            if (byInstance.TryGetValue(snapshot, out var parsed))
            {
                return parsed;
            }

            if (!Entries.TryGetValue(snapshot, out parsed))
            {
                parsed = ClassParser.Parse(snapshot, cancellationToken);
                if (Entries.Count >= Capacity)
                {
                    Entries.Clear();
                }

                parsed = Entries.GetOrAdd(snapshot, parsed);
            }

            var found = parsed;
            return byInstance.GetValue(snapshot, _ => found);
        }

        /// <summary>Forgets everything, as a new compiler process starts: for benchmarks that measure cold runs.</summary>
        public static void Clear()
        {
            Entries.Clear();
            byInstance = new ConditionalWeakTable<ClassSnapshot, ParsedClass>();
        }
    }
}
