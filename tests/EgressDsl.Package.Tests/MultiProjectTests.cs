using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>
/// Services declared in a class library that an app references: each project writes its own manifests, and the app, asked
/// with EgressCollectReferencedManifests=true, copies the library's into its own output under referenced/&lt;ProjectName&gt;/.
/// </summary>
[Collection(PackageBuildsCollection.Name)]
public sealed class MultiProjectTests
{
    private readonly PackageFixture _fixture;

    public MultiProjectTests(PackageFixture fixture) => _fixture = fixture;

    [Fact]
    public void Library_and_app_write_their_own_manifests_the_app_collects_the_librarys_incrementally_and_clean_removes_all()
    {
        // The library: the seed in the article's API version, written to a folder of its own outside bin/ (EgressManifestsDir).
        Consumer library = _fixture.CreateConsumer(
            "Egress.Services", "classlib",
            new Dictionary<string, string> { ["NginxEgress.cs"] = Manifests.Sample(_fixture, "SeedEgress", "NginxEgress.cs") },
            extraProjectXml: """
                <PropertyGroup>
                  <EgressIstioApiVersion>v1alpha3</EgressIstioApiVersion>
                  <EgressManifestsDir>$(MSBuildProjectDirectory)/deploy/</EgressManifestsDir>
                </PropertyGroup>
                """);
        string libraryManifests = library.File("deploy");

        // The app gets EgressDsl only through the library (attributes, generator, buildTransitive targets) and declares its own
        // service. It also uses YamlDotNet 16 at run time, and has two more YamlDotNet.dll analyzers, as other analyzer packages
        // bundling their own would: 16.3.0 (older than EgressDsl's) and a stand-in for a future major version (newer). The SDK's
        // conflict resolution would pass only the newest to the compiler, and EgressDsl's generator would load that one.
        string otherAnalyzer = OtherYamlDotNet(Path.Combine(_fixture.Workspace, "OtherAnalyzer"), new Version(99, 0, 0, 0));
        Consumer app = _fixture.CreateConsumer(
            "Shop.App", "console",
            new Dictionary<string, string> { ["CnnEgress.cs"] = Manifests.Sample(_fixture, "CnnTlsOrigination", "CnnEgress.cs") },
            referencePackage: false,
            extraProjectXml: """
                <PropertyGroup>
                  <EgressCollectReferencedManifests>true</EgressCollectReferencedManifests>
                </PropertyGroup>
                <ItemGroup>
                  <ProjectReference Include="../Egress.Services/Egress.Services.csproj" />
                  <PackageReference Include="YamlDotNet" Version="16.3.0" GeneratePathProperty="true" />
                  <Analyzer Include="$(PkgYamlDotNet)/lib/netstandard2.0/YamlDotNet.dll" />
                  <Analyzer Include="OTHER" />
                </ItemGroup>
                """.Replace("OTHER", otherAnalyzer, StringComparison.Ordinal));
        string collected = Path.Combine(app.EgressDirectory, "referenced", "Egress.Services");

        CommandResult build = app.Build();
        app.AssertCleanBuild(build);
        // Every YamlDotNet reached the compiler, each beside the analyzers it belongs to, and the generator ran (AssertCleanBuild).
        Assert.Contains(
            $"/analyzer:{Path.Combine(_fixture.NuGetPackagesRoot, "yamldotnet", "16.3.0", "lib", "netstandard2.0", "YamlDotNet.dll")}",
            build.Output);
        Assert.Contains($"/analyzer:{otherAnalyzer}", build.Output);
        Assert.Contains($"egressdsl/{_fixture.Version}/buildTransitive/EgressDsl.targets", File.ReadAllText(app.File("obj", "Shop.App.csproj.nuget.g.targets")));

        // Each project wrote its own.
        Assert.NotNull(Consumer.TaskSummary(build, libraryManifests));
        Assert.NotNull(Consumer.TaskSummary(build, app.EgressDirectory));
        IReadOnlyList<string> differences = YamlTree.DiffStreams(
            File.ReadAllText(Path.Combine(libraryManifests, "istio.yaml")),
            File.ReadAllText(SharedFiles.Find("seed/expected-istio.yaml")));
        Assert.True(differences.Count == 0, "The library's v1alpha3 output differs from the article's resources:\n" + string.Join("\n", differences));
        Manifests.AssertIstioFolder(app.EgressDirectory, "v1", Manifests.CnnResources);
        Assert.DoesNotContain(Consumer.FilesBelow(app.EgressDirectory), path => path.Contains("nginx", StringComparison.Ordinal) && !path.StartsWith("referenced/", StringComparison.Ordinal));

        // The app collected exactly the library's files, byte for byte.
        AssertCollectedCopy(libraryManifests, collected);
        Assert.Contains($"EgressDsl: copied {LibraryManifestFiles(libraryManifests).Count} manifest file(s) of referenced projects", build.Output);

        // No change: nothing is written or copied anywhere.
        Dictionary<string, DateTime> before = Consumer.Timestamps(libraryManifests, app.EgressDirectory);
        CommandResult rebuild = app.Build();
        app.AssertCleanBuild(rebuild, compiled: false);
        Assert.DoesNotContain("EgressDsl: ", rebuild.Output);
        Assert.Equal(before, Consumer.Timestamps(libraryManifests, app.EgressDirectory));

        // The library drops its route: its two VirtualServices go from its folder and from the app's copy.
        string source = File.ReadAllText(library.File("NginxEgress.cs"));
        int route = source.IndexOf("[EgressRoute(", StringComparison.Ordinal);
        int end = source.IndexOf("public partial class NginxRoute;", StringComparison.Ordinal) + "public partial class NginxRoute;".Length;
        Assert.True(route > 0 && end > route, "samples/SeedEgress/NginxEgress.cs no longer declares NginxRoute as this test expects");
        File.WriteAllText(library.File("NginxEgress.cs"), source[..route] + source[end..]);
        CommandResult changed = app.Build("--no-restore");
        app.AssertCleanBuild(changed);
        Assert.DoesNotContain(LibraryManifestFiles(libraryManifests), path => path.Contains("virtual-service", StringComparison.Ordinal));
        AssertCollectedCopy(libraryManifests, collected);

        CommandResult clean = app.Clean();
        Assert.True(clean.Succeeded, clean.Summary);
        Assert.Empty(Consumer.FilesBelow(libraryManifests));
        Assert.Empty(Consumer.FilesBelow(app.EgressDirectory));
    }

    /// <summary>A YamlDotNet.dll with the given version and nothing a generator could use, in <paramref name="directory"/>.</summary>
    private static string OtherYamlDotNet(string directory, Version version)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "YamlDotNet.dll");
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "YamlDotNet",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\nnamespace YamlDotNet {{ public static class Impostor {{ }} }}\n") },
            new[] { Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        Microsoft.CodeAnalysis.Emit.EmitResult result;
        using (FileStream stream = File.Create(path))
        {
            result = compilation.Emit(stream);
        }

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }

    /// <summary>The manifest files a project's record lists (its own bookkeeping files start with '.').</summary>
    private static IReadOnlyList<string> LibraryManifestFiles(string directory) =>
        Consumer.FilesBelow(directory).Where(path => !Path.GetFileName(path).StartsWith('.')).ToList();

    private static void AssertCollectedCopy(string source, string copy)
    {
        IReadOnlyList<string> expected = LibraryManifestFiles(source);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Consumer.FilesBelow(copy));
        Assert.All(expected, path => Assert.Equal(File.ReadAllBytes(Path.Combine(source, path)), File.ReadAllBytes(Path.Combine(copy, path))));
    }
}
