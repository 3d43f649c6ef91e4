using System.Collections.Generic;
using EgressDsl.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing.Intents
{
    /// <summary>
    /// A low-level attribute written by an intent's expansion, as <see cref="AttributeSnapshot"/> would have read it from
    /// source: <see cref="ClassParser"/> then parses the expansion with the same rules and into the same models as
    /// attributes a user writes. It carries the intent attribute's ordinal, so anything said about it points at the intent.
    /// </summary>
    internal sealed class SyntheticAttribute
    {
        private readonly string shortName;
        private readonly int ordinal;
        private readonly List<ArgumentSnapshot> arguments = new();

        public SyntheticAttribute(string shortName, int ordinal)
        {
            this.shortName = shortName;
            this.ordinal = ordinal;
        }

        /// <summary>A string argument; a null value is left out, as an unset property is.</summary>
        public SyntheticAttribute With(string name, string? value)
        {
            if (value is not null)
            {
                arguments.Add(new ArgumentSnapshot(name, TypedConstantKind.Primitive, value, false, EquatableArray<ArgumentSnapshot>.Empty));
            }

            return this;
        }

        public SyntheticAttribute With(string name, int value)
        {
            arguments.Add(new ArgumentSnapshot(name, TypedConstantKind.Primitive, value, false, EquatableArray<ArgumentSnapshot>.Empty));
            return this;
        }

        public SyntheticAttribute With(string name, bool value)
        {
            arguments.Add(new ArgumentSnapshot(name, TypedConstantKind.Primitive, value, false, EquatableArray<ArgumentSnapshot>.Empty));
            return this;
        }

        /// <summary>An enum argument, held as Roslyn holds it: its underlying value.</summary>
        public SyntheticAttribute WithEnum(string name, int value)
        {
            arguments.Add(new ArgumentSnapshot(name, TypedConstantKind.Enum, value, false, EquatableArray<ArgumentSnapshot>.Empty));
            return this;
        }

        /// <summary>A string array argument; null or empty is left out.</summary>
        public SyntheticAttribute With(string name, IReadOnlyList<string?>? values)
        {
            if (values is null || values.Count == 0)
            {
                return this;
            }

            var elements = new ArgumentSnapshot[values.Count];
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = new ArgumentSnapshot(null, TypedConstantKind.Primitive, values[i], values[i] is null, EquatableArray<ArgumentSnapshot>.Empty);
            }

            arguments.Add(new ArgumentSnapshot(name, TypedConstantKind.Array, null, false, EquatableArray<ArgumentSnapshot>.Own(elements)));
            return this;
        }

        /// <summary>A <c>typeof</c> argument naming a class of the expansion, or a class the user named.</summary>
        public SyntheticAttribute With(string name, TypeReference? type)
        {
            if (type is not null)
            {
                arguments.Add(new ArgumentSnapshot(name, TypedConstantKind.Type, type, false, EquatableArray<ArgumentSnapshot>.Empty));
            }

            return this;
        }

        public AttributeSnapshot Build() => new(shortName, ordinal, true, EquatableArray<ArgumentSnapshot>.Own(arguments.ToArray()));
    }
}
