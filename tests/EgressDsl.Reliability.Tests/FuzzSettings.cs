using System.Globalization;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Sizes and seeds, fixed so every run is repeatable. Two volumes: the default one keeps the developer's
/// <c>dotnet test</c> loop short, and EGRESS_FUZZ_VOLUME=full (set by <c>.ci/run</c>) runs the long volumes CI has always
/// run. EGRESS_FUZZ_SEED replays a failure; EGRESS_FUZZ_CASES, EGRESS_FUZZ_NAME_CASES, EGRESS_FUZZ_MUTATIONS and
/// EGRESS_FUZZ_EXPRESSIONS set one volume directly, whatever the mode.
/// </summary>
internal static class FuzzSettings
{
    /// <summary>The environment variable that selects the long volumes; <see cref="FullVolume"/> is its one accepted value.</summary>
    public const string VolumeVariable = "EGRESS_FUZZ_VOLUME";

    public const string FullVolume = "full";

    public static int Seed => Read("EGRESS_FUZZ_SEED", 20261126);

    /// <summary>
    /// Whether the long volumes run. The default volumes still reach every attribute and both outcomes (the fuzz tests assert
    /// that a tenth of the cases is emitted and a tenth refused); the full ones only find rarer combinations.
    /// </summary>
    public static bool Full => Environment.GetEnvironmentVariable(VolumeVariable) switch
    {
        null or "" => false,
        FullVolume => true,
        var other => throw new InvalidOperationException($"{VolumeVariable}='{other}' is not a volume: leave it unset or use '{FullVolume}'."),
    };

    public static int Cases => Read("EGRESS_FUZZ_CASES", Full ? 10_000 : 2_000);

    public static int NameCases => Read("EGRESS_FUZZ_NAME_CASES", Full ? 1_000 : 300);

    public static int Mutations => Read("EGRESS_FUZZ_MUTATIONS", Full ? 2_000 : 500);

    /// <summary>Random regular expressions the RE2 engine is compared with .NET on (ten inputs each).</summary>
    public static int Expressions => Read("EGRESS_FUZZ_EXPRESSIONS", Full ? 3_000 : 1_000);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
