using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// Writes the manifest files that the EgressDsl generator compiled into an assembly as
    /// constants of the <c>EgressDsl.Generated.Manifests</c> types, and removes the ones it wrote before that are gone.
    /// </summary>
    /// <remarks>
    /// It only ever replaces or deletes files it created (listed in <c>.egress-files</c>): a file of someone else's under a manifest's
    /// name stops the build (EGRESS117) unless <see cref="OverwriteUnownedFiles"/> is set, and a dangerous folder or a link stops it
    /// before anything is touched (EGRESS118).
    /// </remarks>
    public sealed class WriteEgressManifests : EgressManifestsTask
    {
        /// <summary>The compiled assembly to read, normally <c>@(IntermediateAssembly)</c>.</summary>
        [Required]
        public string AssemblyPath { get; set; } = string.Empty;

        /// <summary>Also write <c>kustomization.yaml</c> listing the <c>istio/*.yaml</c> resources.</summary>
        public bool WriteKustomization { get; set; }

        /// <summary>
        /// Replace a file the task did not write when a manifest of the same name is due, and own it from then on
        /// (<c>EgressOverwriteUnownedFiles</c>). False, the default, refuses with EGRESS117 and changes nothing.
        /// </summary>
        public bool OverwriteUnownedFiles { get; set; }

        /// <summary>
        /// Write only the Kubernetes objects (<c>istio/*.yaml</c>, see <see cref="ManifestPaths.IsKubernetesObject"/>), and the
        /// kustomization when asked: the layout of a folder a GitOps tool syncs as it is (<c>EgressGitOpsDir</c>), where
        /// <c>istio.yaml</c> would apply every object twice and the Envoy files are not Kubernetes objects at all.
        /// </summary>
        public bool KubernetesObjectsOnly { get; set; }

        /// <summary>
        /// Write nothing: compare the folder with what would be written and fail with EGRESS120 and a diff when they differ
        /// (<c>EgressManifestsCheck</c>, for CI).
        /// </summary>
        public bool Check { get; set; }

        /// <summary>
        /// Every file the task owns after this run (manifests, <c>kustomization.yaml</c>, the record and the lock file).
        /// EgressDsl.targets lists only the bookkeeping files in <c>FileWrites</c>: Clean removes the manifests by the record.
        /// </summary>
        [Output]
        public ITaskItem[] WrittenFiles { get; private set; } = new ITaskItem[0];

        internal override string Activity => "write the manifest files";

        /// <inheritdoc />
        protected override void ExecuteCore(string directory)
        {
            ManifestDirectory manifests = CreateManifestDirectory(directory);

            // A check needs every text anyway; a build unpacks only the constants that changed since the record was kept.
            PackedConstantRecord recorded = Check ? PackedConstantRecord.Empty : Update(directory, manifests.ReadPackedConstants);
            IReadOnlyList<ManifestFile>? files = ManifestAssemblyReader.Read(AssemblyPath, WriteKustomization, recorded);

            // Of every file the constants produced, before any is left out here: the next run takes a recorded constant's files from it.
            PackedConstantRecord packedConstants = PackedConstantRecord.Of(files ?? new ManifestFile[0]);
            if (packedConstants.Count > 0)
            {
                Log.LogMessage(
                    MessageImportance.Low,
                    "EgressDsl: {0} of {1} packed constant(s) as recorded by the last run, not unpacked unless a file's text is needed",
                    packedConstants.CountRecordedIn(recorded),
                    packedConstants.Count);
            }

            if (files != null && KubernetesObjectsOnly)
            {
                files = files.Where(file => ManifestPaths.IsKubernetesObject(file.RelativePath)).ToList();
            }

            if (files != null && WriteKustomization)
            {
                files = files.Concat(Kustomization.Files(files.Select(file => file.RelativePath))).ToList();
            }

            if (Check)
            {
                IReadOnlyList<string> differences = Update(directory, () => manifests.Compare(files));
                if (differences.Count > 0)
                {
                    Log.LogError(
                        null,
                        ErrorCodes.ManifestsDiffer,
                        null,
                        directory,
                        0,
                        0,
                        0,
                        0,
                        "{0}",
                        $"The manifests in '{directory}' differ from what the code generates ({differences.Count} file(s)). Build without "
                            + "EgressManifestsCheck to update them, review and commit the change.\n" + string.Join("\n", differences));
                    return;
                }

                Log.LogMessage(MessageImportance.High, "EgressDsl: the manifests in {0} are up to date", directory);
                return;
            }

            manifests.OverwriteUnownedFiles = OverwriteUnownedFiles;
            manifests.LogWarning = LogUnownedWarning;
            manifests.PackedConstants = packedConstants;
            SynchronizationResult result = Update(directory, () => manifests.Synchronize(files));
            WrittenFiles = result.OwnedFiles.Select(path => (ITaskItem)new TaskItem(EscapeForMSBuild(path))).ToArray();
            Log.LogMessage(
                MessageImportance.High,
                "EgressDsl: {0} manifest file(s) in {1} ({2} written, {3} unchanged, {4} removed)",
                result.ManifestCount,
                directory,
                result.Written,
                result.Unchanged,
                result.Removed);
        }
    }

    /// <summary>
    /// Deletes what the EgressDsl build wrote to a manifests folder, for <c>dotnet clean</c>: the files its records list (its
    /// own manifests and the copies of referenced projects'), their temporary files, its bookkeeping, the folders this left
    /// empty, and the manifests folder itself when it created it and nothing else is in it.
    /// </summary>
    public sealed class CleanEgressManifests : EgressManifestsTask
    {
        internal override string Activity => "clean the manifest files";

        /// <summary>
        /// The clean is the first half of a Rebuild (set by EgressDsl.targets): the task's files stay where they are, for the
        /// build that follows to check, and are taken out of <see cref="FileListPath"/> so that CoreClean leaves them too.
        /// </summary>
        public bool KeepForRebuild { get; set; }

        /// <summary>MSBuild's list of the files earlier builds wrote (<c>$(IntermediateOutputPath)$(CleanFile)</c>), for
        /// <see cref="KeepForRebuild"/>.</summary>
        public string FileListPath { get; set; } = string.Empty;

        /// <inheritdoc />
        protected override void ExecuteCore(string directory)
        {
            if (KeepForRebuild && FileListPath.Length > 0)
            {
                int kept = Update(directory, () => CreateManifestDirectory(directory).KeepForRebuild(Path.GetFullPath(FileListPath)));
                Log.LogMessage(
                    MessageImportance.Normal,
                    "EgressDsl: rebuild leaves the files it owns in {0} for the build to check ({1} taken out of the clean list)",
                    directory,
                    kept);
                return;
            }

            int removed;
            try
            {
                removed = Update(directory, () => CreateManifestDirectory(directory).Clean());
            }
            catch (EgressTaskException exception) when (exception.Code == ErrorCodes.OutputNotWritable)
            {
                // As the Delete task with WarnAndContinue did before: a file held open (an editor, a scanner) should not fail a clean.
                Log.LogWarning(null, exception.Code, null, exception.File, 0, 0, 0, 0, "{0}", exception.Message);
                return;
            }

            Log.LogMessage(MessageImportance.Normal, "EgressDsl: clean removed {0} file(s) from {1}", removed, directory);
        }
    }

    /// <summary>
    /// Reads one of the records a manifests folder keeps, with the same filter the tasks apply, so that no target hands MSBuild a
    /// line such as <c>../victim</c> (FileWrites would let the next incremental clean delete it) or a path through a link.
    /// </summary>
    public sealed class ReadEgressManifestRecord : EgressManifestsTask
    {
        /// <summary>
        /// Read <c>.egress-referenced-files</c> (the copies of referenced projects' manifests) instead of <c>.egress-files</c>.
        /// </summary>
        public bool Referenced { get; set; }

        /// <summary>
        /// The recorded files, as full paths, with <c>EgressRelativePath</c> metadata (the line, relative to the folder, forward
        /// slashes). Lines that are not a path the task could have written are left out, as are files behind a link.
        /// </summary>
        [Output]
        public ITaskItem[] Files { get; private set; } = new ITaskItem[0];

        /// <summary>Whether to make <see cref="Files"/>; a build asks only for <see cref="AnyFileMissing"/>.</summary>
        public bool ListFiles { get; set; } = true;

        /// <summary>Whether a file the record lists (filtered as for <see cref="Files"/>) is not there, deleted by hand say.</summary>
        [Output]
        public bool AnyFileMissing { get; private set; }

        /// <summary>
        /// MSBuild's list of the files earlier builds wrote (<c>$(IntermediateOutputPath)$(CleanFile)</c>): lines naming a
        /// recorded file are taken out. Builds list only the task's bookkeeping in <c>FileWrites</c> (the record stands for
        /// the manifests, which Clean removes by it), and IncrementalClean deletes what an earlier build listed that this one
        /// does not: the manifests an earlier EgressDsl listed one by one would go with the first build after an update.
        /// </summary>
        public string FileListPath { get; set; } = string.Empty;

        internal override string Activity => "read the record of manifest files";

        /// <inheritdoc />
        protected override void ExecuteCore(string directory)
        {
            IReadOnlyList<string> paths = Update(directory, () => CreateManifestDirectory(directory).ReadRecordedFiles(Referenced));
            List<string> fullPaths = paths.Select(path => Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar))).ToList();
            AnyFileMissing = fullPaths.Any(path => !File.Exists(path));
            if (FileListPath.Length > 0)
            {
                Update(directory, () => ManifestDirectory.RemoveFromFileList(Path.GetFullPath(FileListPath), fullPaths));
            }

            if (!ListFiles)
            {
                return;
            }

            Files = paths
                .Select(path =>
                {
                    var item = new TaskItem(EscapeForMSBuild(Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar))));
                    item.SetMetadata("EgressRelativePath", EscapeForMSBuild(path));
                    return (ITaskItem)item;
                })
                .ToArray();
        }
    }

    /// <summary>
    /// Run by EgressDsl.targets before it records and copies referenced projects' manifests to <c>referenced/&lt;ProjectName&gt;/</c>:
    /// refuses a copy that would replace a file EgressDsl did not put there (EGRESS117, unless <see cref="OverwriteUnownedFiles"/>)
    /// or go through a link (EGRESS118), so that collecting is held to the same rules as writing.
    /// </summary>
    public sealed class CheckEgressCollectedManifests : EgressManifestsTask
    {
        /// <summary>The paths about to be copied, relative to the manifests folder (<c>referenced/&lt;ProjectName&gt;/&lt;path&gt;</c>).</summary>
        public ITaskItem[] Files { get; set; } = new ITaskItem[0];

        /// <summary>Replace a file that the collected-files record does not list, with a warning (<c>EgressOverwriteUnownedFiles</c>).</summary>
        public bool OverwriteUnownedFiles { get; set; }

        internal override string Activity => "check the copies of referenced projects' manifests";

        /// <inheritdoc />
        protected override void ExecuteCore(string directory)
        {
            ManifestDirectory manifests = CreateManifestDirectory(directory);
            manifests.OverwriteUnownedFiles = OverwriteUnownedFiles;
            manifests.LogWarning = LogUnownedWarning;
            Update(directory, () =>
            {
                manifests.CheckCollectedDestinations(Files.Select(item => item.ItemSpec.Replace('\\', '/')).ToList());
                return true;
            });
        }
    }

    /// <summary>What the EgressDsl tasks share: the manifests folder, its checks, and turning failures into EGRESS11x errors.</summary>
    public abstract class EgressManifestsTask : Task
    {
        /// <summary>The manifests folder (<c>EgressManifestsDir</c>); created when there is something to write.</summary>
        [Required]
        public string OutputDirectory { get; set; } = string.Empty;

        /// <summary>
        /// The project's folder (<c>$(MSBuildProjectDirectory)</c>). The manifests folder may be below it but never it or a folder
        /// above it, where a record could make clean delete source files (EGRESS118). Empty skips the check.
        /// </summary>
        public string ProjectDirectory { get; set; } = string.Empty;

        /// <summary>How long to wait for a concurrent build using the same folder; settable for tests.</summary>
        internal TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The home folder the manifests folder must not be (or be above); the user's by default, settable for tests.</summary>
        internal string? HomeDirectory { get; set; } = ManifestFolderGuard.CurrentHome;

        /// <summary>Runs the task. Every failure is logged as an EGRESS11x error; nothing is thrown.</summary>
        /// <returns>False when an error was logged.</returns>
        public override bool Execute()
        {
            try
            {
                ExecuteCore(ResolveOutputDirectory());
            }
            catch (EgressTaskException exception)
            {
                Log.LogError(null, exception.Code, null, exception.File, 0, 0, 0, 0, "{0}", exception.Message);
            }
            catch (Exception exception)
            {
                // MSBuild turns an escaping exception into a generic MSB4018 stack dump; a coded error is easier to search for.
                Log.LogError(null, ErrorCodes.Unexpected, null, null, 0, 0, 0, 0, "EgressDsl could not {0}: {1}", Activity, exception.ToString());
            }

            return !Log.HasLoggedErrors;
        }

        /// <summary>What the task does, for the unexpected-failure message ("EgressDsl could not ...").</summary>
        internal abstract string Activity { get; }

        /// <summary>The task's work, on the manifests folder as a full path.</summary>
        protected abstract void ExecuteCore(string directory);

        internal ManifestDirectory CreateManifestDirectory(string directory) =>
            new ManifestDirectory(directory, message => Log.LogMessage(MessageImportance.Low, "{0}", message))
            {
                LockTimeout = LockTimeout,
                ProjectDirectory = string.IsNullOrWhiteSpace(ProjectDirectory) ? null : ProjectDirectory,
                HomeDirectory = HomeDirectory,
            };

        /// <summary>The EGRESS117 warning for a file replaced under EgressOverwriteUnownedFiles.</summary>
        internal void LogUnownedWarning(string message) => Log.LogWarning(null, ErrorCodes.UnownedFile, null, null, 0, 0, 0, 0, "{0}", message);

        /// <summary>Runs <paramref name="update"/>, reporting file system failures as EGRESS114.</summary>
        internal static T Update<T>(string directory, Func<T> update)
        {
            try
            {
                return update();
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new EgressTaskException(
                    ErrorCodes.OutputNotWritable,
                    $"EgressDsl could not update the manifest files in '{directory}': {exception.Message}",
                    null,
                    exception);
            }
        }

        private string ResolveOutputDirectory()
        {
            try
            {
                if (string.IsNullOrWhiteSpace(OutputDirectory))
                {
                    throw new ArgumentException("the path is empty");
                }

                return Path.GetFullPath(OutputDirectory);
            }
            catch (Exception exception) when (exception is ArgumentException || exception is NotSupportedException || exception is PathTooLongException)
            {
                throw new EgressTaskException(
                    ErrorCodes.OutputDirectoryInvalid,
                    $"The manifests directory '{OutputDirectory}' is not a usable path ({exception.Message}). Check EgressManifestsDir.");
            }
        }

        /// <summary>
        /// TaskItem treats its argument as MSBuild-escaped, so characters such as ';' or '%' in a user's folder name
        /// would otherwise be mangled on the way into FileWrites.
        /// </summary>
        internal static string EscapeForMSBuild(string value)
        {
            const string special = "%*?@$();'";
            if (value.IndexOfAny(special.ToCharArray()) < 0)
            {
                return value;
            }

            var builder = new StringBuilder(value.Length + 8);
            foreach (char character in value)
            {
                if (special.IndexOf(character) >= 0)
                {
                    builder.Append('%').Append(((int)character).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(character);
                }
            }

            return builder.ToString();
        }
    }
}
