using System.Collections.Immutable;
using System.Globalization;
using EgressDsl.Generator;
using EgressDsl.Generator.Analyzers;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.TestHarness;

/// <summary>Runs the real generator and analyzer over C# sources, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(EgressDsl.ExternalServiceAttribute).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => Compile(sources.Select((s, i) => ($"File{i}.cs", s)).ToArray());

    public static CSharpCompilation Compile(params (string Path, string Source)[] sources) =>
        CSharpCompilation.Create(
            "TestAssembly",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, path: s.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new EgressGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new TestOptionsProvider(properties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(CSharpCompilation compilation, IReadOnlyDictionary<string, string>? properties = null)
    {
        var driver = CreateDriver(properties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, output, diagnostics);
    }

    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    public static GeneratorRun RunWithVersion(string version, params string[] sources) =>
        Run(Compile(sources), new Dictionary<string, string> { ["EgressIstioApiVersion"] = version });

    public static ImmutableArray<Diagnostic> Analyze(CSharpCompilation compilation, IReadOnlyDictionary<string, string>? properties = null) =>
        Analyze(compilation, new EgressAnalyzer(), properties);

    /// <summary>
    /// The analyzer's diagnostics including those suppressed by <c>#pragma</c> or <c>[SuppressMessage]</c> (marked
    /// <see cref="Diagnostic.IsSuppressed"/>), as the compiler sees them before it drops the suppressed ones.
    /// </summary>
    public static ImmutableArray<Diagnostic> AnalyzeIncludingSuppressed(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestOptionsProvider(null)),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new EgressAnalyzer()), options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    /// <summary>One analyzer's diagnostics, with the MSBuild properties given as the build passes them.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, DiagnosticAnalyzer analyzer, IReadOnlyDictionary<string, string>? properties = null)
    {
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestOptionsProvider(properties));
        return compilation
            .WithAnalyzers(ImmutableArray.Create(analyzer), options)
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();
    }

    public static string SampleSource(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", fileName + ".txt"));

    private sealed class TestOptionsProvider(IReadOnlyDictionary<string, string>? properties) : AnalyzerConfigOptionsProvider
    {
        private readonly TestOptions global = new(properties?.ToDictionary(p => "build_property." + p.Key, p => p.Value) ?? new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;
    }

    private sealed class TestOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>The outcome of one generator run, with readers for the generated constants.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    /// <summary>The one resolved project the run made (its <see cref="StepNames.Resolve"/> step's output).</summary>
    public ResolvedProject ResolvedProject =>
        (ResolvedProject)Result.Results[0].TrackedSteps[StepNames.Resolve].SelectMany(step => step.Outputs).Single().Value;

    /// <summary>
    /// All the generated text, each packed constant replaced by the texts of the files it holds: for tests that look for a
    /// piece of YAML without depending on how the manifests are laid out in the output.
    /// </summary>
    public string GeneratedText =>
        string.Join("\n", Result.Results.SelectMany(r => r.GeneratedSources).Select(s => PackedLiteral.Replace(
            s.SourceText.ToString(),
            match => string.Join("\n", PackedFiles.Unpack(match.Value.Trim('"')).SelectMany(file => file.Values)))));

    /// <summary>The istio/ files the build task would write, by path, each with its YAML; throws when the generator reported an error.</summary>
    public SortedDictionary<string, string> IstioFiles
    {
        get
        {
            var errors = Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("The generator reported errors:\n" + string.Join("\n", errors));
            }

            return new SortedDictionary<string, string>(
                Files.Where(file => file.Key.StartsWith("istio/", StringComparison.Ordinal)).ToDictionary(file => file.Key, file => file.Value),
                StringComparer.Ordinal);
        }
    }

    // A packed constant: a string literal of characters U+4000 to U+BFFF (FilePacker).
    private static readonly System.Text.RegularExpressions.Regex PackedLiteral = new("\"[\u4000-\ubfff]+\"");

    public IReadOnlyList<string> GeneratedSources =>
        Result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.HintName + "\n" + s.SourceText).ToList();

    /// <summary>A generated constant, read from the compiled symbols as the build task reads it.</summary>
    public string? Constant(string typeMetadataName, string field) =>
        Output.GetTypeByMetadataName(typeMetadataName)?.GetMembers(field).OfType<IFieldSymbol>().SingleOrDefault()?.ConstantValue as string;

    /// <summary>
    /// The resources a class's <c>Egress</c> class (<c>Namespace.Class+Egress</c>) or holder packed, each as its texts
    /// (Path, Kind, ApiVersion, Name, Namespace, Yaml), in path order, as <c>EgressCatalog.For&lt;T&gt;().Resources</c>
    /// returns them; null when
    /// the class has none.
    /// </summary>
    public IReadOnlyList<Dictionary<string, string>>? ClassResources(string egressTypeMetadataName) =>
        Constant(egressTypeMetadataName, "PackedFiles") is { } packed
            ? PackedFiles.Unpack(packed).OrderBy(file => file["Path"], StringComparer.Ordinal).ToList()
            : null;

    /// <summary>One resource of a class (<see cref="ClassResources"/>) by its kind and name.</summary>
    public Dictionary<string, string> ClassResource(string egressTypeMetadataName, string kind, string name) =>
        ClassResources(egressTypeMetadataName)?.SingleOrDefault(r => r["Kind"] == kind && r["Name"] == name)
        ?? throw new InvalidOperationException($"{egressTypeMetadataName} has no {kind} {name}");

    /// <summary>
    /// A class's <c>EgressCatalog.For&lt;T&gt;().Yaml</c>: its resources' YAML, in path order, separated by "---"; null
    /// when it has none.
    /// </summary>
    public string? ClassYaml(string egressTypeMetadataName) =>
        ClassResources(egressTypeMetadataName) is { } resources ? string.Join("---\n", resources.Select(r => r["Yaml"])) : null;

    /// <summary>
    /// The build's istio.yaml, assembled from the generated constants as the build task does: every istio/ file in
    /// path order, separated by "---".
    /// </summary>
    public string IstioYaml =>
        Catalog is null
            ? throw new InvalidOperationException("No catalogue was generated. Diagnostics:\n" + string.Join("\n", Diagnostics))
            : string.Join("---\n", Files.Where(f => f.Key.StartsWith("istio/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value));

    private INamedTypeSymbol? Catalog => Output.GetTypeByMetadataName("EgressDsl.Generated.EgressCatalog");

    /// <summary>The manifest files the build task would write, by relative path (joins not included).</summary>
    public IReadOnlyDictionary<string, string> Files
    {
        get
        {
            // Every PackedFiles constant of every class marked [GeneratedCode("EgressDsl")], as the build task reads them.
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var holder in AllTypes(Output.GlobalNamespace).Where(IsEgressDslHolder))
            {
                foreach (var constant in holder.GetMembers().OfType<IFieldSymbol>().Where(f => f.ConstantValue is string && PackedFiles.IsPackedFiles(f.Name)))
                {
                    foreach (var file in PackedFiles.Unpack((string)constant.ConstantValue!))
                    {
                        files.Add(file["Path"], ManifestContent.Read(file) ?? throw new InvalidOperationException(file["Path"] + " has no content text"));
                    }
                }
            }

            return files;
        }
    }

    /// <summary>
    /// Emits the output compilation, loads it into a collectible context and reads a static property or field: the
    /// generated members as user code sees them at run time.
    /// </summary>
    public object? RunTimeValue(string typeName, string member)
    {
        using var stream = new MemoryStream();
        var emitted = Output.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics));
        }

        stream.Position = 0;
        var context = new System.Runtime.Loader.AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            var type = context.LoadFromStream(stream).GetType(typeName, throwOnError: true)!;
            const System.Reflection.BindingFlags flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
            return type.GetProperty(member, flags)?.GetValue(null) ?? type.GetField(member, flags)?.GetValue(null);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Whether the type is marked <c>[GeneratedCode("EgressDsl", ...)]</c>, as the readers of manifests look for.</summary>
    public static bool IsEgressDslHolder(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.Name == "GeneratedCodeAttribute" && a.ConstructorArguments.FirstOrDefault().Value as string == "EgressDsl");

    /// <summary>Every type declared in source under <paramref name="container"/>, nested ones included.</summary>
    public static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in AllTypes(ns))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
            {
                yield return type;
                foreach (var nested in AllTypes(type))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Compiler errors in the output: generated code must always compile.</summary>
    public IReadOnlyList<Diagnostic> CompilationErrors =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
}
