using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;
using Cel;
using Google.Protobuf.WellKnownTypes;

namespace EgressDsl.Testing.Crd;

/// <summary>The outcome of one <c>x-kubernetes-validations</c> rule.</summary>
internal readonly record struct CelOutcome(bool Passed, string? EvaluationError);

/// <summary>
/// Evaluates Kubernetes <c>x-kubernetes-validations</c> CEL rules with the <c>Cel</c> package, patched where
/// Kubernetes' CEL environment differs from it.
/// </summary>
/// <remarks>
/// <para>
/// Values reach CEL as Kubernetes hands unstructured objects to it: mappings as
/// <c>Dictionary&lt;string, object?&gt;</c>, sequences as <c>object?[]</c>, integers as <see cref="long"/>, numbers as
/// <see cref="double"/>.
/// </para>
/// <para>Functions registered here replace or extend the package's (registration order gives them priority):</para>
/// <list type="bullet">
/// <item><c>has(x.f)</c>: the package uses protobuf presence, so an empty list, map or string counts as absent.
/// Kubernetes tests key presence, so <c>endpoints: []</c> is present. We test presence (a null value counts as
/// absent, since Kubernetes prunes nulls before validating).</item>
/// <item><c>matches</c>: RE2 semantics for <c>$</c> (see <see cref="Re2"/>).</item>
/// <item><c>duration(string)</c>: Go's <c>time.ParseDuration</c> (see <see cref="GoDuration"/>).</item>
/// <item><c>substring</c> (Kubernetes strings extension), <c>isURL</c>, <c>url</c> and the URL accessors
/// (Kubernetes URL library), <c>isIP</c> (Kubernetes IP library, which the Gateway API's TLSRoute hostnames use): missing
/// from the package.</item>
/// </list>
/// </remarks>
internal sealed class CelRuleEvaluator
{
    /// <summary>Functions and macros a rule may call: the package's built-ins plus those registered here.</summary>
    public static readonly IReadOnlySet<string> SupportedFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        // Macros and built-ins of the Cel package that behave as in Kubernetes for the values we pass.
        "all", "exists", "exists_one", "filter", "map", "size", "contains", "startsWith", "endsWith", "int", "uint",
        "double", "string", "bool", "bytes", "dyn", "type", "timestamp",

