using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// Issue 16: the build never touches a file it did not write. Foreign files under a manifest's name, foreign temporary files,
    /// tampered records, links and dangerous folders, and what clean leaves behind.
    /// </summary>
    public sealed class OwnershipTests : IDisposable
    {
        private const string Hex = "0123456789abcdef0123456789abcdef";

        private static readonly (string Path, string Content)[] Files =
        {
            ("istio.yaml", "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n"),
            ("istio/gateway_eg-nginx-ext.yaml", "apiVersion: networking.istio.io/v1\nkind: Gateway\n"),
            ("envoy/sidecar.json", "{\n  \"static_resources\": {}\n}\n"),
        };

        private static readonly (string Path, string Content)[] WithServiceEntry =
            Files.Concat(new[] { ("istio/service-entry_api.yaml", "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n") }).ToArray();

        private readonly TemporaryDirectory _temporary = new TemporaryDirectory();

        private string OutputDirectory => _temporary.Combine("out", "egress");

        public void Dispose() => _temporary.Dispose();

        // ---- 1. Files already under a generated name ------------------------------------------------------------------------

        [Theory]
        [InlineData("istio.yaml")]
        [InlineData("kustomization.yaml")]
        [InlineData("envoy/sidecar.json")]
        [InlineData("istio/service-entry_api.yaml")]
        public void SomeoneElsesFileUnderAGeneratedNameIsRefusedAndNothingChanges(string name)
        {
            // A previous run owns the folder but not this name; then someone puts their own file there.
            (string Path, string Content)[] before = Files.Where(file => file.Path != name).ToArray();
            Run(Emit(before));
            Directory.CreateDirectory(Path.GetDirectoryName(Manifest(name))!);
            File.WriteAllText(Manifest(name), "mine\n");
            Dictionary<string, string> snapshot = Snapshot();

            (_, RecordingBuildEngine engine) = Run(Emit(WithServiceEntry), writeKustomization: true);

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS117", error.Code);
            Assert.Equal(Manifest(name), error.File);
            Assert.Contains($"EgressDsl did not write '{Manifest(name)}'", error.Message);
            Assert.Contains("Nothing was changed", error.Message);
            Assert.Contains("EgressOverwriteUnownedFiles", error.Message);
            Assert.Equal(snapshot, Snapshot());

            // Nor does clean take it for one of its own.
            Clean();
            Assert.Equal("mine\n", File.ReadAllText(Manifest(name)));
        }

        [Fact]
        public void OptInReplacesSomeoneElsesFileWithAWarningAndOwnsItFromThenOn()
        {
            Run(Emit(Files.Skip(1).ToArray()));
            File.WriteAllText(Manifest("istio.yaml"), "mine\n");
            File.WriteAllText(Manifest("kustomization.yaml"), "mine too\n");

            (_, RecordingBuildEngine engine) = Run(Emit(Files), writeKustomization: true, overwriteUnownedFiles: true);

            Assert.Empty(engine.Errors);
            Assert.Equal(2, engine.Warnings.Count(warning => warning.Code == "EGRESS117" && warning.Message!.Contains("EgressOverwriteUnownedFiles is true", StringComparison.Ordinal)));
            Assert.Equal(Files[0].Content, File.ReadAllText(Manifest("istio.yaml")));
            Assert.Contains("istio.yaml\n", File.ReadAllText(Manifest(".egress-files")));

            // Owned now: the next run, without the opt-in, neither refuses nor warns.
            (_, RecordingBuildEngine next) = Run(Emit(Files), writeKustomization: true);
            Assert.Empty(next.Errors);
            Assert.Empty(next.Warnings);
        }

        [Fact]
        public void FingerprintsProveOwnershipWhenTheRecordIsLost()
        {
            Run(Emit(Files));
            File.Delete(Manifest(".egress-files"));

            (_, RecordingBuildEngine engine) = Run(Emit(Files.Take(2).ToArray()));

            // The folder holds only what the last run made, proven by the fingerprints: accepted, and the dropped file is removed.
            Assert.Empty(engine.Errors);
            Assert.EndsWith("(0 written, 2 unchanged, 1 removed)", engine.Summary);
        }

        [Fact]
        public void ARecordedFileChangedByHandIsStillPutBack()
        {
            Run(Emit(Files));
            File.WriteAllText(Manifest("istio.yaml"), "edited by hand\n");

            (_, RecordingBuildEngine engine) = Run(Emit(Files));

            Assert.Empty(engine.Errors);
            Assert.Equal(Files[0].Content, File.ReadAllText(Manifest("istio.yaml")));
        }

        // ---- 2. Temporary files -----------------------------------------------------------------------------------------

        [Fact]
        public void OnlyTheTemporaryFilesOfOwnedFilesAreSweptNeverOthersNestedHiddenOrBehindALink()
        {
            Run(Emit(Files));
            string ours = Manifest($"istio/.gateway_eg-nginx-ext.yaml.{Hex}.tmp");
            string oursAtTop = Manifest($"..egress-files.{Hex}.tmp");
            string[] foreign =
            {
                Manifest($"istio/nested/.gateway_eg-nginx-ext.yaml.{Hex}.tmp"),
                Manifest($".git/.gateway_eg-nginx-ext.yaml.{Hex}.tmp"),
                Manifest($".git/objects/.pack.{Hex}.tmp"),
                Manifest($"node_modules/.package.json.{Hex}.tmp"),
                Manifest($"istio/.someone-elses.yaml.{Hex}.tmp"),
                Manifest($".notes.txt.{Hex}.tmp"),
            };
            string outside = _temporary.Combine("outside");
            Directory.CreateDirectory(outside);
            string behindLink = Path.Combine(outside, $".istio.yaml.{Hex}.tmp");
            Directory.CreateSymbolicLink(Manifest("linked"), outside);
            foreach (string path in foreign.Concat(new[] { ours, oursAtTop, behindLink }))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, "x");
            }

            (_, RecordingBuildEngine engine) = Run(Emit(Files));

            Assert.Empty(engine.Errors);
            Assert.False(File.Exists(ours));
            Assert.False(File.Exists(oursAtTop));
            Assert.All(foreign.Append(behindLink), path => Assert.True(File.Exists(path), path));

            Clean();
            Assert.All(foreign.Append(behindLink), path => Assert.True(File.Exists(path), path));
        }

        // ---- 3. Tampered records ----------------------------------------------------------------------------------------

        [Fact]
        public void TamperedRecordLinesNeverReachTheRecordReaderTheTaskOrClean()
        {
            Run(Emit(Files));
            string victim = _temporary.Combine("out", "victim");
            File.WriteAllText(victim, "victim");
            string absolute = _temporary.Combine("absolute.txt");
            File.WriteAllText(absolute, "absolute");
            File.AppendAllText(Manifest(".egress-files"), $"../victim\n{absolute}\n..\\victim\nC:\\victim\n.egress-files.lock\n");
            File.WriteAllText(Manifest(".egress-referenced-files"), $"referenced/Lib/istio.yaml\nreferenced/../../victim\nreferenced/Lib/../../victim\n{absolute}\n../victim\nistio.yaml\n");
            File.WriteAllText(Manifest(".egress-files.fingerprints"), File.ReadAllText(Manifest(".egress-files.fingerprints")) + new string('0', 64) + "\t6\t0\t../victim\n");

            Assert.Equal(Files.Select(file => file.Path).OrderBy(path => path, StringComparer.Ordinal), ReadRecord(referenced: false).Select(item => item.GetMetadata("EgressRelativePath")));
            Assert.Equal(Files.Select(file => Manifest(file.Path)).OrderBy(path => path, StringComparer.Ordinal), ReadRecord(referenced: false).Select(item => item.ItemSpec));
            Assert.Equal(new[] { "referenced/Lib/istio.yaml" }, ReadRecord(referenced: true).Select(item => item.GetMetadata("EgressRelativePath")));

            (_, RecordingBuildEngine engine) = Run(Emit(Files.Take(1).ToArray()));
            Assert.Empty(engine.Errors);
            Clean();

            Assert.Equal("victim", File.ReadAllText(victim));
            Assert.Equal("absolute", File.ReadAllText(absolute));
        }

        [Fact]
        public void ARecordListingSourceFilesInTheProjectFolderIsNeverActedOn()
        {
            // An older build wrote to the project folder itself; its record lists Program.cs, as a hand edit could.
            string project = _temporary.Combine("Project");
            Directory.CreateDirectory(project);
            File.WriteAllText(Path.Combine(project, "Program.cs"), "class Program { }");
            File.WriteAllText(Path.Combine(project, ".egress-files"), "Program.cs\nistio.yaml\n");

            (_, RecordingBuildEngine engine) = Run(Emit(Files), outputDirectory: project, projectDirectory: project);
            Assert.Equal("EGRESS118", Assert.Single(engine.Errors).Code);

            RecordingBuildEngine clean = Clean(outputDirectory: project, projectDirectory: project, expectSuccess: false);
            Assert.Equal("EGRESS118", Assert.Single(clean.Errors).Code);
            Assert.Equal("class Program { }", File.ReadAllText(Path.Combine(project, "Program.cs")));
            Assert.Equal(new[] { ".egress-files", "Program.cs" }, Directory.GetFileSystemEntries(project).Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal));
        }

        // ---- 4. Links ---------------------------------------------------------------------------------------------------

        [Fact]
        public void ALinkedFolderInsideTheManifestsFolderIsNeverWrittenOrDeletedThrough()
        {
            Run(Emit(Files));
            string elsewhere = _temporary.Combine("elsewhere");
            Directory.CreateDirectory(elsewhere);
            File.WriteAllText(Path.Combine(elsewhere, "gateway_eg-nginx-ext.yaml"), "someone else's\n");
            File.WriteAllText(Path.Combine(elsewhere, $".gateway_eg-nginx-ext.yaml.{Hex}.tmp"), "someone else's\n");
            Directory.Delete(Manifest("istio"), recursive: true);
            Directory.CreateSymbolicLink(Manifest("istio"), elsewhere);
            Dictionary<string, string> outside = SnapshotOf(elsewhere);

            // Writing through it...
            (_, RecordingBuildEngine write) = Run(Emit(WithServiceEntry));
            BuildErrorEventArgs error = Assert.Single(write.Errors);
            Assert.Equal("EGRESS118", error.Code);
            Assert.Contains("symbolic link", error.Message);
            Assert.Equal(Manifest("istio"), error.File);

            // ...deleting a file that is no longer declared through it...
            (_, RecordingBuildEngine delete) = Run(Emit(Files.Take(1).ToArray()));
            Assert.Equal("EGRESS118", Assert.Single(delete.Errors).Code);

            // ...listing it for FileWrites, or cleaning.
            Assert.DoesNotContain(ReadRecord(referenced: false), item => item.GetMetadata("EgressRelativePath").StartsWith("istio/", StringComparison.Ordinal));
            RecordingBuildEngine clean = Clean(expectSuccess: false);
            Assert.Equal("EGRESS118", Assert.Single(clean.Errors).Code);

            Assert.Equal(outside, SnapshotOf(elsewhere));
            Assert.True(File.Exists(Manifest("envoy/sidecar.json")), "a refused clean deletes nothing");
        }

        [Fact]
        public void AManifestsFolderThatIsItselfALinkIsRefused()
        {
            string real = _temporary.Combine("real");
            Directory.CreateDirectory(real);
            Directory.CreateDirectory(_temporary.Combine("out"));
            Directory.CreateSymbolicLink(OutputDirectory, real);

            (_, RecordingBuildEngine engine) = Run(Emit(Files));

            Assert.Equal("EGRESS118", Assert.Single(engine.Errors).Code);
            Assert.Empty(Directory.GetFileSystemEntries(real));
        }

        // ---- 5. Dangerous folders ---------------------------------------------------------------------------------------

        [Fact]
        public void AFileSystemRootIsRefusedBeforeAnythingIsWritten()
        {
            string root = Path.GetPathRoot(_temporary.Path)!;
            bool recordBefore = File.Exists(Path.Combine(root, ".egress-files"));

            (_, RecordingBuildEngine engine) = Run(Emit(Files), outputDirectory: root);

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS118", error.Code);
            Assert.Contains("root of a file system", error.Message);
            Assert.Equal(recordBefore, File.Exists(Path.Combine(root, ".egress-files")));
            Assert.False(File.Exists(Path.Combine(root, ".egress-files.lock")));
        }

        [Theory]
        [InlineData("project", "the project folder")]
        [InlineData("ancestor", "the project folder")]
        [InlineData("home", "the home folder")]
        [InlineData("above-home", "the home folder")]
        public void TheProjectOrHomeFolderOrAFolderAboveEitherIsRefusedAndNothingIsWritten(string which, string reason)
        {
            string project = _temporary.Combine("repo", "src", "App");
            string home = _temporary.Combine("users", "me");
            Directory.CreateDirectory(project);
            Directory.CreateDirectory(home);
            File.WriteAllText(Path.Combine(project, "Program.cs"), "class Program { }");
            string output = which switch
            {
                "project" => project + Path.DirectorySeparatorChar,
                "ancestor" => _temporary.Combine("repo"),
                "home" => home,
                _ => _temporary.Combine("users"),
            };
            Dictionary<string, string> before = SnapshotOf(_temporary.Path);

            (_, RecordingBuildEngine engine) = Run(Emit(Files), outputDirectory: output, projectDirectory: project, homeDirectory: home);

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS118", error.Code);
            Assert.Contains(reason, error.Message);
            Assert.Contains("Set EgressManifestsDir", error.Message);
            Assert.Equal(WithoutAssemblies(before), WithoutAssemblies(SnapshotOf(_temporary.Path)));
        }

        [Fact]
        public void AFolderBelowTheProjectAnEmptyFolderAndAFolderOfEmptySubfoldersAreFine()
        {
            string project = _temporary.Combine("App");
            Directory.CreateDirectory(Path.Combine(project, "deploy", "istio"));

            (_, RecordingBuildEngine engine) = Run(Emit(Files), outputDirectory: Path.Combine(project, "deploy"), projectDirectory: project);

            Assert.Empty(engine.Errors);
            Assert.True(File.Exists(Path.Combine(project, "deploy", "istio.yaml")));
        }

        [Fact]
        public void NonEmptyFolderOfSomeoneElsesFilesIsRefused()
        {
            Directory.CreateDirectory(Manifest("docs"));
            File.WriteAllText(Manifest("docs/readme.md"), "mine");
            Dictionary<string, string> before = Snapshot();

            (_, RecordingBuildEngine engine) = Run(Emit(Files));

            BuildErrorEventArgs error = Assert.Single(engine.Errors);
            Assert.Equal("EGRESS117", error.Code);
            Assert.Contains("docs/readme.md", error.Message);
            Assert.Contains("no record", error.Message);
            Assert.Equal(before, Snapshot());
            Assert.False(File.Exists(Manifest(".egress-files.lock")));
        }

        [Fact]
        public void AFolderHoldingOnlyTheCopiesOfReferencedProjectsIsAccepted()
        {
            // A project that only collected its references' manifests so far, then gains its own.
            Directory.CreateDirectory(Manifest("referenced/Lib/istio"));
            File.WriteAllText(Manifest("referenced/Lib/istio/a.yaml"), "a");
            File.WriteAllText(Manifest(".egress-referenced-files"), "referenced/Lib/istio/a.yaml\n");

            (_, RecordingBuildEngine engine) = Run(Emit(Files));

            Assert.Empty(engine.Errors);
        }

        [Fact]
        public void CopiesOfReferencedProjectsManifestsAreHeldToTheSameRules()
        {
            Directory.CreateDirectory(Manifest("referenced/Lib"));
            File.WriteAllText(Manifest("referenced/Lib/a.yaml"), "collected before");
            File.WriteAllText(Manifest("referenced/Lib/b.yaml"), "someone else's");
            File.WriteAllText(Manifest(".egress-referenced-files"), "referenced/Lib/a.yaml\n");

            Assert.Empty(CheckCollected(true, false, "referenced/Lib/a.yaml", "referenced/Lib/c.yaml").Warnings);

            RecordingBuildEngine refused = CheckCollected(false, false, "referenced/Lib/a.yaml", "referenced/Lib/b.yaml");
            BuildErrorEventArgs error = Assert.Single(refused.Errors);
            Assert.Equal("EGRESS117", error.Code);
            Assert.Contains($"EgressDsl did not write '{Manifest("referenced/Lib/b.yaml")}'", error.Message);
            Assert.Contains("copy of a referenced project's manifest", error.Message);

            RecordingBuildEngine allowed = CheckCollected(true, true, "referenced/Lib/b.yaml");
            Assert.Equal("EGRESS117", Assert.Single(allowed.Warnings).Code);

            Assert.Equal("EGRESS113", Assert.Single(CheckCollected(false, false, "referenced/../../victim").Errors).Code);

            string elsewhere = _temporary.Combine("elsewhere");
            Directory.CreateDirectory(elsewhere);
            Directory.CreateSymbolicLink(Manifest("referenced/Other"), elsewhere);
            Assert.Equal("EGRESS118", Assert.Single(CheckCollected(false, false, "referenced/Other/a.yaml").Errors).Code);
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }

        // ---- 15. Clean --------------------------------------------------------------------------------------------------

        [Fact]
        public void CleanRemovesEverythingItWroteWithTheFoldersAndTheFolderItCreated()
        {
            Run(Emit(Files));
            Directory.CreateDirectory(Manifest("referenced/Lib"));
            File.WriteAllText(Manifest("referenced/Lib/istio.yaml"), "a");
            File.WriteAllText(Manifest(".egress-referenced-files"), "referenced/Lib/istio.yaml\n");

            RecordingBuildEngine engine = Clean();

            Assert.Empty(engine.Errors);
            Assert.False(Directory.Exists(OutputDirectory), string.Join(", ", Directory.Exists(OutputDirectory) ? Directory.GetFileSystemEntries(OutputDirectory, "*", SearchOption.AllDirectories) : Array.Empty<string>()));
            Assert.True(Directory.Exists(_temporary.Combine("out")), "only the folder the task created goes");
        }

        [Fact]
        public void CleanKeepsFoldersThatHoldSomeoneElsesFiles()
        {
            Run(Emit(Files));
            File.WriteAllText(Manifest("istio/handwritten.yaml"), "mine");

            Clean();

            Assert.Equal(new[] { Manifest("istio/handwritten.yaml") }, Directory.GetFiles(OutputDirectory, "*", SearchOption.AllDirectories));
            Assert.False(Directory.Exists(Manifest("envoy")), "a folder the clean emptied goes");
        }

        [Fact]
        public void CleanKeepsAManifestsFolderItDidNotCreate()
        {
            Directory.CreateDirectory(OutputDirectory);
            Run(Emit(Files));

            Clean();

            Assert.True(Directory.Exists(OutputDirectory));
            Assert.Empty(Directory.GetFileSystemEntries(OutputDirectory));
        }

        [Fact]
        public void CleanOfAFolderTheTaskNeverUsedDoesNothing()
        {
            Directory.CreateDirectory(Manifest("istio"));
            File.WriteAllText(Manifest("istio/.x.yaml." + Hex + ".tmp"), "x");

            RecordingBuildEngine engine = Clean();

            Assert.Empty(engine.Errors);
            Assert.True(File.Exists(Manifest("istio/.x.yaml." + Hex + ".tmp")));
        }

        // ---- helpers ----------------------------------------------------------------------------------------------------

        private string Emit((string Path, string Content)[] files) => ManifestAssemblies.EmitManifests(_temporary.Path, files);

        private (WriteEgressManifests Task, RecordingBuildEngine Engine) Run(
            string assemblyPath,
            bool writeKustomization = false,
            bool overwriteUnownedFiles = false,
            string? outputDirectory = null,
            string? projectDirectory = null,
            string? homeDirectory = null)
        {
            var engine = new RecordingBuildEngine();
            var task = new WriteEgressManifests
            {
                BuildEngine = engine,
                AssemblyPath = assemblyPath,
                OutputDirectory = outputDirectory ?? OutputDirectory,
                ProjectDirectory = projectDirectory ?? string.Empty,
                HomeDirectory = homeDirectory,
                WriteKustomization = writeKustomization,
                OverwriteUnownedFiles = overwriteUnownedFiles,
            };
            bool success = task.Execute();
            Assert.Equal(engine.Errors.Count == 0, success);
            return (task, engine);
        }

        private RecordingBuildEngine Clean(string? outputDirectory = null, string? projectDirectory = null, bool expectSuccess = true)
        {
            var engine = new RecordingBuildEngine();
            var task = new CleanEgressManifests
            {
                BuildEngine = engine,
                OutputDirectory = outputDirectory ?? OutputDirectory,
                ProjectDirectory = projectDirectory ?? string.Empty,
                HomeDirectory = null,
            };
            Assert.Equal(expectSuccess, task.Execute());
            return engine;
        }

        private RecordingBuildEngine CheckCollected(bool expectSuccess, bool overwriteUnownedFiles, params string[] files)
        {
            var engine = new RecordingBuildEngine();
            var task = new CheckEgressCollectedManifests
            {
                BuildEngine = engine,
                OutputDirectory = OutputDirectory,
                Files = files.Select(file => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(file)).ToArray(),
                OverwriteUnownedFiles = overwriteUnownedFiles,
            };
            Assert.Equal(expectSuccess, task.Execute());
            return engine;
        }

        private IReadOnlyList<ITaskItem> ReadRecord(bool referenced)
        {
            var engine = new RecordingBuildEngine();
            var task = new ReadEgressManifestRecord { BuildEngine = engine, OutputDirectory = OutputDirectory, Referenced = referenced };
            Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(error => error.Message)));
            return task.Files.OrderBy(item => item.ItemSpec, StringComparer.Ordinal).ToList();
        }

        private string Manifest(string relativePath) => Path.Combine(Path.GetFullPath(OutputDirectory), relativePath.Replace('/', Path.DirectorySeparatorChar));

        private static List<KeyValuePair<string, string>> WithoutAssemblies(Dictionary<string, string> snapshot) =>
            snapshot.Where(entry => !entry.Key.EndsWith(".dll", StringComparison.Ordinal)).OrderBy(entry => entry.Key, StringComparer.Ordinal).ToList();

        private Dictionary<string, string> Snapshot() => SnapshotOf(OutputDirectory);

        /// <summary>Every file below <paramref name="directory"/> (not through links) with its text, and every folder.</summary>
        private static Dictionary<string, string> SnapshotOf(string directory)
        {
            var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!Directory.Exists(directory))
            {
                return snapshot;
            }

            foreach (FileSystemInfo entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                snapshot[entry.FullName] = entry is FileInfo file && file.LinkTarget == null ? File.ReadAllText(file.FullName) + "@" + file.LastWriteTimeUtc.Ticks : "<folder or link>";
            }

            return snapshot;
        }
    }
}
