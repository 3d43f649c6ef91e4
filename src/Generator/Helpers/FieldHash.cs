using System.Collections.Generic;

namespace EgressDsl.Generator.Helpers
{
    /// <summary>
    /// Combines hash codes in order (a record's fields, an <see cref="EquatableArray{T}"/>'s items): each by its type's
    /// default comparer, which is how a record's generated equality and the array's compare them, so equal values hash alike.
    /// </summary>
    internal struct FieldHash
    {
        private int hash;

        public static FieldHash Start => new() { hash = 17 };

        public FieldHash And<T>(T value)
        {
            hash = unchecked((hash * 31) + (value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(value)));
            return this;
        }

        public int Value => hash;
    }
}
