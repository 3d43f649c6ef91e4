using System.Collections.Generic;

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
}
