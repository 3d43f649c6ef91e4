using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// Each intent attribute gives, object for object, what Istio's egress task pages write for its pattern
/// (<see cref="IntentPatternSnippets"/>, checked by the corpus's own comparison), with no warning or error, in at most a
/// quarter of the lines of the YAML it replaces.
/// </summary>
public class IntentPatternTests
{
    public static IEnumerable<object[]> Cases() => IntentPatternSnippets.All.Select(p => new object[] { p.Slug, p.Case.Page, p.Case.Snippet, p.Case.ApiVersion, p.Case.Source, p.Case.Known });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pattern_gives_istios_objects_exactly(string slug, string page, string snippet, string apiVersion, string source, string[] known)
    {
        Assert.NotEmpty(slug);
        IstioDocsCorpus.AssertReproduces(page, snippet, apiVersion, source, known);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pattern_takes_at_most_a_quarter_of_the_lines_of_the_yaml_it_replaces(string slug, string page, string snippet, string apiVersion, string source, string[] known)
    {
        _ = (apiVersion, known);
        var yamlLines = snippet.Split('+')
            .SelectMany(n => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "IstioDocs", page, n + ".yaml")))
            .Count(IsContent);
        var dslLines = source.Split('\n').Count(IsContent);

        Assert.True(dslLines * 4 <= yamlLines, $"{slug} ({page}/{snippet}): {dslLines} lines of DSL for {yamlLines} of YAML");
    }

    /// <summary>A line that says something: not empty, not only a comment, not a YAML document separator.</summary>
    private static bool IsContent(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > 0 && !trimmed.StartsWith('#') && !trimmed.StartsWith("//", StringComparison.Ordinal) && trimmed != "---";
    }
}
