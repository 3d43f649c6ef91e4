using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Benchmarks;

/// <summary>
/// EgressDsl against the floor Roslyn sets (a do-nothing ForAttributeWithMetadataName generator) and against the plain
/// compile of the same project. Each category has its own baseline, so the Ratio column is the budget's ratio.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class GeneratorBenchmarks
{
    private Measurements measurements = null!;

    /// <summary>The project sizes: 10, 100, 1,000 and 5,000 services, or EGRESS_BENCH_SIZES (such as "1000") for a quick run.</summary>
    public static IEnumerable<int> Sizes() =>
        (Environment.GetEnvironmentVariable("EGRESS_BENCH_SIZES") ?? "10,100,1000,5000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(size => int.Parse(size, System.Globalization.CultureInfo.InvariantCulture));

    [ParamsSource(nameof(Sizes))]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup() => measurements = new Measurements(Services);

    [Benchmark(Baseline = true), BenchmarkCategory("Cold")]
    public GeneratorDriver FloorCold() => measurements.FloorCold();

    [Benchmark, BenchmarkCategory("Cold")]
    public GeneratorDriver EgressCold() => measurements.EgressCold();

    [Benchmark(Baseline = true), BenchmarkCategory("ServiceEdit")]
    public GeneratorDriver FloorServiceEdit() => measurements.FloorServiceEdit();

    [Benchmark, BenchmarkCategory("ServiceEdit")]
    public GeneratorDriver EgressServiceEdit() => measurements.EgressServiceEdit();

    [Benchmark(Baseline = true), BenchmarkCategory("UnrelatedEdit")]
    public GeneratorDriver FloorUnrelatedEdit() => measurements.FloorUnrelatedEdit();

    [Benchmark, BenchmarkCategory("UnrelatedEdit")]
    public GeneratorDriver EgressUnrelatedEdit() => measurements.EgressUnrelatedEdit();

    [Benchmark(Baseline = true), BenchmarkCategory("ServiceEditBound")]
    public GeneratorDriver FloorServiceEditBound() => measurements.FloorServiceEditBound();

    [Benchmark, BenchmarkCategory("ServiceEditBound")]
    public GeneratorDriver EgressServiceEditBound() => measurements.EgressServiceEditBound();

    [Benchmark(Baseline = true), BenchmarkCategory("UnrelatedEditBound")]
    public GeneratorDriver FloorUnrelatedEditBound() => measurements.FloorUnrelatedEditBound();

    [Benchmark, BenchmarkCategory("UnrelatedEditBound")]
    public GeneratorDriver EgressUnrelatedEditBound() => measurements.EgressUnrelatedEditBound();

    [Benchmark(Baseline = true), BenchmarkCategory("Compile")]
    public bool PlainCompile() => measurements.PlainCompile();

    [Benchmark, BenchmarkCategory("Compile")]
    public bool EgressCompile() => measurements.EgressCompile();

    [Benchmark, BenchmarkCategory("Compile")]
    public object Analyzers() => measurements.Analyzers();
}
