using System.Globalization;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// Istio durations (<c>5s</c>, <c>250ms</c>, <c>2m</c>, <c>1h</c>) as proto3 JSON durations, which are seconds only:
    /// <c>"0.250s"</c>, <c>"120s"</c>. Envoy rejects <c>250ms</c>.
    /// </summary>
    internal static class EnvoyDuration
    {
        public static string From(string istioDuration)
        {
            // Validated by the parser, so always a duration here.
            var seconds = Parsing.Validation.DurationSeconds(istioDuration) ?? 0m;

            // At most nine fractional digits (nanoseconds), trailing zeros removed: 1.500 is written 1.5.
            var text = decimal.Round(seconds, 9).ToString("0.#########", CultureInfo.InvariantCulture);
            return text + "s";
        }
    }
}
