using System.Text.RegularExpressions;
using EgressDsl.TestHarness.IstioDocs;
using Xunit;

namespace EgressDsl.Cli.Tests;

/// <summary>
/// The import writes an intent attribute where the input is one of the documented patterns, and only where the generator
/// expands it to exactly the input's objects: the pattern pages' YAML and the pattern samples' output come back as their
/// intents and rebuild the same objects; a near miss (one field different) comes back low-level, with the same objects.
/// </summary>
public sealed partial class ImportIntentTests
{
    private static readonly string[] IntentNames = { "DirectEgress", "SidecarTlsOrigination", "GatewayEgress", "ExternalProxy",
        "KubernetesEgressService" };

    /// <summary>The intent attributes of a C# source, one entry per use, in order (<c>GatewayEgress</c>, ...).</summary>
    internal static List<string> Intents(string source) =>
        AttributeLine().Matches(source).Select(m => m.Groups[1].Value).Where(IntentNames.Contains).ToList();

    [GeneratedRegex(@"^\[(\w+)", RegexOptions.Multiline)]
    private static partial Regex AttributeLine();

    [GeneratedRegex(@"^\[(?:DirectEgress|SidecarTlsOrigination|GatewayEgress|ExternalProxy|KubernetesEgressService)\(.*\)\]$",
        RegexOptions.Multiline)]
    private static partial Regex IntentLine();

    /// <summary>A page's fenced block of one language (the pages have one C# and one YAML block).</summary>
    private static string Block(string page, string language)
    {
        var text = File.ReadAllText(ImportRoundTripTests.RepositoryFile("docs", "patterns", page + ".md"));
        var match = Regex.Match(text, "```" + language + "\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, page + " has no " + language + " block");
        return match.Groups[1].Value;
    }

    public static TheoryData<string> Pages() => new() { "direct-egress", "sidecar-tls-origination", "gateway-egress", "wildcard-hosts",
        "external-proxy", "kubernetes-egress-service" };

    /// <summary>Each pattern page's YAML imports as the page's own intent attribute, line for line, and rebuilds the same
    /// objects.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public void A_pattern_pages_yaml_imports_as_its_intent_attribute(string page)
    {
        var roundTrip = RoundTrip.Of(new Import.ImportInput(page + ".yaml", Block(page, "yaml")));

        AssertExact(roundTrip);
        var expected = IntentLine().Matches(Block(page, "csharp")).Select(m => m.Value).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, IntentLine().Matches(roundTrip.Source).Select(m => m.Value).ToList());
        Assert.DoesNotContain("[ExternalService", roundTrip.Source);
        Assert.DoesNotContain("[EgressRoute", roundTrip.Source);
    }

    public static TheoryData<string, string> Samples() => new()
    {
        { "DirectEgress", "Httpbin.cs" },
        { "SidecarTlsOrigination", "EditionCnn.cs" },
        { "GatewayEgress", "Payments.cs" },
        { "WildcardHosts", "Wikipedia.cs" },
        { "ExternalProxy", "CompanyProxy.cs" },
        { "KubernetesEgressService", "MyHttpbin.cs" },
    };

    /// <summary>
    /// The objects each pattern sample builds import as the sample's intent attributes (one class each, in the sample's
    /// order of objects), and rebuild the same objects: four [GatewayEgress] classes sharing the standard gateway included.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void A_pattern_samples_objects_import_as_its_intent_attributes(string sample, string file)
    {
        var source = File.ReadAllText(ImportRoundTripTests.RepositoryFile("samples", "Patterns", sample, file));
        using var built = BuiltSample.Build(source);
        var yaml = CliRun.Of("manifests", built.AssemblyPath).Output;

        var roundTrip = RoundTrip.Of(new Import.ImportInput("istio.yaml", yaml));

        AssertExact(roundTrip);
        Assert.Equal(Intents(source).OrderBy(n => n), Intents(roundTrip.Source).OrderBy(n => n));
        Assert.DoesNotContain("[ExternalService", roundTrip.Source);
    }

