using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace EgressDsl.Tasks
{
    // How the folder's files are written and removed: a temporary file renamed over the target, retries while another
    // process holds a file, and the cleanup of what an interrupted run left.
    internal sealed partial class ManifestDirectory
    {
        /// <summary>
        /// Deletes the temporary files of runs that were killed between writing a temporary file and renaming it. Only the exact
        /// names this task gives the temporaries of files it owns or is about to write (<c>.name.&lt;32 hex digits&gt;.tmp</c> next to
        /// <c>name</c>), and its bookkeeping files', are touched: each folder of such a file is listed on its own, never below it and never
        /// through a link (the callers refuse links first), so a <c>.git</c> or <c>node_modules</c> folder, or a user's own
        /// <c>.x.tmp</c>, is never looked into. Runs under the lock, so a run in progress never loses its own.
        /// </summary>
        private void RemoveAbandonedTemporaryFiles(IEnumerable<string> ownedRelativePaths)
        {
            // Folder (relative, "" for the manifests folder) -> names of owned files in it. Names are compared ignoring case:
            // after a rename that only changes case, the temporary of the old name is as much ours as the new one's.
            var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (string path in ownedRelativePaths.Concat(ManifestPaths.BookkeepingFileNames))
            {
                int slash = path.LastIndexOf('/');
                string folder = slash < 0 ? string.Empty : path.Substring(0, slash);
                if (!names.TryGetValue(folder, out HashSet<string>? inFolder))
                {
                    names[folder] = inFolder = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                inFolder.Add(path.Substring(slash + 1));
            }

            foreach (KeyValuePair<string, HashSet<string>> folder in names)
            {
                string fullFolder = folder.Key.Length == 0 ? _directory : FullPath(folder.Key);
                if (!Directory.Exists(fullFolder))
                {
                    continue;
                }

                foreach (string path in Directory.EnumerateFiles(fullFolder, ".*.tmp", SearchOption.TopDirectoryOnly))
                {
                    if (TemporaryTarget(Path.GetFileName(path)) is string target && folder.Value.Contains(target))
                    {
                        DeleteFile(path);
                    }
                }
            }
        }

        /// <summary>
        /// The name of the file a temporary file name of <see cref="WriteIfChanged"/> stands for, or null for any other name.
        /// </summary>
        internal static string? TemporaryTarget(string name) =>
            IsTemporaryName(name) ? name.Substring(1, name.Length - 1 - TemporarySuffixLength) : null;

        /// <summary>The length of ".&lt;32 hex digits&gt;.tmp".</summary>
        private const int TemporarySuffixLength = 1 + 32 + 4;

        /// <summary>Whether a file name is one of <see cref="WriteIfChanged"/>'s temporary names.</summary>
        internal static bool IsTemporaryName(string name)
        {
            const int GuidLength = 32;
            if (!name.StartsWith(".", StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal)
                || name.Length < GuidLength + 7)
            {
                return false;
            }

            string guid = name.Substring(name.Length - 4 - GuidLength, GuidLength);
            return name[name.Length - 5 - GuidLength] == '.' && guid.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
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
                return HasContent(stream, content);
            });
        }

        /// <summary>Whether <paramref name="stream"/>, read from its start, holds exactly <paramref name="content"/>.</summary>
        internal static bool HasContent(Stream stream, byte[] content)
        {
            if (stream.Length != content.Length)
            {
                return false;
            }

            var existing = new byte[content.Length];
            stream.Position = 0;
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
        }

        /// <returns>True when a file was there to delete.</returns>
        private bool Delete(string relativePath, string reason)
        {
            string path = FullPath(relativePath);
            if (!File.Exists(path))
            {
                return false;
            }

            DeleteFile(path);
            _logDetail($"EgressDsl: removed {path}, {reason}");
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
                catch (Exception exception)
                    when (attempt < attempts && (exception is IOException || exception is UnauthorizedAccessException))
                {
                    Thread.Sleep(attempt * 20);
                }
            }
        }
    }
}
