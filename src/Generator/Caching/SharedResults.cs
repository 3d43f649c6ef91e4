using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;

namespace EgressDsl.Generator.Caching
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
    /// Some keys come back as the same instance for what did not change (the snapshot reuse,
    /// <see cref="ResolvedProjectCache"/>), and those are found by reference, without hashing their whole
    /// content; others are made anew on every run and are found by value only (<see cref="KeyLookup"/>). The results kept
    /// by value are emptied when they reach the capacity, which bounds what a long-lived process holds.
    /// </para>
    /// </remarks>
    internal sealed class SharedResults<TKey, TValue>
        where TKey : class
        where TValue : class
    {
        private readonly int capacity;
        private readonly ConcurrentDictionary<TKey, TValue> entries = new();

        // Counted here: ConcurrentDictionary.Count takes every one of its locks (up to 1,024 as the table grows), which on
        // every lookup of a build's thousands was a measurable share of the generator's time in a warm compiler server.
        private int added;
        private readonly KeyLookup lookup;
        private ConditionalWeakTable<TKey, TValue> byInstance = new();

        /// <param name="capacity">How many results are kept by value before the cache empties itself.</param>
        /// <param name="lookup">How keys are found again (<see cref="KeyLookup"/>).</param>
        public SharedResults(int capacity, KeyLookup lookup)
        {
            this.capacity = capacity;
            this.lookup = lookup;
        }

        public int Count => entries.Count;

        /// <summary>
        /// The result kept for a key equal to <paramref name="key"/>, or <paramref name="make"/>'s, kept. Another thread may
        /// make the same result meanwhile; the first one kept wins, which is the same value (the function is pure).
        /// </summary>
        /// <remarks>A key found by value is hashed once; a new one twice, beside what making its result costs.</remarks>
        public TValue GetOrAdd(TKey key, Func<TKey, TValue> make)
        {
            if (lookup != KeyLookup.Value && byInstance.TryGetValue(key, out var known))
            {
                return known;
            }

            if (lookup == KeyLookup.Instance)
            {
                return byInstance.GetValue(key, k => make(k));
            }

            if (!entries.TryGetValue(key, out var kept))
            {
                // A miss hashes the key a second time, next to making the result, which costs far more.
                kept = entries.GetOrAdd(key, make);
                if (Interlocked.Increment(ref added) > capacity)
                {
                    // Full: emptied, keeping only what was just asked for.
                    entries.Clear();
                    entries.TryAdd(key, kept);
                    Interlocked.Exchange(ref added, 1);
                }
            }

            if (lookup == KeyLookup.InstanceThenValue)
            {
                byInstance.GetValue(key, _ => kept);
            }

            return kept;
        }

        /// <summary>Forgets everything, as a new process starts: for benchmarks of cold runs and for tests.</summary>
        public void Clear()
        {
            entries.Clear();
            Interlocked.Exchange(ref added, 0);
            byInstance = new ConditionalWeakTable<TKey, TValue>();
        }
    }

    /// <summary>How a <see cref="SharedResults{TKey, TValue}"/> finds the result of a key it was asked for before.</summary>
    internal enum KeyLookup
    {
        /// <summary>
        /// By value only: keys are made anew on every run (a resolved class, the inputs of an Envoy part). A table by instance
        /// would gain nothing, and each of its entries costs the runtime a dependent handle that every collection walks.
        /// </summary>
        Value,

        /// <summary>By instance first, then by value: the same instance often comes back (a snapshot reused for an unchanged class).</summary>
        InstanceThenValue,

        /// <summary>
        /// By instance only: an equal key is always the same instance (a resolved project from
        /// <see cref="ResolvedProjectCache"/>), so a lookup by value would only hash the whole key to miss.
        /// Entries live as long as their keys.
        /// </summary>
        Instance,
    }
}
