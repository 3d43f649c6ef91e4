using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Xml.Linq;

namespace EgressDsl.Testing.Processes;

/// <summary>
/// The repository's two packages (the EgressDsl package and the EgressDsl.Cli tool), packed into one folder feed that every
/// test process of a run shares: the package tests and the CLI's tool test used to pack apart, building the shared projects
/// twice, at the same time, in the same obj folders.
/// </summary>
/// <remarks>
/// <para>
/// The packages are packed in the configuration the tests were built in (Debug for the README's commands), from the build
/// that <c>dotnet build EgressDsl.sln</c> has just made: the pack's own build finds every shipped project up to date and only
/// packs. Packing in Release compiled every shipped project a second time: 100 of the package tests' 280 seconds (at a load
/// of 12), against about 35 for this pack.
/// The two test projects that read the feed reference src/Package and src/Cli (without their assemblies), so a build of
/// either test project alone builds the shipped projects first, and the pack never builds them beside another build.
/// </para>
/// <para>
/// The feed's version ends in a hash of everything that goes into the packages (<c>src/</c> without build output, the
/// repository's root build files, the running .NET, the configuration), so the first process to ask packs and the others
/// wait for it and read the same feed; a later run with the same sources finds the feed ready. A different source is a
/// different version, which no NuGet cache has seen, so a consumer can never restore a stale copy. Feeds are kept below
/// <c>$TMPDIR/egressdsl-test-feeds/</c>; those unused for a day are removed.
/// </para>
/// </remarks>
public sealed class PackedFeed
{
    /// <summary>The EgressDsl package's id.</summary>
    public const string PackageId = "EgressDsl";

    /// <summary>The command-line tool's package id.</summary>
    public const string ToolPackageId = "EgressDsl.Cli";

    private const string CompleteMarker = "complete";
    private const string PackLog = "pack.log";

    /// <summary>The projects whose packages the feed holds, relative to the repository, as EgressDsl.sln names them.</summary>
    private static readonly string[] PackedProjects = { "src/Package/EgressDsl.Package.csproj", "src/Cli/EgressDsl.Cli.csproj" };

    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(20);
    private static readonly Lazy<PackedFeed> SharedFeed = new(() => Prepare(FindRepositoryRoot()), LazyThreadSafetyMode.ExecutionAndPublication);

    private PackedFeed(string repositoryRoot, string baseVersion, string version, string directory, string packOutput)
    {
        RepositoryRoot = repositoryRoot;
        BaseVersion = baseVersion;
        Version = version;
        Directory = directory;
        PackOutput = packOutput;
    }

    /// <summary>This process's feed, packed on first use (or found packed by another process of the run).</summary>
    public static PackedFeed Shared => SharedFeed.Value;

    /// <summary>The checkout the packages were packed from.</summary>
    public string RepositoryRoot { get; }

    /// <summary>EgressDslVersion from Directory.Build.props, the one place versions are set.</summary>
    public string BaseVersion { get; }

    /// <summary>The version of both packages: <see cref="BaseVersion"/> with a prerelease suffix made from the sources' hash.</summary>
    public string Version { get; }

    /// <summary>The folder feed holding both .nupkg files.</summary>
    public string Directory { get; }

    /// <summary>What the <c>dotnet pack</c> of both packages printed, kept with the feed so every process can show it.</summary>
    public string PackOutput { get; }

    /// <summary>The path of the .nupkg of <paramref name="packageId"/> in the feed.</summary>
    public string PackagePath(string packageId) => Path.Combine(Directory, $"{packageId}.{Version}.nupkg");

