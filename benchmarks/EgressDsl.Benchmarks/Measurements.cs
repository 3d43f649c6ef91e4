using System.Collections.Immutable;
using EgressDsl.Generator;
using EgressDsl.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Benchmarks;

/// <summary>The operations the benchmarks time, shared by BenchmarkDotNet and the step-timing report.</summary>
public sealed class Measurements
{
    private readonly GeneratorDriver warmEgress;
    private readonly GeneratorDriver warmFloor;
    private const int BoundEdits = 8;
    private readonly Lazy<CSharpCompilation[]> boundServiceEdits;
    private readonly Lazy<CSharpCompilation[]> boundUnrelatedEdits;
    private int edit;

    public Measurements(int services)
    {
        Project = SyntheticProject.Create(services);
        // Edits are what the IDE does on each keystroke: it skips implementation outputs, which only a build needs.
        warmEgress = NewDriver(new EgressGenerator(), IncrementalGeneratorOutputKind.Implementation).RunGenerators(Project.Compilation);
        warmFloor = NewDriver(new FloorGenerator(), IncrementalGeneratorOutputKind.Implementation).RunGenerators(Project.Compilation);

        // Compilations whose attributes the floor has already bound once: more than EgressDsl keeps resolved projects
        // for (two), so cycling through them never finds a result it made earlier. Built when a bound edit first needs
        // them: at 5,000 services they take seconds and gigabytes that the other measurements do not need.
        boundServiceEdits = new Lazy<CSharpCompilation[]>(() => Bind(Enumerable.Range(1_000_000, BoundEdits).Select(Project.WithServiceEdit)));
        boundUnrelatedEdits = new Lazy<CSharpCompilation[]>(() => Bind(Enumerable.Range(1_000_000, BoundEdits).Select(Project.WithUnrelatedEdit)));

        // A generator that throws produces nothing and would look fast: refuse to measure it.
        var check = EgressCold().GetRunResult();
        if (check.Results[0].Exception is { } exception || check.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || check.GeneratedTrees.Length < services)
        {
            throw new InvalidOperationException("The generator did not run cleanly on the synthetic project: " + (check.Results[0].Exception?.ToString() ?? string.Join("\n", check.Diagnostics.Take(5))));
        }
    }

    public SyntheticProject Project { get; }

    private CSharpCompilation[] Bind(IEnumerable<CSharpCompilation> compilations)
    {
        var bound = compilations.ToArray();
        foreach (var compilation in bound)
        {
            warmFloor.RunGenerators(compilation);
        }

        return bound;
    }

