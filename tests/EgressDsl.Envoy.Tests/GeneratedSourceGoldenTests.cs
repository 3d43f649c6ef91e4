using System.Text.RegularExpressions;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// The generated C# of every sample (the seed, Cnn and each of samples/Patterns), pinned by golden files
/// (Golden/GeneratedCSharp/, refreshed with EGRESSDSL_UPDATE_GOLDEN=1 dotnet test tests/EgressDsl.Envoy.Tests --filter
/// FullyQualifiedName~GoldenTests): the shape user code compiles against, and the one the build task and the run-time
/// catalogue read, is a contract, so a change to it shows in a review as a change to these files.
/// </summary>
/// <remarks>
/// A packed constant is written as the paths it holds, not its characters: deflate's bytes depend on the zlib of the
/// runtime the compiler runs on (FilePacker), and the texts themselves are pinned by the manifest tests.
/// </remarks>
public class GeneratedSourceGoldenTests
{
    /// <summary>(golden folder, sample source, EgressGatewayApi): every sample project of the repository.</summary>
    public static TheoryData<string, string, string> Samples => new()
    {
        { "Seed", "NginxEgress.cs", "istio" },
        { "Cnn", "CnnEgress.cs", "istio" },
        { "Patterns/DirectEgress", "Patterns/Httpbin.cs", "istio" },
        { "Patterns/ExternalProxy", "Patterns/CompanyProxy.cs", "istio" },
        { "Patterns/GatewayEgress", "Patterns/Payments.cs", "istio" },
        { "Patterns/KubernetesEgressService", "Patterns/MyHttpbin.cs", "istio" },
        { "Patterns/SidecarTlsOrigination", "Patterns/EditionCnn.cs", "istio" },
        { "Patterns/WildcardHosts", "Patterns/Wikipedia.cs", "istio" },
        // samples/GatewayApi: the same classes in the Kubernetes Gateway API form.
        { "GatewayApi/Seed", "NginxEgress.cs", "kubernetes" },
        { "GatewayApi/Cnn", "CnnEgress.cs", "kubernetes" },
    };

    [Fact]
    public void Every_pattern_sample_has_golden_files()
    {
        var patterns = Path.Combine(GoldenFiles.SourceFolder, "..", "..", "..", "samples", "Patterns");
        var projects = Directory.GetDirectories(patterns)
            .Where(folder => Directory.GetFiles(folder, "*.csproj").Length == 1)
            .Select(folder => "Patterns/" + Path.GetFileName(folder));
        var pinned = Samples.Select(row => (string)row[0]).Where(name => name.StartsWith("Patterns/", StringComparison.Ordinal));
        Assert.Equal(projects.Order(StringComparer.Ordinal), pinned.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_generated_csharp_of_a_sample_equals_its_golden_files(string name, string sample, string gatewayApi)
    {
        name = name.Replace('/', Path.DirectorySeparatorChar);
        sample = sample.Replace('/', Path.DirectorySeparatorChar);
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(GeneratorHarness.SampleSource(sample)),
            new Dictionary<string, string> { ["EgressGatewayApi"] = gatewayApi });
        Assert.Empty(run.CompilationErrors);
        var sources = run.Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName + ".txt", s => Readable(s.SourceText.ToString()));

        var folder = Path.Combine("GeneratedCSharp", name);
        if (GoldenFiles.Updating)
        {
            var source = Path.Combine(GoldenFiles.SourceFolder, folder);
            if (Directory.Exists(source))
            {
                Directory.Delete(source, recursive: true);
            }

            Directory.CreateDirectory(source);
            foreach (var (file, text) in sources)
            {
                File.WriteAllText(Path.Combine(source, file), text);
            }
        }

        var golden = Path.Combine(GoldenFiles.OutputFolder, folder);
        Assert.True(Directory.Exists(golden), golden + " is missing: run the tests once with EGRESSDSL_UPDATE_GOLDEN=1");
        Assert.Equal(Directory.GetFiles(golden).Select(Path.GetFileName).Order(StringComparer.Ordinal), sources.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, text) in sources)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(golden, file)), text);
        }
    }

    // A packed literal (characters U+4000 to U+BFFF) as the paths of the files it holds.
    private static string Readable(string source) =>
        Regex.Replace(source, "\"([\u4000-\ubfff]+)\"", match =>
            "\"<packed: " + string.Join(", ", PackedFiles.Unpack(match.Groups[1].Value).Select(file => file["Path"])) + ">\"");
}
