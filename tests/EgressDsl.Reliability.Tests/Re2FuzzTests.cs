using System.Text;
using System.Text.RegularExpressions;
using EgressDsl.Generator.Simulation;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Property: on the syntax where RE2 and .NET mean the same (ASCII literals and classes, <c>.</c>, groups, alternation,
/// <c>* + ?</c> and counts, greedy or lazy, <c>^</c>, <c>\b</c>, <c>$</c> written as .NET's <c>\z</c>, and <c>(?i)</c>), the simulator's
/// RE2 engine and .NET's agree on every full match and every search, over random expressions and inputs. .NET's engine is
/// its non-backtracking one: its backtracking one gets some of these wrong (<c>(?:a(?:c*|\n)*?\n){2}</c> finds a match in
/// <c>" a_\nba\n"</c> that starts at a newline, where there is none).
/// </summary>
public class Re2FuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void The_RE2_engine_agrees_with_dotnet_where_their_meanings_agree()
    {
        var seed = FuzzSettings.Seed;
        var random = new Random(seed);
        var failures = new List<string>();
        var compared = 0;
        for (var i = 0; i < FuzzSettings.Expressions && failures.Count < 5; i++)
        {
            var (re2, dotnet) = Expression(random, depth: 0);

            // Case folding agrees on ASCII letters (the inputs hold no Kelvin sign or long s).
            var ignoreCase = random.Next(5) == 0;
            re2 = ignoreCase ? "(?i)" + re2 : re2;
            var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            var engine = Re2Regex.Parse(re2);
            var full = new Regex("^(?:" + dotnet + ")\\z", options);
            var search = new Regex(dotnet, options);
            for (var j = 0; j < 10; j++)
            {
                var input = Input(random);
                if (engine.IsFullMatch(input) != full.IsMatch(input) || engine.IsMatch(input) != search.IsMatch(input))
                {
                    failures.Add($"{re2} on \"{Escape(input)}\": RE2 engine full {engine.IsFullMatch(input)} search {engine.IsMatch(input)}, .NET full {full.IsMatch(input)} search {search.IsMatch(input)}");
                }

                compared++;
            }
        }

        output.WriteLine($"seed {seed}: {compared} comparisons (replay with EGRESS_FUZZ_SEED={seed})");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static readonly string[] Atoms = { "a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\w", "\\s", "x", "\\.", "[[:alpha:]]" };

    private static readonly string[] DotnetAtoms = { "a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "[0-9]", "[0-9A-Za-z_]", "[\\t\\n\\f\\r ]", "x", "\\.", "[A-Za-z]" };

    /// <summary>The same random expression in RE2's syntax and in .NET's.</summary>
    private static (string Re2, string Dotnet) Expression(Random random, int depth)
    {
        var parts = 1 + random.Next(3);
        var re2 = new StringBuilder();
        var dotnet = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            var roll = random.Next(depth < 3 ? 10 : 7);
            string r, d;
            if (roll < 6)
            {
                var atom = random.Next(Atoms.Length);
                (r, d) = (Atoms[atom], DotnetAtoms[atom]);
            }
            else if (roll == 6)
            {
                (r, d) = random.Next(4) switch { 0 => ("^", "^"), 1 => ("$", "\\z"), 2 => ("\\b", "\\b"), _ => ("\\B", "\\B") };
            }
            else if (roll == 7)
            {
                var inner = Expression(random, depth + 1);
                var capture = random.Next(2) == 0;
                (r, d) = ((capture ? "(" : "(?:") + inner.Re2 + ")", (capture ? "(" : "(?:") + inner.Dotnet + ")");
            }
            else
            {
                var left = Expression(random, depth + 1);
                var right = Expression(random, depth + 1);
                (r, d) = ("(?:" + left.Re2 + "|" + right.Re2 + ")", "(?:" + left.Dotnet + "|" + right.Dotnet + ")");
            }

            // An assertion is not repeated: .NET and RE2 agree on it, but .NET rejects some such forms.
            if (roll != 6 && random.Next(3) == 0)
            {
                var repeat = random.Next(6) switch { 0 => "*", 1 => "+", 2 => "?", 3 => "{2}", 4 => "{1,3}", _ => "{0,}" };
                var lazy = random.Next(4) == 0 ? "?" : string.Empty;
                r += repeat + lazy;
                d += repeat + lazy;
            }

            re2.Append(r);
            dotnet.Append(d);
        }

        return (re2.ToString(), dotnet.ToString());
    }

    private static string Input(Random random)
    {
        const string Alphabet = "abcx.1 _\nAX";
        var length = random.Next(9);
        var input = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            input.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return input.ToString();
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);
}
