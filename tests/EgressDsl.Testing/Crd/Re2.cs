using System;
using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Compiles Go RE2 patterns (used by OpenAPI <c>pattern</c> in Kubernetes and by CEL's <c>matches</c>) into .NET
/// regexes with the same meaning for the constructs Kubernetes schemas use.
/// </summary>
internal static class Re2
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Compiles (and caches) a pattern; unanchored, like RE2's MatchString.</summary>
    public static Regex Compile(string pattern) => Cache.GetOrAdd(pattern, p => new Regex(
        Translate(p),
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(2)));

    /// <summary>
    /// In RE2, <c>$</c> (without the m flag) matches only at the very end of the text, whereas .NET's also
    /// matches before a final newline; so "abc\n" would wrongly pass <c>^abc$</c>. Rewrite it to <c>\z</c>.
    /// </summary>
    private static string Translate(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 8);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[i + 1]);
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                builder.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    builder.Append(c);

                    // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        builder.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        builder.Append(']');
                        i++;
                    }

                    break;
                case '$':
                    builder.Append(@"\z");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
