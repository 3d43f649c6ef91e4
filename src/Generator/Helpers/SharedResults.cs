using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EgressDsl.Generator.Helpers
{
    /// <summary>
    /// Results of a pure function by the value of its argument, kept for every run of the generator and the analyzers in one
    /// compiler or IDE process.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The compiler server keeps EgressDsl loaded between builds, but Roslyn starts every build with a new generator
    /// driver (it keeps a project's driver only with the <c>enable-generator-cache</c> feature, which is off by default), so
    /// without these a build parses, renders and packs every class and proxy again, however little changed. The keys are
    /// values (snapshots, resolved classes, resolved projects), never symbols or compilations, so nothing of a
    /// compilation outlives it.
    /// </para>
    /// <para>
    /// The same key instance comes back for what did not change (the snapshot reuse, <see cref="Resolution.ResolvedProjectCache"/>),
    /// so most lookups find it by reference, without hashing its whole content. The cache is emptied when it reaches its
    /// capacity, which bounds what a long-lived process holds.
    /// </para>
    /// </remarks>
    internal sealed class SharedResults<TKey, TValue>
        where TKey : class
        where TValue : class
    {
        private readonly int capacity;
        private readonly ConcurrentDictionary<TKey, TValue> entries = new();
        private ConditionalWeakTable<TKey, TValue> byInstance = new();

        public SharedResults(int capacity) => this.capacity = capacity;

        public int Count => entries.Count;

        /// <summary>
        /// The result kept for a key equal to <paramref name="key"/>, or <paramref name="make"/>'s, kept. Another thread may
        /// make the same result meanwhile; the first one kept wins, which is the same value (the function is pure).
        /// </summary>
        /// <remarks>The key is hashed once, found or not: a key such as a whole resolved project costs a pass over the project.</remarks>
        public TValue GetOrAdd(TKey key, Func<TKey, TValue> make)
        {
            if (byInstance.TryGetValue(key, out var known))
            {
                return known;
            }

            var kept = entries.GetOrAdd(key, make);
            if (entries.Count > capacity)
            {
                // Full: emptied, keeping only what was just asked for.
                entries.Clear();
                entries.TryAdd(key, kept);
            }

            byInstance.GetValue(key, _ => kept);
            return kept;
        }

        /// <summary>Forgets everything, as a new process starts: for benchmarks of cold runs and for tests.</summary>
        public void Clear()
        {
            entries.Clear();
            byInstance = new ConditionalWeakTable<TKey, TValue>();
        }
    }
}
