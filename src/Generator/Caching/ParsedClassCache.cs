using System.Threading;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Intents;

namespace EgressDsl.Generator.Caching
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

        private static readonly SharedResults<ClassSnapshot, ParsedClass> Results = new(Capacity, KeyLookup.InstanceThenValue);

        public static ParsedClass Parse(ClassSnapshot snapshot, CancellationToken cancellationToken) =>
            Results.GetOrAdd(snapshot, s => IntentParser.Declares(s) ? IntentParser.Parse(s, cancellationToken) : ClassParser.Parse(s, cancellationToken));

        /// <summary>Forgets everything, as a new compiler process starts: for benchmarks that measure cold runs.</summary>
        public static void Clear() => Results.Clear();
    }
}
