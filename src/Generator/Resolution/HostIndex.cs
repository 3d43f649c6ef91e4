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
    internal sealed class HostIndex
    {
        private readonly Dictionary<string, List<int>> exact = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<int>> wildcardsBySuffix = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<int>> hostsBySuffix = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<int> everything = new();
        private readonly List<int> all = new();

        public void Add(int item, string host)
        {
            all.Add(item);
            Append(exact, host, item);
            if (host == "*")
            {
                everything.Add(item);
                return;
            }

            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                Append(wildcardsBySuffix, host.Substring(1), item);
            }

            foreach (var suffix in Suffixes(host))
            {
                Append(hostsBySuffix, suffix, item);
            }
        }

        /// <summary>The items with a host overlapping <paramref name="host"/>, in ascending order, without duplicates.</summary>
        public IEnumerable<int> Overlapping(IEnumerable<string> hosts)
        {
            var found = new SortedSet<int>();
            foreach (var host in hosts)
            {
                if (host == "*")
                {
                    found.UnionWith(all);
                    continue;
                }

                found.UnionWith(everything);
                AddFrom(exact, host, found);
                foreach (var suffix in Suffixes(host))
                {
                    AddFrom(wildcardsBySuffix, suffix, found);
                }

                if (host.StartsWith("*.", StringComparison.Ordinal))
                {
                    AddFrom(hostsBySuffix, host.Substring(1), found);
                }
            }

            return found;
        }

        /// <summary><c>a.b.c</c> gives <c>.b.c</c> and <c>.c</c>: the suffixes a wildcard can stand for.</summary>
        private static IEnumerable<string> Suffixes(string host)
        {
            for (var dot = host.IndexOf('.', 1); dot >= 0; dot = host.IndexOf('.', dot + 1))
            {
                yield return host.Substring(dot);
            }
        }

        private static void Append(Dictionary<string, List<int>> index, string key, int item)
        {
            if (!index.TryGetValue(key, out var items))
            {
                index[key] = items = new List<int>();
            }

            items.Add(item);
        }

        private static void AddFrom(Dictionary<string, List<int>> index, string key, SortedSet<int> found)
        {
            if (index.TryGetValue(key, out var items))
            {
                found.UnionWith(items);
            }
        }
    }
}
