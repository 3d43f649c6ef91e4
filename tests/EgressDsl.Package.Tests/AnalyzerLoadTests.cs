using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>
/// Loads the packed analyzers/dotnet/cs assemblies the way the .NET SDK's compiler does (one load context for the folder,
/// Roslyn shared with the host) into a process that runs Roslyn 4.8.0, the floor, and already has another YamlDotNet loaded.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class AnalyzerLoadTests
{
    private readonly PackageFixture _fixture;

    public AnalyzerLoadTests(PackageFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_packed_generator_analyzers_and_code_fixes_load_and_run_on_Roslyn_4_8_beside_another_YamlDotNet()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
        Assembly hostYaml = typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly;

        string folder = _fixture.PackageFile("analyzers/dotnet/cs");
        var context = new AnalyzerFolderLoadContext(folder);
        List<Type> types = Directory.GetFiles(folder, "EgressDsl.*.dll")
            .Select(context.LoadFromAssemblyPath)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract)
            .ToList();
        List<ISourceGenerator> generators = types
            .Where(type => type.GetCustomAttribute<GeneratorAttribute>() is not null)
            .Select(type => Activator.CreateInstance(type) switch
            {
                IIncrementalGenerator incremental => incremental.AsSourceGenerator(),
                ISourceGenerator generator => generator,
                _ => throw new InvalidOperationException($"{type} is marked [Generator] but is no generator"),
            })
            .ToList();
        ImmutableArray<DiagnosticAnalyzer> analyzers = types
            .Where(type => type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        List<CodeFixProvider> fixes = types
            .Where(type => type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToList();
        Assert.NotEmpty(generators);
        Assert.NotEmpty(analyzers);
        if (_fixture.HasCodeFixes)
        {
            Assert.NotEmpty(fixes);
            var reported = analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(descriptor => descriptor.Id).ToHashSet();
            Assert.All(fixes.SelectMany(fix => fix.FixableDiagnosticIds), id => Assert.True(reported.Contains(id) || !id.StartsWith("EGRESS", StringComparison.Ordinal), $"{id} is fixed but no packed analyzer reports it"));
        }

        // The generator runs on the Roslyn floor and its output compiles.
        CSharpCompilation sample = Compile(Manifests.Sample(_fixture, "CnnTlsOrigination", "CnnEgress.cs"));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(sample, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult run = driver.GetRunResult();
        Assert.All(run.Results, result => Assert.Null(result.Exception));
        Assert.DoesNotContain(generatorDiagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.GeneratedTrees, tree => tree.ToString().Contains("namespace EgressDsl.Generated.Manifests", StringComparison.Ordinal));
        Assert.Empty(generated.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));

        // It used the YamlDotNet beside it, not the one the host had already loaded.
        Assembly packedYaml = Assert.Single(context.Assemblies, assembly => assembly.GetName().Name == "YamlDotNet");
        Assert.Equal(Path.Combine(folder, "YamlDotNet.dll"), packedYaml.Location);
        Assert.NotSame(hostYaml, packedYaml);

        // The analyzers report a bad argument where it is.
        string broken = Manifests.Sample(_fixture, "SeedEgress", "NginxEgress.cs")
            .Replace("[ServicePort(443, \"http-tls\", PortProtocol.Http)]", "[ServicePort(0, \"http-tls\", PortProtocol.Http)]", StringComparison.Ordinal);
        ImmutableArray<Diagnostic> found = await Compile(broken).WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        Diagnostic portOutOfRange = Assert.Single(found, diagnostic => diagnostic.Id == "EGRESS003");
        string[] lines = broken.Split('\n');
        int line = Array.FindIndex(lines, text => text.Contains("[ServicePort(0,", StringComparison.Ordinal));
        FileLinePositionSpan span = portOutOfRange.Location.GetLineSpan();
        Assert.Equal(new LinePosition(line, lines[line].IndexOf("(0,", StringComparison.Ordinal) + 1), span.StartLinePosition);
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>A library compiled against the running .NET and the package's attributes assembly.</summary>
    private CSharpCompilation Compile(string source)
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        IEnumerable<MetadataReference> references = Directory.GetFiles(runtime, "*.dll")
            .Where(IsManagedAssembly)
            .Append(_fixture.PackageFile("lib/netstandard2.0/EgressDsl.Abstractions.dll"))
            .Select(path => MetadataReference.CreateFromFile(path));
        return CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Egress.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static bool IsManagedAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
    }

    /// <summary>
    /// One context per analyzer folder, as the .NET SDK's compiler makes: dependencies resolve from the folder first, Roslyn (and
    /// whatever the folder lacks) from the host. A reference to a newer Roslyn than the host's would fail to load here.
    /// </summary>
    private sealed class AnalyzerFolderLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public AnalyzerFolderLoadContext(string folder)
            : base("EgressDsl analyzers", isCollectible: false) => _folder = folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            {
                return null;
            }

            string candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
