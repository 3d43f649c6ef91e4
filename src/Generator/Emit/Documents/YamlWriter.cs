using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
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
        // A plain scalar is only used where no YAML schema gives it another type and no character has a meaning of its own.
        private static readonly Regex SafePlain = new("^[A-Za-z_/][A-Za-z0-9_./@-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex DottedNumbers = new("^[0-9]+(\\.[0-9]+){2,}$", RegexOptions.CultureInvariant);
        private static readonly Regex NonStringWord = new(
            "^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$",
            RegexOptions.CultureInvariant);

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

        public static bool IsSafePlain(string value) =>
            (SafePlain.IsMatch(value) || DottedNumbers.IsMatch(value)) && !NonStringWord.IsMatch(value);
    }
}
