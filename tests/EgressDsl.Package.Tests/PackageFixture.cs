using System.IO.Compression;
using System.Xml.Linq;
using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>
/// The repository's EgressDsl package, packed once per run into the folder feed the CLI's tool test shares
/// (<see cref="PackedFeed"/>), with a version made from the sources' hash, so the machine's NuGet cache can never hand a
/// consumer a stale copy. Consumer projects are created under a temporary workspace, whose nuget.config adds the feed to
/// the machine's usual sources. The consumers' builds compile in one <see cref="CompilerServer"/> per run, which the last
/// fixture shuts down.
/// </summary>
/// <remarks>
/// Set EGRESSDSL_KEEP_TEST_FILES=1 to keep the workspace (projects and one log per dotnet command) after the run.
/// </remarks>
public sealed class PackageFixture : IDisposable
{
    /// <summary>The name <see cref="NewProject"/> gives the projects it creates, whose copies are renamed.</summary>
    private const string TemplateProjectName = "Template";

    /// <summary>
    /// Fixtures alive in this process: one per collection, and the last one shuts the compiler server down and cleans the
    /// machine's package cache.
    /// </summary>
    private static int s_live;

    /// <summary>What <c>dotnet new</c> created, by template.</summary>
    private readonly Dictionary<string, string> _templates = new(StringComparer.Ordinal);

    public PackageFixture()
    {
        Interlocked.Increment(ref s_live);
        PackedFeed feed = PackedFeed.Shared;
        RepositoryRoot = feed.RepositoryRoot;
        BaseVersion = feed.BaseVersion;
        Version = feed.Version;
        Feed = feed.Directory;
        PackOutput = feed.PackOutput;

        Workspace = Path.Combine(Path.GetTempPath(), "egressdsl-package-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Workspace);
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

        PackagePath = feed.PackagePath(PackedFeed.PackageId);

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

    /// <summary>The version this run packed: <see cref="BaseVersion"/> with a prerelease suffix made from the sources' hash.</summary>
    public string Version { get; }

    public string Workspace { get; }

    public string Feed { get; }

    public DotnetCli Cli { get; }

    /// <summary>What <c>dotnet pack</c> printed when the feed was made.</summary>
    public string PackOutput { get; }

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
    /// Creates a project as <c>dotnet new <paramref name="template"/></c> does in a new folder of the workspace, adds the package
    /// (unless <paramref name="referencePackage"/> is false), sets the target framework, and adds <paramref name="extraProjectXml"/>
    /// before the closing tag. Template source files are replaced by <paramref name="sources"/> for class libraries. Its
    /// builds use the build servers <paramref name="servers"/> names.
    /// </summary>
    public Consumer CreateConsumer(
        string name,
        string template,
        IReadOnlyDictionary<string, string> sources,
        string targetFramework = "net10.0",
        bool referencePackage = true,
        string extraProjectXml = "",
        BuildServers servers = BuildServers.SharedCompiler)
    {
        string directory = Path.Combine(Workspace, name);
        string created = NewProject(template);
        Directory.CreateDirectory(directory);
        foreach (string file in Directory.GetFiles(created))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        string projectFile = Path.Combine(directory, name + ".csproj");
        File.Move(Path.Combine(directory, TemplateProjectName + ".csproj"), projectFile);
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

        return new Consumer(this, name, directory, projectFile, targetFramework, servers);
    }

    /// <summary>
    /// The project <c>dotnet new <paramref name="template"/></c> creates, made once per fixture: a project's name changes only its
    /// file name (the console and class library templates write the name nowhere else but in Class1.cs, which is replaced), so
    /// consumers are copies, renamed.
    /// </summary>
    private string NewProject(string template)
    {
        lock (_templates)
        {
            if (!_templates.TryGetValue(template, out string? directory))
            {
                directory = Path.Combine(Workspace, "templates", template);
                CommandResult created = Cli.Run(
                    Workspace, "new", template, "-o", directory, "-n", TemplateProjectName, "--no-restore", "--no-update-check");
                Assert.True(created.Succeeded, created.Summary);
                Assert.Empty(Directory.GetDirectories(directory));
                _templates.Add(template, directory);
            }

            return directory;
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("EGRESSDSL_KEEP_TEST_FILES") != "1")
        {
            TryDelete(Workspace);
        }

        if (Interlocked.Decrement(ref s_live) > 0)
        {
            // The other collection still builds consumers that restore from the installed package and share the compiler server.
            return;
        }

        try
        {
            // Builds ran below the temporary folder, so dotnet selects the same SDK there.
            CompilerServer.ShutdownShared(Path.GetDirectoryName(Workspace)!);
        }
        finally
        {
            // A test prerelease: leave the machine's package cache as it was (the feed keeps the package for the next run).
            TryDelete(InstalledPackageDirectory);
            string packageFolder = Path.GetDirectoryName(InstalledPackageDirectory)!;
            if (Directory.Exists(packageFolder) && !Directory.EnumerateFileSystemEntries(packageFolder).Any())
            {
                TryDelete(packageFolder);
            }
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
}

/// <summary>
/// The package tests, in two collections that xunit runs side by side: each runs its tests one after another, and a
/// consumer build of one overlaps a build of the other, whose restore, evaluation and process start leave the second
/// core idle. Both share the packed feed; each has its own workspace.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "EgressDsl package";
}

/// <summary>
/// The second package collection (<see cref="PackageCollection"/>): the library-and-app builds and the builds started
/// together or killed, which compile without the shared server. The tests are split so that both collections take about
/// as long: the run lasts as long as the slower one.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackageBuildsCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "EgressDsl package, repeated builds";
}