        // Registered (replaced or added) below.
        "has", "matches", "duration", "substring", "isURL", "url", "getScheme", "getHost", "getHostname", "getPort",
        "getEscapedPath", "getQuery", "isIP",
    };

    private static readonly Regex Call = new(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.CultureInvariant);
    private static readonly Regex StringLiteral = new("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", RegexOptions.CultureInvariant);

    private readonly object _gate = new();
    private readonly CelEnvironment _environment = new(null, null);
    private readonly Dictionary<string, CelProgramDelegate> _programs = new(StringComparer.Ordinal);

    public CelRuleEvaluator()
    {
        _environment.RegisterFunction("has", new[] { typeof(object) }, args => IsPresent(args[0]));
        _environment.RegisterFunction("matches", new[] { typeof(string), typeof(string) }, args => Re2.Compile((string)args[1]!)
            .IsMatch((string)args[0]!));
        _environment.RegisterFunction("duration", new[] { typeof(string) }, args
            => ToDuration(GoDuration.ParseNanoseconds((string)args[0]!)));
        _environment.RegisterFunction("substring", new[] { typeof(string), typeof(long) }, args => Substring((string)args[0]!,
            (long)args[1]!, null));
        _environment.RegisterFunction("substring", new[] { typeof(string), typeof(long), typeof(long) }, args => Substring((string)args[0]!,
            (long)args[1]!, (long)args[2]!));
        _environment.RegisterFunction("isIP", new[] { typeof(string) }, args => IsIp((string)args[0]!));
        _environment.RegisterFunction("isURL", new[] { typeof(string) }, args => GoUrl.IsUrl((string)args[0]!));
        _environment.RegisterFunction("url", new[] { typeof(string) }, args => GoUrl.Parse((string)args[0]!));
        _environment.RegisterFunction("getScheme", new[] { typeof(GoUrl) }, args => ((GoUrl)args[0]!).Scheme);
        _environment.RegisterFunction("getHost", new[] { typeof(GoUrl) }, args => ((GoUrl)args[0]!).Host);
        _environment.RegisterFunction("getHostname", new[] { typeof(GoUrl) }, args => ((GoUrl)args[0]!).Hostname);
        _environment.RegisterFunction("getPort", new[] { typeof(GoUrl) }, args => ((GoUrl)args[0]!).Port);
        _environment.RegisterFunction("getEscapedPath", new[] { typeof(GoUrl) }, args => ((GoUrl)args[0]!).Path);
        _environment.RegisterFunction("getQuery", new[] { typeof(GoUrl) }, args => Query((GoUrl)args[0]!));
    }

    /// <summary>Names of functions a rule calls that this evaluator does not provide (empty when all are).</summary>
    public static IReadOnlyList<string> UnsupportedFunctions(string rule)
    {
        string code = StringLiteral.Replace(rule, "\"\"");
        return Call.Matches(code)
            .Select(m => m.Groups[1].Value)
            .Where(name => !SupportedFunctions.Contains(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Evaluates <paramref name="rule"/> with <c>self</c> bound to <paramref name="self"/>.</summary>
    public CelOutcome Evaluate(string rule, object? self)
    {
        // The Cel package gives no thread-safety guarantee, and xunit runs test classes in parallel.
        lock (_gate)
        {
            try
            {
                if (!_programs.TryGetValue(rule, out var program))
                {
                    program = _environment.Compile(rule);
                    _programs[rule] = program;
                }

                object? result = program(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self });
                return result switch
                {
                    bool passed => new CelOutcome(passed, null),
                    null => new CelOutcome(false, "the rule evaluated to null"),
                    _ when result.GetType().Name == "CelNoSuchField" => new CelOutcome(false,
                        "no such key (the rule reads a field that is not set)"),
                    _ => new CelOutcome(false, $"the rule returned {result.GetType().Name} '{result}', not a boolean"),
                };
            }
            catch (Exception e)
            {
                return new CelOutcome(false, Unwrap(e));
            }
        }
    }

    /// <summary>Converts a YAML node into the value CEL sees.</summary>
    public static object? ToCel(YamlTree node)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in node.Entries)
                {
                    map[key] = ToCel(value);
                }

                return map;
            case YamlNodeKind.Sequence:
                return node.Items.Select(ToCel).ToArray();
            default:
                return node.ScalarType switch
                {
                    YamlScalarType.Integer => (long)(BigInteger)node.Value!,
                    _ => node.Value,
                };
        }
    }

    private static bool IsPresent(object? value) => value is not null && value.GetType().Name != "CelNoSuchField";

    private static Duration ToDuration(long nanoseconds)
        => new() { Seconds = nanoseconds / 1_000_000_000, Nanos = (int)(nanoseconds % 1_000_000_000) };

    /// <summary>
    /// Kubernetes' <c>isIP</c>: an IPv4 address in dotted decimal without leading zeros, or an IPv6 address without a zone
    /// (Go's <c>netip.ParseAddr</c>, which the IP library calls, accepts no other form).
    /// </summary>
    private static bool IsIp(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal)
                && System.Net.IPAddress.TryParse(text, out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0')
            && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    private static string Substring(string text, long start, long? end)
    {
        // Kubernetes' strings extension indexes by code point and rejects out-of-range or reversed bounds.
        int[] codePoints = text.EnumerateRunes().Select(r => r.Value).ToArray();
        long stop = end ?? codePoints.Length;
        if (start < 0 || start > codePoints.Length || stop < start || stop > codePoints.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"substring({start}{(end is null ? string.Empty : ", " + end)}) is out of range for a string of length {codePoints.Length}");
        }

        return string.Concat(codePoints.Skip((int)start).Take((int)(stop - start)).Select(char.ConvertFromUtf32));
    }

    private static Dictionary<string, object?> Query(GoUrl url)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string pair in url.RawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            string key = Uri.UnescapeDataString(eq >= 0 ? pair.Substring(0, eq) : pair);
            string value = eq >= 0 ? Uri.UnescapeDataString(pair.Substring(eq + 1)) : string.Empty;
            var values = result.TryGetValue(key, out var existing) ? ((object?[])existing!).Append(value)
                .ToArray() : new object?[] { value };
            result[key] = values;
        }

        return result;
    }

    private static string Unwrap(Exception e)
    {
        while (e.InnerException is not null && e is System.Reflection.TargetInvocationException)
        {
            e = e.InnerException;
        }

        return $"{e.GetType().Name}: {e.Message}";
    }
}