    /// <summary>
    /// One field of a pattern page's YAML changed so the intent no longer writes it: that pattern's objects come back in the
    /// low-level form, whole, and rebuild exactly (the changed field included); the intent is never written for what it does
    /// not make (the direct-egress page's second pattern, untouched, stays an intent).
    /// </summary>
    [Theory]
    [InlineData("direct-egress", "  location: MESH_EXTERNAL\n  resolution: DNS\n---", "  location: MESH_INTERNAL\n  resolution: DNS\n---",
        "DirectEgress")]
    [InlineData("sidecar-tls-origination", "kind: DestinationRule\nmetadata:\n  name: edition-cnn-com",
        "kind: DestinationRule\nmetadata:\n  name: cnn-tls", "SidecarTlsOrigination")]
    [InlineData("gateway-egress", "name: direct-cnn-through-egress-gateway", "name: cnn-through-egress-gateway", "GatewayEgress")]
    [InlineData("wildcard-hosts", "  name: www-wikipedia", "  name: wikipedia-upstream", "GatewayEgress")]
    [InlineData("external-proxy", "  location: MESH_EXTERNAL",
        "  location: MESH_EXTERNAL\n  resolution: STATIC\n  endpoints:\n  - address: 10.0.0.5", "ExternalProxy")]
    [InlineData("kubernetes-egress-service", "      mode: DISABLE", "      mode: SIMPLE", "KubernetesEgressService")]
    public void A_near_miss_falls_back_to_the_low_level_form_with_the_same_objects(string page, string field, string changed, string intent)
    {
        var yaml = Block(page, "yaml");
        Assert.Contains(field, yaml);

        var at = yaml.IndexOf(field, StringComparison.Ordinal);
        var roundTrip = RoundTrip.Of(new Import.ImportInput(page + ".yaml", yaml[..at] + changed + yaml[(at + field.Length)..]));

        AssertExact(roundTrip);
        var onPage = Intents(Block(page, "csharp")).Count(n => n == intent);
        Assert.Equal(onPage - 1, Intents(roundTrip.Source).Count(n => n == intent));
        Assert.Equal(yaml.Split("---\n").Length, roundTrip.Compared);
    }

    /// <summary>
    /// The generator tests' intent form of each exactly reproduced corpus case (<see cref="IntentPatternSnippets"/>), which
    /// the import must write attribute for attribute, refinements included (a page's own port name, a load balancer).
    /// </summary>
    public static TheoryData<string, string, string> IntentSnippets()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var pattern in IntentPatternSnippets.All.Where(p => p.Case.Known.Length == 0))
        {
            cases.Add(pattern.Case.Page, pattern.Case.Snippet, pattern.Case.Source);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(IntentSnippets))]
    public void A_corpus_case_imports_as_the_intent_form_the_generator_tests_write(string page, string snippets, string intentSource)
    {
        var files = snippets.Split('+').Select(n => ImportRoundTripTests.RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs",
            page, n + ".yaml")).ToArray();

        var roundTrip = RoundTrip.OfFiles(files);

        AssertExact(roundTrip);
        var expected = AttributesOf(intentSource);

        // Pattern f with Endpoints writes the external host nowhere, so the import names the Service instead of the page's host.
        expected = expected.Replace("[KubernetesEgressService(\"www.wikipedia.org\"", "[KubernetesEgressService(\"my-wikipedia\"",
            StringComparison.Ordinal);
        Assert.Equal(expected, AttributesOf(roundTrip.Source));
    }

    /// <summary>The attributes of a source's classes, on one line each class, whitespace folded; comments and class names left
    /// out.</summary>
    private static string AttributesOf(string source) =>
        string.Join("\n", Regex.Split(Regex.Replace(string.Join(" ", source.Split('\n')
                .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !line.StartsWith("using ",
                    StringComparison.Ordinal) && !line.StartsWith("namespace ", StringComparison.Ordinal))), @"\s+", " "),
            @"public partial class \w+;").Select(part => part.Trim()).Where(part => part.Length > 0));

    /// <summary>Two patterns in one input, in the reverse of the pages' order: each is recognised, whatever comes first.</summary>
    [Fact]
    public void Patterns_are_recognised_whatever_the_order_of_the_documents()
    {
        var documents = (Block("wildcard-hosts", "yaml") + "---\n" + Block("kubernetes-egress-service", "yaml")).Split("---\n").Reverse();

        var roundTrip = RoundTrip.Of(new Import.ImportInput("reversed.yaml", string.Join("---\n", documents)));

        AssertExact(roundTrip);
        Assert.Equal(new[] { "KubernetesEgressService", "GatewayEgress" }, Intents(roundTrip.Source));
    }

    /// <summary>
    /// A pattern's objects one per file, the files in another order than the page's: grouped by host, Gateway server and
    /// route into the one intent class, whose comments name every file the objects came from.
    /// </summary>
    [Fact]
    public void A_patterns_objects_spread_over_files_make_one_intent_class()
    {
        var documents = Block("gateway-egress", "yaml").Split("---\n");
        var inputs = documents.Select((text, index) => new Import.ImportInput($"part{index + 1}.yaml", text)).Reverse().ToArray();

        var roundTrip = RoundTrip.Of(inputs);

        AssertExact(roundTrip);
        Assert.Equal(new[] { "GatewayEgress" }, Intents(roundTrip.Source));
        Assert.Single(roundTrip.Result.Classes);
        Assert.All(inputs, input => Assert.Contains("// From " + input.Source + ", document 1: ", roundTrip.Source));
    }

    private static void AssertExact(RoundTrip roundTrip)
    {
        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Result.Losses.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Compared > 0, roundTrip.ToString());
    }
}
