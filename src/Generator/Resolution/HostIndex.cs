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
    /// only once it holds a wildcard, and indexes the hosts by suffix only once a wildcard asks for them.
    /// </remarks>
    internal sealed class HostIndex
    {
        private readonly KeyChains<int> exact = new(StringComparer.OrdinalIgnoreCase);
        private readonly KeyChains<int> wildcardsBySuffix = new(StringComparer.OrdinalIgnoreCase);
        private readonly KeyChains<int> hostsBySuffix = new(StringComparer.OrdinalIgnoreCase);
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

            CollectInto(exact, host, ref found);
            if (wildcardsBySuffix.Count > 0)
            {
                for (var dot = FirstSuffix(host); dot >= 0; dot = NextSuffix(host, dot))
                {
                    CollectInto(wildcardsBySuffix, host.Substring(dot), ref found);
                }
            }

            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                IndexAddedBySuffix();
                CollectInto(hostsBySuffix, host.Substring(1), ref found);
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

        private static void CollectInto(KeyChains<int> index, string key, ref List<int>? found)
        {
            for (var link = index.Last(key); link >= 0; link = index.Previous(link))
            {
                (found ??= new List<int>()).Add(index.Item(link));
            }
        }

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
    }
}
