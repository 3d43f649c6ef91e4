using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace EgressDsl.Tasks
{
    /// <summary>What one synchronisation did, for the summary message and the FileWrites output.</summary>
    internal sealed class SynchronizationResult
    {
        internal SynchronizationResult(IReadOnlyList<string> ownedFiles, int manifestCount, int written, int unchanged, int removed)
        {
            OwnedFiles = ownedFiles;
            ManifestCount = manifestCount;
            Written = written;
            Unchanged = unchanged;
            Removed = removed;
        }

        /// <summary>Full paths of every file the task owns after the run: manifests, kustomization, record and lock file.</summary>
        internal IReadOnlyList<string> OwnedFiles { get; }

        internal int ManifestCount { get; }

        internal int Written { get; }

        internal int Unchanged { get; }

        internal int Removed { get; }
    }

    /// <summary>
    /// Makes a manifests directory hold exactly the desired files, touching only files this task wrote.
    /// </summary>
    /// <remarks>
    /// Every write goes to a temporary file in the same folder and is then renamed over the target, so `kubectl apply` or a
    /// concurrent build never sees half a manifest. Identical files are left alone so their timestamps (and anything watching
    /// them) stay quiet on builds that changed nothing.
    /// </remarks>
    internal sealed class ManifestDirectory
    {
        private static readonly Encoding Utf8WithoutByteOrderMark = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly string _directory;
        private readonly Action<string> _logDetail;

        /// <param name="directory">The manifests directory; need not exist yet.</param>
        /// <param name="logDetail">Receives one low-importance line per file written or removed.</param>
        internal ManifestDirectory(string directory, Action<string> logDetail)
        {
            _directory = directory;
            _logDetail = logDetail;
        }

        /// <summary>How long to wait for a concurrent build to finish with the same directory.</summary>
        internal TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

        internal string RecordFilePath => Path.Combine(_directory, ManifestPaths.RecordFileName);

        internal string LockFilePath => Path.Combine(_directory, ManifestPaths.LockFileName);

        internal string FingerprintsFilePath => Path.Combine(_directory, ManifestPaths.FingerprintsFileName);

        /// <summary>Whether the file on disk is the one the last run recorded for the same values.</summary>
        private bool IsCurrent(ManifestFile file, Dictionary<string, FileFingerprint> fingerprints)
        {
            if (!fingerprints.TryGetValue(file.RelativePath, out FileFingerprint? recorded) || recorded.Value != file.FingerprintValue)
            {
                return false;
            }

            var info = new FileInfo(FullPath(file.RelativePath));
            return info.Exists && info.Length == recorded.Length && info.LastWriteTimeUtc.Ticks == recorded.LastWriteTicks;
        }

        /// <summary>The fingerprints the last run recorded, by path; a line that does not read as one is ignored.</summary>
        private Dictionary<string, FileFingerprint> ReadFingerprints()
        {
            var fingerprints = new Dictionary<string, FileFingerprint>(StringComparer.Ordinal);
            if (!File.Exists(FingerprintsFilePath))
            {
                return fingerprints;
            }

            foreach (string line in Retry(() => File.ReadAllLines(FingerprintsFilePath, Utf8WithoutByteOrderMark)))
            {
                if (FileFingerprint.Parse(line) is FileFingerprint fingerprint)
                {
                    fingerprints[fingerprint.Path] = fingerprint;
                }
            }

            return fingerprints;
        }

        /// <summary>
        /// Writes <paramref name="desired"/> and deletes previously written files that are no longer desired.
        /// A null <paramref name="desired"/> means the assembly declares no manifests: everything written before is removed,
        /// including the record, and nothing new is created.
        /// </summary>
        internal SynchronizationResult Synchronize(IReadOnlyList<ManifestFile>? desired)
        {
            if (desired == null && !File.Exists(RecordFilePath))
            {
                // Nothing of ours can be here, so a project without EgressDsl resources never gets an empty egress folder.
                return new SynchronizationResult(new string[0], 0, 0, 0, 0);
            }

            Directory.CreateDirectory(_directory);
            using (DirectoryLock.Acquire(LockFilePath, LockTimeout))
            {
                List<string> previous = ReadRecord();
                List<ManifestFile> files = desired?.ToList() ?? new List<ManifestFile>();
                var desiredPaths = new HashSet<string>(files.Select(file => file.RelativePath), StringComparer.Ordinal);

                // Files made from the same values as the file on disk, untouched since, are left as they are without making
                // their text. The others' texts are made now, before anything is written, so a damaged constant stops the
                // run with the directory as it was.
                Dictionary<string, FileFingerprint> fingerprints = ReadFingerprints();
                Dictionary<ManifestFile, byte[]> contents = files
                    .Where(file => !IsCurrent(file, fingerprints))
                    .ToDictionary(file => file, file => Utf8WithoutByteOrderMark.GetBytes(file.Content));

                // Recording new paths before creating them means a build that dies half-way still owns, and can later
                // remove, everything it may have created.
                if (desired != null && !desiredPaths.All(new HashSet<string>(previous, StringComparer.Ordinal).Contains))
                {
                    WriteIfChanged(ManifestPaths.RecordFileName, RecordContent(previous.Concat(desiredPaths.Where(path => !previous.Contains(path)))));

                    // The record is also the MSBuild target's output. Until every file is written it must look older than any
                    // assembly, so that a build killed half-way runs the target again instead of taking it as up to date.
                    Retry(() => File.SetLastWriteTimeUtc(RecordFilePath, IncompleteTimestamp));
                }

                RemoveAbandonedTemporaryFiles();

                // Stale files go first: on a case-insensitive file system a rename from A.yaml to a.yaml is the same file,
                // and deleting after writing would remove the new one.
                int removed = 0;
                foreach (string stale in previous.Where(path => !desiredPaths.Contains(path)))
                {
                    if (Delete(stale))
                    {
                        removed++;
                    }
                }

                int written = 0;
                int unchanged = 0;
                var recorded = new List<FileFingerprint>(files.Count);
                foreach (ManifestFile file in files)
                {
                    if (!contents.TryGetValue(file, out byte[]? content))
                    {
                        unchanged++;
                        recorded.Add(fingerprints[file.RelativePath]);
                        continue;
                    }

                    if (WriteIfChanged(file.RelativePath, content))
                    {
                        written++;
                        _logDetail($"EgressDsl: wrote {FullPath(file.RelativePath)}");
                    }
                    else
                    {
                        unchanged++;
                    }

                    recorded.Add(FileFingerprint.Of(file, new FileInfo(FullPath(file.RelativePath))));
                }

                int current = files.Count - contents.Count;
                if (current > 0)
                {
                    _logDetail($"EgressDsl: {current} file(s) made from the same values as last time and untouched since, left as they are");
                }

                var owned = new List<string>();
                if (desired == null)
                {
                    DeleteFile(FingerprintsFilePath);
                    DeleteFile(RecordFilePath);
                }
                else
                {
                    // After the files: a run killed before this line leaves fingerprints that no longer match what it wrote.
                    WriteIfChanged(ManifestPaths.FingerprintsFileName, FileFingerprint.Content(recorded));
                    owned.Add(FingerprintsFilePath);

                    if (!WriteIfChanged(ManifestPaths.RecordFileName, RecordContent(files.Select(file => file.RelativePath))))
                    {
                        // The record is the MSBuild target's output: it must look newer than the assembly it was made from,
                        // or the target would run again on every build.
                        Retry(() => File.SetLastWriteTimeUtc(RecordFilePath, DateTime.UtcNow));
                    }

                    owned.AddRange(files.Select(file => FullPath(file.RelativePath)));
                    owned.Add(RecordFilePath);
                }

                owned.Add(LockFilePath);
                return new SynchronizationResult(owned, files.Count, written, unchanged, removed);
            }
        }

        /// <summary>The record's timestamp while a run has not finished: older than any assembly a build can produce.</summary>
        private static readonly DateTime IncompleteTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>
        /// Deletes the temporary files of runs that were killed between writing a temporary file and renaming it. Only
        /// names of the form this task creates (<c>.name.&lt;32 hex digits&gt;.tmp</c>) are touched, and only under the lock, so
        /// a run in progress never loses its own.
        /// </summary>
        private void RemoveAbandonedTemporaryFiles()
        {
            foreach (string path in Directory.EnumerateFiles(_directory, ".*.tmp", SearchOption.AllDirectories))
            {
                if (IsTemporaryName(Path.GetFileName(path)))
                {
                    DeleteFile(path);
                }
            }
        }

        /// <summary>Whether a file name is one of <see cref="WriteIfChanged"/>'s temporary names.</summary>
        internal static bool IsTemporaryName(string name)
        {
            const int GuidLength = 32;
            if (!name.StartsWith(".", StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal) || name.Length < GuidLength + 7)
            {
                return false;
            }

            string guid = name.Substring(name.Length - 4 - GuidLength, GuidLength);
            return name[name.Length - 5 - GuidLength] == '.' && guid.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        }

        /// <summary>Relative paths listed in the record, skipping any line that is not a path this task could have written.</summary>
        private List<string> ReadRecord()
        {
            if (!File.Exists(RecordFilePath))
            {
                return new List<string>();
            }

            // A hand-edited record must never make the task delete something outside the directory.
            return Retry(() => File.ReadAllLines(RecordFilePath, Utf8WithoutByteOrderMark))
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && ManifestPaths.GetProblem(line) == null)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        private static byte[] RecordContent(IEnumerable<string> relativePaths)
        {
            var builder = new StringBuilder();
            foreach (string path in relativePaths)
            {
                builder.Append(path).Append('\n');
            }

            return Utf8WithoutByteOrderMark.GetBytes(builder.ToString());
        }

        private string FullPath(string relativePath) =>
            Path.Combine(_directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

        /// <returns>True when the file was written, false when it already had exactly this content.</returns>
        private bool WriteIfChanged(string relativePath, byte[] content)
        {
            string target = FullPath(relativePath);
            if (HasContent(target, content))
            {
                return false;
            }

            string folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            string temporary = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    // No flush to disk: the rename is what keeps a killed build from leaving half a file, and forcing every
                    // file to the disk only guards against a power cut, which the compiler's own outputs are not guarded
                    // against either. It cost 1 to 2 s for the 4,200 files of a first build at 1,000 services.
                    stream.Write(content, 0, content.Length);
                }

                Retry(() =>
                {
                    // File.Move cannot overwrite on netstandard2.0; File.Replace renames atomically over an existing target.
                    if (File.Exists(target))
                    {
                        File.Replace(temporary, target, destinationBackupFileName: null, ignoreMetadataErrors: true);
                    }
                    else
                    {
                        File.Move(temporary, target);
                    }
                });
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    DeleteFile(temporary);
                }
            }

            return true;
        }

        private static bool HasContent(string path, byte[] content)
        {
            if (!File.Exists(path))
            {
                return false;
            }

            return Retry(() =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length != content.Length)
                {
                    return false;
                }

                var existing = new byte[content.Length];
                int read = 0;
                while (read < existing.Length)
                {
                    int count = stream.Read(existing, read, existing.Length - read);
                    if (count == 0)
                    {
                        return false;
                    }

                    read += count;
                }

                return existing.SequenceEqual(content);
            });
        }

        /// <returns>True when a file was there to delete.</returns>
        private bool Delete(string relativePath)
        {
            string path = FullPath(relativePath);
            if (!File.Exists(path))
            {
                return false;
            }

            DeleteFile(path);
            _logDetail($"EgressDsl: removed {path}, which the assembly no longer declares");
            RemoveEmptyFolders(Path.GetDirectoryName(path)!);
            return true;
        }

        /// <summary>Removes folders left empty by a deletion, up to but excluding the manifests directory itself.</summary>
        private void RemoveEmptyFolders(string folder)
        {
            string root = Path.GetFullPath(_directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            string current = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            while (current.Length > root.Length && current.StartsWith(root, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    if (Directory.EnumerateFileSystemEntries(current).Any())
                    {
                        return;
                    }

                    Directory.Delete(current, recursive: false);
                }
                catch (IOException)
                {
                    // Someone put a file there meanwhile: the folder is theirs now.
                    return;
                }

                current = Path.GetDirectoryName(current)!;
            }
        }

        private static void DeleteFile(string path) => Retry(() => File.Delete(path));

        private static void Retry(Action action) => Retry(() =>
        {
            action();
            return true;
        });

        /// <summary>
        /// Retries briefly on sharing violations: on Windows, virus scanners, indexers and a concurrent build's rename
        /// hold files open for a few milliseconds.
        /// </summary>
        private static T Retry<T>(Func<T> action)
        {
            const int attempts = 10;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return action();
                }
                catch (Exception exception) when (attempt < attempts && (exception is IOException || exception is UnauthorizedAccessException))
                {
                    Thread.Sleep(attempt * 20);
                }
            }
        }
    }

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
                && long.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long length)
                && long.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ticks)
                && ManifestPaths.GetProblem(fields[3]) == null
                    ? new FileFingerprint(fields[3], fields[0], length, ticks)
                    : null;
        }

        internal static byte[] Content(IEnumerable<FileFingerprint> fingerprints)
        {
            var builder = new StringBuilder();
            foreach (FileFingerprint fingerprint in fingerprints)
            {
                builder.Append(fingerprint.Value).Append('\t')
                    .Append(fingerprint.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
                    .Append(fingerprint.LastWriteTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
                    .Append(fingerprint.Path).Append('\n');
            }

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(builder.ToString());
        }
    }
}
