using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace EgressDsl.Tasks
{
    internal sealed partial class ManifestDirectory
    {
        /// <summary>
        /// Clean as the first half of a Rebuild: the files the task owns here stay, and are taken out of MSBuild's list of the
        /// files earlier builds wrote (<paramref name="fileListPath"/>, <c>obj/…FileListAbsolute.txt</c>), which CoreClean
        /// deletes next. The build that follows finds them as an incremental build does (each left alone only when it was made
        /// from the same values and is as the task left it, by its fingerprint), so a rebuild rewrites only what changed instead
        /// of deleting and writing back every manifest (4,203 files at 1,000 services). Nothing is deleted or written here but
        /// lines of that list naming files the task owns; the checks of <see cref="Clean"/> come first, and a folder the task
        /// never used is not looked into.
        /// </summary>
        /// <returns>How many of the list's lines were taken out.</returns>
        internal int KeepForRebuild(string fileListPath)
        {
            if (!Directory.Exists(_directory) || !File.Exists(RecordFilePath) || !File.Exists(fileListPath))
            {
                return 0;
            }

            ManifestFolderGuard.CheckLocation(_directory, ProjectDirectory, HomeDirectory);
            new LinkFinder(_directory).ThrowOnLink(ManifestPaths.BookkeepingFileNames, includeFile: true);
            using (DirectoryLock.Acquire(LockFilePath, LockTimeout))
            {
                List<string> owned = OwnedPaths(ReadFingerprints());
                new LinkFinder(_directory).ThrowOnLink(owned, includeFile: false);
                return RemoveFromFileList(
                    fileListPath, owned.Select(FullPath).Concat(new[] { RecordFilePath, FingerprintsFilePath, LockFilePath }));
            }
        }

        /// <summary>
        /// Takes the lines naming one of <paramref name="fullPaths"/> out of MSBuild's list of the files earlier builds wrote; the
        /// list is rewritten only when it named one.
        /// </summary>
        /// <returns>How many of the list's lines were taken out.</returns>
        internal static int RemoveFromFileList(string fileListPath, IEnumerable<string> fullPaths)
        {
            if (!File.Exists(fileListPath))
            {
                return 0;
            }

            var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            string[] lines = Retry(() => File.ReadAllLines(fileListPath, encoding));
            if (lines.Length == 0)
            {
                return 0;
            }

            var listed = new HashSet<string>(fullPaths.Select(Path.GetFullPath), ManifestFolderGuard.PathComparer);
            List<string> remaining = lines.Where(line => !IsListed(line, listed)).ToList();
            if (remaining.Count != lines.Length)
            {
                Retry(() => File.WriteAllLines(fileListPath, remaining, encoding));
            }

            return lines.Length - remaining.Count;
        }

        private static bool IsListed(string line, HashSet<string> fullPaths)
        {
            try
            {
                return line.Trim().Length > 0 && fullPaths.Contains(Path.GetFullPath(line.Trim()));
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // Not a path: not one of ours either, and CoreClean will make of it what it makes.
                return false;
            }
        }
    }
}
