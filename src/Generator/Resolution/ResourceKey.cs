using System;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// A manifest by kind, namespace (empty when unset) and name: two classes must not write the same one.
    /// </summary>
    internal readonly struct ResourceKey : IEquatable<ResourceKey>
    {
        public ResourceKey(string kind, string? ns, string name)
        {
            Kind = kind;
            Namespace = ns ?? string.Empty;
            Name = name;
        }

        public string Kind { get; }

        public string Namespace { get; }

        public string Name { get; }

        public bool Equals(ResourceKey other) =>
            string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Kind, other.Kind, StringComparison.Ordinal) && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is ResourceKey other && Equals(other);

        public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Name) * 31) + StringComparer.Ordinal.GetHashCode(Kind));
    }
}
