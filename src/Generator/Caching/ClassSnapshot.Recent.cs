using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

// In Parsing's namespace because a partial declaration must share it; in Caching/ because the table exists for speed only.
namespace EgressDsl.Generator.Parsing
{
    /// <summary>The reading of a class that hands back the last snapshot when nothing in it changed.</summary>
    /// <remarks>
    /// Roslyn reruns the attribute transform for every attributed class after any edit. The transform used to parse (about
    /// 30 µs a class); copying alone is a few µs, and an unchanged class checked in place is neither copied nor allocated.
    /// </remarks>
    internal sealed partial record ClassSnapshot
    {
        private const int RecentCapacity = 65_536;

        // The last snapshot read for each class, by its name and the file of its role attribute. After an edit most classes
        // are unchanged: checking the attributes against the last snapshot in place allocates nothing, and handing back the
        // same instance makes Roslyn's comparison of old and new a reference check.
        private static readonly ConcurrentDictionary<(string Name, string Path), ClassSnapshot> Recent = new();

        /// <summary>The class's snapshot: the last one read for it when nothing it holds has changed, otherwise a new one.</summary>
        public static ClassSnapshot Read(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            // Found once: the key, the check against the last snapshot and a new snapshot all need it.
            var role = RoleAttributeReference(type);
            if (role is null)
            {
                return Build(type, role, cancellationToken);
            }

            var key = (type.Name, role.SyntaxTree.FilePath);
            if (Recent.TryGetValue(key, out var recent) && recent.Matches(type, role, cancellationToken))
            {
                return recent;
            }

            var snapshot = Build(type, role, cancellationToken);
            if (Recent.Count >= RecentCapacity)
            {
                Recent.Clear();
            }

            Recent[key] = snapshot;
            return snapshot;
        }

        /// <summary>Forgets the last snapshots, as a new compiler process starts: for benchmarks that measure cold runs.</summary>
        public static void ForgetRecent() => Recent.Clear();
    }
}
