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
        /// an earlier build), in which each of <paramref name="sequences"/> is a block sequence that holds its placeholder
        /// string as its only item, with that item replaced by the sequence's items (each written by
        /// <see cref="WriteItem(DocumentNode)"/>, or kept from an earlier build), shifted to the sequence's column; in pieces
        /// of whole lines, for a caller that packs the text without building it whole
        /// (<see cref="TextPacker.Pack(IEnumerable{string})"/>). Items written for the sequence's column already
        /// (<see cref="WriteItem(DocumentNode, int)"/>, <see cref="SplicedSequence.ItemsColumn"/>) are set in as they are.
        /// Null when a placeholder's line is not found exactly once (a value of the document equal to it), or is at another
        /// column than its items were written for, for the caller to write the whole tree instead.
        /// </summary>
        /// <remarks>
        /// YamlDotNet analyses every scalar it writes; a document the size of a mesh spends most of its time there. Items
        /// written once and kept (the bootstrap's clusters and virtual hosts, one per service) are not analysed again.
        /// </remarks>
        public static IReadOnlyList<string>? Splice(string skeleton, IReadOnlyList<SplicedSequence> sequences)
        {
            var found = new List<(int LineStart, int End, int Indentation, SplicedSequence Sequence)>(sequences.Count);
            var itemCount = 0;
            foreach (var sequence in sequences)
            {
                var marker = WriteItem(ScalarNode.Text(sequence.Placeholder));
                if (PlaceholderLine(skeleton, marker) is not { } line || (sequence.ItemsColumn is { } column && column != line.Indentation))
                {
                    return null;
                }

                found.Add((line.Start, line.Start + line.Indentation + marker.Length, line.Indentation, sequence));
                itemCount += sequence.Items.Count;
            }

            found.Sort((a, b) => a.LineStart.CompareTo(b.LineStart));
            var pieces = new List<string>(itemCount + found.Count + 1);
            var done = 0;
            foreach (var (lineStart, end, indentation, sequence) in found)
            {
                if (lineStart < done)
                {
                    // Two placeholders on one line: only equal placeholders could be, and each was found once.
                    return null;
                }

                pieces.Add(skeleton.Substring(done, lineStart - done));
                foreach (var item in sequence.Items)
                {
                    pieces.Add(sequence.ItemsColumn is null ? Shift(item, indentation) : item);
                }

                done = end;
            }

            pieces.Add(skeleton.Substring(done));
            return pieces;
        }

        /// <summary>Where the line that is only <paramref name="marker"/>, indented, starts, and its indentation; null when there is not exactly one.</summary>
        private static (int Start, int Indentation)? PlaceholderLine(string skeleton, string marker)
        {
            (int Start, int Indentation)? found = null;
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

                if (found is not null)
                {
                    return null;
                }

                found = (lineStart, at - lineStart);
            }

            return found;
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

    /// <summary>
    /// A block sequence of a document written around a placeholder (<see cref="YamlWriter.Splice(string, IReadOnlyList{SplicedSequence})"/>):
    /// the string that stands for its items, the items' texts, and the column they were written for (null when they were
    /// written at the left margin, to be shifted to the sequence's column).
    /// </summary>
    internal sealed record SplicedSequence(string Placeholder, IReadOnlyList<string> Items, int? ItemsColumn = null);
}
