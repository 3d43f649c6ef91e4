using System.Text.RegularExpressions;
using EgressDsl.Generator.Diagnostics;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// The help pages and the release tracking files against the descriptors: every ID has a page, a row in the
/// docs/diagnostics/README.md table and a line in AnalyzerReleases.Unshipped.md with its category and severity; and
/// each page's "Wrong" example gets its diagnostic while its "Fixed" example does not.
/// </summary>
public class DocumentationTests
{
    private static readonly string Docs = Path.Combine(AppContext.BaseDirectory, "Docs");

    /// <summary>Every descriptor of the assembly, whichever analyzer (or the generator) reports it.</summary>
    public static IEnumerable<object[]> Ids() => DiagnosticDescriptors.All.Select(d => new object[] { d.Id });

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_a_release_entry_and_below_EGRESS300_a_help_page_and_a_table_row(string id)
    {
        var descriptor = DiagnosticDescriptors.ById(id);
        Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);

        // EGRESS300-399 (Envoy output, route expectations) are documented by their own feature's pages.
        if (string.CompareOrdinal(id, "EGRESS300") < 0)
        {
            Assert.True(File.Exists(Path.Combine(Docs, id + ".md")), id + " has no page in docs/diagnostics");
            Assert.Contains("[" + id + "](" + id + ".md)", File.ReadAllText(Path.Combine(Docs, "README.md")));
        }

        var release = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Releases", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Releases", "AnalyzerReleases.Shipped.md")))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .SingleOrDefault(cells => cells[0] == id);
        Assert.NotNull(release);
        Assert.Equal(descriptor.Category, release![1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), release[2]);
    }

    /// <summary>
    /// Every help link is made from EgressDslRepositoryUrl (Directory.Build.props, the one setting the package's project URL
    /// also comes from) and names a page that exists in the repository's docs/.
    /// </summary>
    [Fact]
    public void Every_help_link_comes_from_the_repository_setting_and_names_a_page_in_docs()
    {
        string root = RepositoryRoot();
        string url = System.Xml.Linq.XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("EgressDslRepositoryUrl").Single().Value.Trim();
        Assert.StartsWith("https://", url);
        Assert.NotEmpty(DiagnosticDescriptors.All);
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            string prefix = url + "/blob/main/";
            Assert.StartsWith(prefix, descriptor.HelpLinkUri);
            string path = descriptor.HelpLinkUri[prefix.Length..];
            Assert.StartsWith("docs/", path);
            Assert.True(File.Exists(Path.Combine(new[] { root }.Concat(path.Split('/')).ToArray())), $"{descriptor.Id}: {descriptor.HelpLinkUri} names {path}, which does not exist");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(directory.FullName, "docs", "diagnostics")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Directory.Build.props beside docs/diagnostics) is not above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<object[]> PagesWithExamples() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Docs"), "EGRESS*.md")
            .Select(Path.GetFileNameWithoutExtension)
            // The rules of one class, of the intent attributes and those split from EGRESS009 and EGRESS014; the generator's and the Envoy checks' pages show no example of this shape.
            .Where(id => id!.StartsWith("EGRESS0", StringComparison.Ordinal) || id.StartsWith("EGRESS2", StringComparison.Ordinal)
                || id.StartsWith("EGRESS5", StringComparison.Ordinal))
            .Where(id => Example(id!, "Wrong") is not null && Example(id!, "Fixed") is not null)
            .Select(id => new object[] { id! });

    [Theory]
    [MemberData(nameof(PagesWithExamples))]
    public void Wrong_example_gets_the_diagnostic_and_the_fixed_example_does_not(string id)
    {
        var wrong = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Example(id, "Wrong")!));
        var fixedExample = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Example(id, "Fixed")!));
        Assert.True(wrong.Any(d => d.Id == id), id + ": the Wrong example does not get " + id + "; it gets: " + string.Join(", ", wrong.Select(d => d.Id)));
        Assert.True(fixedExample.All(d => d.Id != id), id + ": the Fixed example still gets " + id);
    }

    /// <summary>The first C# block under a page's "## Wrong" or "## Fixed" heading.</summary>
    private static string? Example(string id, string heading)
    {
        var page = File.ReadAllText(Path.Combine(Docs, id + ".md")).Replace("\r\n", "\n");
        var match = Regex.Match(page, "\n## " + heading + "\n+```csharp\n(.*?)```", RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value : null;
    }
}
