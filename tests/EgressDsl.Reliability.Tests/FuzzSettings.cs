using System.Globalization;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Sizes and seeds: fixed by default so CI is repeatable; EGRESS_FUZZ_SEED replays a failure, EGRESS_FUZZ_CASES,
/// EGRESS_FUZZ_NAME_CASES and EGRESS_FUZZ_MUTATIONS raise the volume for longer local runs.
/// </summary>
internal static class FuzzSettings
{
    public static int Seed => Read("EGRESS_FUZZ_SEED", 20261126);

    public static int Cases => Read("EGRESS_FUZZ_CASES", 10_000);

    public static int NameCases => Read("EGRESS_FUZZ_NAME_CASES", 1_000);

    public static int Mutations => Read("EGRESS_FUZZ_MUTATIONS", 2_000);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
