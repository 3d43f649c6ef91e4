using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Benchmarks;

/// <summary>
/// The MSBuild properties the generator sees. EGRESS_BENCH_EMIT_ENVOY=false measures a project that turns the Envoy
/// output off (EgressEmitEnvoy=false).
/// </summary>
public sealed class BenchmarkOptions : AnalyzerConfigOptionsProvider
{
    public static readonly BenchmarkOptions Instance = new();

    private readonly Options global = new(new Dictionary<string, string>
    {
        ["build_property.EgressEmitEnvoy"] = Environment.GetEnvironmentVariable("EGRESS_BENCH_EMIT_ENVOY") ?? "true",
    });

    public override AnalyzerConfigOptions GlobalOptions => global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
