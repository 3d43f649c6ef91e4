using System;
using System.Collections.Concurrent;
using EgressDsl.Simulation;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Go RE2 patterns (OpenAPI <c>pattern</c> in Kubernetes schemas, CEL's <c>matches</c>) with RE2's own syntax and meaning:
/// the request simulator's engine (<see cref="Re2Regex"/>), the one the product matches Envoy's regexes with, so RE2 is
/// implemented once. Its <c>$</c> is the end of the text only, where .NET's also matches before a final newline.
/// </summary>
internal static class Re2
{
    private static readonly ConcurrentDictionary<string, Re2Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses (and caches) a pattern; match it unanchored with <see cref="Re2Regex.IsMatch"/>, like RE2's MatchString.</summary>
    public static Re2Regex Compile(string pattern) => Cache.GetOrAdd(pattern, Re2Regex.Parse);
}
