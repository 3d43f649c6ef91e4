using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// Builds a real project that imports EgressDsl.props/.targets the way a ProjectReference consumer does, with a hand-written
    /// manifest class standing in for the generator. Each `dotnet` call costs seconds, so each test checks one sequence, in a
    /// folder of its own; the tests are in two collections, which xunit runs side by side. A consumer starts from the run's one
    /// restore (<see cref="RestoredConsumer"/>) and compiles on the run's compiler server (<see cref="CompilerServerLease"/>).
    /// </summary>
    public abstract class MSBuildEndToEnd : IDisposable
    {
        protected const string ManifestClass = @"namespace EgressDsl.Generated.Manifests
{
    [System.CodeDom.Compiler.GeneratedCode(""EgressDsl"", ""1.0"")]
    internal static class Files
    {
        public static class Istio { public const string Path = ""istio.yaml""; public const string Parts = ""istio/""; }
        public static class A { public const string Path = ""istio/gateway_eg-nginx-ext.yaml""; public const string Yaml = ""apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: eg-nginx-ext\n""; }
        public static class B { public const string Path = ""envoy/sidecar.json""; public const string Content = ""{ \""static_resources\"": {} }\n""; }
    }
}
";

        private protected readonly TemporaryDirectory _temporary = new TemporaryDirectory();

        /// <summary>The manifests folder of a Debug build of <see cref="CreateProject"/>'s project.</summary>
        protected string EgressFolder => _temporary.Combine("bin", "Debug", "net10.0", "egress");

        /// <summary>The files <see cref="ManifestClass"/> declares, in <see cref="EgressFolder"/>.</summary>
        protected string[] ManifestClassFiles() => new[]
        {
            Path.Combine(EgressFolder, "istio.yaml"),
            Path.Combine(EgressFolder, "istio", "gateway_eg-nginx-ext.yaml"),
            Path.Combine(EgressFolder, "envoy", "sidecar.json"),
        };

        /// <summary>MSBuild's list of the files the project's builds wrote, which Clean and IncrementalClean read.</summary>
        protected string FileList => _temporary.Combine("obj", "Debug", "net10.0", "Consumer.csproj.FileListAbsolute.txt");

        public void Dispose() => _temporary.Dispose();

        protected string CreateProject(string manifestClass = ManifestClass, string extraProjectXml = "")
        {
            string project = _temporary.Combine(RestoredConsumer.ProjectFileName);
            File.WriteAllText(project, RestoredConsumer.ProjectXml(extraProjectXml));
            File.WriteAllText(_temporary.Combine("EgressManifestFiles.cs"), manifestClass);
            RestoredConsumer.CopyRestoreInto(_temporary.Path);
            return project;
        }

        /// <summary>
        /// <c>dotnet <paramref name="command"/></c> of the consumer, restored already. No MSBuild node outlives it, since it
        /// would keep the tasks dll loaded; the compiler is the run's server.
        /// </summary>
        protected static (int ExitCode, string Output) Dotnet(string command, string project, params string[] arguments)
        {
            string[] restore = command == "clean" ? Array.Empty<string>() : new[] { "--no-restore" };
            return Run(project, command, restore.Concat(CompilerServerLease.BuildArguments).Concat(arguments).ToArray());
        }

        internal static (int ExitCode, string Output) Run(string project, string command, params string[] arguments)
        {
            ProcessStartInfo start = ProcessRunner.StartInfo(
                ProcessRunner.Dotnet,
                Path.GetDirectoryName(project)!,
                new[] { command, project, "-nologo", "-tl:off", "-v:n" }.Concat(arguments));
            ProcessResult result = ProcessRunner.Run(start, TimeSpan.FromMinutes(5));
            return (result.ExitCode, result.Output);
        }
    }

    /// <summary>Incremental builds, clean, and files the build does not own (<see cref="MSBuildEndToEnd"/>).</summary>
    [Collection(MSBuildBuildCollection.Name)]
    public sealed class MSBuildEndToEndTests : MSBuildEndToEnd
    {
        [Fact]
        public void BuildWritesManifestsIncrementallyAndCleanRemovesThem()
        {
            string project = CreateProject();
            string egress = EgressFolder;
            string[] manifests = ManifestClassFiles();
            string record = Path.Combine(egress, ".egress-files");

            (int exitCode, string output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);
            Assert.Contains($"EgressDsl: 3 manifest file(s) in {egress}{Path.DirectorySeparatorChar} (3 written, 0 unchanged, 0 removed)", output);
            Assert.All(manifests, path => Assert.True(File.Exists(path), path));
            Assert.Equal("{ \"static_resources\": {} }\n", File.ReadAllText(manifests[2]));
            string editorConfig = File.ReadAllText(_temporary.Combine("obj", "Debug", "net10.0", "Consumer.GeneratedMSBuildEditorConfig.editorconfig"));
            Assert.Contains("build_property.EgressIstioApiVersion = v1", editorConfig);
            Assert.Contains("build_property.EgressEmitEnvoy = true", editorConfig);
            Dictionary<string, DateTime> stamps = manifests.Append(record).ToDictionary(path => path, File.GetLastWriteTimeUtc);

            // Nothing changed: the target is skipped, and IncrementalClean must not delete files it no longer hears about.
            (exitCode, output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain("EgressDsl: ", output);
            Assert.All(stamps, stamp => Assert.Equal(stamp.Value, File.GetLastWriteTimeUtc(stamp.Key)));

            // A setting that does not change the assembly still reruns the task, here in its own process as repository builds do.
            (exitCode, output) = Dotnet("build", project, "-p:EgressEmitKustomization=true", "-p:EgressDslTasksOutOfProc=true");
            Assert.True(exitCode == 0, output);
            Assert.Contains("(2 written, 3 unchanged, 0 removed)", output);
            Assert.Contains("- istio/gateway_eg-nginx-ext.yaml\n", File.ReadAllText(Path.Combine(egress, "kustomization.yaml")));
            Assert.All(manifests, path => Assert.Equal(stamps[path], File.GetLastWriteTimeUtc(path)));

            File.WriteAllText(Path.Combine(egress, "handwritten.yaml"), "kept");
            (exitCode, output) = Dotnet("clean", project);
            Assert.True(exitCode == 0, output);
            string[] left = Directory.GetFiles(egress, "*", SearchOption.AllDirectories);
            Assert.Equal(new[] { Path.Combine(egress, "handwritten.yaml") }, left);

            // Every bad setting is reported in one go; 'yes' is refused because the generator parses booleans with bool.TryParse.
            (exitCode, output) = Dotnet("build", project, "-p:EgressIstioApiVersion=v2", "-p:EgressEmitEnvoy=yes");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error EGRESS100: EgressIstioApiVersion 'v2' is not supported: use v1, v1beta1 or v1alpha3.", output);
            Assert.Contains("error EGRESS101: EgressEmitEnvoy 'yes' is not supported: use true or false.", output);
            Assert.DoesNotContain("EgressDsl: ", output);
        }

        [Fact]
        public void BuildRefusesSomeoneElsesFileUnlessAllowedAndATamperedRecordNeverReachesClean()
        {
            string project = CreateProject();
            string outDir = _temporary.Combine("bin", "Debug", "net10.0");
            string egress = Path.Combine(outDir, "egress");
            string record = Path.Combine(egress, ".egress-files");
            string kustomization = Path.Combine(egress, "kustomization.yaml");

            // The new switch is checked like the others, before the compiler.
            (int exitCode, string output) = Dotnet("build", project, "-p:EgressOverwriteUnownedFiles=maybe");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error EGRESS106: EgressOverwriteUnownedFiles 'maybe' is not supported: use true or false.", output);
            Assert.False(Directory.Exists(egress));
            (exitCode, output) = Dotnet("build", project, "-p:EgressGeneratedAccessibility=Public");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error EGRESS107: EgressGeneratedAccessibility 'Public' is not supported: use internal or public.", output);
            Assert.False(Directory.Exists(egress));

            (exitCode, output) = Dotnet("build", project);
            Assert.True(exitCode == 0, output);

            // Someone's own kustomization.yaml, then a build that would write one: refused, the file and the record untouched.
            File.WriteAllText(kustomization, "mine");
            string recordBefore = File.ReadAllText(record);
            (exitCode, output) = Dotnet("build", project, "-p:EgressEmitKustomization=true");
            Assert.NotEqual(0, exitCode);
            Assert.Contains($"error EGRESS117: EgressDsl did not write '{kustomization}'", output);
            Assert.Equal("mine", File.ReadAllText(kustomization));
            Assert.Equal(recordBefore, File.ReadAllText(record));

            // With the opt-in it is replaced, with a warning, and owned from then on.
            (exitCode, output) = Dotnet("build", project, "-p:EgressEmitKustomization=true", "-p:EgressOverwriteUnownedFiles=true");
            Assert.True(exitCode == 0, output);
            Assert.Contains("warning EGRESS117: EgressDsl: replacing " + kustomization, output);
            Assert.Contains("- istio/gateway_eg-nginx-ext.yaml\n", File.ReadAllText(kustomization));
            Assert.Contains("kustomization.yaml\n", File.ReadAllText(record));

            // A line that climbs out of the folder must not reach FileWrites, or the next clean deletes the file under OutDir.
            string victim = Path.Combine(outDir, "victim.txt");
            File.WriteAllText(victim, "victim");
            File.AppendAllText(record, "../victim.txt\n");
            (exitCode, output) = Dotnet("build", project, "-p:EgressEmitKustomization=true");
            Assert.True(exitCode == 0, output);
            string fileList = File.ReadAllText(FileList);
            Assert.Contains(record, fileList);
            Assert.DoesNotContain("victim", fileList);

            (exitCode, output) = Dotnet("clean", project, "-p:EgressEmitKustomization=true");
            Assert.True(exitCode == 0, output);
            Assert.Equal("victim", File.ReadAllText(victim));

            // The folder the build created goes with its istio/ and envoy/ folders.
            Assert.False(Directory.Exists(egress), egress);
        }
    }

    /// <summary>Publish, the GitOps folder and environments (<see cref="MSBuildEndToEnd"/>).</summary>
    [Collection(MSBuildDeliveryCollection.Name)]
    public sealed class MSBuildDeliveryEndToEndTests : MSBuildEndToEnd
    {
        [Fact]
        public void PublishWritesTheManifestsAndAContainerPublishLeavesThemOutUnlessAsked()
        {
            string project = CreateProject();
            string publish = _temporary.Combine("bin", "Release", "net10.0", "publish");
            string egress = Path.Combine(publish, "egress");

            (int exitCode, string output) = Dotnet("publish", project);
            Assert.True(exitCode == 0, output);
            Assert.Contains($"EgressDsl: 3 manifest file(s) in {egress}{Path.DirectorySeparatorChar} (3 written, 0 unchanged, 0 removed)", output);
            Assert.True(File.Exists(Path.Combine(egress, "istio", "gateway_eg-nginx-ext.yaml")));
            Assert.True(File.Exists(Path.Combine(egress, "envoy", "sidecar.json")));
            Assert.Equal(File.ReadAllText(Path.Combine(egress, "istio.yaml")), File.ReadAllText(_temporary.Combine("bin", "Release", "net10.0", "egress", "istio.yaml")));

            // Opted out, and a folder of one's own below the publish folder.
            string other = _temporary.Combine("other-publish");
            (exitCode, output) = Dotnet("publish", project, "-p:EgressPublishManifests=false", $"-p:PublishDir={other}/");
            Assert.True(exitCode == 0, output);
            Assert.True(File.Exists(Path.Combine(other, "Consumer.dll")), output);
            Assert.False(Directory.Exists(Path.Combine(other, "egress")));
            (exitCode, output) = Dotnet("publish", project, "-p:EgressPublishManifestsDir=deploy/k8s/", $"-p:PublishDir={other}/");
            Assert.True(exitCode == 0, output);
            Assert.True(File.Exists(Path.Combine(other, "deploy", "k8s", "istio.yaml")), output);

            // A container publish runs Publish, then PublishContainer, which layers the whole publish folder into the image. No
            // Docker and no registry here: the base image cannot be pulled, so the container step fails after the manifests went.
            File.WriteAllText(Path.Combine(egress, "notes.txt"), "mine");
            string[] container = { "-t:PublishContainer", "-p:EnableSdkContainerSupport=true", "-p:ContainerBaseImage=127.0.0.1:9/none/none:1", $"-p:ContainerArchiveOutputPath={_temporary.Combine("image.tar.gz")}" };
            (_, output) = Dotnet("publish", project, container);
            Assert.Contains("EgressDsl: the manifests are left out of the container image (EgressContainerManifests is false)", output);
            Assert.Equal(new[] { Path.Combine(egress, "notes.txt") }, Directory.GetFiles(egress, "*", SearchOption.AllDirectories));

            // Without a record, the folder holding someone's file is refused as any other (EGRESS117); once it is gone, asked for, the manifests stay.
            File.Delete(Path.Combine(egress, "notes.txt"));
            (_, output) = Dotnet("publish", project, container.Append("-p:EgressContainerManifests=true").ToArray());
            Assert.DoesNotContain("left out of the container image", output);
            Assert.True(File.Exists(Path.Combine(egress, "istio", "gateway_eg-nginx-ext.yaml")), output);
        }

        [Fact]
        public void GitOpsFolderHoldsTheKubernetesObjectsAndTheCheckFailsWithADiffWhenItDrifts()
        {
            string project = CreateProject();
            string gitOps = _temporary.Combine("deploy", "egress");
            string gateway = Path.Combine(gitOps, "istio", "gateway_eg-nginx-ext.yaml");

            (int exitCode, string output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy/egress");
            Assert.True(exitCode == 0, output);
            Assert.Equal(
                new[] { ".egress-files", ".egress-files.fingerprints", ".egress-files.lock", "istio/gateway_eg-nginx-ext.yaml", "kustomization.yaml", "kustomizeconfig.yaml" },
                Directory.GetFiles(gitOps, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(gitOps, path).Replace('\\', '/')).OrderBy(path => path, StringComparer.Ordinal));
            Assert.Equal("istio/gateway_eg-nginx-ext.yaml\nkustomization.yaml\nkustomizeconfig.yaml\n", File.ReadAllText(Path.Combine(gitOps, ".egress-files")));

            (exitCode, output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy/egress", "-p:EgressManifestsCheck=true");
            Assert.True(exitCode == 0, output);
            Assert.Contains($"EgressDsl: the manifests in {gitOps}{Path.DirectorySeparatorChar} are up to date", output);

            File.WriteAllText(gateway, File.ReadAllText(gateway).Replace("eg-nginx-ext", "edited", StringComparison.Ordinal));
            DateTime edited = File.GetLastWriteTimeUtc(gateway);
            (exitCode, output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy/egress", "-p:EgressManifestsCheck=true");
            Assert.NotEqual(0, exitCode);
            Assert.Contains($"error EGRESS120: The manifests in '{gitOps}{Path.DirectorySeparatorChar}' differ from what the code generates (1 file(s)).", output);
            Assert.Contains("-  name: edited", output);
            Assert.Contains("+  name: eg-nginx-ext", output);
            Assert.Equal(edited, File.GetLastWriteTimeUtc(gateway));

            // A build brings the folder back in line.
            (exitCode, output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy/egress");
            Assert.True(exitCode == 0, output);
            Assert.Contains("name: eg-nginx-ext", File.ReadAllText(gateway));

            // A check with no folder to compare with, and a bad new switch, are both reported before the compiler.
            (exitCode, output) = Dotnet("build", project, "-p:EgressManifestsCheck=true", "-p:EgressPublishManifests=maybe");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error EGRESS121: EgressPublishManifests 'maybe' is not supported: use true or false.", output);
            Assert.Contains("error EGRESS125: EgressManifestsCheck is true but EgressGitOpsDir is empty", output);
            Assert.DoesNotContain("CoreCompile:", output);
        }

        [Fact]
        public void EachEnvironmentIsCompiledWithItsValuesAndWritesAndChecksItsOwnFolder()
        {
            string project = CreateProject(
                @"namespace EgressDsl.Generated.Manifests
{
    [System.CodeDom.Compiler.GeneratedCode(""EgressDsl"", ""1.0"")]
    internal static class Files
    {
        public static class A { public const string Path = ""istio/gateway_eg.yaml""; public const string Yaml = ""kind: Gateway\nmetadata:\n  name: eg\n  namespace: "" + EgressDsl.Generated.EgressEnvironment.Namespace + ""\n""; }
    }
}
",
                @"<ItemGroup>
    <EgressEnvironment Include=""dev"" Namespace=""egress-dev"" />
    <EgressEnvironment Include=""prod"" Namespace=""egress-prod"" />
  </ItemGroup>");
            string egress = _temporary.Combine("bin", "Debug", "net10.0", "egress");
            string gitOps = _temporary.Combine("deploy");

            (int exitCode, string output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy");
            Assert.True(exitCode == 0, output);
            // The plain build compiles the first environment; then each environment has its folder, made from its own values.
            Assert.Contains("namespace: egress-dev\n", File.ReadAllText(Path.Combine(egress, "istio", "gateway_eg.yaml")));
            Assert.Contains("namespace: egress-dev\n", File.ReadAllText(Path.Combine(egress, "dev", "istio", "gateway_eg.yaml")));
            Assert.Contains("namespace: egress-prod\n", File.ReadAllText(Path.Combine(egress, "prod", "istio", "gateway_eg.yaml")));
            Assert.Contains("namespace: egress-prod\n", File.ReadAllText(Path.Combine(gitOps, "prod", "istio", "gateway_eg.yaml")));
            Assert.Contains("namespace: egress-dev\n", File.ReadAllText(Path.Combine(gitOps, "dev", "istio", "gateway_eg.yaml")));
            Assert.False(Directory.Exists(Path.Combine(gitOps, "istio")), "the GitOps folder's root holds no environment's objects: each has its folder");

            (exitCode, output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy", "-p:EgressManifestsCheck=true");
            Assert.True(exitCode == 0, output);

            // Only prod's committed folder is wrong: the check fails for prod, and names it.
            string prodGateway = Path.Combine(gitOps, "prod", "istio", "gateway_eg.yaml");
            File.WriteAllText(prodGateway, File.ReadAllText(prodGateway).Replace("egress-prod", "egress-dev", StringComparison.Ordinal));
            (exitCode, output) = Dotnet("build", project, "-p:EgressGitOpsDir=deploy", "-p:EgressManifestsCheck=true");
            Assert.NotEqual(0, exitCode);
            Assert.Contains($"error EGRESS120: The manifests in '{Path.Combine(gitOps, "prod")}{Path.DirectorySeparatorChar}' differ", output);
            Assert.DoesNotContain($"The manifests in '{Path.Combine(gitOps, "dev")}{Path.DirectorySeparatorChar}' differ", output);
            Assert.Contains("-  namespace: egress-dev", output);
            Assert.Contains("+  namespace: egress-prod", output);
            Assert.Contains("error EGRESS128: The environment 'prod' (EgressEnvironment item) failed", output);
            Assert.DoesNotContain("The environment 'dev'", output);

            // An environment that lacks a value another declares is refused before anything is compiled with it.
            File.WriteAllText(project, File.ReadAllText(project).Replace(@"<EgressEnvironment Include=""prod"" Namespace=""egress-prod"" />", @"<EgressEnvironment Include=""prod"" />", StringComparison.Ordinal));
            (exitCode, output) = Dotnet("build", project);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error EGRESS127: EgressEnvironment 'prod' does not declare the value 'Namespace', which 'dev' declares", output);
        }
    }
}
