using EgressDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Package.Tests;

/// <summary>
/// Fresh `dotnet new` projects that add the packed package from the folder feed and build with the real CLI. Each test owns
/// its project and runs its builds in order; the dotnet commands are kept few because each costs seconds on two cores.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerBuildTests
{
    private readonly PackageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ConsumerBuildTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void Console_app_build_writes_correct_manifests_a_rebuild_touches_none_and_clean_removes_them()
    {
        // The program reads the generated output as user code does: a class's through EgressCatalog.For, and the catalogue.
        const string program = """
            using EgressDsl.Generated;
            foreach (var resource in EgressCatalog.For<CnnTlsOrigination.Cnn>().Resources)
            {
                System.Console.WriteLine($"{resource.Kind}/{resource.Name} -> {resource.Path}");
            }

            System.Console.WriteLine($"{EgressCatalog.Resources.Count} resources, class YAML {EgressCatalog.For<CnnTlsOrigination.Cnn>().Yaml.Length > 0}, sidecar {EgressCatalog.Envoy.SidecarJson.Length > 0}");
            """;
        Consumer app = _fixture.CreateConsumer(
            "CnnApp", "console", new Dictionary<string, string> { ["CnnEgress.cs"] = Manifests.Sample(_fixture, "CnnTlsOrigination", "CnnEgress.cs"), ["Program.cs"] = program });

        CommandResult build = app.Build();
        app.AssertCleanBuild(build);
        CommandResult run = _fixture.Cli.Run(app.Directory, app.File("bin", "Debug", "net10.0", "CnnApp.dll"));
        Assert.True(run.Succeeded, run.Summary);
        Assert.Contains("ServiceEntry/cnn -> istio/service-entry_cnn.yaml", run.Output);
        Assert.Contains("DestinationRule/originate-mtls-for-cnn -> istio/destination-rule_istio-system_originate-mtls-for-cnn.yaml", run.Output);
        Assert.Contains($"{Manifests.CnnResources.Length} resources, class YAML True, sidecar True", run.Output);
        string record = Path.Combine(app.EgressDirectory, ".egress-files");
        int recorded = File.ReadAllLines(record).Length;
        Assert.Equal(
            $"EgressDsl: {recorded} manifest file(s) in {app.EgressDirectory}{Path.DirectorySeparatorChar} ({recorded} written, 0 unchanged, 0 removed)",
            Consumer.TaskSummary(build, app.EgressDirectory));
        Manifests.AssertIstioFolder(app.EgressDirectory, "v1", Manifests.CnnResources);
        Assert.Contains("build_property.EgressIstioApiVersion = v1", File.ReadAllText(app.File("obj", "Debug", "net10.0", "CnnApp.GeneratedMSBuildEditorConfig.editorconfig")));
        Dictionary<string, DateTime> before = Consumer.Timestamps(app.EgressDirectory);

        // Nothing changed: the writing target is skipped as up to date, and no file in the folder is touched.
        CommandResult rebuild = app.Build();
        app.AssertCleanBuild(rebuild, compiled: false);
        Assert.Contains("Skipping target \"EgressDslWriteManifests\" because all output files are up-to-date", rebuild.Output);
        Assert.Null(Consumer.TaskSummary(rebuild, app.EgressDirectory));
        Assert.Equal(before, Consumer.Timestamps(app.EgressDirectory));

        CommandResult clean = app.Clean();
        Assert.True(clean.Succeeded, clean.Summary);
        Assert.Empty(Consumer.FilesBelow(app.EgressDirectory));
    }

    [Fact]
    public void Switches_work_from_the_package_v1beta1_and_kustomization_are_applied_and_a_bad_value_stops_the_build()
    {
        Consumer app = _fixture.CreateConsumer(
            "SeedApp", "console", new Dictionary<string, string> { ["NginxEgress.cs"] = Manifests.Sample(_fixture, "SeedEgress", "NginxEgress.cs") });

        // EgressWriteManifests=false: no files, but the constants are still in the assembly.
        CommandResult noFiles = app.Build("-p:EgressWriteManifests=false");
        app.AssertCleanBuild(noFiles);
        Assert.False(Directory.Exists(app.EgressDirectory), $"{app.EgressDirectory} exists although EgressWriteManifests=false");
        Assert.True(app.AssemblyEmbedsManifests(), "the generator embedded no manifests");

        // Restored by the first build: these switches change nothing restore reads.
        CommandResult build = app.Build("-p:EgressIstioApiVersion=v1beta1", "-p:EgressEmitKustomization=true", "--no-restore");
        app.AssertCleanBuild(build);
        Manifests.AssertIstioFolder(app.EgressDirectory, "v1beta1", Manifests.SeedResources);
        string kustomization = File.ReadAllText(Path.Combine(app.EgressDirectory, "kustomization.yaml"));
        YamlTree tree = YamlTree.Parse(kustomization);
        Assert.Equal("Kustomization", tree["kind"]!.AsString);
        string[] istioFiles = Consumer.FilesBelow(app.EgressDirectory).Where(path => path.StartsWith("istio/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(istioFiles.Order(StringComparer.Ordinal), tree["resources"]!.Items.Select(item => item.AsString!).Order(StringComparer.Ordinal));
        AssertKustomizeAccepts(app.EgressDirectory, istioFiles.Length);

        // Every bad value is reported in one build, which then stops before the compiler.
        CommandResult bad = app.Build("-p:EgressIstioApiVersion=v2", "-p:EgressCollectReferencedManifests=maybe", "--no-restore");
        Assert.False(bad.Succeeded, bad.Summary);
        Assert.Contains("error EGRESS100: EgressIstioApiVersion 'v2' is not supported: use v1, v1beta1 or v1alpha3.", bad.Output);
        Assert.Contains("error EGRESS105: EgressCollectReferencedManifests 'maybe' is not supported: use true or false.", bad.Output);
        Assert.DoesNotContain("CoreCompile:", bad.Output);
        Assert.DoesNotContain("error CS", bad.Output);
    }

    [Fact]
    public void A_broken_attribute_fails_the_build_with_EGRESS003_at_the_argument_and_writes_nothing()
    {
        string source = Manifests.Sample(_fixture, "SeedEgress", "NginxEgress.cs");
        const string original = "[ServicePort(443, \"http-tls\", PortProtocol.Http)]";
        Assert.Contains(original, source);
        string broken = source.Replace(original, "[ServicePort(0, \"http-tls\", PortProtocol.Http)]", StringComparison.Ordinal);
        string[] lines = broken.Split('\n');
        int line = Array.FindIndex(lines, text => text.Contains("[ServicePort(0,", StringComparison.Ordinal)) + 1;
        int column = lines[line - 1].IndexOf("(0,", StringComparison.Ordinal) + 2;
        Consumer app = _fixture.CreateConsumer("BrokenApp", "console", new Dictionary<string, string> { ["NginxEgress.cs"] = broken });

        CommandResult build = app.Build();

        Assert.False(build.Succeeded, build.Summary);
        Assert.Contains($"{app.File("NginxEgress.cs")}({line},{column}): error EGRESS003: Port 0 is out of range", build.Output);
        Consumer.AssertNoPackagingProblems(build);
        app.AssertAnalyzersFromPackage(build);
        Assert.Empty(Consumer.FilesBelow(app.EgressDirectory));
    }

    [Fact]
    public void A_net8_project_builds_with_the_package_and_writes_its_manifests()
    {
        // The .NET 10 SDK builds net8.0 with the Microsoft.NETCore.App.Ref 8.0.x targeting pack restored from NuGet.
        Consumer app = _fixture.CreateConsumer(
            "Net8App", "console", new Dictionary<string, string> { ["CnnEgress.cs"] = Manifests.Sample(_fixture, "CnnTlsOrigination", "CnnEgress.cs") },
            targetFramework: "net8.0");

        CommandResult build = app.Build();

        app.AssertCleanBuild(build);
        Assert.EndsWith(Path.Combine("bin", "Debug", "net8.0", "egress"), app.EgressDirectory);
        Assert.NotNull(Consumer.TaskSummary(build, app.EgressDirectory));
        Manifests.AssertIstioFolder(app.EgressDirectory, "v1", Manifests.CnnResources);
    }

    /// <summary>
    /// `kubectl kustomize` builds the folder offline (no cluster needed) and must print every resource. Where kubectl is not
    /// installed, the kustomization is checked as kustomize would read it: every listed file exists in the folder.
    /// </summary>
    private void AssertKustomizeAccepts(string directory, int expectedDocuments)
    {
        if (Kubectl.Path is null)
        {
            _output.WriteLine("kubectl is not on PATH: checked the kustomization's resources by hand instead of with `kubectl kustomize`.");
            YamlTree tree = YamlTree.Parse(File.ReadAllText(Path.Combine(directory, "kustomization.yaml")));
            Assert.All(tree["resources"]!.Items, item => Assert.True(File.Exists(Path.Combine(directory, item.AsString!)), item.AsString));
            return;
        }

        string output = Kubectl.Kustomize(directory);
        Assert.Equal(expectedDocuments, YamlTree.ParseAll(output).Count);
    }
}
