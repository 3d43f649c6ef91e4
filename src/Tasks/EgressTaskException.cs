using System;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// An expected failure (bad input, unreadable assembly, file system trouble) that the task reports as one build error with its own code,
    /// instead of the generic "task failed" stack trace MSBuild prints for unexpected exceptions.
    /// </summary>
    internal sealed class EgressTaskException : Exception
    {
        internal EgressTaskException(string code, string message, string? file = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Code = code;
            File = file;
        }

        /// <summary>The EGRESS11x code shown to the user.</summary>
        internal string Code { get; }

        /// <summary>The file the error is about, so IDEs can link to it; null when no single file is to blame.</summary>
        internal string? File { get; }
    }

    /// <summary>The error codes of the tasks assembly (EGRESS110..EGRESS120; EGRESS100..EGRESS109 and EGRESS121..EGRESS125 and EGRESS128 belong to EgressDsl.targets, EGRESS126 and EGRESS127 to WriteEgressEnvironment).</summary>
    internal static class ErrorCodes
    {
        internal const string AssemblyNotFound = "EGRESS110";
        internal const string AssemblyUnreadable = "EGRESS111";
        internal const string ManifestTypeMalformed = "EGRESS112";
        internal const string ManifestPathInvalid = "EGRESS113";
        internal const string OutputNotWritable = "EGRESS114";
        internal const string LockTimeout = "EGRESS115";
        internal const string OutputDirectoryInvalid = "EGRESS116";

        /// <summary>A file the task did not write is where it would write, or the folder holds someone else's files and no record.</summary>
        internal const string UnownedFile = "EGRESS117";

        /// <summary>The manifests folder is a root, the project folder or above it, the home folder or above it, or a link is in the way.</summary>
        internal const string UnsafeLocation = "EGRESS118";
        internal const string Unexpected = "EGRESS119";

        /// <summary>EgressManifestsCheck: the folder differs from what the build would write there.</summary>
        internal const string ManifestsDiffer = "EGRESS120";

        /// <summary>An EgressEnvironment item's name is not a usable folder name, is reserved, or is declared twice.</summary>
        internal const string EnvironmentNameInvalid = "EGRESS126";

        /// <summary>An EgressEnvironment value's name is not a C# identifier, or environments declare different values.</summary>
        internal const string EnvironmentValuesInvalid = "EGRESS127";
    }
}
