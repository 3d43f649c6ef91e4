using System;
using System.Collections.Generic;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// Rules for the relative paths the generator may ask for, and the names this task reserves for its own bookkeeping.
    /// </summary>
    /// <remarks>
    /// The paths come from compiled user code and end up in file system calls, MSBuild items (FileWrites) and `kubectl apply -f`,
    /// so they are held to a small portable alphabet: nothing that escapes the directory, means something to MSBuild
    /// (<c>% * ? @ $ ( ) ; '</c>) or is invalid on Windows. Names starting with '.' are reserved for the task's own files,
    /// which is what keeps the record, the lock and the temporary files from ever colliding with a manifest.
    /// </remarks>
    internal static class ManifestPaths
    {
        /// <summary>Lists, one per line, the files the task wrote; the only files it will ever delete.</summary>
        internal const string RecordFileName = ".egress-files";

        /// <summary>Held open exclusively while a build synchronises the directory, so concurrent builds take turns.</summary>
        internal const string LockFileName = ".egress-files.lock";

        /// <summary>What each file was made from and how it was left, so the next run can skip making unchanged files' text.</summary>
        internal const string FingerprintsFileName = ".egress-files.fingerprints";

        /// <summary>
        /// Lists, one per line, the copies of referenced projects' manifests (<c>referenced/&lt;ProjectName&gt;/&lt;path&gt;</c>) that
        /// EgressDsl.targets made with EgressCollectReferencedManifests; read by the tasks so clean and FileWrites see the same filtered list.
        /// </summary>
        internal const string ReferencedRecordFileName = ".egress-referenced-files";

        /// <summary>The folder, directly in the manifests folder, that receives referenced projects' manifests.</summary>
        internal const string ReferencedFolderName = "referenced";

        internal const string KustomizationFileName = "kustomization.yaml";

        /// <summary>
        /// The kustomize transformer configuration written next to <see cref="KustomizationFileName"/>: the name and namespace
        /// references between Istio kinds, so that an overlay's namePrefix or namespace keeps them pointing at each other.
        /// </summary>
        internal const string KustomizeConfigurationFileName = "kustomizeconfig.yaml";

        /// <summary>
        /// Whether a manifest is one Kubernetes object a cluster (or a GitOps tool) applies: the one-object-per-file
        /// <c>istio/*.yaml</c> files. <c>istio.yaml</c> repeats them all (applying both would apply each object twice) and
        /// <c>envoy/</c> holds Envoy configuration, which is not a Kubernetes object.
        /// </summary>
        internal static bool IsKubernetesObject(string relativePath) =>
            relativePath.StartsWith("istio/", StringComparison.Ordinal) && relativePath.EndsWith(".yaml", StringComparison.Ordinal);

        /// <summary>The task's own files in the manifests folder, besides the manifests it writes.</summary>
        internal static readonly string[] BookkeepingFileNames = { RecordFileName, LockFileName, FingerprintsFileName, ReferencedRecordFileName };

        /// <summary>
        /// Returns why a line of <see cref="ReferencedRecordFileName"/> is not a path EgressDsl.targets could have copied to, or null.
        /// </summary>
        /// <remarks>
        /// The same rule as <see cref="GetProblem"/> for the part the referenced project wrote; only the project name, which MSBuild
        /// takes from a file name, may hold other characters (a space, '+', '('), but never a separator, a leading '.' (so never
        /// '..'), or a character Windows forbids in a file name. The tasks escape MSBuild's specials on the way out.
        /// </remarks>
        internal static string? GetCollectedProblem(string relativePath)
        {
            string prefix = ReferencedFolderName + "/";
            int projectEnd = relativePath.StartsWith(prefix, StringComparison.Ordinal) ? relativePath.IndexOf('/', prefix.Length) : -1;
            if (projectEnd < 0)
            {
                return $"a collected file's path must start with '{prefix}<ProjectName>/'";
            }

            string project = relativePath.Substring(prefix.Length, projectEnd - prefix.Length);
            if (project.Length == 0 || project[0] == '.' || project[project.Length - 1] == '.' || project[project.Length - 1] == ' '
                || project.IndexOfAny(UnsafeInProjectName) >= 0)
            {
                return $"'{project}' is not a project name";
            }

            return GetProblem(relativePath.Substring(projectEnd + 1));
        }

        private static readonly char[] UnsafeInProjectName = "\\/:*?\"<>|\t\r\n".ToCharArray();

        private static readonly HashSet<string> WindowsDeviceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        /// <summary>Returns why <paramref name="relativePath"/> is not an acceptable manifest path, or null when it is.</summary>
        internal static string? GetProblem(string relativePath)
        {
            if (relativePath.Length == 0)
            {
                return "the path is empty";
            }

            foreach (string segment in relativePath.Split('/'))
            {
                if (segment.Length == 0)
                {
                    return "the path must be relative, with single '/' separators and no leading or trailing '/'";
                }

                if (segment[0] == '.')
                {
                    return "no path segment may start with '.' (this also rules out '.' and '..')";
                }

                if (segment[segment.Length - 1] == '.')
                {
                    return "no path segment may end with '.' (Windows drops it)";
                }

                foreach (char character in segment)
                {
                    if (!IsAllowed(character))
                    {
                        return $"the character '{character}' is not allowed: use letters, digits, '.', '_' and '-' separated by '/'";
                    }
                }

                int dot = segment.IndexOf('.');
                string stem = dot < 0 ? segment : segment.Substring(0, dot);
                if (WindowsDeviceNames.Contains(stem))
                {
                    return $"'{stem}' is a reserved device name on Windows";
                }
            }

            return null;
        }

        /// <summary>
        /// Checks a whole index: every path valid, no two equal when case is ignored (they would be one file on Windows and macOS),
        /// and no path used both as a file and as a folder.
        /// </summary>
        /// <returns>A description of the first problem, or null.</returns>
        internal static string? GetIndexProblem(IReadOnlyList<string> paths, bool kustomizationReserved)
        {
            var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var folders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string path in paths)
            {
                string? problem = GetProblem(path);
                if (problem != null)
                {
                    return $"'{path}': {problem}";
                }

                if (kustomizationReserved
                    && (string.Equals(path, KustomizationFileName, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(path, KustomizeConfigurationFileName, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"'{path}' is written by the task itself when EgressEmitKustomization is true";
                }

                if (!files.Add(path))
                {
                    return $"'{path}' appears more than once (paths are compared ignoring case)";
                }

                for (int slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
                {
                    folders.Add(path.Substring(0, slash));
                }
            }

            foreach (string path in paths)
            {
                if (folders.Contains(path))
                {
                    return $"'{path}' is used both as a file and as a folder";
                }
            }

            return null;
        }

        private static bool IsAllowed(char character) =>
            (character >= 'a' && character <= 'z')
            || (character >= 'A' && character <= 'Z')
            || (character >= '0' && character <= '9')
            || character == '.'
            || character == '_'
            || character == '-';
    }
}
