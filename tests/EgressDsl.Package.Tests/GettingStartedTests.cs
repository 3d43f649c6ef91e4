using System.Text.RegularExpressions;
using System.Xml.Linq;
using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>
/// docs/getting-started.md works the first time: its C# files, taken from the page as written (each fenced block marked
/// <c>&lt;!-- file: NAME --&gt;</c>), built once in a fresh console project from the packed package and the packages the
/// page tells the user to add, build without a warning and write the manifests the page shows.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class GettingStartedTests
{
    private static readonly Regex FileBlock = new("<!-- file: (?<name>[^ ]+) -->\n```csharp\n(?<body>.*?)```", RegexOptions.Singleline);
    private static readonly Regex AddPackage = new(@"^dotnet add package (?<id>[A-Za-z0-9_.\-]+)\s*$", RegexOptions.Multiline);
    private static readonly Regex YamlBlock = new("\n## The YAML[^\n]*\n(?:(?!\n## ).)*?```yaml\n(?<body>.*?)```", RegexOptions.Singleline);

    private readonly PackageFixture _fixture;

    public GettingStartedTests(PackageFixture fixture) => _fixture = fixture;

    [Fact]
    public void GettingStarted_page_code_builds_first_time_without_warnings_and_writes_the_yaml_it_shows()
    {
        string page = File.ReadAllText(_fixture.RepositoryFile("docs", "getting-started.md")).Replace("\r\n", "\n");
        var files = FileBlock.Matches(page).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value, StringComparer.Ordinal);
        Assert.Contains("Program.cs", files.Keys);
        Assert.Contains(files, file => file.Value.Contains("[GatewayEgress(", StringComparison.Ordinal));

        // The packages the page has the user add, besides EgressDsl itself (which the fixture references from its feed),
        // at the versions the repository restores.
        var packages = AddPackage.Matches(page).Select(m => m.Groups["id"].Value).Where(id => id != "EgressDsl").ToList();
        Assert.Contains("EgressDsl", AddPackage.Matches(page).Select(m => m.Groups["id"].Value));
        var versions = XDocument.Load(_fixture.RepositoryFile("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);
        string references = string.Concat(packages.Select(id =>
            $"<ItemGroup><PackageReference Include=\"{id}\" Version=\"{(versions.TryGetValue(id, out var v) ? v : throw new InvalidOperationException(id + " has no version in Directory.Packages.props"))}\" /></ItemGroup>"));

        Consumer app = _fixture.CreateConsumer("Payments", "console", files, extraProjectXml: references);
        CommandResult build = app.Build();
        app.AssertCleanBuild(build);

        string written = File.ReadAllText(Path.Combine(app.EgressDirectory, "istio.yaml"));
        Match shown = YamlBlock.Match(page);
        Assert.True(shown.Success, "docs/getting-started.md has no ```yaml block under '## The YAML'");
        IReadOnlyList<string> differences = YamlTree.DiffStreams(written, shown.Groups["body"].Value);
        Assert.True(differences.Count == 0, "egress/istio.yaml differs from the page's YAML:\n" + string.Join("\n", differences));

        // The resources of the egress-gateway-tls-origination task, as the page describes them.
        var documents = YamlTree.ParseAll(written);
        var kinds = documents.Select(d => d["kind"]!.AsString!).ToList();
        Assert.Contains("Gateway", kinds);
        Assert.Contains("VirtualService", kinds);
        Assert.Contains("ServiceEntry", kinds);
        Assert.Contains(documents, d => d["kind"]!.AsString == "DestinationRule"
            && d["spec"]?["trafficPolicy"]?["portLevelSettings"]?.Items.Any(s => s["tls"]?["credentialName"]?.AsString == "payments-ca") == true);
    }
}
