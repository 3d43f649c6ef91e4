using System.Collections.Generic;
using System.Text;

// Compiled into EgressDsl.Abstractions (the run-time reader) and, as a linked source, into EgressDsl.Tasks (the build task),
// so the text user code reads and the file the build writes come from the same code.
namespace EgressDsl
{
    /// <summary>
    /// Which text of a packed file (<see cref="PackedFiles"/>) holds its content, and how it becomes the file's text. The
    /// generator (src/Generator/Emit/Documents/FilePacker.cs) packs exactly one of them next to <c>Path</c>.
    /// </summary>
    internal static class ManifestContent
    {
        /// <summary>An Istio or Kubernetes resource's YAML, written as it is.</summary>
        public const string Yaml = "Yaml";

        /// <summary>Any other text, written as it is.</summary>
        public const string Text = "Content";

        /// <summary>JSON without insignificant whitespace, written indented (<see cref="JsonLayout"/>).</summary>
        public const string CompactJson = "CompactJson";

        private static readonly string[] Constants = { CompactJson, Yaml, Text };

        /// <summary>Whether the file has its content in one of the texts <see cref="Read"/> reads.</summary>
        public static bool Declares(IReadOnlyDictionary<string, string> constants)
        {
            foreach (var name in Constants)
            {
                if (constants.ContainsKey(name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The file's text as the build writes it, or null when the file has no content text.</summary>
        public static string? Read(IReadOnlyDictionary<string, string> constants)
        {
            if (constants.TryGetValue(CompactJson, out var json))
            {
                return JsonLayout.Indent(json);
            }

            return constants.TryGetValue(Yaml, out var text) || constants.TryGetValue(Text, out text) ? text : null;
        }
    }

    /// <summary>
    /// Lays out JSON the way the generator's JsonWriter writes files: two-space indentation, <c>"key": value</c>,
    /// <c>\n</c> line ends and a final newline, and <c>{}</c> or <c>[]</c> for an empty object or array.
    /// </summary>
    /// <remarks>
    /// The generator embeds compact JSON because at a thousand services the indentation alone is megabytes of C# the
    /// compiler has to parse, bind and emit. Strings are copied untouched, escapes included, so the bytes of every
    /// value are the writer's. Whitespace outside strings is skipped, so already indented JSON comes back unchanged.
    /// </remarks>
    internal static class JsonLayout
    {
        private const string Indentation = "  ";

        public static string Indent(string json)
        {
            // Indentation and "\n" roughly double compact JSON; a builder that never grows copies nothing.
            var builder = new StringBuilder(json.Length * 2);
            var depth = 0;
            for (var i = 0; i < json.Length; i++)
            {
                var c = json[i];
                switch (c)
                {
                    case '"':
                        i = CopyString(json, i, builder);
                        break;
                    case '{':
                    case '[':
                        var close = c == '{' ? '}' : ']';
                        var next = SkipWhitespace(json, i + 1);
                        if (next < json.Length && json[next] == close)
                        {
                            builder.Append(c).Append(close);
                            i = next;
                        }
                        else
                        {
                            builder.Append(c);
                            NewLine(builder, ++depth);
                        }

                        break;
                    case '}':
                    case ']':
                        NewLine(builder, --depth);
                        builder.Append(c);
                        break;
                    case ',':
                        builder.Append(',');
                        NewLine(builder, depth);
                        break;
                    case ':':
                        builder.Append(": ");
                        break;
                    case ' ':
                    case '\t':
                    case '\n':
                    case '\r':
                        break;
                    default:
                        // Numbers, true, false and null.
                        builder.Append(c);
                        break;
                }
            }

            return builder.Append('\n').ToString();
        }

        /// <summary>Copies the string literal that opens at <paramref name="start"/>; returns the index of its closing quote.</summary>
        private static int CopyString(string json, int start, StringBuilder builder)
        {
            var end = start + 1;
            while (end < json.Length && json[end] != '"')
            {
                // An escape is two characters (\uXXXX continues with plain hex digits), so an escaped quote never ends the string.
                end += json[end] == '\\' ? 2 : 1;
            }

            end = end < json.Length ? end : json.Length - 1;
            builder.Append(json, start, end - start + 1);
            return end;
        }

        private static int SkipWhitespace(string json, int index)
        {
            while (index < json.Length && json[index] is ' ' or '\t' or '\n' or '\r')
            {
                index++;
            }

            return index;
        }

        private static void NewLine(StringBuilder builder, int depth)
        {
            builder.Append('\n');
            for (var i = 0; i < depth; i++)
            {
                builder.Append(Indentation);
            }
        }
    }
}
