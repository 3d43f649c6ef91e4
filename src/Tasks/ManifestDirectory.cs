using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// Makes a manifests directory hold exactly the desired files, touching only files this task wrote.
    /// </summary>
    /// <remarks>
    /// Every write goes to a temporary file in the same folder and is then renamed over the target, so `kubectl apply` or a
    /// concurrent build never sees half a manifest. Identical files are left alone so their timestamps (and anything watching
    /// them) stay quiet on builds that changed nothing.
    /// </remarks>
    internal sealed partial class ManifestDirectory
    {
        private static readonly Encoding Utf8WithoutByteOrderMark = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly string _directory;
        private readonly Action<string> _logDetail;

        /// <param name="directory">The manifests directory (a full path); need not exist yet.</param>
        /// <param name="logDetail">Receives one low-importance line per file written or removed.</param>
        internal ManifestDirectory(string directory, Action<string> logDetail)
        {
            _directory = directory;
            _logDetail = logDetail;
        }

        /// <summary>How long to wait for a concurrent build to finish with the same directory.</summary>
        internal TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The project's folder, which must not be the manifests folder or below it; null skips the check.</summary>
        internal string? ProjectDirectory { get; set; }

        /// <summary>The user's home, which must not be the manifests folder or below it; null skips the check.</summary>
        internal string? HomeDirectory { get; set; } = ManifestFolderGuard.CurrentHome;

        /// <summary>
        /// Overwrite a file the task did not write when a manifest of the same name is due (EgressOverwriteUnownedFiles);
        /// the file is then recorded and owned like the others.
        /// </summary>
        internal bool OverwriteUnownedFiles { get; set; }

        /// <summary>Receives a warning-level line per file overwritten under <see cref="OverwriteUnownedFiles"/>.</summary>
        internal Action<string> LogWarning { get; set; } = _ => { };

        /// <summary>
        /// What the assembly's <c>PackedFiles</c> constants produced, kept with the fingerprints by <see cref="Synchronize"/> for the
        /// next run; null keeps none.
        /// </summary>
        internal PackedConstantRecord? PackedConstants { get; set; }

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
        /// What the last run learnt from the assembly's <c>PackedFiles</c> constants; empty when the folder or the fingerprints file
        /// is not there, is a link, or was written by a task from before the record.
        /// </summary>
        /// <remarks>
        /// Read before the lock is taken, as the assembly is read before it: the record says only what a constant unpacks to, which
        /// is as true of a concurrent build's record as of ours, and the file is always replaced whole.
        /// </remarks>
        internal PackedConstantRecord ReadPackedConstants()
        {
            if (!Directory.Exists(_directory) || ManifestFolderGuard.IsLink(_directory)
                || new LinkFinder(_directory).FindLink(ManifestPaths.FingerprintsFileName, includeFile: true) != null
                || !File.Exists(FingerprintsFilePath))
            {
                return PackedConstantRecord.Empty;
            }

            return PackedConstantRecord.Parse(Retry(() => File.ReadAllLines(FingerprintsFilePath, Utf8WithoutByteOrderMark)));
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

            // Every refusal comes before the folder, the lock file or anything else is created: a refused run changes nothing.
            bool existed = CheckFolderBeforeTouchingIt();
            Directory.CreateDirectory(_directory);
            using (DirectoryLock folderLock = DirectoryLock.Acquire(LockFilePath, LockTimeout))
            {
                if (!existed)
                {
                    folderLock.MarkFolderCreated();
                }

                Dictionary<string, FileFingerprint> fingerprints = ReadFingerprints();
                List<string> previous = OwnedPaths(fingerprints);
                List<ManifestFile> files = desired?.ToList() ?? new List<ManifestFile>();
                var desiredPaths = new HashSet<string>(files.Select(file => file.RelativePath), StringComparer.Ordinal);

                new LinkFinder(_directory).ThrowOnLink(desiredPaths.Concat(previous), includeFile: true);
                CheckNoUnownedFileIsInTheWay(desiredPaths, previous);

                // Files made from the same values as the file on disk, untouched since, are left as they are without making
                // their text. The others' texts are made now, before anything is written, so a damaged constant stops the
                // run with the directory as it was.
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

                RemoveAbandonedTemporaryFiles(previous.Concat(desiredPaths));

                // Stale files go first: on a case-insensitive file system a rename from A.yaml to a.yaml is the same file,
                // and deleting after writing would remove the new one.
                int removed = 0;
                foreach (string stale in previous.Where(path => !desiredPaths.Contains(path)))
                {
                    if (Delete(stale, "which the assembly no longer declares"))
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
                    WriteIfChanged(ManifestPaths.FingerprintsFileName, FileFingerprint.Content(recorded, PackedConstants));
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

        /// <summary>
        /// Compares the folder with what <see cref="Synchronize"/> would leave there, changing nothing: each desired file that
        /// is missing or differs (with a unified diff), each recorded file that would be removed, and the record itself.
        /// Files the task does not own and would not write are the user's and are not compared.
        /// </summary>
        /// <returns>One readable entry per difference; empty when the folder is up to date.</returns>
        internal IReadOnlyList<string> Compare(IReadOnlyList<ManifestFile>? desired)
        {
            ManifestFolderGuard.CheckLocation(_directory, ProjectDirectory, HomeDirectory);
            var differences = new List<string>();
            List<ManifestFile> files = desired?.ToList() ?? new List<ManifestFile>();
            bool exists = Directory.Exists(_directory);
            if (exists)
            {
                new LinkFinder(_directory).ThrowOnLink(files.Select(file => file.RelativePath).Concat(ManifestPaths.BookkeepingFileNames), includeFile: true);
            }

            foreach (ManifestFile file in files)
            {
                string path = FullPath(file.RelativePath);
                if (!exists || !File.Exists(path))
                {
                    differences.Add($"missing: {file.RelativePath}");
                    continue;
                }

                string actual = Retry(() => File.ReadAllText(path, Utf8WithoutByteOrderMark));
                if (!string.Equals(actual, file.Content, StringComparison.Ordinal))
                {
                    differences.Add($"differs: {file.RelativePath}\n" + LineDiff.Unified(file.RelativePath, actual, file.Content));
                }
            }

            if (!exists)
            {
                return differences;
            }

            var desiredPaths = new HashSet<string>(files.Select(file => file.RelativePath), StringComparer.Ordinal);
            List<string> recorded = ReadRecord();
            foreach (string stale in recorded.Where(path => !desiredPaths.Contains(path) && File.Exists(FullPath(path))))
            {
                differences.Add($"no longer generated: {stale}");
            }

            // The record is committed with the manifests: a build would rewrite it, so it is part of what must be in sync.
            byte[] record = RecordContent(files.Select(file => file.RelativePath));
            if (desired != null && !HasContent(RecordFilePath, record))
            {
                differences.Add($"record out of date: {ManifestPaths.RecordFileName} (it lists the files EgressDsl owns in this folder)");
            }

            return differences;
        }

        /// <summary>
        /// Deletes every file the task owns here (the manifests, the collected copies of referenced projects' manifests, their
        /// temporary files, the bookkeeping files), then the folders that left empty, then the manifests folder itself when it is
        /// empty and the task created it. Nothing else is touched; a dangerous folder or a link in the way stops it before any delete.
        /// </summary>
        /// <returns>How many files were deleted.</returns>
        internal int Clean()
        {
            if (!Directory.Exists(_directory) || !ManifestPaths.BookkeepingFileNames.Any(name => File.Exists(Path.Combine(_directory, name))))
            {
                // No bookkeeping, nothing of ours: a folder the task never used is not looked into.
                return 0;
            }

            ManifestFolderGuard.CheckLocation(_directory, ProjectDirectory, HomeDirectory);
            new LinkFinder(_directory).ThrowOnLink(ManifestPaths.BookkeepingFileNames, includeFile: true);
            bool created;
            int removed = 0;
            using (DirectoryLock folderLock = DirectoryLock.Acquire(LockFilePath, LockTimeout))
            {
                created = folderLock.CreatedFolder;
                List<string> owned = OwnedPaths(ReadFingerprints());
                owned.AddRange(ReadRecordFile(ManifestPaths.ReferencedRecordFileName, ManifestPaths.GetCollectedProblem));

                // All or nothing: a link anywhere on the way to an owned file stops the clean before its first delete.
                new LinkFinder(_directory).ThrowOnLink(owned, includeFile: false);
                RemoveAbandonedTemporaryFiles(owned);
                foreach (string path in owned)
                {
                    if (Delete(path, "as part of clean"))
                    {
                        removed++;
                    }
                }

                DeleteFile(FingerprintsFilePath);
                DeleteFile(Path.Combine(_directory, ManifestPaths.ReferencedRecordFileName));
                DeleteFile(RecordFilePath);
            }

            // After the lock is released: Windows cannot delete a file that is open without FileShare.Delete. A build that took the
            // lock meanwhile keeps it, and the folder with it.
            try
            {
                DeleteFile(LockFilePath);
            }
            catch (IOException)
            {
                return removed;
            }

            if (created && !Directory.EnumerateFileSystemEntries(_directory).Any())
            {
                try
                {
                    Directory.Delete(_directory, recursive: false);
                }
                catch (IOException)
                {
                    // A concurrent build started using the folder meanwhile: it is theirs now.
                }
            }

            return removed;
        }

        /// <summary>The record's timestamp while a run has not finished: older than any assembly a build can produce.</summary>
        private static readonly DateTime IncompleteTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>Relative paths listed in the record, skipping any line that is not a path this task could have written.</summary>
        private List<string> ReadRecord() => ReadRecordFile(ManifestPaths.RecordFileName, ManifestPaths.GetProblem);

        /// <summary>
        /// The lines of one of the folder's records that pass <paramref name="getProblem"/>, trimmed and without repeats. This is
        /// the one place a record is read, by the task and (through <see cref="ReadRecordedFiles"/>) by every target, so a line
        /// such as <c>../victim</c>, <c>/etc/passwd</c> or <c>C:\x</c> never reaches a deletion or MSBuild's FileWrites.
        /// </summary>
        private List<string> ReadRecordFile(string fileName, Func<string, string?> getProblem)
        {
            string path = Path.Combine(_directory, fileName);
            if (!File.Exists(path))
            {
                return new List<string>();
            }

            return Retry(() => File.ReadAllLines(path, Utf8WithoutByteOrderMark))
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && getProblem(line) == null)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>
        /// What the task owns in the folder: the record's paths, and, should the record have been lost or damaged, the paths of the
        /// fingerprints whose file is still exactly as the task left it (same length and write time), which only the task could have made.
        /// </summary>
        private List<string> OwnedPaths(Dictionary<string, FileFingerprint> fingerprints)
        {
            List<string> owned = ReadRecord();
            var recorded = new HashSet<string>(owned, StringComparer.Ordinal);
            owned.AddRange(fingerprints.Values.Where(fingerprint => !recorded.Contains(fingerprint.Path) && IsAsLeft(fingerprint)).Select(fingerprint => fingerprint.Path));
            return owned;
        }

        private bool IsAsLeft(FileFingerprint fingerprint)
        {
            var info = new FileInfo(FullPath(fingerprint.Path));
            return info.Exists && info.Length == fingerprint.Length && info.LastWriteTimeUtc.Ticks == fingerprint.LastWriteTicks;
        }

        /// <summary>
        /// The files a record lists, filtered as the task filters them and leaving out any whose folder below the manifests folder is a
        /// link, for the targets (FileWrites, the missing-file check, the files a referencing project collects).
        /// </summary>
        /// <param name="referenced">Read <c>.egress-referenced-files</c> (the collected copies) instead of <c>.egress-files</c>.</param>
        internal IReadOnlyList<string> ReadRecordedFiles(bool referenced)
        {
            if (!Directory.Exists(_directory) || ManifestFolderGuard.IsLink(_directory))
            {
                return new string[0];
            }

            List<string> paths = referenced
                ? ReadRecordFile(ManifestPaths.ReferencedRecordFileName, ManifestPaths.GetCollectedProblem)
                : ReadRecord();
            var links = new LinkFinder(_directory);
            return paths.Where(path => links.FindLink(path, includeFile: false) == null).ToList();
        }

        /// <summary>
        /// Refuses a dangerous folder (<see cref="ManifestFolderGuard"/>), a link among the bookkeeping files, and an existing folder
        /// without a record that holds anything the task cannot prove it made.
        /// </summary>
        /// <returns>Whether the folder existed.</returns>
        private bool CheckFolderBeforeTouchingIt()
        {
            ManifestFolderGuard.CheckLocation(_directory, ProjectDirectory, HomeDirectory);
            if (!Directory.Exists(_directory))
            {
                return false;
            }

            new LinkFinder(_directory).ThrowOnLink(ManifestPaths.BookkeepingFileNames, includeFile: true);
            // Asked again after the walk: a concurrent build of the same project may have taken the lock and started writing
            // meanwhile, and it always writes the record before its first manifest, so files that appeared with a record are its.
            // With EgressOverwriteUnownedFiles the user has said the folder is shared on purpose (a GitOps folder with a README,
            // say): files under a generated name are replaced with a warning and owned from then on, the others are never
            // touched, since the task deletes only what its record lists.
            if (!OverwriteUnownedFiles && !File.Exists(RecordFilePath) && FindForeignFile() is string foreign && !File.Exists(RecordFilePath))
            {
                throw new EgressTaskException(
                    ErrorCodes.UnownedFile,
                    $"The manifests folder '{_directory}' already holds files that EgressDsl did not write (such as '{foreign}') and no record "
                        + $"({ManifestPaths.RecordFileName}) of files it wrote. The task writes and later deletes files there, so it changed nothing. "
                        + "Set EgressManifestsDir to an empty or new folder, or move those files away; or, to share this folder on purpose, set "
                        + "EgressOverwriteUnownedFiles to true (files under the names EgressDsl generates are then replaced with a warning, "
                        + "and the others are never touched).",
                    Path.Combine(_directory, foreign.Replace('/', Path.DirectorySeparatorChar)));
            }

            return true;
        }

        /// <summary>
        /// The first file (relative path) in a folder without a record that is not the task's: not a bookkeeping file, not a file
        /// the fingerprints or the collected-files record prove, not one of their temporaries. Links count as foreign; empty folders
        /// (which an earlier version's clean left behind) do not.
        /// </summary>
        private string? FindForeignFile()
        {
            var ours = new HashSet<string>(ManifestPaths.BookkeepingFileNames, StringComparer.OrdinalIgnoreCase);
            ours.UnionWith(ReadFingerprints().Values.Where(IsAsLeft).Select(fingerprint => fingerprint.Path));
            ours.UnionWith(ReadRecordFile(ManifestPaths.ReferencedRecordFileName, ManifestPaths.GetCollectedProblem));

            var folders = new Stack<string>();
            folders.Push(string.Empty);
            while (folders.Count > 0)
            {
                string folder = folders.Pop();
                foreach (FileSystemInfo entry in new DirectoryInfo(folder.Length == 0 ? _directory : FullPath(folder)).EnumerateFileSystemInfos())
                {
                    string relative = folder.Length == 0 ? entry.Name : folder + "/" + entry.Name;
                    if (ManifestFolderGuard.IsLink(entry.FullName))
                    {
                        return relative;
                    }

                    if (entry is DirectoryInfo)
                    {
                        folders.Push(relative);
                        continue;
                    }

                    string? target = TemporaryTarget(entry.Name);
                    string owner = target == null ? relative : (folder.Length == 0 ? target : folder + "/" + target);
                    if (!ours.Contains(owner))
                    {
                        return relative;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Checks, before EgressDsl.targets records and copies referenced projects' manifests into the folder, that no copy would
        /// replace a file that <c>.egress-referenced-files</c> does not list (EGRESS117, unless <see cref="OverwriteUnownedFiles"/>)
        /// or pass through a link (EGRESS118), and that the folder is not a dangerous one; a path that does not read as
        /// <c>referenced/&lt;ProjectName&gt;/&lt;path&gt;</c> is EGRESS113.
        /// </summary>
        internal void CheckCollectedDestinations(IReadOnlyList<string> planned)
        {
            if (planned.Count == 0)
            {
                return;
            }

            ManifestFolderGuard.CheckLocation(_directory, ProjectDirectory, HomeDirectory);
            foreach (string path in planned)
            {
                if (ManifestPaths.GetCollectedProblem(path) is string problem)
                {
                    throw new EgressTaskException(ErrorCodes.ManifestPathInvalid, $"A referenced project's manifest would be copied to '{path}': {problem}.");
                }
            }

            if (!Directory.Exists(_directory))
            {
                return;
            }

            new LinkFinder(_directory).ThrowOnLink(planned.Concat(new[] { ManifestPaths.ReferencedRecordFileName }), includeFile: true);
            CheckNoUnownedFileIsInTheWay(
                planned,
                ReadRecordFile(ManifestPaths.ReferencedRecordFileName, ManifestPaths.GetCollectedProblem),
                "copy of a referenced project's manifest");
        }

        /// <summary>
        /// Refuses to replace a file at a manifest's path that the task does not own, unless <see cref="OverwriteUnownedFiles"/>
        /// says so. Runs before anything is written, so a refusal leaves every file as it was.
        /// </summary>
        /// <remarks>
        /// Ownership follows the file system's case rule: on Windows and macOS <c>istio/A.yaml</c> recorded is the very file a
        /// manifest <c>istio/a.yaml</c> would replace (a rename that only changes case), on Linux they are two files and the
        /// second is someone else's. A folder in a manifest's place is left to the write, which fails on it as before.
        /// </remarks>
        private void CheckNoUnownedFileIsInTheWay(IEnumerable<string> paths, IEnumerable<string> owned, string what = "generated manifest")
        {
            var ours = new HashSet<string>(owned, ManifestFolderGuard.PathComparer);
            List<string> unowned = paths
                .Where(path => !ours.Contains(path) && File.Exists(FullPath(path)))
                .ToList();
            if (unowned.Count == 0)
            {
                return;
            }

            if (OverwriteUnownedFiles)
            {
                foreach (string path in unowned)
                {
                    LogWarning($"EgressDsl: replacing {FullPath(path)}, which it did not write, because EgressOverwriteUnownedFiles is true; it is now recorded as EgressDsl's and clean will delete it");
                }

                return;
            }

            const int shown = 5;
            string list = string.Join(", ", unowned.Take(shown).Select(path => "'" + FullPath(path) + "'")) + (unowned.Count > shown ? $" and {unowned.Count - shown} more" : string.Empty);
            throw new EgressTaskException(
                ErrorCodes.UnownedFile,
                $"EgressDsl did not write {list} but would have to overwrite {(unowned.Count == 1 ? "it" : "them")} with a {what}, and clean "
                    + "would then delete it. Nothing was changed. Move or rename the file, set EgressManifestsDir to another folder, or set "
                    + "EgressOverwriteUnownedFiles to true to let EgressDsl replace and own it.",
                FullPath(unowned[0]));
        }
    }
}
