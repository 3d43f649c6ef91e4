using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace EgressDsl.Generator.Helpers
{
    /// <summary>
    /// An immutable array with value equality, so that incremental pipeline steps holding lists compare by content
    /// and stay cached (ImmutableArray compares by reference).
    /// </summary>
    /// <remarks>
    /// It keeps a private array rather than an ImmutableArray: the parser builds thousands of these per edit, and the
    /// netstandard2.0 <c>ImmutableArray.CreateRange</c> took a third of the parser's time on two- and three-element lists.
    /// The array is never handed out, so it is never changed after construction.
    /// </remarks>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

        private readonly T[]? items;

        public EquatableArray(ImmutableArray<T> items) => this.items = items.IsDefaultOrEmpty ? Array.Empty<T>() : items.ToArray();

        public EquatableArray(IEnumerable<T> items) => this.items = items is T[] array ? (T[])array.Clone() : items.ToArray();

        private EquatableArray(T[] items) => this.items = items;

        /// <summary>
        /// Takes an array without copying it. The caller built the array for this and must never change it afterwards;
        /// the copy the constructors make is what resolution paid most for, with small arrays built for every route.
        /// </summary>
        public static EquatableArray<T> Own(T[] items) => items.Length == 0 ? Empty : new(items);

        public int Count => Items.Length;

        public bool IsEmpty => Count == 0;

        public T this[int index] => Items[index];

        private T[] Items => items ?? Array.Empty<T>();

        public int IndexOf(T item)
        {
            var all = Items;
            for (var i = 0; i < all.Length; i++)
            {
                if (EqualityComparer<T>.Default.Equals(all[i], item))
                {
                    return i;
                }
            }

            return -1;
        }

        public bool Equals(EquatableArray<T> other)
        {
            var left = Items;
            var right = other.Items;
            if (ReferenceEquals(left, right))
            {
                return true;
            }

            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            var hash = FieldHash.Start;
            foreach (var item in Items)
            {
                hash = hash.And(item);
            }

            return hash.Value;
        }

        /// <summary>A struct enumerator, so that a foreach over the array allocates nothing.</summary>
        public Enumerator GetEnumerator() => new(Items);

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        /// <summary>Enumerates the items without allocating.</summary>
        public struct Enumerator
        {
            private readonly T[] items;
            private int index;

            internal Enumerator(T[] items)
            {
                this.items = items;
                index = -1;
            }

            public readonly T Current => items[index];

            public bool MoveNext() => ++index < items.Length;
        }
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
            where T : IEquatable<T> => new(items);

        public static EquatableArray<T> Create<T>(params T[] items)
            where T : IEquatable<T> => new(items);
    }
}
