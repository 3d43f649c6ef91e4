using System.Collections.Immutable;
using EgressDsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EgressDsl.Cli.Tests;

/// <summary>
/// Compiles C# sources with the real EgressDsl generator, in-process as the generator tests do, and writes the assembly to
/// a temporary folder: the built assembly the tool reads.
/// </summary>
internal sealed class BuiltSample : IDisposable
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(EgressDsl.ExternalServiceAttribute).Assembly.Location))
        .ToImmutableArray();

    private BuiltSample(string folder, string assemblyPath, ImmutableArray<Diagnostic> diagnostics)
    {
        Folder = folder;
        AssemblyPath = assemblyPath;
        Diagnostics = diagnostics;
    }

    public string Folder { get; }

    public string AssemblyPath { get; }

    /// <summary>The generator's and the compiler's errors and warnings.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public static BuiltSample Sample(string fileName) =>
        Build(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", fileName + ".txt")));

    public static BuiltSample Build(params string[] sources) => Build(null, sources);

    /// <summary>Builds with MSBuild properties as the build passes them to the generator, such as EgressIstioApiVersion.</summary>
    public static BuiltSample Build(IReadOnlyDictionary<string, string>? properties, params string[] sources)
    {
        var compilation = Compile(properties, sources);
        var folder = Path.Combine(Path.GetTempPath(), "egressdsl-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var assemblyPath = Path.Combine(folder, "Sample.dll");
        var emitted = compilation.Output.Emit(assemblyPath);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The sample does not compile:\n" + string.Join("\n", emitted.Diagnostics));
        }

        return new BuiltSample(folder, assemblyPath, compilation.Diagnostics);
    }

    /// <summary>The sources compiled with the generator's output added, and every diagnostic of both.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Compile(IReadOnlyDictionary<string, string>? properties, params string[] sources)
    {
        var compilation = CSharpCompilation.Create(
            "Sample",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"File{index}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create(new[] { new EgressGenerator().AsSourceGenerator() }, parseOptions: ParseOptions, optionsProvider: new BuildProperties(properties))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var diagnostics = generatorDiagnostics.AddRange(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return (output, diagnostics);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>MSBuild properties as the compiler hands them to the generator (<c>build_property.*</c>).</summary>
internal sealed class BuildProperties(IReadOnlyDictionary<string, string>? properties) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
{
    private readonly Options global = new(properties?.ToDictionary(p => "build_property." + p.Key, p => p.Value) ?? new Dictionary<string, string>());

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => global;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>One run of the tool, in-process: its exit code and what it wrote to each stream.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args) => WithInput(string.Empty, args);

    public static CliRun WithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = EgressCli.Run(args, output, error, new StringReader(input));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
