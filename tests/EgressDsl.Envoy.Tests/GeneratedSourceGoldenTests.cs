using System.Text.RegularExpressions;
using EgressDsl.Generator.Tests;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// The generated C# of the two samples, pinned by golden files (Golden/GeneratedCSharp/, refreshed with
/// EGRESSDSL_UPDATE_GOLDEN=1 dotnet test tests/EgressDsl.Envoy.Tests --filter GeneratedSourceGoldenTests): the shape user code
/// compiles against is a public contract, so a change to it shows in a review as a change to these files.
/// </summary>
/// <remarks>
/// A packed constant is written as the paths it holds, not its characters: deflate's bytes depend on the zlib of the
/// runtime the compiler runs on (FilePacker), and the texts themselves are pinned by the manifest tests.
/// </remarks>
public class GeneratedSourceGoldenTests
{
    [Theory]
    [InlineData("Seed", "NginxEgress.cs")]
    [InlineData("Cnn", "CnnEgress.cs")]
    public void The_generated_csharp_of_a_sample_equals_its_golden_files(string name, string sample)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.SampleSource(sample));
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
