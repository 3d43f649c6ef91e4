using System;
using System.Collections.Generic;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Finds, among the items added so far, those with a host that overlaps a given host (equal, or one a wildcard that
    /// covers the other, as <see cref="ProjectResolver.HostMatches"/> decides). Cross-class checks compare each class with
    /// the classes before it; comparing every pair costs seconds at thousands of services, an index costs a few
    /// lookups per host.
    /// </summary>
    /// <remarks>
    /// Resolution runs again after every edit, and most projects have few wildcard hosts: the index looks suffixes up
    /// only once it holds a wildcard, and indexes the hosts by suffix only once a wildcard asks for them. Each key keeps
    /// its items as a chain through one shared list rather than a list of its own, as most keys have a single item.
    /// </remarks>
    internal sealed class HostIndex
    {
        private readonly Chains exact = new();
        private readonly Chains wildcardsBySuffix = new();
        private readonly Chains hostsBySuffix = new();
        private readonly List<int> everything = new();
        private readonly List<(int Item, string Host)> added = new();
        private int addedBySuffix;

        public void Add(int item, string host)
        {
            added.Add((item, host));
            exact.Add(host, item);
            if (host == "*")
            {
                everything.Add(item);
            }
            else if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcardsBySuffix.Add(host.Substring(1), item);
            }
        }

        /// <summary>The items with a host overlapping <paramref name="host"/>, in ascending order, without duplicates.</summary>
        public IReadOnlyList<int> Overlapping(string host)
        {
            List<int>? found = null;
            Collect(host, ref found);
            return SortedDistinct(found);
        }

        /// <summary>The items with a host overlapping one of <paramref name="hosts"/>, in ascending order, without duplicates.</summary>
        public IReadOnlyList<int> Overlapping(IEnumerable<string> hosts)
        {
            List<int>? found = null;
            foreach (var host in hosts)
            {
                Collect(host, ref found);
            }

            return SortedDistinct(found);
        }

        private void Collect(string host, ref List<int>? found)
        {
            if (host == "*")
            {
                found ??= new List<int>();
                foreach (var entry in added)
                {
                    found.Add(entry.Item);
                }

                return;
            }

            if (everything.Count > 0)
            {
                (found ??= new List<int>()).AddRange(everything);
            }

            exact.CollectInto(host, ref found);
            if (wildcardsBySuffix.Count > 0)
            {
                for (var dot = FirstSuffix(host); dot >= 0; dot = NextSuffix(host, dot))
                {
                    wildcardsBySuffix.CollectInto(host.Substring(dot), ref found);
                }
            }

            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                IndexAddedBySuffix();
                hostsBySuffix.CollectInto(host.Substring(1), ref found);
            }
        }

        /// <summary>Brings <see cref="hostsBySuffix"/> up to date with every host added so far.</summary>
        private void IndexAddedBySuffix()
        {
            for (; addedBySuffix < added.Count; addedBySuffix++)
            {
                var (item, host) = added[addedBySuffix];
                if (host == "*")
                {
                    continue;
                }

                for (var dot = FirstSuffix(host); dot >= 0; dot = NextSuffix(host, dot))
                {
                    hostsBySuffix.Add(host.Substring(dot), item);
                }
            }
        }

        // The suffixes a wildcard can stand for start at each dot but a leading one: a.b.c has .b.c and .c.
        private static int FirstSuffix(string host) => host.Length > 1 ? host.IndexOf('.', 1) : -1;

        private static int NextSuffix(string host, int dot) => host.IndexOf('.', dot + 1);

        private static IReadOnlyList<int> SortedDistinct(List<int>? found)
        {
            if (found is null)
            {
                return Array.Empty<int>();
            }

            found.Sort();
            var distinct = 0;
            for (var i = 0; i < found.Count; i++)
            {
                if (distinct == 0 || found[i] != found[distinct - 1])
                {
                    found[distinct++] = found[i];
                }
            }

            found.RemoveRange(distinct, found.Count - distinct);
            return found;
        }

        /// <summary>Items by host, case-insensitively: each key points at its last item, which points at the one before.</summary>
        private sealed class Chains
        {
            private readonly Dictionary<string, int> lastByKey = new(StringComparer.OrdinalIgnoreCase);
            private readonly List<(int Item, int Previous)> links = new();

            public int Count => links.Count;

            public void Add(string key, int item)
            {
                var previous = lastByKey.TryGetValue(key, out var last) ? last : -1;
                lastByKey[key] = links.Count;
                links.Add((item, previous));
            }

            public void CollectInto(string key, ref List<int>? found)
            {
                if (!lastByKey.TryGetValue(key, out var link))
                {
                    return;
                }

                found ??= new List<int>();
                for (; link >= 0; link = links[link].Previous)
                {
                    found.Add(links[link].Item);
                }
            }
        }
    }
}