    private static PackedFeed Prepare(string repositoryRoot)
    {
        string baseVersion = XDocument.Load(Path.Combine(repositoryRoot, "Directory.Build.props")).Descendants("EgressDslVersion").Single().Value.Trim();
        string configuration = typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            is { Length: > 0 } built ? built : "Release";
        string hash = SourceHash(repositoryRoot, configuration);
        string version = $"{baseVersion}-test.{hash}";
        string feeds = Path.Combine(Path.GetTempPath(), "egressdsl-test-feeds");
        string directory = Path.Combine(feeds, version);
        System.IO.Directory.CreateDirectory(feeds);

        using (FileStream heldLock = TakeLock(directory + ".lock"))
        {
            string marker = Path.Combine(directory, CompleteMarker);
            if (!File.Exists(marker))
            {
                if (System.IO.Directory.Exists(directory))
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }

                System.IO.Directory.CreateDirectory(directory);
                // Both packages in one MSBuild run: the projects they share are evaluated and checked once, not once per
                // package (12 CPU-seconds instead of 18 here). The filter lives in the feed's folder, outside the checkout.
                string filter = Path.Combine(directory, "packages.slnf");
                File.WriteAllText(filter, SolutionFilter(repositoryRoot));
                // Not --no-build: a checkout edited since its last build must not be packed stale under its new hash.
                var start = ProcessRunner.StartInfo(
                    ProcessRunner.Dotnet,
                    repositoryRoot,
                    new[]
                    {
                        "pack", filter, "-c", configuration, "-o", directory,
                        $"-p:PackageVersion={version}", "-nologo", "-tl:off", "--disable-build-servers",
                    });
                ProcessResult pack = ProcessRunner.Run(start, TimeSpan.FromMinutes(15));
                string log = $"> dotnet pack {string.Join(", ", PackedProjects)} (exit code {pack.ExitCode})\n{pack.Output}";
                if (!pack.Succeeded)
                {
                    throw new InvalidOperationException("dotnet pack failed:\n" + log);
                }

                File.WriteAllText(Path.Combine(directory, PackLog), log);
                File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
            }

            File.SetLastWriteTimeUtc(marker, DateTime.UtcNow);
        }

        RemoveStaleFeeds(feeds, keep: directory);
        var feed = new PackedFeed(repositoryRoot, baseVersion, version, directory, File.ReadAllText(Path.Combine(directory, PackLog)));
        foreach (string id in new[] { PackageId, ToolPackageId })
        {
            if (!File.Exists(feed.PackagePath(id)))
            {
                throw new InvalidOperationException($"dotnet pack did not create {feed.PackagePath(id)}:\n{feed.PackOutput}");
            }
        }

        return feed;
    }

    /// <summary>A solution filter of EgressDsl.sln that holds only <see cref="PackedProjects"/>.</summary>
    private static string SolutionFilter(string repositoryRoot) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(repositoryRoot, "EgressDsl.sln"), projects = PackedProjects },
        });

    /// <summary>An exclusive lock on a file, shared by every process on the machine; waits while another process holds it.</summary>
    private static FileStream TakeLock(string path)
    {
        DateTime giveUp = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>
    /// A hash of every input of the packages: the files below <c>src/</c> (build output excluded), the repository's root files
    /// (Directory.Build.props, the central package versions, global.json, README...), the .NET that packs them and the
    /// configuration they are built in.
    /// </summary>
    private static string SourceHash(string repositoryRoot, string configuration)
    {
        string source = Path.Combine(repositoryRoot, "src");
        IEnumerable<string> files = System.IO.Directory.GetFiles(source, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(source, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Concat(System.IO.Directory.GetFiles(repositoryRoot))
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Environment.Version + "\n" + configuration + "\n"));
        foreach (string file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(repositoryRoot, file)));
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }

    private static void RemoveStaleFeeds(string feeds, string keep)
    {
        foreach (string directory in System.IO.Directory.GetDirectories(feeds).Where(directory => directory != keep))
        {
            string marker = Path.Combine(directory, CompleteMarker);
            DateTime lastUse = File.Exists(marker) ? File.GetLastWriteTimeUtc(marker) : System.IO.Directory.GetLastWriteTimeUtc(directory);
            if (DateTime.UtcNow - lastUse < TimeSpan.FromDays(1))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
                File.Delete(directory + ".lock");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another process may be using it; the next run tries again.
            }
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
}
