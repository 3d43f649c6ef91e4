namespace EgressDsl.Tasks
{
    /// <summary>One file the generator asked for: a validated relative path and its text.</summary>
    internal sealed class ManifestFile
    {
        internal ManifestFile(string relativePath, string content)
        {
            RelativePath = relativePath;
            Content = content;
        }

        /// <summary>Forward-slash path relative to the manifests directory.</summary>
        internal string RelativePath { get; }

        internal string Content { get; }
    }
}
