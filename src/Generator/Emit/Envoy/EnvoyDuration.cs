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
            var (number, unitSeconds) = istioDuration.EndsWith("ms", System.StringComparison.Ordinal)
                ? (istioDuration.Substring(0, istioDuration.Length - 2), 0.001m)
                : (istioDuration.Substring(0, istioDuration.Length - 1), istioDuration[istioDuration.Length - 1] switch
                {
                    'h' => 3600m,
                    'm' => 60m,
                    _ => 1m,
                });
            var seconds = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * unitSeconds;

            // At most nine fractional digits (nanoseconds), trailing zeros removed: 1.500 is written 1.5.
            var text = decimal.Round(seconds, 9).ToString("0.#########", CultureInfo.InvariantCulture);
            return text + "s";
        }
    }
}
