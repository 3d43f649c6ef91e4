using System.Globalization;
using System.Text;

namespace EgressDsl.Generator.Emit.Documents
{
    /// <summary>
    /// Writes a document tree as JSON: two-space indentation, <c>"key": value</c>, <c>\n</c> line ends and a final newline,
    /// the layout of the Envoy samples in the mapping note, so a generated file diffs cleanly against them. Everything
    /// outside printable ASCII is escaped, so the bytes never depend on an encoding or an editor.
    /// </summary>
    internal static class JsonWriter
    {
        private const string Indentation = "  ";

        public static string Write(DocumentNode document)
        {
            var builder = new StringBuilder(4096);
            Write(builder, document, 0);
            builder.Append('\n');
            return builder.ToString();
        }

        private static void Write(StringBuilder builder, DocumentNode node, int depth)
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
                        builder.Append(i == 0 ? "\n" : ",\n");
                        Indent(builder, depth + 1);
                        WriteString(builder, mapping.Entries[i].Key);
                        builder.Append(": ");
                        Write(builder, mapping.Entries[i].Value, depth + 1);
                    }

                    builder.Append('\n');
                    Indent(builder, depth);
                    builder.Append('}');
                    break;
                case SequenceNode sequence when sequence.Items.IsEmpty:
                    builder.Append("[]");
                    break;
                case SequenceNode sequence:
                    builder.Append('[');
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        builder.Append(i == 0 ? "\n" : ",\n");
                        Indent(builder, depth + 1);
                        Write(builder, sequence.Items[i], depth + 1);
                    }

                    builder.Append('\n');
                    Indent(builder, depth);
                    builder.Append(']');
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
    }
}
