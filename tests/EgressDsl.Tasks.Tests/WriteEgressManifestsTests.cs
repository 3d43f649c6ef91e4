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
    public sealed partial class WriteEgressManifestsTests : IDisposable
    {
        private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

        private static readonly (string Path, string Content)[] ThreeFiles =
        {
            ("istio.yaml", "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n---\napiVersion: networking.istio.io/v1\nkind: Gateway\n"),
            ("istio/gateway_eg-nginx-ext.yaml", "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: \"eg-nginx-ext\" # ünïcode ✓\n"),
            ("envoy/sidecar.json", "{\n  \"static_resources\": {}\n}\n"),
        };

        private readonly TemporaryDirectory _temporary = new TemporaryDirectory();

        private string OutputDirectory => _temporary.Combine("out", "egress");

        public void Dispose() => _temporary.Dispose();

        [Fact]
        public void WritesEveryFileWithExactContent()
        {
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles);

            (WriteEgressManifests task, RecordingBuildEngine engine) = Run(assembly);

            Assert.Empty(engine.Errors);
            foreach ((string path, string content) in ThreeFiles)
            {
                Assert.Equal(Encoding.UTF8.GetBytes(content), File.ReadAllBytes(Manifest(path)));
            }

            // Files are recorded in path order, whatever order the constants are declared in.
            Assert.Equal("envoy/sidecar.json\nistio.yaml\nistio/gateway_eg-nginx-ext.yaml\n", File.ReadAllText(Manifest(".egress-files")));
            Assert.Equal(
                ThreeFiles.Select(file => Manifest(file.Path)).Concat(new[] { Manifest(".egress-files"), Manifest(".egress-files.fingerprints"), Manifest(".egress-files.lock") }).OrderBy(path => path),
                task.WrittenFiles.Select(item => item.ItemSpec).OrderBy(path => path));
            Assert.Equal($"EgressDsl: 3 manifest file(s) in {Path.GetFullPath(OutputDirectory)} (3 written, 0 unchanged, 0 removed)", engine.Summary);
            Assert.Empty(Directory.GetFiles(OutputDirectory, "*.tmp", SearchOption.AllDirectories));
        }

        [Fact]
        public void SecondRunWithSameContentLeavesFilesAndTimestampsAlone()
        {
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles);
            Run(assembly);
            Backdate();

            // A freshly compiled assembly with the same manifests is what an edit elsewhere in the project produces.
            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            Assert.Empty(engine.Errors);
            Assert.EndsWith("(0 written, 3 unchanged, 0 removed)", engine.Summary);
            foreach ((string path, _) in ThreeFiles)
            {
                Assert.Equal(Yesterday, File.GetLastWriteTimeUtc(Manifest(path)));
            }

            // The record is the target's Outputs: it must become newer than the assembly, or the target would never be skipped.
            Assert.True(File.GetLastWriteTimeUtc(Manifest(".egress-files")) > File.GetLastWriteTimeUtc(assembly));
        }

        [Fact]
        public void ChangedContentIsRewrittenAndOnlyThatFile()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));
            Backdate();
            (string Path, string Content)[] changed = ThreeFiles.ToArray();
            changed[2] = ("envoy/sidecar.json", "{ \"changed\": true }\n");

            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, changed));

            Assert.EndsWith("(1 written, 2 unchanged, 0 removed)", engine.Summary);
            Assert.Equal("{ \"changed\": true }\n", File.ReadAllText(Manifest("envoy/sidecar.json")));
            Assert.NotEqual(Yesterday, File.GetLastWriteTimeUtc(Manifest("envoy/sidecar.json")));
            Assert.Equal(Yesterday, File.GetLastWriteTimeUtc(Manifest("istio.yaml")));
        }

        [Fact]
        public void ResourceNoLongerDeclaredIsDeletedWithItsEmptyFolder()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            (WriteEgressManifests task, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles.Take(2).ToArray()));

            Assert.EndsWith("(0 written, 2 unchanged, 1 removed)", engine.Summary);
            Assert.False(File.Exists(Manifest("envoy/sidecar.json")));
            Assert.False(Directory.Exists(Manifest("envoy")));
            Assert.Equal("istio.yaml\nistio/gateway_eg-nginx-ext.yaml\n", File.ReadAllText(Manifest(".egress-files")));
            Assert.DoesNotContain(task.WrittenFiles, item => item.ItemSpec.EndsWith("sidecar.json", StringComparison.Ordinal));
        }

        [Fact]
        public void RenameThatOnlyChangesCaseLeavesOnlyTheNewName()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ("istio/Gateway.yaml", "old\n")));

            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ("istio/gateway.yaml", "new\n")));

            Assert.Equal(new[] { "gateway.yaml" }, Directory.GetFiles(Manifest("istio")).Select(Path.GetFileName));
            Assert.Equal("new\n", File.ReadAllText(Manifest("istio/gateway.yaml")));
        }

        [Fact]
        public void FilesTheTaskDidNotWriteAreNeverDeleted()
        {
            // The user's files arrive after the first run: a folder that already holds someone else's files and no record is refused
            // outright (see NonEmptyFolderOfSomeoneElsesFilesIsRefused).
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));
            File.WriteAllText(Manifest("istio/handwritten.yaml"), "mine");
            File.WriteAllText(Manifest("notes.txt"), "mine too");
            string outside = _temporary.Combine("out", "outside.txt");
            File.WriteAllText(outside, "outside");

            // Even a record edited to point outside the folder must not lead the task there.
            File.AppendAllText(Manifest(".egress-files"), "../outside.txt\n/etc/hostname\n");
            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.Emit(_temporary.Path, "class NoManifests { }"));

            Assert.Empty(engine.Errors);
            Assert.EndsWith("(0 written, 0 unchanged, 3 removed)", engine.Summary);
            Assert.Equal("mine", File.ReadAllText(Manifest("istio/handwritten.yaml")));
            Assert.Equal("mine too", File.ReadAllText(Manifest("notes.txt")));
            Assert.Equal("outside", File.ReadAllText(outside));
            Assert.False(File.Exists(Manifest("istio.yaml")));
            Assert.False(File.Exists(Manifest(".egress-files")));
        }

        [Fact]
        public void KustomizationListsTheIstioResourcesOnly()
        {
            (string Path, string Content)[] files =
            {
                ("istio.yaml", "all\n"),
                ("istio/serviceentry_api.yaml", "a\n"),
                ("istio/gateway_eg.yaml", "b\n"),
                ("istio/readme.txt", "not a resource\n"),
                ("envoy/sidecar.json", "{}\n"),
            };

            (WriteEgressManifests task, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, files), writeKustomization: true);

            Assert.Empty(engine.Errors);
            Assert.Equal(
                "# Generated by EgressDsl at build time; edits are overwritten.\n"
                + "# Overlays: a plain namespace: or namePrefix: also moves or renames the objects pinned to a namespace (the\n"
                + "# Gateway in istio-system) and breaks references such as istio-system/<gateway>; see docs/gitops.md#overlays.\n"
                + "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\n"
                + "configurations:\n"
                + "- kustomizeconfig.yaml\n"
                + "resources:\n"
                + "- istio/gateway_eg.yaml\n"
                + "- istio/serviceentry_api.yaml\n",
                File.ReadAllText(Manifest("kustomization.yaml")));
            Assert.Contains(task.WrittenFiles, item => item.ItemSpec == Manifest("kustomization.yaml"));
            string configuration = File.ReadAllText(Manifest("kustomizeconfig.yaml"));
            Assert.Contains("nameReference:\n- kind: Gateway\n", configuration);

            // The Gateway API form's references: a route's parent Gateway, a backend Service, a ReferenceGrant's Service.
            Assert.Contains("- kind: Gateway\n  group: gateway.networking.k8s.io\n  fieldSpecs:\n  - kind: HTTPRoute\n"
                + "    group: gateway.networking.k8s.io\n    path: spec/parentRefs/name\n", configuration);
            Assert.Contains("  - kind: TCPRoute\n    group: gateway.networking.k8s.io\n    path: spec/rules/backendRefs/name\n",
                configuration);
            Assert.EndsWith("  - kind: ReferenceGrant\n    group: gateway.networking.k8s.io\n    path: spec/to/name\n", configuration);
            Assert.EndsWith("7 manifest file(s) in " + Path.GetFullPath(OutputDirectory) + " (7 written, 0 unchanged, 0 removed)", engine.Summary);

            // Switching the option off removes the files, since the task wrote them.
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, files), writeKustomization: false);
            Assert.False(File.Exists(Manifest("kustomization.yaml")));
            Assert.False(File.Exists(Manifest("kustomizeconfig.yaml")));
        }

        [Fact]
        public void KustomizationWithoutIstioResourcesIsStillValid()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ("envoy/sidecar.json", "{}\n")), writeKustomization: true);

            Assert.EndsWith("kind: Kustomization\nconfigurations:\n- kustomizeconfig.yaml\nresources: []\n", File.ReadAllText(Manifest("kustomization.yaml")));
        }

        [Fact]
        public void GitOpsLayoutHoldsEachKubernetesObjectOnceAndNoEnvoyFile()
        {
            (string Path, string Content)[] files =
            {
                ("istio.yaml", "all\n"),
                ("istio/gateway_eg.yaml", "b\n"),
                ("istio/service-entry_api.yaml", "a\n"),
                ("envoy/sidecar.json", "{}\n"),
            };

            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, files), writeKustomization: true, kubernetesObjectsOnly: true);

            Assert.Empty(engine.Errors);
            Assert.Equal(
                new[] { ".egress-files", ".egress-files.fingerprints", ".egress-files.lock", "istio/gateway_eg.yaml", "istio/service-entry_api.yaml", "kustomization.yaml", "kustomizeconfig.yaml" },
                FilesBelowOutput());
            Assert.Equal("istio/gateway_eg.yaml\nistio/service-entry_api.yaml\nkustomization.yaml\nkustomizeconfig.yaml\n", File.ReadAllText(Manifest(".egress-files")));
        }

        [Fact]
        public void CheckPassesWhenInSyncAndOtherwiseFailsWithADiffWritingNothing()
        {
            (string Path, string Content)[] files =
            {
                ("istio/gateway_eg.yaml", "kind: Gateway\nmetadata:\n  name: eg\nspec:\n  selector:\n    istio: egressgateway\n"),
                ("istio/service-entry_api.yaml", "kind: ServiceEntry\n"),
            };
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, files);

            // A folder that does not exist yet is out of date, and stays absent.
            (_, RecordingBuildEngine missing) = Run(assembly, kubernetesObjectsOnly: true, check: true);
            Assert.Equal("EGRESS120", Assert.Single(missing.Errors).Code);
            Assert.Contains("missing: istio/gateway_eg.yaml", missing.Errors[0].Message);
            Assert.False(Directory.Exists(OutputDirectory));

            Run(assembly, kubernetesObjectsOnly: true);
            (_, RecordingBuildEngine inSync) = Run(assembly, kubernetesObjectsOnly: true, check: true);
            Assert.Empty(inSync.Errors);
            Assert.Contains(inSync.Messages, message => message.Message == "EgressDsl: the manifests in " + Path.GetFullPath(OutputDirectory) + " are up to date");

            // A committed file edited by hand, one the code no longer generates, and a file of the user's, which is not compared.
            File.WriteAllText(Manifest("istio/gateway_eg.yaml"), "kind: Gateway\nmetadata:\n  name: eg\nspec:\n  selector:\n    istio: ingressgateway\n");
            File.WriteAllText(Manifest("README.md"), "mine\n");
            string edited = ManifestAssemblies.EmitManifests(_temporary.Path, files.Take(1).ToArray());
            Dictionary<string, DateTime> before = Directory.GetFiles(OutputDirectory, "*", SearchOption.AllDirectories).ToDictionary(path => path, File.GetLastWriteTimeUtc);

            (_, RecordingBuildEngine drift) = Run(edited, kubernetesObjectsOnly: true, check: true);

            string message = Assert.Single(drift.Errors).Message!;
            Assert.Equal("EGRESS120", drift.Errors[0].Code);
            Assert.Contains(
                "differs: istio/gateway_eg.yaml\n"
                + "--- committed/istio/gateway_eg.yaml\n"
                + "+++ generated/istio/gateway_eg.yaml\n"
                + "@@ -3,4 +3,4 @@\n"
                + "   name: eg\n"
                + " spec:\n"
                + "   selector:\n"
                + "-    istio: ingressgateway\n"
                + "+    istio: egressgateway\n",
                message);
            Assert.Contains("no longer generated: istio/service-entry_api.yaml", message);
            Assert.Contains("record out of date: .egress-files", message);
            Assert.DoesNotContain("README.md", message);
            Assert.Equal(before, Directory.GetFiles(OutputDirectory, "*", SearchOption.AllDirectories).ToDictionary(path => path, File.GetLastWriteTimeUtc));
        }

        private string[] FilesBelowOutput() =>
            Directory.GetFiles(OutputDirectory, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(OutputDirectory, path).Replace('\\', '/'))
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToArray();

        [Theory]
        [InlineData("kustomization.yaml")]
        [InlineData("kustomizeconfig.yaml")]
        public void IndexNamingKustomizationConflictsWhenTheTaskWritesOne(string path)
        {
            (_, RecordingBuildEngine engine) = Run(
                ManifestAssemblies.EmitManifests(_temporary.Path, (path, "x\n")),
                writeKustomization: true);

            Assert.Equal("EGRESS113", Assert.Single(engine.Errors).Code);
        }

        [Fact]
        public void AssemblyWithoutManifestTypeWritesNothing()
        {
            (WriteEgressManifests task, RecordingBuildEngine engine) = Run(ManifestAssemblies.Emit(_temporary.Path, "namespace EgressDsl.Generated { class Other { public static class A { const string Path = \"a.yaml\"; } } }"));

            Assert.Empty(engine.Errors);
            Assert.Empty(task.WrittenFiles);
            Assert.False(Directory.Exists(OutputDirectory));
            Assert.StartsWith("EgressDsl: 0 manifest file(s)", engine.Summary);
        }

        [Fact]
        public void JoinWritesTheFilesUnderItsPrefixInPathOrder()
        {
            string assembly = ManifestAssemblies.Emit(
                _temporary.Path,
                "namespace EgressDsl.Generated.Manifests { [System.CodeDom.Compiler.GeneratedCode(\"EgressDsl\", \"1.0\")] static class Joins { public static class I { public const string Path = \"istio.yaml\"; public const string Parts = \"istio/\"; } } "
                + "[System.CodeDom.Compiler.GeneratedCode(\"EgressDsl\", \"1.0\")] static class Holder { public static class B { public const string Path = \"istio/b.yaml\"; public const string Yaml = \"kind: B\\n\"; } "
                + "public static class A { public const string Path = \"istio/a.yaml\"; public const string Yaml = \"kind: A\\n\"; } public static class E { public const string Path = \"envoy/x.json\"; public const string Content = \"{}\"; } } }");

            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Empty(engine.Errors);
            Assert.Equal("kind: A\n---\nkind: B\n", File.ReadAllText(Manifest("istio.yaml")));
            Assert.Equal("kind: B\n", File.ReadAllText(Manifest("istio/b.yaml")));
            Assert.Equal("{}", File.ReadAllText(Manifest("envoy/x.json")));
        }

        [Fact]
        public void CompactJsonIsWrittenIndentedAndOtherContentAsItIs()
        {
            // Punctuation and escapes inside strings are the strings' own, never layout.
            const string compact = "[{\"name\":\"a, b: {c} [d] \\\" \\\\\",\"port\":80,\"on\":true,\"empty\":{},\"none\":[]},{}]";
            string assembly = ProjectFiles(
                "public static class S { public const string Path = \"envoy/sidecar.json\"; public const string CompactJson = " + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(compact, quote: true) + "; } "
                + "public static class B { public const string Path = \"envoy/bootstrap.yaml\"; public const string Content = \"a: {b: [c]}\"; }");

            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Empty(engine.Errors);
            Assert.Equal(
                "[\n  {\n    \"name\": \"a, b: {c} [d] \\\" \\\\\",\n    \"port\": 80,\n    \"on\": true,\n    \"empty\": {},\n    \"none\": []\n  },\n  {}\n]\n",
                File.ReadAllText(Manifest("envoy/sidecar.json")));
            Assert.Equal("a: {b: [c]}", File.ReadAllText(Manifest("envoy/bootstrap.yaml")));
        }

        [Fact]
        public void PackedFilesAreUnpackedAndTheirJsonIsAlsoWrittenIndented()
        {
            // Two files in one PackedFiles constant, deflated (zlib, level 9) without the dictionary (flags 0) and carried fifteen
            // bits a character, the format src/Abstractions/PackedFiles.cs documents (the generator tests hold the packer to it).
            const string packed = "\u4000\u4000\u40BE\u8AC7\u8C5A\uB868\u40C8\u6B7E\u7ABC\uA135\u8DD5\uA806\u7875\u8DD3\u9B20\u787F\u8966\u8852\uB7D2\u7893\uA6E6\u9B1F\u5ED7\u4ED4\u5149\u910F\u6241\u7D74\u4F47\u9BE3\uAF5C\uA884\u7CC8\uBB2A\u934F\u4F59\u9F4B\uB85C\uA456\u5215\u7EBE\uAFF6\uB006\uA324\u7810\u40DD\u964E\u43F6\uB8D7\uA719\u563E\u5853\u5035\u8970\u81A9\u5320\u56DD\u972D\uBA77\u7FFB\u83FF\uAEDF\u7FC5\u7E0F\uAAAA\u42C5\u9209\uAE3C\uAA60\u70BA\uBE8A\u4AEA\uA98F\uADBE\u749D\u840B\u7366\u5D90\u831A\uA1E5\u7311\u94B0\uBA72\u8DD5\u4EBD\u75D7\u6035\uB8D7\uACE4\u6E74\uA62A\uA2BF\u6B61\uA554\u7B73\uB062\u54A7\u7640\u5EC3\u4D5F\u5AD5\uBFA9\u46C8\uA5C8\u4800";
            (_, RecordingBuildEngine engine) = Run(ProjectFiles("private const string PackedFiles_1 = \"" + packed + "\";"));

            Assert.Empty(engine.Errors);
            Assert.Equal(
                "[\n  {\n    \"name\": \"outbound|80||a.example.com\",\n    \"port\": 80\n  },\n  {\n    \"name\": \"outbound|80||b.example.com\",\n    \"port\": 80\n  },\n"
                + "  {\n    \"name\": \"outbound|443||a.example.com\",\n    \"port\": 443,\n    \"empty\": {},\n    \"none\": []\n  }\n]\n",
                File.ReadAllText(Manifest("envoy/sidecar.json")));
            Assert.Equal("node:\n  id: sidecar~0.0.0.0~egress.egress~egress.svc.cluster.local\n  cluster: egress.egress\n", File.ReadAllText(Manifest("envoy/bootstrap.yaml")));
        }

        [Theory]
        [InlineData("\"not packed!\"")]
        [InlineData("\"\\u4000\\u4005\"")] // five bytes said, none there
        [InlineData("\"\\u4000\\u4025\\u45A4\\u4B32\\u6C09\\u4CD2\\u9E5D\\u7F50\\u9F9C\\u8C49\\u66A7\\u4B34\\u9965\\u6CEC\\uBB1B\\u833B\\u5E56\\u89CD\\u55B0\"")] // cut short
        public void CorruptPackedFilesAreAContractErrorNamingTheConstant(string packed)
        {
            string assembly = ProjectFiles("private const string PackedFiles_1 = " + packed + ";");

            (WriteEgressManifests task, RecordingBuildEngine engine) = Run(assembly);

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS112", error.Code);
            Assert.Equal(assembly, error.File);
            Assert.Contains("the constant 'ProjectFiles.PackedFiles_1', which cannot be unpacked", error.Message);
            Assert.DoesNotContain("   at ", error.Message);
            Assert.Empty(task.WrittenFiles);
            Assert.False(File.Exists(Manifest("envoy/sidecar.json")));
        }

        [Fact]
        public void TemporaryFilesOfAKilledRunAreRemovedByTheNextRun()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));
            string abandoned = Manifest("istio/.gateway_eg-nginx-ext.yaml.0123456789abcdef0123456789abcdef.tmp");
            string foreign = Manifest("istio/.notes.tmp");
            File.WriteAllText(abandoned, "half a manifest");
            File.WriteAllText(foreign, "not ours");

            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles.Concat(new[] { ("istio/new.yaml", "new\n") }).ToArray()));

            Assert.Empty(engine.Errors);
            Assert.False(File.Exists(abandoned));
            Assert.True(File.Exists(foreign), "a file the task did not name must be left alone");
        }

        [Fact]
        public void RunThatFailsHalfWayLeavesTheRecordOlderThanAnyAssemblySoTheNextBuildRunsAgain()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            // A folder where a new file must go makes the write fail after the new path was recorded.
            Directory.CreateDirectory(Manifest("istio/blocked.yaml"));
            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles.Concat(new[] { ("istio/blocked.yaml", "x\n") }).ToArray()));

            Assert.NotEmpty(engine.Errors);
            Assert.True(File.GetLastWriteTimeUtc(Manifest(".egress-files")) < new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), "the record must not look up to date after a failed run");

            Directory.Delete(Manifest("istio/blocked.yaml"));
            (_, RecordingBuildEngine retry) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles.Concat(new[] { ("istio/blocked.yaml", "x\n") }).ToArray()));
            Assert.Empty(retry.Errors);
            Assert.True(File.GetLastWriteTimeUtc(Manifest(".egress-files")) > DateTime.UtcNow.AddMinutes(-5));
        }

        [Fact]
        public void EmptyIndexRemovesEverythingButKeepsTheRecord()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path));

            Assert.EndsWith("(0 written, 0 unchanged, 3 removed)", engine.Summary);
            Assert.Equal(string.Empty, File.ReadAllText(Manifest(".egress-files")));
            Assert.Equal(new[] { ".egress-files", ".egress-files.fingerprints", ".egress-files.lock" }, Directory.GetFileSystemEntries(OutputDirectory).Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal));
            Assert.Equal(string.Empty, File.ReadAllText(Manifest(".egress-files.fingerprints")));
        }

        [Fact]
        public void FilesMadeFromTheSameValuesAndUntouchedSinceAreLeftWithoutMakingTheirText()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            // A freshly compiled assembly with the same constants: what an edit elsewhere in the project produces.
            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));

            Assert.Empty(engine.Errors);
            Assert.EndsWith("(0 written, 3 unchanged, 0 removed)", engine.Summary);
            Assert.Contains(engine.Messages, message => message.Message == "EgressDsl: 3 file(s) made from the same values as last time and untouched since, left as they are");
            string[] fingerprints = File.ReadAllLines(Manifest(".egress-files.fingerprints"));
            Assert.Equal(ThreeFiles.Select(file => file.Path).OrderBy(path => path, StringComparer.Ordinal), fingerprints.Select(line => line.Split('\t')[3]));
            Assert.All(fingerprints, line => Assert.Equal(64, line.Split('\t')[0].Length));
        }

        [Fact]
        public void AFileChangedByHandIsRestoredEvenWhenItsValuesAreTheSame()
        {
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles);
            Run(assembly);
            string edited = Manifest("istio/gateway_eg-nginx-ext.yaml");
            string original = File.ReadAllText(edited);

            // The same length, so only the time tells: a hand edit keeps neither unless someone sets both back.
            File.WriteAllText(edited, new string('x', original.Length));
            File.SetLastWriteTimeUtc(edited, DateTime.UtcNow.AddSeconds(5));
            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.EndsWith("(1 written, 2 unchanged, 0 removed)", engine.Summary);
            Assert.Equal(original, File.ReadAllText(edited));

            // Deleted by hand: written again.
            File.Delete(Manifest("envoy/sidecar.json"));
            (_, RecordingBuildEngine afterDelete) = Run(assembly);
            Assert.EndsWith("(1 written, 2 unchanged, 0 removed)", afterDelete.Summary);
            Assert.True(File.Exists(Manifest("envoy/sidecar.json")));
        }

        [Fact]
        public void ChangedValuesMakeTheTextAgainAndADamagedFingerprintsFileOnlyCostsAComparison()
        {
            Run(ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles));
            (string Path, string Content)[] changed = ThreeFiles.ToArray();
            changed[2] = ("envoy/sidecar.json", "{ \"changed\": true }\n");

            (_, RecordingBuildEngine engine) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, changed));
            Assert.EndsWith("(1 written, 2 unchanged, 0 removed)", engine.Summary);
            Assert.Equal("{ \"changed\": true }\n", File.ReadAllText(Manifest("envoy/sidecar.json")));

            File.WriteAllText(Manifest(".egress-files.fingerprints"), "not\ta\tfingerprint\n" + new string('0', 64) + "\t1\t2\t../outside.txt\n");
            (_, RecordingBuildEngine damaged) = Run(ManifestAssemblies.EmitManifests(_temporary.Path, changed));
            Assert.Empty(damaged.Errors);
            Assert.EndsWith("(0 written, 3 unchanged, 0 removed)", damaged.Summary);
            Assert.DoesNotContain(damaged.Messages, message => message.Message?.Contains("left as they are", StringComparison.Ordinal) == true);
            Assert.Equal(3, File.ReadAllLines(Manifest(".egress-files.fingerprints")).Length);
        }

        [Fact]
        public void AssemblyIsNotLockedAfterTheTask()
        {
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles);
            Run(assembly);

            using (new FileStream(assembly, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }

            File.Delete(assembly);
        }

        [Fact]
        public void ConcurrentRunsLeaveOneConsistentSetOfFiles()
        {
            (string Path, string Content)[] first = ThreeFiles;
            (string Path, string Content)[] second =
            {
                ("istio.yaml", new string('x', 200_000)),
                ("istio/serviceentry_other.yaml", "other\n"),
            };
            string firstAssembly = ManifestAssemblies.EmitManifests(_temporary.Path, first);
            string secondAssembly = ManifestAssemblies.EmitManifests(_temporary.Path, second);
            var engines = new RecordingBuildEngine[16];

            Parallel.For(0, engines.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                (_, engines[i]) = Run(i % 2 == 0 ? firstAssembly : secondAssembly, writeKustomization: i % 4 < 2);
            });

            Assert.All(engines, engine => Assert.Empty(engine.Errors));
            string[] record = File.ReadAllText(Manifest(".egress-files")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            (string Path, string Content)[] winner = record.Contains("envoy/sidecar.json") ? first : second;
            // The record lists files in path order, then the kustomization files the task adds.
            string[] expected = winner.Select(file => file.Path).OrderBy(path => path, StringComparer.Ordinal)
                .Concat(record.Contains("kustomization.yaml") ? new[] { "kustomization.yaml", "kustomizeconfig.yaml" } : Array.Empty<string>()).ToArray();
            Assert.Equal(expected, record);
            foreach ((string path, string content) in winner)
            {
                Assert.Equal(content, File.ReadAllText(Manifest(path)));
            }

            string[] onDisk = Directory.GetFiles(OutputDirectory, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(OutputDirectory, path).Replace('\\', '/'))
                .Where(path => !path.StartsWith(".egress-files", StringComparison.Ordinal))
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(expected.OrderBy(path => path, StringComparer.Ordinal), onDisk);
        }

        [Fact]
        public void LockHeldByAnotherBuildTimesOutWithAnError()
        {
            string assembly = ManifestAssemblies.EmitManifests(_temporary.Path, ThreeFiles);
            Directory.CreateDirectory(OutputDirectory);
            using var held = new FileStream(Manifest(".egress-files.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

            (_, RecordingBuildEngine engine) = Run(assembly, lockTimeout: TimeSpan.FromMilliseconds(300));

            Assert.Equal("EGRESS115", Assert.Single(engine.Errors).Code);
            Assert.False(File.Exists(Manifest("istio.yaml")));
        }

        [Fact]
        public void TasksAssemblyBindsToTheMetadataReaderEveryMSBuildHostHas()
        {
            // Visual Studio 17.8's MSBuild redirects System.Reflection.Metadata up to 7.0.0.0 only; a higher reference would not load there.
            using var stream = File.OpenRead(typeof(WriteEgressManifests).Assembly.Location);
            using var peReader = new PEReader(stream);
            MetadataReader reader = peReader.GetMetadataReader();
            Dictionary<string, Version> references = reader.AssemblyReferences
                .Select(handle => reader.GetAssemblyReference(handle))
                .ToDictionary(reference => reader.GetString(reference.Name), reference => reference.Version);

            Assert.True(references["System.Reflection.Metadata"] <= new Version(7, 0, 0, 0), references["System.Reflection.Metadata"].ToString());
            Assert.Equal(new Version(15, 1, 0, 0), references["Microsoft.Build.Utilities.Core"]);
            Assert.Equal("netstandard", Assert.Single(references.Keys, name => name == "netstandard"));
        }

        private (WriteEgressManifests Task, RecordingBuildEngine Engine) Run(
            string assemblyPath, bool writeKustomization = false, TimeSpan? lockTimeout = null, bool kubernetesObjectsOnly = false, bool check = false)
        {
            var engine = new RecordingBuildEngine();
            var task = new WriteEgressManifests
            {
                BuildEngine = engine,
                AssemblyPath = assemblyPath,
                OutputDirectory = OutputDirectory,
                WriteKustomization = writeKustomization,
                KubernetesObjectsOnly = kubernetesObjectsOnly,
                Check = check,
                LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60),
            };
            bool success = task.Execute();
            Assert.Equal(engine.Errors.Count == 0, success);
            return (task, engine);
        }

        /// <summary>An assembly whose project-wide holder, as the generator declares it, has the nested <paramref name="files"/>.</summary>
        private string ProjectFiles(string files) =>
            ManifestAssemblies.Emit(
                _temporary.Path,
                "namespace EgressDsl.Generated.Manifests { [System.CodeDom.Compiler.GeneratedCode(\"EgressDsl\", \"1.0\")] static class ProjectFiles { " + files + " } }");

        private string Manifest(string relativePath) => Path.Combine(Path.GetFullPath(OutputDirectory), relativePath.Replace('/', Path.DirectorySeparatorChar));

        private void Backdate()
        {
            foreach (string file in Directory.GetFiles(OutputDirectory, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, Yesterday);
            }
        }
    }
}
