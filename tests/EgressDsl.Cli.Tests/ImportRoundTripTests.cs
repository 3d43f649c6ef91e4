using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Cli.Tests;

public sealed class ImportRoundTripTests
{
    private static string RepositoryFile(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EgressDsl.sln")))
            {
                return Path.Combine(new[] { folder.FullName }.Concat(parts).ToArray());
            }
        }

        throw new FileNotFoundException("The repository root (EgressDsl.sln) is not above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_seed_scenario_is_imported_whole_and_rebuilds_the_same_objects()
    {
        var roundTrip = RoundTrip.OfFiles(SharedFiles.Find("seed/expected-istio.yaml"));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.Empty(roundTrip.Result.Losses);
        Assert.Equal(6, roundTrip.Compared);
        Assert.Contains("[EgressRoute(typeof(SeNginxExt), Through = typeof(EgNginxExt), Port = 80, MeshName = \"vs-nginx-ext-mesh\", GatewayName = \"vs-nginx-ext-egress\")]", roundTrip.Source);
    }

    [Theory]
    [InlineData("NginxEgress.cs")]
    [InlineData("CnnEgress.cs")]
    public void A_samples_generated_yaml_is_imported_and_rebuilds_the_same_objects(string sample)
    {
        using var built = BuiltSample.Sample(sample);
        var yaml = CliRun.Of("manifests", built.AssemblyPath).Output;

        var roundTrip = RoundTrip.Of(new Import.ImportInput("istio.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Result.Losses.Count == 0, roundTrip.ToString());
        Assert.Equal(yaml.Split("---\n").Length, roundTrip.Compared);
    }

    public static IEnumerable<object[]> IstioDocsPages() =>
        Directory.GetDirectories(RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs"))
            .Select(Path.GetFileName)
            .OrderBy(page => page, StringComparer.Ordinal)
            .Select(page => new object[] { page! });

    /// <summary>
    /// Each page of Istio's egress tasks, its snippets imported together as a folder (the YAML is read where the generator
    /// tests keep it): whatever is imported rebuilds the same objects, and whatever is not is in the report.
    /// </summary>
    [Theory]
    [MemberData(nameof(IstioDocsPages))]
    public void Istio_docs_pages_rebuild_every_imported_object_and_report_the_rest(string page)
    {
        var folder = RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs", page);
        var files = Directory.GetFiles(folder, "*.yaml").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f))).ToArray();

        var roundTrip = RoundTrip.OfFiles(files);

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Compared > 0, roundTrip.ToString());
    }
}
