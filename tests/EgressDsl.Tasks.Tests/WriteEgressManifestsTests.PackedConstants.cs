using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// The record of what each <c>PackedFiles</c> constant produced: a build unpacks only the constants that changed, and still
    /// restores a file the user edited, from a constant it did not need to unpack otherwise.
    /// </summary>
    public sealed partial class WriteEgressManifestsTests
    {
        private static readonly (string Path, string Yaml)[] GatewayClass =
        {
            ("istio/gateway_eg.yaml", "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: eg\n"),
        };

        private static readonly (string Path, string Yaml)[] ServiceClass =
        {
            ("istio/service-entry_api.yaml", "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: api\n"),
            ("istio/destination-rule_api.yaml", "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\n"),
        };

        [Fact]
        public void OnlyAChangedClassConstantIsUnpackedAndOnlyItsFilesAreWritten()
        {
            Run(TwoClasses(GatewayClass, ServiceClass));
            DateTime gatewayWritten = File.GetLastWriteTimeUtc(Manifest(GatewayClass[0].Path));
            DateTime serviceEntryWritten = File.GetLastWriteTimeUtc(Manifest(ServiceClass[0].Path));
            (string Path, string Yaml)[] changed = ServiceClass.ToArray();
            changed[1] = (changed[1].Path, changed[1].Yaml + "spec:\n  host: api.example.com\n");

            (_, RecordingBuildEngine engine) = Run(TwoClasses(GatewayClass, changed));

            Assert.Empty(engine.Errors);
            Assert.EndsWith("(2 written, 2 unchanged, 0 removed)", engine.Summary);
            Assert.Contains(engine.Messages, message => message.Message == PackedConstantsMessage(recorded: 1, of: 2));
            Assert.Equal(changed[1].Yaml, File.ReadAllText(Manifest(changed[1].Path)));
            Assert.Equal(gatewayWritten, File.GetLastWriteTimeUtc(Manifest(GatewayClass[0].Path)));
            Assert.Equal(serviceEntryWritten, File.GetLastWriteTimeUtc(Manifest(changed[0].Path)));

            // istio.yaml joins every part in path order, the unchanged class's too, which is unpacked for it.
            Assert.Equal(
                string.Join("---\n", changed[1].Yaml, GatewayClass[0].Yaml, changed[0].Yaml),
                File.ReadAllText(Manifest("istio.yaml")));

            // The record now holds the changed constant's files under its new hash, and nothing of the old one.
            string[] packedLines = PackedLines();
            Assert.Equal(3, packedLines.Length);
            Assert.Equal(2, packedLines.Select(line => line.Split('\t')[1]).Distinct().Count());
        }

        [Fact]
        public void AFileOfAnUnchangedClassEditedByHandIsRestoredFromItsConstant()
        {
            string assembly = TwoClasses(GatewayClass, ServiceClass);
            Run(assembly);
            string edited = Manifest(ServiceClass[0].Path);

            // The same length: only the write time tells the edit apart.
            File.WriteAllText(edited, new string('x', ServiceClass[0].Yaml.Length));
            File.SetLastWriteTimeUtc(edited, DateTime.UtcNow.AddSeconds(5));
            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Empty(engine.Errors);
            Assert.Contains(engine.Messages, message => message.Message == PackedConstantsMessage(recorded: 2, of: 2));
            Assert.EndsWith("(1 written, 3 unchanged, 0 removed)", engine.Summary);
            Assert.Equal(ServiceClass[0].Yaml, File.ReadAllText(edited));

            // Deleted by hand: written again, from the recorded constant as well.
            File.Delete(Manifest(GatewayClass[0].Path));
            (_, RecordingBuildEngine afterDelete) = Run(assembly);
            Assert.EndsWith("(1 written, 3 unchanged, 0 removed)", afterDelete.Summary);
            Assert.Equal(GatewayClass[0].Yaml, File.ReadAllText(Manifest(GatewayClass[0].Path)));
        }

        [Fact]
        public void AFingerprintsFileFromBeforeTheRecordUnpacksEveryConstantAndKeepsTheFiles()
        {
            string assembly = TwoClasses(GatewayClass, ServiceClass);
            Run(assembly);
            string fingerprints = Manifest(".egress-files.fingerprints");
            string[] lines = File.ReadAllLines(fingerprints);
            File.WriteAllLines(fingerprints, lines.Where(line => !line.StartsWith("packed\t", StringComparison.Ordinal)));
            string[] yamlFiles = Directory.GetFiles(OutputDirectory, "*.yaml", SearchOption.AllDirectories);
            DateTime[] written = yamlFiles.Select(File.GetLastWriteTimeUtc).ToArray();

            (_, RecordingBuildEngine engine) = Run(assembly);

            // Unpacked again, the constants give the fingerprints the older file holds: nothing is written.
            Assert.Empty(engine.Errors);
            Assert.Contains(engine.Messages, message => message.Message == PackedConstantsMessage(recorded: 0, of: 2));
            Assert.EndsWith("(0 written, 4 unchanged, 0 removed)", engine.Summary);
            Assert.Contains(
                engine.Messages,
                message => message.Message?.StartsWith("EgressDsl: 4 file(s) made from the same values", StringComparison.Ordinal) == true);
            Assert.Equal(written, yamlFiles.Select(File.GetLastWriteTimeUtc));
            Assert.Equal(lines, File.ReadAllLines(fingerprints));
        }

        [Fact]
        public void ARecordedConstantWhoseFilesAreAsLeftIsNotUnpacked()
        {
            // A constant that cannot be unpacked, recorded as producing a file that is on disk as the record says: only a run that
            // takes the file from the record without unpacking the constant succeeds.
            const string unpackable = "\\u4000\\u4000\\u4005";
            string assembly = ProjectFiles("private const string PackedFiles_1 = \"" + unpackable + "\";");
            string hash = PackedConstantRecord.Hash("\u4000\u4000\u4005");
            string fingerprint = new string('a', 64);
            Directory.CreateDirectory(Manifest("istio"));
            File.WriteAllText(Manifest("istio/gateway_eg.yaml"), GatewayClass[0].Yaml);
            var file = new FileInfo(Manifest("istio/gateway_eg.yaml"));
            File.WriteAllText(Manifest(".egress-files"), "istio/gateway_eg.yaml\n");
            File.WriteAllText(
                Manifest(".egress-files.fingerprints"),
                $"{fingerprint}\t{file.Length}\t{file.LastWriteTimeUtc.Ticks}\tistio/gateway_eg.yaml\n"
                    + $"packed\t{hash}\t{fingerprint}\tistio/gateway_eg.yaml\n");

            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Empty(engine.Errors);
            Assert.Contains(engine.Messages, message => message.Message == PackedConstantsMessage(recorded: 1, of: 1));
            Assert.EndsWith("(0 written, 1 unchanged, 0 removed)", engine.Summary);

            // The file changed by hand: its text is needed, the constant is unpacked, and the damage is reported as ever.
            File.SetLastWriteTimeUtc(file.FullName, DateTime.UtcNow.AddSeconds(5));
            (_, RecordingBuildEngine edited) = Run(assembly);
            Assert.Contains("the constant 'ProjectFiles.PackedFiles_1', which cannot be unpacked", Assert.Single(edited.Errors).Message);
            Assert.Equal(GatewayClass[0].Yaml, File.ReadAllText(file.FullName));
        }

        [Fact]
        public void ARecordNamingAFileItsConstantDoesNotHoldIsAContractErrorThatChangesNothing()
        {
            string assembly = TwoClasses(GatewayClass, ServiceClass);
            Run(assembly);
            string fingerprints = Manifest(".egress-files.fingerprints");
            string line = PackedLines().First(text => text.EndsWith("\tistio/gateway_eg.yaml", StringComparison.Ordinal));
            File.AppendAllText(fingerprints, line.Replace("istio/gateway_eg.yaml", "istio/gateway_other.yaml") + "\n");

            (_, RecordingBuildEngine engine) = Run(assembly);

            Assert.Contains(
                "which no longer holds the file 'istio/gateway_other.yaml' recorded for it",
                Assert.Single(engine.Errors).Message);
            Assert.False(File.Exists(Manifest("istio/gateway_other.yaml")));
            Assert.DoesNotContain("istio/gateway_other.yaml", File.ReadAllText(Manifest(".egress-files")));
        }

        [Fact]
        public void AKubernetesObjectsOnlyRunStillRecordsEveryFileOfItsConstants()
        {
            (string Path, string Yaml)[] withEnvoy = GatewayClass.Concat(new[] { ("envoy/gateway.json", "{}\n") }).ToArray();
            string assembly = TwoClasses(withEnvoy, ServiceClass);
            Run(assembly, kubernetesObjectsOnly: true);

            (_, RecordingBuildEngine engine) = Run(assembly, kubernetesObjectsOnly: true);

            Assert.Empty(engine.Errors);
            Assert.Contains(engine.Messages, message => message.Message == PackedConstantsMessage(recorded: 2, of: 2));
            Assert.Contains(PackedLines(), text => text.EndsWith("\tenvoy/gateway.json", StringComparison.Ordinal));
            Assert.False(File.Exists(Manifest("envoy/gateway.json")));
        }

        private const string Holder = "[System.CodeDom.Compiler.GeneratedCode(\"EgressDsl\", \"1.0\")]";

        private static string PackedConstantsMessage(int recorded, int of) =>
            $"EgressDsl: {recorded} of {of} packed constant(s) as recorded by the last run, not unpacked unless a file's text is needed";

        private string[] PackedLines() =>
            File.ReadAllLines(Manifest(".egress-files.fingerprints"))
                .Where(line => line.StartsWith("packed\t", StringComparison.Ordinal))
                .ToArray();

        /// <summary>
        /// An assembly shaped like the generator's: a class constant for each of two classes, and the project's istio.yaml join.
        /// </summary>
        private string TwoClasses((string Path, string Yaml)[] first, (string Path, string Yaml)[] second) =>
            ManifestAssemblies.Emit(
                _temporary.Path,
                "namespace EgressDsl.Generated.Manifests {\n"
                    + Holder + " static class First { const string PackedFiles = \"" + Pack(first) + "\"; }\n"
                    + Holder + " static class Second { const string PackedFiles = \"" + Pack(second) + "\"; }\n"
                    + Holder + " static class ProjectFiles {\n"
                    + "  static class IstioYaml { const string Path = \"istio.yaml\"; const string Parts = \"istio/\"; } }\n"
                    + "}");

        /// <summary>
        /// Packs files as src/Abstractions/PackedFiles.cs documents the format: flags 0 (no dictionary), the deflated length in two
        /// characters, the raw deflate bytes fifteen bits a character, as C# escapes.
        /// </summary>
        private static string Pack((string Path, string Yaml)[] files)
        {
            string text = string.Concat(files.Select(file => "Path\0" + file.Path + "\0Yaml\0" + file.Yaml + "\0\0"));
            byte[] deflated;
            using (var output = new MemoryStream())
            {
                using (var deflater = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
                {
                    byte[] bytes = new UTF8Encoding(false).GetBytes(text);
                    deflater.Write(bytes, 0, bytes.Length);
                }

                deflated = output.ToArray();
            }

            var characters = new StringBuilder();
            characters.Append((char)0x4000)
                .Append((char)(0x4000 + (deflated.Length >> 15)))
                .Append((char)(0x4000 + (deflated.Length & 0x7FFF)));
            int accumulator = 0;
            int held = 0;
            foreach (byte b in deflated)
            {
                accumulator = (accumulator << 8) | b;
                held += 8;
                if (held >= 15)
                {
                    held -= 15;
                    characters.Append((char)(0x4000 + (accumulator >> held)));
                    accumulator &= (1 << held) - 1;
                }
            }

            if (held > 0)
            {
                characters.Append((char)(0x4000 + (accumulator << (15 - held))));
            }

            return string.Concat(
                characters.ToString().Select(c => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
