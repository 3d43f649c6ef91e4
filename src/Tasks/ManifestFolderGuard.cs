using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// Refuses manifests folders and paths where writing or deleting could reach files that are not the task's: a file system root,
    /// the project folder or a folder above it, the user's home or a folder above it, and any symbolic link or junction.
    /// </summary>
    /// <remarks>
    /// The task deletes what its record lists and sweeps its temporary files, so a folder that holds other things (the project's
    /// sources, a home directory, the whole disk) turns a damaged record or a typo in EgressManifestsDir into data loss. A link below
    /// the manifests folder would carry writes and deletes somewhere else entirely. The manifests folder itself being a link is refused
    /// too: netstandard2.0 cannot resolve where it points, so none of the checks above could be applied to the real folder; pointing
    /// EgressManifestsDir at the real folder costs the user nothing. Links above the manifests folder (macOS's /tmp and /var, a
    /// checkout under a linked drive) are the user's layout and are allowed.
    /// </remarks>
    internal static class ManifestFolderGuard
    {
        /// <summary>
        /// How file systems compare names here: Windows and macOS (by default) ignore case, Linux does not. A wrong guess only
        /// matters for the location checks, where ignoring case on Linux would refuse a harmless folder at worst.
        /// </summary>
        internal static readonly StringComparison PathComparison =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparison.OrdinalIgnoreCase
                : StringComparison.Ordinal;

        /// <summary><see cref="PathComparison"/> as a comparer, for sets of paths.</summary>
        internal static readonly StringComparer PathComparer =
            PathComparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

        /// <summary>The user's home folder, or null when it is unknown.</summary>
        internal static string? CurrentHome
        {
            get
            {
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                return string.IsNullOrEmpty(home) ? null : home;
            }
        }

        /// <summary>Throws <see cref="ErrorCodes.UnsafeLocation"/> when <paramref name="directory"/> must not be a manifests folder.</summary>
        /// <param name="directory">Full path of the manifests folder.</param>
        /// <param name="projectDirectory">The project's folder; null or empty skips that check (a task used outside a project).</param>
        /// <param name="homeDirectory">The user's home; null or empty skips that check.</param>
        internal static void CheckLocation(string directory, string? projectDirectory, string? homeDirectory)
        {
            string folder = Normalize(directory);
            const string advice = "Set EgressManifestsDir to a folder of its own, such as the default $(OutDir)egress/.";
            if (string.Equals(folder, Normalize(Path.GetPathRoot(folder) ?? folder), PathComparison))
            {
                throw Unsafe(directory, $"The manifests folder '{directory}' is the root of a file system: the task would sweep and record files across the whole disk. {advice}");
            }

            if (!string.IsNullOrEmpty(projectDirectory) && IsSameOrAncestor(folder, Normalize(projectDirectory!)))
            {
                throw Unsafe(
                    directory,
                    $"The manifests folder '{directory}' is the project folder '{projectDirectory}' or a folder above it: its record would let clean delete source files. {advice}");
            }

            if (!string.IsNullOrEmpty(homeDirectory) && IsSameOrAncestor(folder, Normalize(homeDirectory!)))
            {
                throw Unsafe(directory, $"The manifests folder '{directory}' is the home folder '{homeDirectory}' or a folder above it. {advice}");
            }

            if (IsLink(folder))
            {
                throw Unsafe(
                    directory,
                    $"The manifests folder '{directory}' is a symbolic link or junction; the task never writes or deletes through a link. Set EgressManifestsDir to the folder it points to.");
            }
        }

        /// <summary>Whether <paramref name="candidate"/> is <paramref name="path"/> or one of the folders above it (both normalized).</summary>
        private static bool IsSameOrAncestor(string candidate, string path)
        {
            if (string.Equals(candidate, path, PathComparison))
            {
                return true;
            }

            string withSeparator = candidate.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? candidate : candidate + Path.DirectorySeparatorChar;
            return path.StartsWith(withSeparator, PathComparison);
        }

        /// <summary>A full path without trailing separators, except for a root, which keeps its own.</summary>
        private static string Normalize(string path)
        {
            string full = Path.GetFullPath(path);
            string root = Path.GetPathRoot(full) ?? string.Empty;
            string trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return trimmed.Length < root.Length ? root : trimmed;
        }

        private static EgressTaskException Unsafe(string directory, string message) =>
            new EgressTaskException(ErrorCodes.UnsafeLocation, message, directory);

        private static readonly PropertyInfo? LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>
        /// Whether the entry at <paramref name="path"/> (not what it points to) is a symbolic link or junction; false when nothing is there.
        /// </summary>
        /// <remarks>
        /// A reparse point is what links and junctions are on Windows, and .NET reports a Unix symbolic link the same way. Where the
        /// running framework has <c>FileSystemInfo.LinkTarget</c> (.NET 6 and later, the SDK's MSBuild) it tells links from other
        /// reparse points such as OneDrive's placeholders, which hold ordinary files; .NET Framework's MSBuild treats every reparse
        /// point as a link, which errs on the side of refusing.
        /// </remarks>
        internal static bool IsLink(string path)
        {
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(path);
            }
            catch (Exception exception) when (exception is FileNotFoundException || exception is DirectoryNotFoundException)
            {
                return false;
            }

            if ((attributes & FileAttributes.ReparsePoint) == 0)
            {
                return false;
            }

            if (LinkTargetProperty == null)
            {
                return true;
            }

            FileSystemInfo info = (attributes & FileAttributes.Directory) != 0 ? new DirectoryInfo(path) : new FileInfo(path);
            return LinkTargetProperty.GetValue(info) != null;
        }
    }

    /// <summary>
    /// Finds links on the way from a manifests folder to a relative path, looking at each folder once per run.
    /// </summary>
    internal sealed class LinkFinder
    {
        private readonly string _root;
        private readonly Dictionary<string, bool> _folders = new Dictionary<string, bool>(StringComparer.Ordinal);

        internal LinkFinder(string root) => _root = root;

        /// <summary>
        /// The first component of <paramref name="relativePath"/> (forward slashes) that is a link, as a relative path, or null.
        /// </summary>
        /// <param name="relativePath">A path below the manifests folder.</param>
        /// <param name="includeFile">
        /// Also look at the last component. Readers of the record leave it out: a link in the file's own place is only ever
        /// removed or replaced by a rename, which never reaches what it points to, and one stat per file on every build is not free.
        /// </param>
        internal string? FindLink(string relativePath, bool includeFile)
        {
            for (int slash = relativePath.IndexOf('/'); slash >= 0; slash = relativePath.IndexOf('/', slash + 1))
            {
                string folder = relativePath.Substring(0, slash);
                if (!_folders.TryGetValue(folder, out bool isLink))
                {
                    isLink = ManifestFolderGuard.IsLink(Full(folder));
                    _folders[folder] = isLink;
                }

                if (isLink)
                {
                    return folder;
                }
            }

            return includeFile && ManifestFolderGuard.IsLink(Full(relativePath)) ? relativePath : null;
        }

        /// <summary>Throws <see cref="ErrorCodes.UnsafeLocation"/> for the first of <paramref name="relativePaths"/> that passes through a link.</summary>
        internal void ThrowOnLink(IEnumerable<string> relativePaths, bool includeFile)
        {
            foreach (string path in relativePaths)
            {
                string? link = FindLink(path, includeFile);
                if (link != null)
                {
                    string full = Full(link);
                    throw new EgressTaskException(
                        ErrorCodes.UnsafeLocation,
                        $"'{full}' is a symbolic link or junction inside the manifests folder, on the way to '{path}'. The task never writes or deletes "
                            + "through a link, so it changed nothing. Remove the link (the files it points to are not the task's), then build again.",
                        full);
                }
            }
        }

        private string Full(string relativePath) => Path.Combine(_root, relativePath.Replace('/', Path.DirectorySeparatorChar));
    }
}
