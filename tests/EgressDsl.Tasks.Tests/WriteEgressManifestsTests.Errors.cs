using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Build.Framework;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    // What the task refuses and reports: unreadable assemblies, missing constants, unsafe or conflicting paths, folders it
    // cannot write.
    public sealed partial class WriteEgressManifestsTests
    {
        [Fact]
        public void CorruptAssemblyLogsAnErrorInsteadOfThrowing()
        {
            string corrupt = _temporary.Combine("corrupt.dll");
            File.WriteAllBytes(corrupt, Encoding.ASCII.GetBytes("MZ this is not a portable executable"));

            (WriteEgressManifests task, RecordingBuildEngine engine) = Run(corrupt);

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS111", error.Code);
            Assert.Equal(corrupt, error.File);
            Assert.Contains("could not be read", error.Message);
            Assert.False(Directory.Exists(OutputDirectory));
        }

        [Fact]
        public void NativeFileWithoutMetadataIsReportedAsUnreadable()
        {
            // A file that is a PE image but not .NET: the first 0x80 bytes of a DOS stub are enough for PEReader to reject it.
            string notDotNet = _temporary.Combine("native.dll");
            File.WriteAllBytes(notDotNet, new byte[] { 0x4D, 0x5A }.Concat(new byte[510]).ToArray());

            (_, RecordingBuildEngine engine) = Run(notDotNet);

            Assert.Equal("EGRESS111", Assert.Single(engine.Errors).Code);
        }

        [Fact]
        public void MissingAssemblyLogsAnError()
        {
            (_, RecordingBuildEngine engine) = Run(_temporary.Combine("missing.dll"));

            Assert.Equal("EGRESS110", Assert.Single(engine.Errors).Code);
        }

        [Fact]
        public void MissingFileConstantLogsAnError()
        {
            string assembly = ManifestAssemblies.Emit(
                _temporary.Path,
                "namespace EgressDsl.Generated.Manifests { [System.CodeDom.Compiler.GeneratedCode(\"EgressDsl\", \"1.0\")] "
                + "static class Files { "
                + "public static class A { public const string Path = \"a.yaml\"; public const string Content = \"a\"; } "
                + "public static class B { public const string Path = \"b.yaml\"; } } }");

            (_, RecordingBuildEngine engine) = Run(assembly);

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS112", error.Code);
            Assert.Contains("'b.yaml' without its content", error.Message);
            Assert.False(Directory.Exists(OutputDirectory));
        }

        [Fact]
        public void ClassesWithoutTheEgressDslMarkerAreNotManifests()
        {
            // Only holders marked [GeneratedCode("EgressDsl")] count: another generator's or the user's classes are never written.
            string assembly = ManifestAssemblies.Emit(
                _temporary.Path,
                "namespace N { [System.CodeDom.Compiler.GeneratedCode(\"Other\", \"1.0\")] static class Files { "
                + "public static class A { public const string Path = \"a.yaml\"; public const string Content = \"a\"; } } "
                + "static class Egress { "
                + "public static class B { public const string Path = \"b.yaml\"; public const string Yaml = \"b\"; } } }");

            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Empty(engine.Errors);
            Assert.False(Directory.Exists(OutputDirectory)
                && Directory.EnumerateFiles(OutputDirectory, "*.yaml", SearchOption.AllDirectories).Any());
        }

        [Theory]
        [InlineData("../escape.yaml")]
        [InlineData("/etc/escape.yaml")]
        [InlineData("istio//double.yaml")]
        [InlineData("istio\\backslash.yaml")]
        [InlineData("C:/drive.yaml")]
        [InlineData(".hidden.yaml")]
        [InlineData("istio/trailing.")]
        [InlineData("istio/with space.yaml")]
        [InlineData("istio/star*.yaml")]
        [InlineData("istio/semi;colon.yaml")]
        [InlineData("con.yaml")]
        [InlineData("")]
        public void UnsafePathIsRejectedAndNothingIsWritten(string path)
        {
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, ("istio.yaml", "ok\n"), (path, "bad\n"));

            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Equal("EGRESS113", Assert.Single(engine.Errors).Code);
            Assert.False(Directory.Exists(OutputDirectory));
        }

        [Theory]
        [InlineData("istio/a.yaml", "istio/A.yaml")]
        [InlineData("istio", "istio/a.yaml")]
        public void ConflictingPathsAreRejected(string first, string second)
        {
            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, (first, "1"), (second, "2")));

            Assert.Equal("EGRESS113", Assert.Single(engine.Errors).Code);
        }

        [Fact]
        public void InvalidOutputDirectoryLogsAnError()
        {
            var engine = new RecordingBuildEngine();
            var task = new WriteEgressManifests
            {
                BuildEngine = engine,
                AssemblyPath = ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles),
                OutputDirectory = " ",
            };

            Assert.False(task.Execute());
            Assert.Equal("EGRESS116", Assert.Single(engine.Errors).Code);
        }

        [Fact]
        public void UnwritableOutputLogsAnError()
        {
            // A file where the folder should be makes every write fail, on any operating system and even as root.
            Directory.CreateDirectory(_temporary.Combine("out"));
            File.WriteAllText(OutputDirectory, "in the way");

            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            Assert.Equal("EGRESS114", Assert.Single(engine.Errors).Code);
        }
    }
}
