using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EgressDsl.Generator.Emit.Documents
{
    /// <summary>
    /// Writes a document tree as JSON. Everything outside printable ASCII is escaped, so the bytes never depend on an
    /// encoding or an editor.
    /// </summary>
    /// <remarks>
    /// The files the build writes are <see cref="Indented"/>: two-space indentation, <c>"key": value</c>, <c>\n</c> line ends
    /// and a final newline, the layout of the Envoy samples in the mapping note, so a generated file diffs cleanly against
    /// them. The generator embeds <see cref="Compact"/> JSON instead (about 57% of the size, which the compiler parses,
    /// binds and emits at scale), and the readers restore the indented text with <c>JsonLayout</c>
    /// (src/Abstractions/ManifestContent.cs); tests hold that restoration equal to <see cref="Indented"/>.
    /// </remarks>
    internal static class JsonWriter
    {
        private const string Indentation = "  ";

        // Compact writes each of the thousands of resources of a proxy on its own, and one builder serves them all. It is
        // kept up to the size of a proxy's largest resources (its listeners and route configurations, which list every
        // host: megabytes at a few thousand services), since a builder made anew for each of those grew chunk by chunk; a
        // builder of many chunks, cleared, keeps one chunk of about their size. One builder for the process, not one per
        // thread, bounds what a long-lived compiler server holds; a thread that finds it taken writes with its own.
        private const int ReusedBuilderCapacity = 1 << 22;

        private static StringBuilder? reusedBuilder;

        // Below the large object heap's threshold (85,000 bytes): see CompactJson.
        private const int PieceLength = 32 * 1024;

        /// <summary>No insignificant whitespace: the form the generated constants hold.</summary>
        public static string Compact(DocumentNode document) => WriteCompact(document, static builder => builder.ToString());

        /// <summary>
        /// <see cref="Compact"/>'s text, in pieces when it is large (<see cref="CompactJson"/>). The text is ASCII (everything
        /// else is escaped), so a piece never ends inside a character.
        /// </summary>
        public static CompactJson CompactPieces(DocumentNode document) => WriteCompact(document, static builder =>
        {
            if (builder.Length <= PieceLength)
            {
                return (CompactJson)builder.ToString();
            }

            var pieces = new string[(builder.Length + PieceLength - 1) / PieceLength];
            for (var i = 0; i < pieces.Length; i++)
            {
                var start = i * PieceLength;
                pieces[i] = builder.ToString(start, System.Math.Min(PieceLength, builder.Length - start));
            }

            return CompactJson.Of(pieces);
        });

        private static T WriteCompact<T>(DocumentNode document, System.Func<StringBuilder, T> text)
        {
            var builder = System.Threading.Interlocked.Exchange(ref reusedBuilder, null) ?? new StringBuilder(4096);
            builder.Clear();
            Write(builder, document, depth: 0, indented: false);
            var result = text(builder);
            if (builder.Capacity <= ReusedBuilderCapacity)
            {
                System.Threading.Interlocked.Exchange(ref reusedBuilder, builder);
            }

            return result;
        }

        /// <summary>
        /// The compact JSON array of items each written by <see cref="Compact"/>: the same text as <see cref="Compact"/> of a
        /// sequence of their trees. A caller that produces the items one at a time never holds every item's tree at once,
        /// and one that kept an item's text from an earlier build need not build its tree at all.
        /// </summary>
        public static string CompactArray(IEnumerable<CompactJson> compactItems)
        {
            // A proxy's configuration runs to megabytes at scale; a larger first chunk means fewer, larger chunks after it.
            var builder = new StringBuilder(1 << 16);
            foreach (var piece in CompactArrayPieces(compactItems))
            {
                builder.Append(piece);
            }

            return builder.ToString();
        }

        /// <summary>The text of <see cref="CompactArray"/> in pieces, for a caller that packs it without building it whole.</summary>
        public static IEnumerable<string> CompactArrayPieces(IEnumerable<CompactJson> compactItems)
        {
            yield return "[";
            var first = true;
            foreach (var item in compactItems)
            {
                if (!first)
                {
                    yield return ",";
                }

                first = false;
                for (var i = 0; i < item.Count; i++)
                {
                    yield return item[i];
                }
            }

            yield return "]";
        }

        /// <summary>
        /// <paramref name="skeleton"/> (compact JSON) with the array that holds only the string <paramref name="placeholder"/>
        /// replaced by the array of <paramref name="items"/> (each compact JSON, written by <see cref="Compact"/> or kept from
        /// an earlier build), in pieces: the text before, the items and their commas, the text after; none of them is
        /// copied. Null when that array is not found exactly once (a value of the skeleton equal to the placeholder), for the
        /// caller to write the whole tree instead.
        /// </summary>
        public static CompactJson? Splice(string skeleton, string placeholder, IReadOnlyList<string> items)
        {
            var builder = new StringBuilder(placeholder.Length + 4).Append('[');
            WriteString(builder, placeholder);
            var marker = builder.Append(']').ToString();
            var at = skeleton.IndexOf(marker, System.StringComparison.Ordinal);
            if (at < 0 || skeleton.IndexOf(marker, at + 1, System.StringComparison.Ordinal) >= 0)
            {
                return null;
            }

            return CompactJson.Of(new SeparatedPieces(skeleton.Substring(0, at + 1), items, ",", skeleton.Substring(at + marker.Length - 1)));
        }

        /// <summary>The pieces <c>first, item, separator, item, …, item, last</c>, read by index without a list of them all.</summary>
        private sealed class SeparatedPieces : IReadOnlyList<string>
        {
            private readonly string first;
            private readonly IReadOnlyList<string> items;
            private readonly string separator;
            private readonly string last;

            public SeparatedPieces(string first, IReadOnlyList<string> items, string separator, string last)
            {
                this.first = first;
                this.items = items;
                this.separator = separator;
                this.last = last;
            }

            public int Count => items.Count == 0 ? 2 : (2 * items.Count) + 1;

            public string this[int index]
            {
                get
                {
                    if (index == 0)
                    {
                        return first;
                    }

                    if (index == Count - 1)
                    {
                        return last;
                    }

                    return (index - 1) % 2 == 0 ? items[(index - 1) / 2] : separator;
                }
            }

            public IEnumerator<string> GetEnumerator()
            {
                for (var i = 0; i < Count; i++)
                {
                    yield return this[i];
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>
        /// The layout of the written files. The readers produce it from <see cref="Compact"/>; here it is the reference
        /// the tests hold their layout to.
        /// </summary>
        public static string Indented(DocumentNode document)
        {
            var builder = new StringBuilder(4096);
            Write(builder, document, depth: 0, indented: true);
            builder.Append('\n');
            return builder.ToString();
        }

        private static void Write(StringBuilder builder, DocumentNode node, int depth, bool indented)
        {
            switch (node)
            {
                case MappingNode mapping when mapping.Entries.IsEmpty:
                    builder.Append("{}");
                    break;
                case MappingNode mapping:
                    builder.Append('{');
                    for (var i = 0; i < mapping.Entries.Count; i++)
                    {
                        Separate(builder, i, depth + 1, indented);
                        WriteString(builder, mapping.Entries[i].Key);
                        builder.Append(indented ? ": " : ":");
                        Write(builder, mapping.Entries[i].Value, depth + 1, indented);
                    }

                    NewLine(builder, depth, indented);
                    builder.Append('}');
                    break;
                case SequenceNode or StreamedSequenceNode:
                    WriteSequence(builder, Nodes.Items(node)!, depth, indented);
                    break;
                case ScalarNode { Type: ScalarType.String } scalar:
                    WriteString(builder, scalar.Value);
                    break;
                case ScalarNode scalar:
                    // Integers and booleans are created from typed values (ScalarNode.Number, ScalarNode.Flag), so their text is already JSON.
                    builder.Append(scalar.Value);
                    break;
            }
        }

        /// <summary>An array; <c>[]</c> when empty, at any depth and in either layout.</summary>
        private static void WriteSequence(StringBuilder builder, IEnumerable<DocumentNode> items, int depth, bool indented)
        {
            builder.Append('[');
            var count = 0;
            foreach (var item in items)
            {
                Separate(builder, count++, depth + 1, indented);
                Write(builder, item, depth + 1, indented);
            }

            if (count > 0)
            {
                NewLine(builder, depth, indented);
            }

            builder.Append(']');
        }

        /// <summary>What goes before the <paramref name="index"/>th entry or item of a non-empty object or array.</summary>
        private static void Separate(StringBuilder builder, int index, int depth, bool indented)
        {
            if (index > 0)
            {
                builder.Append(',');
            }

            NewLine(builder, depth, indented);
        }

        private static void NewLine(StringBuilder builder, int depth, bool indented)
        {
            if (indented)
            {
                builder.Append('\n');
                Indent(builder, depth);
            }
        }

        private static void Indent(StringBuilder builder, int depth)
        {
            for (var i = 0; i < depth; i++)
            {
                builder.Append(Indentation);
            }
        }

        /// <summary>A JSON string literal (RFC 8259) holding exactly <paramref name="value"/>.</summary>
        public static void WriteString(StringBuilder builder, string value)
        {
            builder.Append('"');
            if (!NeedsEscaping(value))
            {
                // Almost every key and value is plain ASCII: one append instead of one per character.
                builder.Append(value).Append('"');
                return;
            }

            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    default:
                        if (c < 0x20 || c > 0x7E)
                        {
                            // UTF-16 code units, so a character outside the BMP becomes its surrogate pair, as JSON requires.
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }

        private static bool NeedsEscaping(string value)
        {
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
