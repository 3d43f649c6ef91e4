
namespace EgressDsl.Envoy.Tests;

/// <summary>Runs the generator on a source and reads its Envoy files as the build task would write them.</summary>
internal static class EnvoyOutputs
{
    public static string SeedSource => GeneratorHarness.SampleSource("NginxEgress.cs");

    public static string CnnSource => GeneratorHarness.SampleSource("CnnEgress.cs");

    /// <summary>The files under envoy/ (path relative to the manifests folder, content), failing on any generator diagnostic.</summary>
    public static IReadOnlyDictionary<string, string> Generate(string source, IReadOnlyDictionary<string, string>? properties = null)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(source), properties);
        Xunit.Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Xunit.Assert.True(run.CompilationErrors.Count == 0, string.Join("\n", run.CompilationErrors));
        return run.Files.Where(f => f.Key.StartsWith("envoy/", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);
    }

    /// <summary>A file name for a checker run: the scenario and the path, flattened.</summary>
    public static string FlatName(string scenario, string path) => scenario + "__" + path.Replace('/', '_');
}
