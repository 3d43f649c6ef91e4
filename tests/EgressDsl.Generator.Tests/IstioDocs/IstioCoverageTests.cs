using System.Text;
using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// docs/istio-coverage.md is the corpus (<see cref="IstioDocsSnippets"/>) and the pages' list (<see cref="IstioDocsPages"/>)
/// written out, so it cannot drift from what the tests check. EGRESSDSL_UPDATE_GOLDEN=1 rewrites it.
/// </summary>
public class IstioCoverageTests
{
    private static string Corpus => Path.Combine(AppContext.BaseDirectory, "IstioDocs");

    [Fact]
    public void Coverage_page_is_the_corpus_written_out()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "istio-coverage.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("EGRESSDSL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), path + " is missing: run the tests once with EGRESSDSL_UPDATE_GOLDEN=1");
        Assert.Equal(expected, File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_corpus_page_is_listed_and_every_listed_page_with_a_version_has_snippets()
    {
        var listed = IstioDocsPages.All.Select(p => p.Name).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        var folders = Directory.GetDirectories(Corpus).Select(Path.GetFileName).ToList();
        Assert.Empty(folders.Except(listed));
        Assert.Empty(IstioDocsSnippets.All.Select(c => c.Page).Except(folders));
        Assert.All(IstioDocsPages.All.Where(p => !p.Source.StartsWith("no longer", StringComparison.Ordinal)), p => Assert.Contains(p.Name, folders));
    }

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("""
            # Istio's egress tasks in the DSL

            Every page of Istio's egress tasks (istio.io, *Tasks > Traffic Management > Egress*) and where its YAML is covered.
            Each covered snippet is a case of the test corpus in `tests/EgressDsl.Generator.Tests/IstioDocs/`: the page's YAML
            (one file per block, `$VARIABLES` replaced by concrete values, and the namespace of a `kubectl apply -n` written
            into the object) and the DSL a user would write for it. The test compiles the DSL and compares Istio's objects with
            the generated ones object by object: no object may be missing or extra, no field may differ, and no warning or error
            may be reported. A snippet is "n+m" when several blocks are applied together.

            This page is generated from the corpus by `IstioCoverageTests` (`EGRESSDSL_UPDATE_GOLDEN=1 dotnet test
            tests/EgressDsl.Generator.Tests --filter IstioCoverageTests` rewrites it), so it says what the tests check.


            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        var cases = IstioDocsSnippets.All;
        text.Append("| Page | Snippet | Objects | Status |\n|---|---|---|---|\n");
        foreach (var page in IstioDocsPages.All)
        {
            var pageCases = cases.Where(c => c.Page == page.Name).ToList();
            if (pageCases.Count == 0 && page.LeftOut.Length == 0)
            {
                text.Append($"| {page.Title} (`{page.Name}`) | none | | {page.Source} |\n");
                continue;
            }

            foreach (var snippet in pageCases)
            {
                var status = snippet.Known.Length == 0 ? "exact, no warning" : "differs: " + string.Join("; ", snippet.Known);
                text.Append($"| {page.Title} (`{page.Name}`) | {snippet.Snippet} | {Objects(snippet)} | {status} |\n");
            }

            foreach (var leftOut in page.LeftOut)
            {
                text.Append($"| {page.Title} (`{page.Name}`) | {leftOut.Where} | {leftOut.Objects} | {leftOut.Reason} |\n");
            }
        }

        text.Append("\n## Sources\n\n");
        foreach (var page in IstioDocsPages.All)
        {
            text.Append($"- `{page.Name}`: {page.Source}.\n");
        }

        return text.ToString();
    }

    /// <summary>The kind and name of each object of a case's snippet files, in the page's order.</summary>
    private static string Objects(IstioDocsSnippets.Case snippet) =>
        string.Join(", ", snippet.Snippet.Split('+')
            .SelectMany(n => YamlTree.ParseAll(File.ReadAllText(Path.Combine(Corpus, snippet.Page, n + ".yaml"))))
            .Select(d => d["kind"]?.AsString + " " + d["metadata"]?["name"]?.AsString));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EgressDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("EgressDsl.sln was not found above " + AppContext.BaseDirectory);
    }
}
