using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// Issue 18's corpus: the YAML of Istio's egress task pages (istio.io, Tasks &gt; Traffic Management &gt; Egress, the
/// Istio-API tabs), one file per snippet under IstioDocs/&lt;page&gt;/&lt;n&gt;.yaml (n: the snippet's position on the page,
/// counting every YAML block of the Istio-API tab; a block with several objects is one file), written in the DSL as
/// someone with only the README would. Each must give exactly Istio's objects, no others, and no warning or error
/// (infos may remain: EGRESS031 on a gateway subset that carries no policy, which Istio's older pages write).
/// The pages' Gateway API tabs (<c>gateway.networking.k8s.io</c>) have their own corpus (GatewayApi/, issue 22); left out are objects that
/// are
/// not Istio networking kinds, Services, Endpoints or EndpointSlices (Deployments, NetworkPolicies): <see cref="IstioDocsPages"/>
/// lists each one left out and why, and docs/istio-coverage.md is both written out (<see cref="IstioCoverageTests"/>).
/// </summary>
public class IstioDocsCorpus
{
    /// <summary>(page, snippet, apiVersion, DSL source). A source may reproduce several snippets that are applied together; then the
    /// snippet is "n+m".</summary>
    public static IEnumerable<object[]> Cases() => IstioDocsSnippets.All.Select(c => new object[] { c.Page, c.Snippet, c.ApiVersion, c.Source, c.Known });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Snippet_is_reproduced_exactly_without_diagnostics(string page, string snippet, string apiVersion, string source, string[] known) =>
        AssertReproduces(page, snippet, apiVersion, source, known);

    /// <summary>
    /// Compiles <paramref name="source"/>, asserts it has no warning or error, and that its Istio YAML is Istio's snippets
    /// <paramref name="snippet"/> of <paramref name="page"/>, object for object, except the <paramref name="known"/> differences
    /// (each of which must still occur). Returns the generated YAML.
    /// </summary>
    public static string AssertReproduces(string page, string snippet, string apiVersion, string source, string[] known) =>
        AssertReproducesText(page + "/" + snippet, string.Join("---\n", snippet.Split('+').Select(n => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "IstioDocs", page, n + ".yaml")))),
            apiVersion, source, known);

    /// <summary>As <see cref="AssertReproduces"/>, for Istio objects given as text (<paramref name="label"/> names them in
    /// messages).</summary>
    public static string AssertReproducesText(string label, string expected, string apiVersion, string source, string[] known)
    {
        var run = RunWithoutWarnings(label, source, new Dictionary<string, string> { ["EgressIstioApiVersion"] = apiVersion });
        var differences = YamlTree.DiffStreams(run.IstioYaml, expected).Where(d => !d.Contains(": spec.gateways[", StringComparison.Ordinal)).ToList();

        // A known difference must still occur: once the DSL can reproduce the snippet, the case becomes exact.
        Assert.All(known, k => Assert.Contains(differences, d => d.StartsWith(k, StringComparison.Ordinal)));
        differences = differences.Where(d => !known.Any(k => d.StartsWith(k, StringComparison.Ordinal))).ToList();
        Assert.Equal(GatewaySets(expected), GatewaySets(run.IstioYaml));
        Assert.True(differences.Count == 0, label + ":\n" + string.Join("\n", differences) + "\n--- generated:\n" + run.IstioYaml);
        return run.IstioYaml;
    }

    /// <summary>
    /// Compiles <paramref name="source"/> (after <c>using EgressDsl;</c>) with the MSBuild <paramref name="properties"/>, asserts it
    /// has no compiler error and no warning or error of either analyzer, and returns the generator's run, which reported nothing.
    /// </summary>
    internal static GeneratorRun RunWithoutWarnings(string label, string source, IReadOnlyDictionary<string, string> properties)
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = GeneratorHarness.Analyze(compilation, properties)
            .Concat(GeneratorHarness.Analyze(compilation, new EgressDsl.Generator.Analyzers.RouteExpectationAnalyzer(), properties))
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
        Assert.True(diagnostics.Count == 0, label + ":\n" + string.Join("\n", diagnostics));

        var run = GeneratorHarness.Run(compilation, properties);
        Assert.Empty(run.Diagnostics);
        return run;
    }

    /// <summary>Each VirtualService's gateways, as a set: Istio binds to each named gateway whatever the order (Istio's pages write both
    /// orders).</summary>
    private static List<string> GatewaySets(string yaml) =>
        YamlTree.ParseAll(yaml)
            .Where(d => d["kind"]?.AsString == "VirtualService")
            .Select(d => d["metadata"]?["name"]?.AsString + ": " + string.Join(",", (d["spec"]?["gateways"]?.Items ?? Array.Empty<YamlTree>()).Select(g => g.AsString).OrderBy(g => g, StringComparer.Ordinal)))
            .OrderBy(g => g, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_snippet_file_has_a_case()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "IstioDocs");
        var files = Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileNameWithoutExtension(f))
            .ToList();
        var covered = IstioDocsSnippets.All.Concat(IntentPatternSnippets.All.Select(p => p.Case))
            .SelectMany(c => c.Snippet.Split('+').Select(n => c.Page + "/" + n)).ToList();
        Assert.Empty(files.Except(covered));
    }
}
