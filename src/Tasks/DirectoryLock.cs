using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// An exclusive lock on a manifests directory, held as an open <see cref="FileShare.None"/> handle on a lock file inside it.
    /// </summary>
    /// <remarks>
    /// The handle is the lock, so a crashed build releases it automatically. The lock file is deliberately never deleted:
    /// deleting it would let a waiting build lock the old, unlinked file while a third one creates and locks a new one.
    /// </remarks>
    internal sealed class DirectoryLock : IDisposable
    {
        private readonly FileStream _stream;

        private DirectoryLock(FileStream stream) => _stream = stream;

        /// <summary>Waits until the lock file can be opened exclusively.</summary>
        /// <exception cref="EgressTaskException">The lock was not obtained within <paramref name="timeout"/>.</exception>
        internal static DirectoryLock Acquire(string lockFilePath, TimeSpan timeout)
        {
            var stopwatch = Stopwatch.StartNew();
            // Seeded per call: on .NET Framework two builds starting in the same tick would otherwise share a jitter sequence.
            var random = new Random(Guid.NewGuid().GetHashCode());
            int delayMilliseconds = 10;
            while (true)
            {
                try
                {
                    return new DirectoryLock(new FileStream(lockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException exception)
                {
                    if (stopwatch.Elapsed >= timeout)
                    {
                        throw new EgressTaskException(
                            ErrorCodes.LockTimeout,
                            $"Timed out after {timeout.TotalSeconds:0} s waiting for '{lockFilePath}': another build seems to be writing manifests to the same folder ({exception.Message}).",
                            lockFilePath,
                            exception);
                    }

                    // Jitter keeps several waiting builds from retrying in lock step.
                    Thread.Sleep(delayMilliseconds + random.Next(delayMilliseconds));
                    delayMilliseconds = Math.Min(delayMilliseconds * 2, 200);
                }
            }
        }

        /// <summary>What the lock file holds when the task created the manifests folder; any other content means it did not.</summary>
        private static readonly byte[] CreatedFolderMarker = System.Text.Encoding.ASCII.GetBytes("EgressDsl created this folder\n");

        /// <summary>
        /// Whether the lock file says the task created the folder it is in, so clean may remove the folder once it is empty.
        /// </summary>
        /// <remarks>
        /// The lock file is the one bookkeeping file that lives as long as the folder and whose content nothing else reads, so it
        /// carries this fact rather than a new file. A lock file created in a folder that already existed stays empty: a folder the
        /// user made (or that an earlier clean left because it held other files) is never removed.
        /// </remarks>
        internal bool CreatedFolder => ManifestDirectory.HasContent(_stream, CreatedFolderMarker);

        /// <summary>Records that the task created the folder (see <see cref="CreatedFolder"/>).</summary>
        internal void MarkFolderCreated()
        {
            _stream.SetLength(0);
            _stream.Write(CreatedFolderMarker, 0, CreatedFolderMarker.Length);
            _stream.Flush();
        }

        /// <summary>Releases the lock.</summary>
        public void Dispose() => _stream.Dispose();
    }
}
