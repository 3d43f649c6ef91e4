using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>A fresh project that uses the packed EgressDsl package, and the checks every consumer build shares.</summary>
public sealed class Consumer
{
    /// <summary>
    /// Warnings that mean the package is broken in a consumer: a generator that threw (CS8784/CS8785), a Roslyn newer than the
    /// compiler (CS9057), code fixes beside analyzers (RS1038), an analyzer that could not be loaded or created (CS8032, CS8033,
    /// AD0001), and NuGet complaints about the package itself.
    /// </summary>
    private static readonly string[] PackagingProblems = { "CS8784", "CS8785", "CS9057", "RS1038", "CS8032", "CS8033", "AD0001", "NU1603", "NU1701", "MSB3277" };

    private readonly PackageFixture _fixture;

    internal Consumer(
        PackageFixture fixture, string name, string directory, string projectFile, string targetFramework, BuildServers servers)
    {
        _fixture = fixture;
        Name = name;
        Directory = directory;
        ProjectFile = projectFile;
        TargetFramework = targetFramework;
        Servers = servers;
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectFile { get; }

    public string TargetFramework { get; }

    /// <summary>The build servers this project's builds use.</summary>
    public BuildServers Servers { get; }

    /// <summary>The default EgressManifestsDir: $(OutDir)egress/.</summary>
    public string EgressDirectory => Path.Combine(Directory, "bin", "Debug", TargetFramework, "egress");

    public string IntermediateAssembly => Path.Combine(Directory, "obj", "Debug", TargetFramework, Name + ".dll");

    public string File(params string[] parts) => Path.Combine(new[] { Directory }.Concat(parts).ToArray());

    public CommandResult Build(params string[] arguments) => StartBuild(arguments).WaitForExit();

    /// <summary>Starts <c>dotnet build</c> as <see cref="Build"/> runs it, and returns while it runs.</summary>
    public RunningCommand StartBuild(params string[] arguments) => Start("build", arguments);

    public CommandResult Clean(params string[] arguments) => Start("clean", arguments).WaitForExit();

    /// <summary><c>dotnet publish</c> of the project, in Release as the .NET SDK publishes by default.</summary>
    public CommandResult Publish(params string[] arguments) => Start("publish", arguments).WaitForExit();

    private RunningCommand Start(string command, string[] arguments) =>
        _fixture.Cli.Start(Servers, Directory, new[] { command, ProjectFile, "-v:n" }.Concat(arguments).ToArray());

    /// <summary>
    /// Asserts a successful build without a single warning, none of the packaging problems, and with the compiler given every
    /// assembly of the package's analyzers/dotnet/cs folder from the restored package (nothing missing, nothing from elsewhere).
    /// </summary>
    /// <param name="result">The build.</param>
    /// <param name="compiled">False for a build that changed nothing, whose compiler does not run at all.</param>
    public void AssertCleanBuild(CommandResult result, bool compiled = true)
    {
        Assert.True(result.Succeeded, result.Summary);
        AssertNoPackagingProblems(result);
        Assert.True(result.Output.Contains("    0 Warning(s)", StringComparison.Ordinal), "The build warned:\n" + result.Summary);
        if (compiled)
        {
            AssertAnalyzersFromPackage(result);
        }
        else
        {
            Assert.Contains("Skipping target \"CoreCompile\" because all output files are up-to-date", result.Output);
        }
    }

    public static void AssertNoPackagingProblems(CommandResult result)
    {
        foreach (string code in PackagingProblems)
        {
            Assert.False(result.Output.Contains(code, StringComparison.Ordinal), $"{code} in the build output:\n{result.Summary}");
        }
    }

    /// <summary>Every analyzers/dotnet/cs assembly of the package reached the compiler (csc's /analyzer: arguments) from the restored package.</summary>
    public void AssertAnalyzersFromPackage(CommandResult result)
    {
        string analyzers = Path.Combine(_fixture.InstalledPackageDirectory, "analyzers", "dotnet", "cs");
        string[] packed = _fixture.Entries
            .Where(entry => entry.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && entry.EndsWith(".dll", StringComparison.Ordinal))
            .Select(entry => entry["analyzers/dotnet/cs/".Length..])
            .ToArray();
        Assert.NotEmpty(packed);
        foreach (string dll in packed)
        {
            string argument = "/analyzer:" + Path.Combine(analyzers, dll);
            Assert.True(result.Output.Contains(argument, StringComparison.Ordinal), $"The compiler was not given {argument}:\n{result.Summary}");
        }
    }

    /// <summary>The "EgressDsl: N manifest file(s) in DIR/ (...)" line of the manifest-writing task, or null.</summary>
    public static string? TaskSummary(CommandResult result, string egressDirectory) =>
        result.Output.Split('\n')
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("EgressDsl: ", StringComparison.Ordinal)
                && line.Contains($" manifest file(s) in {egressDirectory}{Path.DirectorySeparatorChar} (", StringComparison.Ordinal));

    /// <summary>Every file below <paramref name="directory"/> (empty when it does not exist), relative, with '/' separators, sorted.</summary>
    public static IReadOnlyList<string> FilesBelow(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToList()
            : Array.Empty<string>();

    /// <summary>Last-write times of every file below <paramref name="directories"/>, keyed by full path.</summary>
    public static Dictionary<string, DateTime> Timestamps(params string[] directories) =>
        directories
            .Where(System.IO.Directory.Exists)
            .SelectMany(directory => System.IO.Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
            .ToDictionary(path => path, System.IO.File.GetLastWriteTimeUtc);

    /// <summary>Whether the compiled assembly holds the generator's manifest types (namespace EgressDsl.Generated.Manifests).</summary>
    public bool AssemblyEmbedsManifests()
    {
        using var stream = System.IO.File.OpenRead(IntermediateAssembly);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        // A PackedFiles constant, the form in which every class declares its manifests.
        return reader.FieldDefinitions
            .Select(handle => reader.GetFieldDefinition(handle))
            .Any(field => reader.GetString(field.Name).StartsWith("PackedFiles", StringComparison.Ordinal) && !field.GetDefaultValue().IsNil);
    }
}