    public static GeneratorDriver NewDriver(IIncrementalGenerator generator, IncrementalGeneratorOutputKind disabledOutputs = IncrementalGeneratorOutputKind.None) =>
        CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: SyntheticProject.ParseOptions,
            optionsProvider: BenchmarkOptions.Instance,
            driverOptions: new GeneratorDriverOptions(disabledOutputs, trackIncrementalGeneratorSteps: false));

    /// <summary>A new driver, as a build in a new compiler process: nothing parsed or resolved earlier is reused.</summary>
    public GeneratorDriver EgressCold()
    {
        ForgetSharedResults();
        return NewDriver(new EgressGenerator()).RunGenerators(Project.Compilation);
    }

    /// <summary>EgressDsl's results shared between the generator and analyzers live for the process; a cold figure starts without them.</summary>
    public static void ForgetSharedResults() => EgressGenerator.ForgetSharedResults();

    public GeneratorDriver FloorCold() => NewDriver(new FloorGenerator()).RunGenerators(Project.Compilation);

    // Each edit runs from the same warm driver on a new compilation with new text, as the IDE makes one on each keystroke:
    // Roslyn binds every attributed class again to find the attributes, for the floor and for EgressDsl alike.
    public GeneratorDriver EgressServiceEdit() => warmEgress.RunGenerators(Project.WithServiceEdit(edit++));

    public GeneratorDriver FloorServiceEdit() => warmFloor.RunGenerators(Project.WithServiceEdit(edit++));

    public GeneratorDriver EgressUnrelatedEdit() => warmEgress.RunGenerators(Project.WithUnrelatedEdit(edit++));

    public GeneratorDriver FloorUnrelatedEdit() => warmFloor.RunGenerators(Project.WithUnrelatedEdit(edit++));

    // The same edits on compilations bound beforehand: binding is left out, so what remains is each generator's own work
    // (the harshest ratio; Roslyn reuses a compilation's bindings only when nothing changed, which an edit never is).
    public GeneratorDriver EgressServiceEditBound() => warmEgress.RunGenerators(boundServiceEdits.Value[edit++ % BoundEdits]);

    public GeneratorDriver FloorServiceEditBound() => warmFloor.RunGenerators(boundServiceEdits.Value[edit++ % BoundEdits]);

    public GeneratorDriver EgressUnrelatedEditBound() => warmEgress.RunGenerators(boundUnrelatedEdits.Value[edit++ % BoundEdits]);

    public GeneratorDriver FloorUnrelatedEditBound() => warmFloor.RunGenerators(boundUnrelatedEdits.Value[edit++ % BoundEdits]);

    // A build in a warm compiler server after a service edit: a new driver, as csc starts every build with, over a
    // compilation bound beforehand (binding is the floor's), with what the process kept from the builds before.
    public GeneratorDriver EgressServerBuildBound() => NewDriver(new EgressGenerator()).RunGenerators(boundServiceEdits.Value[edit++ % BoundEdits]);

    public GeneratorDriver FloorServerBuildBound() => NewDriver(new FloorGenerator()).RunGenerators(boundServiceEdits.Value[edit++ % BoundEdits]);

    /// <summary>
    /// EgressDsl's analyzers over a fresh copy of the compilation (binding included), starting from nothing: the
    /// conservative figure, since in a build they find the generator's parse and resolution to reuse.
    /// </summary>
    public ImmutableArray<Diagnostic> Analyzers()
    {
        ForgetSharedResults();
        return Project.Compilation.Clone()
            .WithAnalyzers(AllAnalyzers(), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, BenchmarkOptions.Instance))
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();
    }

    /// <summary>
    /// The analyzers' own execution time, as <c>-p:ReportAnalyzer=true</c> reports it: binding the compilation is work the
    /// build does anyway, so it is not counted. As in a build, the generator has run first in the same process (its time
    /// is not counted here); with <paramref name="afterGenerator"/> false the analyzers start from nothing.
    /// </summary>
    public TimeSpan AnalyzerExecutionTime(bool afterGenerator = true)
    {
        ForgetSharedResults();
        if (afterGenerator)
        {
            NewDriver(new EgressGenerator()).RunGenerators(Project.Compilation);
        }

        // Bound first, so the time the analyzers' callbacks spend binding attributes the compile binds anyway is not theirs.
        var compilation = Project.Compilation.Clone();
        compilation.GetDiagnostics();
        var analyzers = AllAnalyzers();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, BenchmarkOptions.Instance), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return analyzers.Aggregate(TimeSpan.Zero, (total, analyzer) => total + withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime);
    }

    /// <summary>The build's compile of the project without EgressDsl: bind, check and emit.</summary>
    public bool PlainCompile() => Emit(Project.Plain.Clone());

    /// <summary>The build's compile with EgressDsl: generator, analyzers, then bind, check and emit everything.</summary>
    public bool EgressCompile()
    {
        ForgetSharedResults();
        NewDriver(new EgressGenerator()).RunGeneratorsAndUpdateCompilation(Project.Compilation.Clone(), out var output, out _);
        var withAnalyzers = output.WithAnalyzers(AllAnalyzers(), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, BenchmarkOptions.Instance));
        withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        // The compilation the analyzers bound is the one emitted, as csc does: emitting the other would bind everything twice.
        return Emit(withAnalyzers.Compilation);
    }

    /// <summary>Every analyzer EgressDsl ships.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        ImmutableArray.Create<DiagnosticAnalyzer>(new EgressAnalyzer(), new RouteExpectationAnalyzer());

    private static bool Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        return compilation.Emit(stream).Success;
    }
}
