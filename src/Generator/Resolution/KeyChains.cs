using System.Collections.Generic;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Items by string key, several to a key. Each key points at its last item and each item at the one added before it
    /// under the same key, all in one list: resolution builds these from scratch after every edit, and most keys have a
    /// single item, so a list per key would be most of the cost.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    internal sealed class KeyChains<T>
    {
        private readonly Dictionary<string, int> lastByKey;
        private readonly List<(T Item, int Previous)> links;

        public KeyChains(IEqualityComparer<string> comparer, int capacity = 0)
        {
            lastByKey = new Dictionary<string, int>(capacity, comparer);
            links = new List<(T Item, int Previous)>(capacity);
        }

        /// <summary>How many items there are under all keys.</summary>
        public int Count => links.Count;

        public void Add(string key, T item)
        {
            var previous = lastByKey.TryGetValue(key, out var last) ? last : -1;
            lastByKey[key] = links.Count;
            links.Add((item, previous));
        }

        /// <summary>The link of the last item added under the key, or -1; follow <see cref="Previous"/> from there.</summary>
        public int Last(string key) => lastByKey.TryGetValue(key, out var link) ? link : -1;

        /// <summary>The link of the item added under the same key before this one, or -1.</summary>
        public int Previous(int link) => links[link].Previous;

        public T Item(int link) => links[link].Item;
    }
}
