using System;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace EgressDsl.Testing.Yaml;

/// <summary>
/// Resolves YAML scalars to JSON-like types the way Kubernetes sees them.
/// </summary>
/// <remarks>
/// Resolution follows the YAML 1.2 core schema (what the brief and most modern tools use). kubectl and the
/// API server read YAML through sigs.k8s.io/yaml, which still resolves plain scalars with go-yaml v2's YAML 1.1
/// rules. Where the two disagree (<c>yes</c>/<c>on</c>/<c>n</c>, leading-zero octals, <c>0b</c> binaries,
/// <c>1_000</c>) the scalar's meaning depends on the reader, so we resolve by YAML 1.2 and record why it is
/// ambiguous; the validators then refuse such scalars, because a generator that emits them is a bug waiting
/// to happen.
/// </remarks>
internal static class ScalarResolver
{
    private const string StrTag = "tag:yaml.org,2002:str";
    private const string IntTag = "tag:yaml.org,2002:int";
    private const string FloatTag = "tag:yaml.org,2002:float";
    private const string BoolTag = "tag:yaml.org,2002:bool";
    private const string NullTag = "tag:yaml.org,2002:null";

    private static readonly Regex Decimal = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Octal = new(@"^0o[0-7]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Hex = new(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant);
    private static readonly Regex FloatRegex = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex Infinity = new(@"^[-+]?(\.inf|\.Inf|\.INF)$", RegexOptions.CultureInvariant);
    private static readonly Regex NaN = new(@"^(\.nan|\.NaN|\.NAN)$", RegexOptions.CultureInvariant);

    // go-yaml v2 (YAML 1.1) readings that YAML 1.2 reads differently.
    private static readonly Regex Yaml11Bool = new(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant);
    private static readonly Regex Yaml11LeadingZero = new(@"^[-+]?0[0-9_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Yaml11Binary = new(@"^[-+]?0b[01_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Yaml11Underscore = new(@"^[-+]?(0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?)$", RegexOptions.CultureInvariant);

    /// <summary>Resolves one scalar event.</summary>
    /// <exception cref="YamlTreeException">An explicit tag that cannot apply to the text.</exception>
    public static ResolvedScalar Resolve(string text, ScalarStyle style, string? tag, Mark start)
    {
        if (!string.IsNullOrEmpty(tag) && tag != "!")
        {
            return tag switch
            {
                StrTag => new ResolvedScalar(YamlScalarType.String, text, null),
                IntTag => TryInteger(text, out var i) ? new ResolvedScalar(YamlScalarType.Integer, i, null) : throw Bad(text, tag, start),
                FloatTag => TryFloat(text, out var f) ? new ResolvedScalar(YamlScalarType.Float, f, null)
                    : TryInteger(text, out var fi) ? new ResolvedScalar(YamlScalarType.Float, (double)fi, null) : throw Bad(text, tag, start),
                BoolTag => TryBool(text, out var b) ? new ResolvedScalar(YamlScalarType.Boolean, b, null) : throw Bad(text, tag, start),
                NullTag => IsNull(text) ? new ResolvedScalar(YamlScalarType.Null, null, null) : throw Bad(text, tag, start),
                _ => throw new YamlTreeException($"unsupported YAML tag '{tag}' on scalar '{text}'", start.Line, start.Column),
            };
        }

        // Quoted and block scalars, and the non-specific '!' tag, are always strings.
        if (style != ScalarStyle.Plain || tag == "!")
        {
            return new ResolvedScalar(YamlScalarType.String, text, null);
        }

        string? ambiguity = Yaml11Reading(text);
        if (IsNull(text))
        {
            return new ResolvedScalar(YamlScalarType.Null, null, ambiguity);
        }

        if (TryBool(text, out var boolean))
        {
            return new ResolvedScalar(YamlScalarType.Boolean, boolean, ambiguity);
        }

        if (TryInteger(text, out var integer))
        {
            return new ResolvedScalar(YamlScalarType.Integer, integer, ambiguity);
        }

        if (TryFloat(text, out var number))
        {
            return new ResolvedScalar(YamlScalarType.Float, number, ambiguity);
        }

        return new ResolvedScalar(YamlScalarType.String, text, ambiguity);
    }

    /// <summary>
    /// Explains how go-yaml v2 (used by sigs.k8s.io/yaml, hence kubectl) would read a plain scalar when that
    /// differs from YAML 1.2; null when both agree.
    /// </summary>
    private static string? Yaml11Reading(string text)
    {
        if (Yaml11Bool.IsMatch(text))
        {
            return $"plain scalar '{text}' is a string in YAML 1.2 but a boolean in YAML 1.1 (sigs.k8s.io/yaml, kubectl); quote it";
        }

        if (Yaml11LeadingZero.IsMatch(text))
        {
            return $"plain scalar '{text}' has a leading zero: YAML 1.2 reads it as decimal, YAML 1.1 (sigs.k8s.io/yaml, kubectl) as octal; quote it or drop the zero";
        }

        if (Yaml11Binary.IsMatch(text))
        {
            return $"plain scalar '{text}' is a string in YAML 1.2 but a binary integer in YAML 1.1 (sigs.k8s.io/yaml, kubectl); quote it";
        }

        if (text.Contains('_') && Yaml11Underscore.IsMatch(text))
        {
            return $"plain scalar '{text}' is a string in YAML 1.2 but a number in YAML 1.1 (sigs.k8s.io/yaml, kubectl); quote it";
        }

        return null;
    }

    private static YamlTreeException Bad(string text, string tag, Mark start)
        => new($"scalar '{text}' cannot be read as {tag}", start.Line, start.Column);

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static bool TryBool(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool TryInteger(string text, out BigInteger value)
    {
        if (Decimal.IsMatch(text))
        {
            value = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return true;
        }

        if (Hex.IsMatch(text))
        {
            // A leading 0 keeps BigInteger from reading the top bit as a sign.
            value = BigInteger.Parse("0" + text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return true;
        }

        if (Octal.IsMatch(text))
        {
            value = BigInteger.Zero;
            foreach (char c in text.Substring(2))
            {
                value = (value * 8) + (c - '0');
            }

            return true;
        }

        value = default;
        return false;
    }

    private static bool TryFloat(string text, out double value)
    {
        if (FloatRegex.IsMatch(text))
        {
            value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return true;
        }

        if (Infinity.IsMatch(text))
        {
            value = text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (NaN.IsMatch(text))
        {
            value = double.NaN;
            return true;
        }

        value = 0;
        return false;
    }
}

/// <summary>A scalar's resolved type and value, and why its meaning is reader-dependent (if it is).</summary>
internal readonly record struct ResolvedScalar(YamlScalarType Type, object? Value, string? Yaml11Ambiguity);
