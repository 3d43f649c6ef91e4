using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// A Rebuild (<c>dotnet build --no-incremental</c>) keeps the manifests the task owns through its Clean and lets the build
    /// check them by their fingerprints, as an incremental build does; a plain Clean still removes them (<see cref="MSBuildEndToEnd"/>).
    /// </summary>
    [Collection(MSBuildBuildCollection.Name)]
    public sealed class MSBuildRebuildTests : MSBuildEndToEnd
    {
        [Fact]
        public void RebuildRewritesOnlyWhatChangedLeavesOtherFilesAloneAndCleanStillRemovesEverythingItOwns()
        {
            string project = CreateProject();
            string egress = EgressFolder;
            string[] manifests = ManifestClassFiles();

            (int exitCode, string output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);
            // The record stands for the manifests in MSBuild's list; Clean removes them by it.
            Assert.Contains(Path.Combine(egress, ".egress-files"), File.ReadAllLines(FileList));
            Assert.All(manifests, path => Assert.DoesNotContain(path, File.ReadAllLines(FileList)));
            string original = File.ReadAllText(manifests[0]);
            File.WriteAllText(manifests[0], "edited by hand");
            File.WriteAllText(Path.Combine(egress, "handwritten.yaml"), "kept");
            Dictionary<string, DateTime> stamps = manifests.Skip(1).ToDictionary(path => path, File.GetLastWriteTimeUtc);

            (exitCode, output) = Dotnet("build", project, "--no-incremental");
            Assert.True(exitCode == 0, output);
            Assert.Contains($"EgressDsl: 3 manifest file(s) in {egress}{Path.DirectorySeparatorChar} (1 written, 2 unchanged, 0 removed)",
                output);
            Assert.Equal(original, File.ReadAllText(manifests[0]));
            Assert.All(stamps, stamp => Assert.Equal(stamp.Value, File.GetLastWriteTimeUtc(stamp.Key)));
            Assert.Equal("kept", File.ReadAllText(Path.Combine(egress, "handwritten.yaml")));
            Assert.Contains(Path.Combine(egress, ".egress-files"), File.ReadAllLines(FileList));

            (exitCode, output) = Dotnet("clean", project);
            Assert.True(exitCode == 0, output);
            Assert.Equal(new[] { Path.Combine(egress, "handwritten.yaml") }, Directory.GetFiles(egress, "*", SearchOption.AllDirectories));

            // Without the task to check them afterwards, a rebuild's Clean removes them as any Clean does.
            File.Delete(Path.Combine(egress, "handwritten.yaml"));
            (exitCode, output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);
            Assert.Contains("(3 written, 0 unchanged, 0 removed)", output);
            (exitCode, output) = Dotnet("build", project, "--no-incremental", "-p:EgressWriteManifests=false");
            Assert.True(exitCode == 0, output);
            Assert.All(manifests, path => Assert.False(File.Exists(path), path));
        }
    }
}
