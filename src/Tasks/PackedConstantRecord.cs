using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// What the last run learnt from each <c>PackedFiles</c> constant: its hash, and the path and fingerprint of every file it
    /// produced. A constant whose hash is recorded is not unpacked again unless one of its files' texts is needed.
    /// </summary>
    /// <remarks>
    /// <para>
    /// After a one-service edit one class constant of about 2,100 has changed (at 1,000 services), and the task read and hashed
    /// the inflated text of all of them to find that out. The constant's hash (of its packed characters, and of this assembly's
    /// identity like every fingerprint, so a record made by another build of the task matches nothing) costs a fraction of
    /// that, and the fingerprints recorded under it are exactly what unpacking would compute again.
    /// </para>
    /// <para>
    /// The lines are kept in <see cref="ManifestPaths.FingerprintsFileName"/>, after the files' fingerprints, as
    /// <c>packed</c>, hash, fingerprint and path separated by tabs. A fingerprint line starts with 64 hex digits, so a task
    /// from before this record skips these lines, and this one reads an older file as a record of no constant: everything is
    /// unpacked as before. The record only ever spares work: what is written, kept or deleted is still decided by the files'
    /// fingerprints and the ownership record.
    /// </para>
    /// </remarks>
    internal sealed class PackedConstantRecord
    {
        private const string LineStart = "packed";

        private readonly Dictionary<string, List<RecordedFile>> _files;

        private PackedConstantRecord(Dictionary<string, List<RecordedFile>> files) => _files = files;

        /// <summary>A record of no constant: every constant is unpacked.</summary>
        internal static PackedConstantRecord Empty =>
            new PackedConstantRecord(new Dictionary<string, List<RecordedFile>>(StringComparer.Ordinal));

        internal int Count => _files.Count;

        /// <summary>The hash a constant is recorded under.</summary>
        internal static string Hash(string packed) => ManifestFile.Fingerprint("packed", new[] { packed });

        /// <summary>How many of this record's constants <paramref name="other"/> records too.</summary>
        internal int CountRecordedIn(PackedConstantRecord other) => _files.Keys.Count(other._files.ContainsKey);

        /// <summary>The files the constant with this hash produced when it was last unpacked, or null when it is not recorded.</summary>
        internal IReadOnlyList<RecordedFile>? FilesOf(string hash) =>
            _files.TryGetValue(hash, out List<RecordedFile>? files) ? files : null;

        /// <summary>The record of the files read from an assembly, before any of them is filtered out.</summary>
        internal static PackedConstantRecord Of(IEnumerable<ManifestFile> files)
        {
            var record = Empty;
            foreach (ManifestFile file in files)
            {
                if (file.ConstantHash is string hash)
                {
                    record.Add(hash, new RecordedFile(file.RelativePath, file.FingerprintValue));
                }
            }

            return record;
        }

        /// <summary>
        /// The record in the lines of a fingerprints file; any other line is skipped, and so is a constant with a line that does not
        /// read (it is unpacked again rather than trusted with part of its files).
        /// </summary>
        internal static PackedConstantRecord Parse(IEnumerable<string> lines)
        {
            var record = Empty;
            var damaged = new HashSet<string>(StringComparer.Ordinal);
            foreach (string line in lines)
            {
                string[] fields = line.Split('\t');
                if (fields.Length == 0 || fields[0] != LineStart)
                {
                    continue;
                }

                if (fields.Length == 4 && IsHash(fields[1]) && IsHash(fields[2]) && ManifestPaths.GetProblem(fields[3]) == null)
                {
                    record.Add(fields[1], new RecordedFile(fields[3], fields[2]));
                }
                else if (fields.Length > 1)
                {
                    damaged.Add(fields[1]);
                }
            }

            foreach (string hash in damaged)
            {
                record._files.Remove(hash);
            }

            return record;
        }

        /// <summary>The record's lines, ordered by hash and then as the constant listed its files, each ended by a line feed.</summary>
        internal void AppendTo(StringBuilder builder)
        {
            foreach (KeyValuePair<string, List<RecordedFile>> constant in _files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                foreach (RecordedFile file in constant.Value)
                {
                    builder.Append(LineStart).Append('\t').Append(constant.Key).Append('\t')
                        .Append(file.Fingerprint).Append('\t').Append(file.Path).Append('\n');
                }
            }
        }

        private void Add(string hash, RecordedFile file)
        {
            if (!_files.TryGetValue(hash, out List<RecordedFile>? files))
            {
                files = new List<RecordedFile>();
                _files.Add(hash, files);
            }

            files.Add(file);
        }

        private static bool IsHash(string value) => value.Length == 64 && value.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));

        /// <summary>One file a recorded constant produced.</summary>
        internal sealed class RecordedFile
        {
            internal RecordedFile(string path, string fingerprint)
            {
                Path = path;
                Fingerprint = fingerprint;
            }

            internal string Path { get; }

            internal string Fingerprint { get; }
        }
    }
}
