using System;
using System.Collections.Generic;
using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Emit.Documents
{
    // A small tree of mappings, sequences and typed scalars. The Istio and Envoy emitters build these trees; the YAML
    // and JSON writers serialise them. Keeping the tree separate from the writers means every document format shares
    // one quoting and typing policy, and the trees compare by value in cached pipeline steps.

    internal enum ScalarType { String, Integer, Boolean }

    internal abstract record DocumentNode;

    internal sealed record ScalarNode(string Value, ScalarType Type) : DocumentNode
    {
        public static ScalarNode Text(string value) => new(value, ScalarType.String);

        public static ScalarNode Number(long value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), ScalarType.Integer);

        public static ScalarNode Flag(bool value) => new(value ? "true" : "false", ScalarType.Boolean);
    }

    internal sealed record SequenceNode(EquatableArray<DocumentNode> Items) : DocumentNode;

    /// <summary>
    /// A sequence whose items are made as a writer reaches them, each written before the next is made.
    /// </summary>
    /// <remarks>
    /// For the sequences of thousands: a sidecar's virtual hosts at thousands of services, when they are written as trees
    /// (their kept texts are set in otherwise: <c>SidecarEmitter</c>). Made whole before they were written, their trees
    /// lived through the whole write and were promoted by the collector. It compares by the identity of its items, not
    /// their value: it is never a cache key.
    /// </remarks>
    internal sealed record StreamedSequenceNode(IEnumerable<DocumentNode> Items) : DocumentNode;

    internal sealed record MappingEntry(string Key, DocumentNode Value);

    internal sealed record MappingNode(EquatableArray<MappingEntry> Entries) : DocumentNode
    {
        public DocumentNode? this[string key]
        {
            get
            {
                foreach (var entry in Entries)
                {
                    if (entry.Key == key)
                    {
                        return entry.Value;
                    }
                }

                return null;
            }
        }
    }

    /// <summary>Builds a mapping in insertion order, leaving out absent values so documents only say what was declared.</summary>
    internal sealed class MappingBuilder
    {
        private readonly List<MappingEntry> entries = new();

        public bool IsEmpty => entries.Count == 0;

        public MappingBuilder Add(string key, DocumentNode? value)
        {
            if (value is not null)
            {
                entries.Add(new MappingEntry(key, value));
            }

            return this;
        }

        public MappingBuilder Add(string key, string? value) => value is null ? this : Add(key, ScalarNode.Text(value));

        public MappingBuilder Add(string key, long value) => Add(key, ScalarNode.Number(value));

        /// <summary>Adds a number unless it is zero, the DSL's "not set".</summary>
        public MappingBuilder AddNonZero(string key, long value) => value == 0 ? this : Add(key, value);

        public MappingBuilder Add(string key, bool value) => Add(key, ScalarNode.Flag(value));

        public MappingBuilder AddIfTrue(string key, bool value) => value ? Add(key, true) : this;

        /// <summary>Adds a nested mapping unless it came out empty.</summary>
        public MappingBuilder Add(string key, MappingBuilder? nested) => nested is null || nested.IsEmpty ? this : Add(key, nested.Build());

        public MappingBuilder AddStrings(string key, IReadOnlyCollection<string> values) =>
            values.Count == 0 ? this : Add(key, Nodes.Strings(values));

        public MappingBuilder AddNodes(string key, IReadOnlyCollection<DocumentNode> values) =>
            values.Count == 0 ? this : Add(key, new SequenceNode(values.ToEquatableArray()));

        public MappingNode Build() => new(EquatableArray<MappingEntry>.Own(entries.ToArray()));
    }

    internal static class Nodes
    {
        public static SequenceNode Strings(IEnumerable<string> values)
        {
            var items = new List<DocumentNode>();
            foreach (var value in values)
            {
                items.Add(ScalarNode.Text(value));
            }

            return new SequenceNode(items.ToEquatableArray());
        }

        public static SequenceNode Sequence(params DocumentNode[] items) => new(items.ToEquatableArray());

        /// <summary>The items of a sequence of either kind, as the writers take them; null for a node that is not a sequence.</summary>
        public static IEnumerable<DocumentNode>? Items(DocumentNode node) => node switch
        {
            SequenceNode sequence => sequence.Items,
            StreamedSequenceNode streamed => streamed.Items,
            _ => null,
        };

        public static MappingNode Map(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var builder = new MappingBuilder();
            foreach (var pair in pairs)
            {
                builder.Add(pair.Key, pair.Value);
            }

            return builder.Build();
        }

        public static MappingNode Map(string key, DocumentNode value) => new MappingBuilder().Add(key, value).Build();

        public static MappingNode Map(string key, string value) => new MappingBuilder().Add(key, value).Build();

        public static MappingNode Map(string key, long value) => new MappingBuilder().Add(key, value).Build();
    }
}
