using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// Builds list the task's bookkeeping in FileWrites, not every manifest: the record stands for them. A list an earlier
    /// EgressDsl wrote, naming every manifest, must not make IncrementalClean delete them as files this build no longer wrote.
    /// </summary>
    public sealed class MSBuildFileWritesTests : MSBuildEndToEnd
    {
        [Fact]
        public void ManifestsListedByAnEarlierVersionStayThroughIncrementalCleanAndCleanStillRemovesThem()
        {
            string[] manifests = ManifestClassFiles();
            string project = CreateProject();
            Assert.Equal(0, Dotnet("build", project).ExitCode);
            Assert.All(manifests, path => Assert.DoesNotContain(path, File.ReadAllLines(FileList)));

            // The list as the version before wrote it, every manifest a line; then a build that changes nothing.
            File.AppendAllLines(FileList, manifests);
            Dictionary<string, DateTime> stamps = manifests.ToDictionary(path => path, File.GetLastWriteTimeUtc);
            (int exitCode, string output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain("EgressDsl: ", output);
            Assert.All(stamps, stamp => Assert.Equal(stamp.Value, File.GetLastWriteTimeUtc(stamp.Key)));
            Assert.All(manifests, path => Assert.DoesNotContain(path, File.ReadAllLines(FileList)));

            // Deleted by hand: the record says what is missing, and the next build writes it again.
            File.Delete(manifests[1]);
            (exitCode, output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);
            Assert.Contains("(1 written, 2 unchanged, 0 removed)", output);

            string handwritten = Path.Combine(EgressFolder, "handwritten.yaml");
            File.WriteAllText(handwritten, "kept");
            (exitCode, output) = Dotnet("clean", project);
            Assert.True(exitCode == 0, output);
            Assert.Equal(new[] { handwritten }, Directory.GetFiles(EgressFolder, "*", SearchOption.AllDirectories));
        }
    }
}
