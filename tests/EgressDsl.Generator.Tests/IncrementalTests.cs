using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class IncrementalTests
{
    private static readonly string[] Sources =
    {
        GeneratorHarness.SampleSource("NginxEgress.cs"),
        Scenarios.DnsWithSimpleTls,
        "namespace Other { public class Unrelated { public int Value => 1; } }",
    };

    [Fact]
    public void Unrelated_edit_leaves_every_output_cached()
    {
        var compilation = GeneratorHarness.Compile(Sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Edit(compilation, 2, "public int Value => 1;", "public int Value => 2; public string Name => \"x\";");
        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        // Roslyn copies every class's attribute values again (the compilation changed), finds them equal, and parses nothing.
        Assert.All(result.TrackedSteps[StepNames.Snapshot].SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        foreach (var name in new[] { StepNames.Parse, StepNames.Model, StepNames.Resolve, StepNames.Render, StepNames.Catalog })
        {
            Assert.All(result.TrackedSteps[name].SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
    }

    [Fact]
    public void Editing_one_service_parses_only_that_class_again()
    {
        var compilation = GeneratorHarness.Compile(Sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var result = driver.RunGenerators(Edit(compilation, 1, "Weight = 3", "Weight = 4")).GetRunResult().Results[0];

        var parses = result.TrackedSteps[StepNames.Parse].SelectMany(run => run.Outputs).ToList();
        Assert.True(parses.Count > 3, "the sources declare several EgressDsl classes");
        var parsedAgain = parses.Where(o => o.Reason != IncrementalStepRunReason.Cached).Select(o => ((Parsing.ParsedClass)o.Value).MetadataName);
        Assert.Equal(new[] { "global::ExampleApi" }, parsedAgain);
    }

    [Fact]
    public void A_route_is_parsed_again_when_the_class_it_names_loses_its_role()
    {
        // The service and the route in two files, so the edit below leaves the route's file alone.
        var routeStart = Scenarios.ServiceAndTlsRoute.IndexOf("[EgressRoute", StringComparison.Ordinal);
        var compilation = GeneratorHarness.Compile(Scenarios.ServiceAndTlsRoute[..routeStart], "using EgressDsl;\n" + Scenarios.ServiceAndTlsRoute[routeStart..]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        // The route's members share its service's file (OutputGroup).
        Assert.Contains("partial class ApiRoute", driver.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName == "Api.Egress.g.cs").SourceText.ToString(), StringComparison.Ordinal);

        // Only the service's file changes, yet the route's reference to it is now wrong: the route must be refused.
        var edited = Edit(compilation, 0, "[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)]", "[System.Obsolete]");
        var run = driver.RunGenerators(edited).GetRunResult();

        // The refused route keeps only its placeholder members (ErrorPlaceholderTests), none of them a manifest constant.
        Assert.DoesNotContain(run.GeneratedTrees, tree => tree.ToString().Contains("partial class ApiRoute", StringComparison.Ordinal)
            && (!tree.FilePath.EndsWith(".Egress.Placeholder.g.cs", StringComparison.Ordinal) || tree.ToString().Contains("const", StringComparison.Ordinal)));
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("EGRESS008", StringComparison.Ordinal));
    }

    [Fact]
    public void Edit_that_moves_code_without_changing_attributes_modifies_no_output()
    {
        var compilation = GeneratorHarness.Compile(Sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // A blank line and a comment shift every position in the seed file: the models must still compare equal.
        var edited = Edit(compilation, 0, "namespace SeedEgress;", "namespace SeedEgress;\n\n// moved\n");
        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Editing_one_service_re_renders_only_that_class_with_its_routes_and_the_catalogue()
    {
        var compilation = GeneratorHarness.Compile(Sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Edit(compilation, 1, "Weight = 3", "Weight = 4");
        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        var renders = result.TrackedSteps[StepNames.Render].SelectMany(run => run.Outputs).ToList();
        var modified = renders.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).ToList();
        Assert.Single(modified);
        Assert.Equal("global::ExampleApi", ((Emit.RenderedGroup)modified[0].Value).Classes[0].Identity.MetadataName);
        // Of the generated files, only the edited class's and the project-wide Envoy files (which cover every service) may
        // change: each class declares its own part of the manifests, so the catalogue is left alone.
        var changedSources = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs)
            .Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
            .ToList();
        var changedFiles = changedSources
            .SelectMany(o => HintNames(o.Value))
            .OrderBy(name => name, StringComparer.Ordinal);
        Assert.Equal(new[] { "EgressDsl.ProjectFiles.g.cs", "ExampleApi.Egress.g.cs" }, changedFiles);
        Assert.Contains("weight: 4", result.GeneratedSources.Single(s => s.HintName == "ExampleApi.Egress.g.cs").SourceText.ToString());
    }

    [Fact]
    public void In_the_ide_a_service_edit_touches_only_that_class_and_never_builds_envoy_output()
    {
        // The IDE runs generators without implementation outputs; that is where per-keystroke cost matters.
        var ide = CSharpGeneratorDriver.Create(
            new[] { new EgressGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.Implementation, trackIncrementalGeneratorSteps: true));
        var compilation = GeneratorHarness.Compile(Sources);
        var driver = ide.RunGenerators(compilation);

        var result = driver.RunGenerators(Edit(compilation, 1, "Weight = 3", "Weight = 4")).GetRunResult().Results[0];

        Assert.False(result.TrackedSteps.ContainsKey(StepNames.Envoy), "the Envoy configuration was built while typing");
        var changedFiles = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs)
            .Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
            .SelectMany(o => HintNames(o.Value));
        Assert.Equal(new[] { "ExampleApi.Egress.g.cs" }, changedFiles);
    }

    [Fact]
    public void No_earlier_compilation_stays_alive_in_a_warm_driver_or_in_what_the_generator_and_analyzers_share()
    {
        var (driver, current, earlier) = RunOnTwoCompilations();

        for (var i = 0; i < 3 && earlier.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(earlier.IsAlive, "the compilation before the edit is still reachable");
        GC.KeepAlive(driver);
        GC.KeepAlive(current);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (GeneratorDriver Driver, Compilation Current, WeakReference Earlier) RunOnTwoCompilations()
    {
        var earlier = GeneratorHarness.Compile(Sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(earlier);
        GeneratorHarness.Analyze(earlier);
        var current = Edit(earlier, 1, "Weight = 3", "Weight = 4");
        driver = driver.RunGenerators(current);
        GeneratorHarness.Analyze(current);
        return (driver, current, new WeakReference(earlier));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_compilation_or_location()
    {
        var compilation = GeneratorHarness.Compile(Sources);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results[0];

        // Roslyn's own FAWMN steps hold syntax trees by design; the walk covers every step this generator defines.
        var ourSteps = typeof(StepNames).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        Assert.Equal(ourSteps.Count, result.TrackedSteps.Keys.Count(ourSteps.Contains));
        foreach (var (step, runs) in result.TrackedSteps.Where(s => ourSteps.Contains(s.Key)))
        {
            foreach (var output in runs.SelectMany(run => run.Outputs))
            {
                AssertNoRoslynObjects(output.Value, step + ":" + output.Value?.GetType().Name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location or AttributeData,
            "A " + value.GetType().Name + " survives in " + path);
        if (value is IEnumerable enumerable)
        {
            var i = 0;
            foreach (var item in enumerable)
            {
                AssertNoRoslynObjects(item, path + "[" + i++ + "]", seen);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                AssertNoRoslynObjects(field.GetValue(value), path + "." + field.Name, seen);
            }
        }
    }

    /// <summary>The hint names of an output step's value, a (sources, diagnostics) tuple whose source type Roslyn keeps internal.</summary>
    private static IEnumerable<string> HintNames(object value)
    {
        var sources = (IEnumerable)value.GetType().GetField("Item1")!.GetValue(value)!;
        foreach (var source in sources)
        {
            yield return (string)source.GetType().GetProperty("HintName")!.GetValue(source)!;
        }
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, int treeIndex, string find, string replace)
    {
        var tree = compilation.SyntaxTrees.ElementAt(treeIndex);
        var text = tree.GetText().ToString();
        Assert.Contains(find, text);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(find, replace))));
    }
}
