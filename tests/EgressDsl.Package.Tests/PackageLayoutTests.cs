using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>What `dotnet pack src/Package` produced: the files, the nuspec and the assemblies' metadata. No builds here.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private const string AnalyzersFolder = "analyzers/dotnet/cs/";

    /// <summary>The Roslyn every analyzer assembly must reference: the .NET 8.0.1xx SDK's and Visual Studio 17.8's.</summary>
    private static readonly Version RoslynFloor = new(4, 8, 0, 0);

    private readonly PackageFixture _fixture;

    public PackageLayoutTests(PackageFixture fixture) => _fixture = fixture;

    [Fact]
    public void The_package_holds_exactly_the_documented_files()
    {
        var expected = new List<string>
        {
            "EgressDsl.nuspec",
            "README.md",
            "lib/netstandard2.0/EgressDsl.Abstractions.dll",
            "lib/netstandard2.0/EgressDsl.Abstractions.xml",
            AnalyzersFolder + "EgressDsl.Generator.dll",
            AnalyzersFolder + "YamlDotNet.dll",
            "tasks/netstandard2.0/EgressDsl.Tasks.dll",
            "build/EgressDsl.props",
            "build/EgressDsl.targets",
            "buildTransitive/EgressDsl.props",
            "buildTransitive/EgressDsl.targets",
        };
        if (_fixture.HasSimulation)
        {
            expected.Add("lib/netstandard2.0/EgressDsl.Simulation.dll");
            expected.Add("lib/netstandard2.0/EgressDsl.Simulation.xml");
        }

        if (_fixture.HasCodeFixes)
        {
            expected.Add(AnalyzersFolder + "EgressDsl.CodeFixes.dll");
        }

        // The OPC parts every nupkg carries, whatever its content.
        IEnumerable<string> actual = _fixture.Entries.Where(entry =>
            entry != "[Content_Types].xml"
            && entry != "_rels/.rels"
            && !(entry.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal) && entry.EndsWith(".psmdcp", StringComparison.Ordinal)));

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_nuspec_has_the_metadata_and_no_dependencies()
    {
        using Stream stream = File.OpenRead(_fixture.PackageFile("EgressDsl.nuspec"));
        XElement metadata = XDocument.Load(stream).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value;
        XElement Element(string name) => metadata.Elements().Single(element => element.Name.LocalName == name);

        Assert.Equal("EgressDsl", Value("id"));
        Assert.Equal(_fixture.Version, Value("version"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Contains("Istio", Value("description"));
        Assert.Equal(new[] { "istio", "egress", "kubernetes" }, Value("tags")!.Split(' ').Take(3));
        Assert.Equal("expression", Element("license").Attribute("type")?.Value);
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        XElement repository = Element("repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(_fixture.RepositoryUrl, repository.Attribute("url")?.Value);
        Assert.Equal(_fixture.RepositoryUrl, Value("projectUrl"));
        Assert.Null(Value("developmentDependency"));

        // The generator's Roslyn and YamlDotNet, the task's MSBuild and the project references stay private: no dependency at all.
        XElement dependencies = Element("dependencies");
        Assert.DoesNotContain(dependencies.Descendants(), element => element.Name.LocalName == "dependency");
    }

    /// <summary>
    /// nuget.org shows the package's README.md: the short page of src/Package, with absolute links made from the one repository
    /// setting, each naming a page that exists, and nothing that only works in a clone of the repository.
    /// </summary>
    [Fact]
    public void The_package_readme_is_the_short_page_with_absolute_links_to_pages_that_exist()
    {
        string readme = File.ReadAllText(_fixture.PackageFile("README.md"));
        Assert.Equal(
            File.ReadAllText(_fixture.RepositoryFile("src", "Package", "README.md")).Replace("{repository}", _fixture.RepositoryUrl, StringComparison.Ordinal).TrimEnd(),
            readme.TrimEnd());
        Assert.Contains("dotnet add package EgressDsl", readme);
        Assert.Contains("[ExternalService(", readme);

        string[] links = System.Text.RegularExpressions.Regex.Matches(readme, @"\]\(([^)]+)\)").Select(match => match.Groups[1].Value).ToArray();
        Assert.NotEmpty(links);
        foreach (string link in links)
        {
            Assert.StartsWith(_fixture.RepositoryUrl, link);
            string page = link[_fixture.RepositoryUrl.Length..];
            if (page == "#readme")
            {
                continue;
            }

            Assert.StartsWith("/blob/main/", page);
            string path = page["/blob/main/".Length..];
            Assert.True(File.Exists(_fixture.RepositoryFile(path.Split('/'))), $"{link} names {path}, which is not in the repository");
        }

        foreach (string repositoryOnly in new[] { "src/", "samples/", "tests/", "../shared", "dotnet pack", "dotnet test", ".ci/" })
        {
            Assert.DoesNotContain(repositoryOnly, readme);
        }
    }

    [Fact]
    public void Every_analyzer_assembly_references_Roslyn_4_8_0_and_everything_else_it_needs_is_beside_it()
    {
        IReadOnlyList<string> analyzers = PackedAssemblies(AnalyzersFolder);
        var shipped = analyzers.ToDictionary(path => Path.GetFileNameWithoutExtension(path), ReadIdentity);

        AssemblyName generatorRoslyn = Assert.Single(References(analyzers.Single(IsNamed("EgressDsl.Generator"))), reference => reference.Name == "Microsoft.CodeAnalysis");
        Assert.Equal(RoslynFloor, generatorRoslyn.Version);

        foreach (string path in analyzers)
        {
            foreach (AssemblyName reference in References(path))
            {
                if (reference.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                {
                    // Newer than the compiler that loads it means CS9057 and no generator at all.
                    Assert.True(reference.Version == RoslynFloor, $"{Path.GetFileName(path)} references {reference.FullName}, not Roslyn {RoslynFloor}");
                }
                else if (!IsProvidedByEveryHost(reference.Name))
                {
                    // Anything else is loaded from the analyzer's own folder: it must be there, in the version compiled against.
                    Assert.True(shipped.TryGetValue(reference.Name, out AssemblyName? beside), $"{Path.GetFileName(path)} needs {reference.FullName}, which is not in {AnalyzersFolder}");
                    Assert.Equal(reference.Version, beside!.Version);
                }
            }
        }
    }

    [Fact]
    public void Code_fixes_are_separate_from_analyzers_and_generators()
    {
        // RS1038: an assembly with analyzers or generators must not reference Workspaces, which the command-line compiler lacks.
        foreach (string path in PackedAssemblies(AnalyzersFolder).Where(path => !IsNamed("YamlDotNet")(path)))
        {
            bool workspaces = References(path).Any(reference => reference.Name!.Contains("Workspaces", StringComparison.Ordinal));
            IReadOnlyList<string> attributes = TypeAttributes(path);
            bool analyzersOrGenerators = attributes.Any(name => name is "Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute" or "Microsoft.CodeAnalysis.GeneratorAttribute");
            bool codeFixes = attributes.Contains("Microsoft.CodeAnalysis.CodeFixes.ExportCodeFixProviderAttribute");
            Assert.False(workspaces && analyzersOrGenerators, $"{Path.GetFileName(path)} holds analyzers or generators and references Workspaces");
            Assert.False(codeFixes && analyzersOrGenerators, $"{Path.GetFileName(path)} holds code fixes next to analyzers or generators");
        }

        string generator = PackedAssemblies(AnalyzersFolder).Single(IsNamed("EgressDsl.Generator"));
        Assert.Contains("Microsoft.CodeAnalysis.GeneratorAttribute", TypeAttributes(generator));
        Assert.Contains("Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute", TypeAttributes(generator));
        if (_fixture.HasCodeFixes)
        {
            string codeFixes = PackedAssemblies(AnalyzersFolder).Single(IsNamed("EgressDsl.CodeFixes"));
            Assert.Contains("Microsoft.CodeAnalysis.CodeFixes.ExportCodeFixProviderAttribute", TypeAttributes(codeFixes));
        }
    }

    [Fact]
    public void Shipped_assemblies_are_deterministic_with_embedded_symbols_and_carry_the_repository_version()
    {
        IEnumerable<string> ours = PackedAssemblies("lib/netstandard2.0/")
            .Concat(PackedAssemblies(AnalyzersFolder))
            .Concat(PackedAssemblies("tasks/netstandard2.0/"))
            .Where(path => Path.GetFileName(path).StartsWith("EgressDsl.", StringComparison.Ordinal));
        foreach (string path in ours)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var debug = pe.ReadDebugDirectory().Select(entry => entry.Type).ToList();
            Assert.True(debug.Contains(DebugDirectoryEntryType.EmbeddedPortablePdb), $"{Path.GetFileName(path)} has no embedded PDB");
            Assert.True(debug.Contains(DebugDirectoryEntryType.Reproducible), $"{Path.GetFileName(path)} was not built deterministically");

            MetadataReader reader = pe.GetMetadataReader();
            Version version = System.Version.Parse(_fixture.BaseVersion.Split('-', '+')[0]);
            Assert.Equal(new Version(version.Major, version.Minor, Math.Max(version.Build, 0), 0), reader.GetAssemblyDefinition().Version);
            Assert.Equal(".NETStandard,Version=v2.0", AssemblyAttributeValue(reader, "System.Runtime.Versioning.TargetFrameworkAttribute"));
            Assert.StartsWith(_fixture.BaseVersion, AssemblyAttributeValue(reader, "System.Reflection.AssemblyInformationalVersionAttribute"));
        }
    }

    [Fact]
    public void The_bundled_YamlDotNet_is_strong_named_so_other_versions_load_beside_it()
    {
        // .NET Framework hosts load analyzers into one AppDomain: a strong name with its own version keeps another package's
        // YamlDotNet from being taken for ours (the .NET SDK gives each analyzer folder its own load context anyway).
        AssemblyName yaml = ReadIdentity(PackedAssemblies(AnalyzersFolder).Single(IsNamed("YamlDotNet")));
        Assert.NotEmpty(yaml.GetPublicKeyToken()!);
        Assert.True(yaml.Version!.Major >= 16, yaml.FullName);
    }

    [Fact]
    public void Build_and_buildTransitive_files_share_one_definition_and_point_at_the_packed_task()
    {
        foreach (string file in new[] { "EgressDsl.props", "EgressDsl.targets" })
        {
            XDocument transitive = XDocument.Load(_fixture.PackageFile("buildTransitive/" + file));
            XElement import = Assert.Single(transitive.Root!.Elements(), element => element.Name.LocalName == "Import");
            Assert.Equal($"$(MSBuildThisFileDirectory)../build/{file}", import.Attribute("Project")?.Value);
        }

        string props = File.ReadAllText(_fixture.PackageFile("build/EgressDsl.props"));
        Assert.Contains("<CompilerVisibleProperty Include=\"EgressIstioApiVersion\" />", props);
        Assert.Contains("<CompilerVisibleProperty Include=\"EgressEmitEnvoy\" />", props);
        string targets = File.ReadAllText(_fixture.PackageFile("build/EgressDsl.targets"));
        Assert.Contains("$(MSBuildThisFileDirectory)../tasks/netstandard2.0/EgressDsl.Tasks.dll", targets);
        Assert.True(File.Exists(Path.Combine(_fixture.PackageFile("build"), "..", "tasks", "netstandard2.0", "EgressDsl.Tasks.dll")));
    }

    private IReadOnlyList<string> PackedAssemblies(string folder) =>
        _fixture.Entries
            .Where(entry => entry.StartsWith(folder, StringComparison.Ordinal) && entry.EndsWith(".dll", StringComparison.Ordinal) && entry.IndexOf('/', folder.Length) < 0)
            .Select(_fixture.PackageFile)
            .ToList();

    private static Func<string, bool> IsNamed(string assemblyName) => path => Path.GetFileNameWithoutExtension(path) == assemblyName;

    /// <summary>The framework (netstandard, System.*) is there in every compiler host, and Roslyn's own are checked apart.</summary>
    private static bool IsProvidedByEveryHost(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System";

    private static AssemblyName ReadIdentity(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.GetMetadataReader().GetAssemblyDefinition().GetAssemblyName();
    }

    private static IReadOnlyList<AssemblyName> References(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(handle => reader.GetAssemblyReference(handle).GetAssemblyName()).ToList();
    }

    /// <summary>Full names of the attributes applied to the assembly's types.</summary>
    private static IReadOnlyList<string> TypeAttributes(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        return reader.TypeDefinitions
            .SelectMany(handle => reader.GetTypeDefinition(handle).GetCustomAttributes())
            .Select(handle => AttributeTypeName(reader, reader.GetCustomAttribute(handle)))
            .Distinct()
            .ToList();
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind == HandleKind.MemberReference
            ? reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent
            : reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
        return type.Kind switch
        {
            HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Namespace) + "." + reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace) + "." + reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => string.Empty,
        };
    }

    /// <summary>The first string argument of an assembly-level attribute, or null.</summary>
    private static string? AssemblyAttributeValue(MetadataReader reader, string attributeName)
    {
        foreach (CustomAttributeHandle handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) == attributeName)
            {
                BlobReader blob = reader.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                return blob.ReadSerializedString();
            }
        }

        return null;
    }
}
