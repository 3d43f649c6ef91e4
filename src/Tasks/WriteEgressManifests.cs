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
    public sealed class WriteEgressManifests : Task
    {
        /// <summary>The compiled assembly to read, normally <c>@(IntermediateAssembly)</c>.</summary>
        [Required]
        public string AssemblyPath { get; set; } = string.Empty;

        /// <summary>The folder that receives the manifests; created when there is something to write.</summary>
        [Required]
        public string OutputDirectory { get; set; } = string.Empty;

        /// <summary>Also write <c>kustomization.yaml</c> listing the <c>istio/*.yaml</c> resources.</summary>
        public bool WriteKustomization { get; set; }

        /// <summary>
        /// Every file the task owns after this run (manifests, <c>kustomization.yaml</c>, the record and the lock file),
        /// for <c>FileWrites</c>, so that Clean removes them.
        /// </summary>
        [Output]
        public ITaskItem[] WrittenFiles { get; private set; } = new ITaskItem[0];

        /// <summary>How long to wait for a concurrent build using the same folder; settable for tests.</summary>
        internal TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Runs the task. Every failure is logged as an EGRESS11x error; nothing is thrown.</summary>
        /// <returns>False when an error was logged.</returns>
        public override bool Execute()
        {
            try
            {
                ExecuteCore();
            }
            catch (EgressTaskException exception)
            {
                Log.LogError(null, exception.Code, null, exception.File, 0, 0, 0, 0, "{0}", exception.Message);
            }
            catch (Exception exception)
            {
                // MSBuild turns an escaping exception into a generic MSB4018 stack dump; a coded error is easier to search for.
                Log.LogError(null, ErrorCodes.Unexpected, null, null, 0, 0, 0, 0, "EgressDsl could not write the manifest files: {0}", exception.ToString());
            }

            return !Log.HasLoggedErrors;
        }

        private void ExecuteCore()
        {
            string directory = ResolveOutputDirectory();
            IReadOnlyList<ManifestFile>? files = ManifestAssemblyReader.Read(AssemblyPath, WriteKustomization);
            if (files != null && WriteKustomization)
            {
                files = files
                    .Concat(new[] { new ManifestFile(ManifestPaths.KustomizationFileName, Kustomization.Build(files.Select(file => file.RelativePath))) })
                    .ToList();
            }

            var manifests = new ManifestDirectory(directory, message => Log.LogMessage(MessageImportance.Low, "{0}", message))
            {
                LockTimeout = LockTimeout,
            };

            SynchronizationResult result;
            try
            {
                result = manifests.Synchronize(files);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new EgressTaskException(
                    ErrorCodes.OutputNotWritable,
                    $"EgressDsl could not update the manifest files in '{directory}': {exception.Message}",
                    null,
                    exception);
            }

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
        private static string EscapeForMSBuild(string value)
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
