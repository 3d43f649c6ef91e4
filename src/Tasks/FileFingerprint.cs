using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// What a run recorded about a file it left in place: the fingerprint of the values it was made from
    /// (<see cref="ManifestFile.FingerprintValue"/>), and the file's length and last write time then, so a file changed by
    /// hand since is compared and restored as before.
    /// </summary>
    internal sealed class FileFingerprint
    {
        private FileFingerprint(string path, string value, long length, long lastWriteTicks)
        {
            Path = path;
            Value = value;
            Length = length;
            LastWriteTicks = lastWriteTicks;
        }

        internal string Path { get; }

        internal string Value { get; }

        internal long Length { get; }

        internal long LastWriteTicks { get; }

        internal static FileFingerprint Of(ManifestFile file, FileInfo info) =>
            new FileFingerprint(file.RelativePath, file.FingerprintValue, info.Length, info.LastWriteTimeUtc.Ticks);

        /// <summary>One line: fingerprint, length, ticks and path, separated by tabs (a path never holds one).</summary>
        internal static FileFingerprint? Parse(string line)
        {
            string[] fields = line.Split('\t');
            return fields.Length == 4
                && fields[0].Length == 64
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length)
                && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
                && ManifestPaths.GetProblem(fields[3]) == null
                    ? new FileFingerprint(fields[3], fields[0], length, ticks)
                    : null;
        }

        /// <summary>The fingerprints file: a line per fingerprint, then the lines of <paramref name="packedConstants"/>.</summary>
        internal static byte[] Content(IEnumerable<FileFingerprint> fingerprints, PackedConstantRecord? packedConstants)
        {
            var builder = new StringBuilder();
            foreach (FileFingerprint fingerprint in fingerprints)
            {
                builder.Append(fingerprint.Value).Append('\t')
                    .Append(fingerprint.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
                    .Append(fingerprint.LastWriteTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
                    .Append(fingerprint.Path).Append('\n');
            }

            packedConstants?.AppendTo(builder);

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(builder.ToString());
        }
    }
}
