using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>
/// Packs the repository's EgressDsl package once for all tests, into a temporary folder feed, with a version no earlier run
/// used, so the machine's NuGet cache can never hand a consumer a stale copy. Consumer projects are created under the same
/// temporary workspace, whose nuget.config adds the feed to the machine's usual sources.
/// </summary>
/// <remarks>
/// Set EGRESSDSL_KEEP_TEST_FILES=1 to keep the workspace (projects, feed and one log per dotnet command) after the run.
/// </remarks>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        BaseVersion = ReadEgressDslVersion(RepositoryRoot);
        Version = $"{BaseVersion}-test.{DateTime.UtcNow:yyyyMMddHHmmss}.r{Guid.NewGuid().ToString("N")[..8]}";

        Workspace = Path.Combine(Path.GetTempPath(), "egressdsl-package-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Workspace);
        Feed = Path.Combine(Workspace, "feed");
        Cli = new DotnetCli(Path.Combine(Workspace, "logs"));

        // Consumers live below the workspace: these stop MSBuild and NuGet from picking up anything above it.
        File.WriteAllText(Path.Combine(Workspace, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Workspace, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Workspace, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(
            Path.Combine(Workspace, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="egressdsl-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);

        PackResult = Cli.Run(
            RepositoryRoot,
            "pack", Path.Combine(RepositoryRoot, "src", "Package", "EgressDsl.Package.csproj"),
            "-c", "Release", "-o", Feed, $"-p:PackageVersion={Version}");
        if (!PackResult.Succeeded)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + PackResult.Summary);
        }

        PackagePath = Path.Combine(Feed, $"EgressDsl.{Version}.nupkg");
        if (!File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack did not create {PackagePath}:\n{PackResult.Summary}");
        }

        Extracted = Path.Combine(Workspace, "extracted");
        ZipFile.ExtractToDirectory(PackagePath, Extracted);
        using ZipArchive archive = ZipFile.OpenRead(PackagePath);
        Entries = archive.Entries.Select(entry => entry.FullName).ToList();

        NuGetPackagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        InstalledPackageDirectory = Path.Combine(NuGetPackagesRoot, "egressdsl", Version.ToLowerInvariant());
    }

    public string RepositoryRoot { get; }

    /// <summary>EgressDslVersion from Directory.Build.props, the one place versions are set.</summary>
    public string BaseVersion { get; }

    /// <summary>The unique version this run packed: <see cref="BaseVersion"/> with a prerelease suffix.</summary>
    public string Version { get; }

    public string Workspace { get; }

    public string Feed { get; }

    public DotnetCli Cli { get; }

    public CommandResult PackResult { get; }

    public string PackagePath { get; }

    /// <summary>The package's contents, unzipped.</summary>
    public string Extracted { get; }

    /// <summary>Every entry of the package, with '/' separators.</summary>
    public IReadOnlyList<string> Entries { get; }

    public string NuGetPackagesRoot { get; }

    /// <summary>Where restore unpacks this run's package; removed again when the tests end.</summary>
    public string InstalledPackageDirectory { get; }

    /// <summary>Whether the code fixes project (issue 4's src/CodeFixes) exists in this checkout, so its assembly must be packed.</summary>
    public bool HasCodeFixes => File.Exists(Path.Combine(RepositoryRoot, "src", "CodeFixes", "EgressDsl.CodeFixes.csproj"));

    /// <summary>Whether the simulation library (src/Simulation) exists in this checkout, so its assembly must be packed.</summary>
    public bool HasSimulation => File.Exists(Path.Combine(RepositoryRoot, "src", "Simulation", "EgressDsl.Simulation.csproj"));

    /// <summary>EgressDslRepositoryUrl from Directory.Build.props, the one place the project's links are set.</summary>
    public string RepositoryUrl => XDocument.Load(RepositoryFile("Directory.Build.props")).Descendants("EgressDslRepositoryUrl").Single().Value.Trim();

    public string RepositoryFile(params string[] parts) => Path.Combine(new[] { RepositoryRoot }.Concat(parts).ToArray());

    public string PackageFile(string entry) => Path.Combine(Extracted, entry.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Creates a project with <c>dotnet new <paramref name="template"/></c> in a new folder of the workspace, adds the package
    /// (unless <paramref name="referencePackage"/> is false), sets the target framework, and adds <paramref name="extraProjectXml"/>
    /// before the closing tag. Template source files are replaced by <paramref name="sources"/> for class libraries.
    /// </summary>
    public Consumer CreateConsumer(
        string name,
        string template,
        IReadOnlyDictionary<string, string> sources,
        string targetFramework = "net10.0",
        bool referencePackage = true,
        string extraProjectXml = "")
    {
        string directory = Path.Combine(Workspace, name);
        CommandResult created = Cli.Run(Workspace, "new", template, "-o", directory, "-n", name, "--no-restore", "--no-update-check");
        Assert.True(created.Succeeded, created.Summary);

        string projectFile = Path.Combine(directory, name + ".csproj");
        XDocument project = XDocument.Load(projectFile);
        XElement root = project.Root!;
        XElement properties = root.Elements("PropertyGroup").First();
        properties.SetElementValue("TargetFramework", targetFramework);
        if (referencePackage)
        {
            root.Add(new XElement("ItemGroup", new XElement("PackageReference", new XAttribute("Include", "EgressDsl"), new XAttribute("Version", Version))));
        }

        if (extraProjectXml.Length > 0)
        {
            foreach (XElement element in XElement.Parse($"<Project>{extraProjectXml}</Project>").Elements())
            {
                root.Add(element);
            }
        }

        project.Save(projectFile);

        if (template == "classlib")
        {
            File.Delete(Path.Combine(directory, "Class1.cs"));
        }

        foreach ((string file, string content) in sources)
        {
            File.WriteAllText(Path.Combine(directory, file), content);
        }

        return new Consumer(this, name, directory, projectFile, targetFramework);
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("EGRESSDSL_KEEP_TEST_FILES") != "1")
        {
            TryDelete(Workspace);
        }

        // A prerelease nobody else will ever ask for: leave the machine's package cache as it was.
        TryDelete(InstalledPackageDirectory);
        string packageFolder = Path.GetDirectoryName(InstalledPackageDirectory)!;
        if (Directory.Exists(packageFolder) && !Directory.EnumerateFileSystemEntries(packageFolder).Any())
        {
            TryDelete(packageFolder);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is not worth failing the run for.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "src", "Package", "EgressDsl.Package.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ancestor of {AppContext.BaseDirectory} holds src/Package/EgressDsl.Package.csproj.");
    }

    private static string ReadEgressDslVersion(string repositoryRoot)
    {
        XDocument props = XDocument.Load(Path.Combine(repositoryRoot, "Directory.Build.props"));
        return props.Descendants("EgressDslVersion").Single().Value.Trim();
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    /// <summary>One collection: the tests share one packed feed and run one after another (each dotnet build uses both cores).</summary>
    public const string Name = "EgressDsl package";
}
