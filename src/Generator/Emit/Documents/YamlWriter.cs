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

        public static string Write(MappingNode document)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n", true));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, true));
            Write(emitter, document);
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
                case SequenceNode sequence:
                    emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                    foreach (var item in sequence.Items)
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
