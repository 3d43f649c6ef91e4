using System;
using System.Numerics;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Go's <c>time.ParseDuration</c>, which Kubernetes' CEL <c>duration()</c> uses. The Cel package's own parser
/// differs (it reads <c>+5s</c> as negative, trims spaces and rejects <c>µs</c>), so we register this one instead.
/// </summary>
internal static class GoDuration
{
    private static readonly BigInteger MaxNanos = long.MaxValue;

    /// <summary>Parses a Go duration string into nanoseconds.</summary>
    /// <exception cref="FormatException">Not a valid Go duration.</exception>
    public static long ParseNanoseconds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string original = text;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            text = text.Substring(1);
        }

        if (text == "0")
        {
            return 0;
        }

        if (text.Length == 0)
        {
            throw Invalid(original);
        }

        BigInteger totalNanos = BigInteger.Zero;
        int i = 0;
        while (i < text.Length)
        {
            int integerStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            string integerPart = text.Substring(integerStart, i - integerStart);
            string fractionPart = string.Empty;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                int fractionStart = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                fractionPart = text.Substring(fractionStart, i - fractionStart);
            }

            if (integerPart.Length == 0 && fractionPart.Length == 0)
            {
                throw Invalid(original);
            }

            int unitStart = i;
            while (i < text.Length && text[i] != '.' && !char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            string unit = text.Substring(unitStart, i - unitStart);
            long unitNanos = unit switch
            {
                "ns" => 1L,
                "us" or "\u00b5s" or "\u03bcs" => 1_000L,
                "ms" => 1_000_000L,
                "s" => 1_000_000_000L,
                "m" => 60_000_000_000L,
                "h" => 3_600_000_000_000L,
                "" => throw new FormatException($"time: missing unit in duration \"{original}\""),
                _ => throw new FormatException($"time: unknown unit \"{unit}\" in duration \"{original}\""),
            };

            var whole = integerPart.Length == 0 ? BigInteger.Zero : BigInteger.Parse(integerPart, System.Globalization.CultureInfo.InvariantCulture);
            var nanos = whole * unitNanos;
            if (fractionPart.Length > 0)
            {
                // Go truncates the fractional part towards zero at nanosecond precision.
                var fraction = BigInteger.Parse(fractionPart, System.Globalization.CultureInfo.InvariantCulture);
                nanos += fraction * unitNanos / BigInteger.Pow(10, fractionPart.Length);
            }

            totalNanos += nanos;
            if (totalNanos > MaxNanos)
            {
                throw new FormatException($"time: invalid duration \"{original}\"");
            }
        }

        long result = (long)totalNanos;
        return negative ? -result : result;
    }

    private static FormatException Invalid(string text) => new($"time: invalid duration \"{text}\"");
}
