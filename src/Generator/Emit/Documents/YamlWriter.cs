using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EgressDsl.Generator.Emit.Documents
{
    /// <summary>
    /// Writes a document tree as YAML with YamlDotNet. Strings that a YAML 1.1 or 1.2 reader would take for something
    /// else (<c>on</c>, <c>yes</c>, <c>0x1F</c>, <c>1e3</c>, <c>443</c>, <c>~</c>, a leading <c>*</c>...) are double-quoted,
    /// so every string reads back exactly as written.
    /// </summary>
    internal static class YamlWriter
    {
        // Words YAML 1.1 reads as booleans or null: they stay strings only when quoted.
        private static readonly System.Collections.Generic.HashSet<string> NonStringWords = new(System.StringComparer.Ordinal)
        {
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
            "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
        };

        public static string Write(MappingNode document) => WriteDocument(document);

        /// <summary>
        /// <paramref name="item"/> as an item of a block sequence at the left margin: <c>- </c> before its first line, two
        /// spaces before the others. A document that holds the item in a block sequence has this text, each line shifted to
        /// the sequence's column (lines are never folded, and a block sequence starts each item on a new line), which is what
        /// <see cref="Splice"/> relies on.
        /// </summary>
        public static string WriteItem(DocumentNode item) => WriteDocument(new SequenceNode(Helpers.EquatableArray<DocumentNode>.Own(new[] { item })));

        /// <summary><see cref="WriteItem(DocumentNode)"/> shifted to <paramref name="column"/>, as an item of a sequence at that column.</summary>
        public static string WriteItem(DocumentNode item, int column) => Shift(WriteItem(item), column);

        /// <summary>
        /// The text of a document (<paramref name="skeleton"/>, as <see cref="Write(MappingNode)"/> wrote it, or as kept from
        /// an earlier build), in which one block sequence holds the string <paramref name="placeholder"/> as its only item,
        /// with that item replaced by <paramref name="items"/> (each written by <see cref="WriteItem(DocumentNode)"/>, or kept
        /// from an earlier build), shifted to the sequence's column; in pieces of whole lines, for a caller that packs the
        /// text without building it whole (<see cref="TextPacker.Pack(IEnumerable{string})"/>). Items written for the
        /// sequence's column already (<see cref="WriteItem(DocumentNode, int)"/>, <paramref name="itemsColumn"/>) are set in
        /// as they are. Null when the placeholder's line is not found exactly once (a value of the document equal to it), or
        /// is at another column than <paramref name="itemsColumn"/>, for the caller to write the whole tree instead.
        /// </summary>
        /// <remarks>
        /// YamlDotNet analyses every scalar it writes; a document the size of a mesh spends most of its time there. Items
        /// written once and kept (the bootstrap's clusters, one per service and subset) are not analysed again.
        /// </remarks>
        public static IReadOnlyList<string>? Splice(string skeleton, string placeholder, IReadOnlyList<string> items, int? itemsColumn = null)
        {
            var marker = WriteItem(ScalarNode.Text(placeholder));
            var found = -1;
            var indentation = 0;
            for (var at = skeleton.IndexOf(marker, System.StringComparison.Ordinal); at >= 0; at = skeleton.IndexOf(marker, at + 1, System.StringComparison.Ordinal))
            {
                var lineStart = at;
                while (lineStart > 0 && skeleton[lineStart - 1] == ' ')
                {
                    lineStart--;
                }

                if (lineStart > 0 && skeleton[lineStart - 1] != '\n')
                {
                    continue;
                }

                if (found >= 0)
                {
                    return null;
                }

                found = lineStart;
                indentation = at - lineStart;
            }

            if (found < 0 || (itemsColumn is { } column && column != indentation))
            {
                return null;
            }

            var pieces = new List<string>(items.Count + 2) { skeleton.Substring(0, found) };
            foreach (var item in items)
            {
                pieces.Add(itemsColumn is null ? Shift(item, indentation) : item);
            }

            var rest = found + indentation + marker.Length;
            pieces.Add(skeleton.Substring(rest));
            return pieces;
        }

        /// <summary><paramref name="lines"/> with <paramref name="indentation"/> spaces before each line.</summary>
        private static string Shift(string lines, int indentation)
        {
            if (indentation == 0)
            {
                return lines;
            }

            var builder = new System.Text.StringBuilder(lines.Length + (indentation * 32));
            for (var lineStart = 0; lineStart < lines.Length;)
            {
                var lineEnd = lines.IndexOf('\n', lineStart);
                lineEnd = lineEnd < 0 ? lines.Length : lineEnd + 1;
                builder.Append(' ', indentation).Append(lines, lineStart, lineEnd - lineStart);
                lineStart = lineEnd;
            }

            return builder.ToString();
        }

        private static string WriteDocument(DocumentNode root)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n", true));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, true));
            Write(emitter, root);
            emitter.Emit(new DocumentEnd(true));
            emitter.Emit(new StreamEnd());
            return writer.ToString().Replace("\r\n", "\n");
        }

        private static void Write(IEmitter emitter, DocumentNode node)
        {
            switch (node)
            {
                case MappingNode mapping:
                    emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                    foreach (var entry in mapping.Entries)
                    {
                        WriteString(emitter, entry.Key);
                        Write(emitter, entry.Value);
                    }

                    emitter.Emit(new MappingEnd());
                    break;
                case SequenceNode or StreamedSequenceNode:
                    emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                    foreach (var item in Nodes.Items(node)!)
                    {
                        Write(emitter, item);
                    }

                    emitter.Emit(new SequenceEnd());
                    break;
                case ScalarNode { Type: ScalarType.String } scalar:
                    WriteString(emitter, scalar.Value);
                    break;
                case ScalarNode scalar:
                    emitter.Emit(new Scalar(null, null, scalar.Value, ScalarStyle.Plain, true, false));
                    break;
            }
        }

        private static void WriteString(IEmitter emitter, string value)
        {
            var style = IsSafePlain(value) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted;
            emitter.Emit(new Scalar(null, null, value, style, true, true));
        }

        /// <summary>
        /// True when the string can be written plain: no YAML schema gives it another type and no character has a meaning
        /// of its own. A letter, '_' or '/' first, then letters, digits and <c>_ . / @ -</c>; or digits in three or more
        /// dot-separated groups (a version); never a YAML 1.1 boolean or null word.
        /// </summary>
        /// <remarks>Checked by hand rather than with regular expressions: it runs for every key and value of every document.</remarks>
        public static bool IsSafePlain(string value) =>
            (IsPlainWord(value) || IsDottedNumbers(value)) && !NonStringWords.Contains(value);

        private static bool IsPlainWord(string value)
        {
            if (value.Length == 0 || !(IsAsciiLetter(value[0]) || value[0] == '_' || value[0] == '/'))
            {
                return false;
            }

            for (var i = 1; i < value.Length; i++)
            {
                var c = value[i];
                if (!(IsAsciiLetter(c) || IsAsciiDigit(c) || c is '_' or '.' or '/' or '@' or '-'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDottedNumbers(string value)
        {
            var groups = 0;
            var digitsInGroup = 0;
            foreach (var c in value)
            {
                if (IsAsciiDigit(c))
                {
                    digitsInGroup++;
                }
                else if (c == '.' && digitsInGroup > 0)
                {
                    groups++;
                    digitsInGroup = 0;
                }
                else
                {
                    return false;
                }
            }

            return digitsInGroup > 0 && groups >= 2;
        }

        private static bool IsAsciiLetter(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z';

        private static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';
    }
}
