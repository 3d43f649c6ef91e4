using EgressDsl.Simulation;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// The simulator's RE2 engine against facts of RE2's own tests (re2/testing/search_test.cc and parse_test.cc): what
/// matches, where RE2's meaning differs from .NET's, what RE2 rejects; and that a pattern that makes backtracking engines
/// take exponential time is matched at once.
/// </summary>
public class Re2RegexTests
{
    /// <summary>
    /// Issue 19: the product search the route analysis uses. A witness is checked with the matcher itself; "none" is
    /// the answer only where no string exists.
    /// </summary>
    [Theory]
    [InlineData("^v2$x", "", false)]
    [InlineData("v[0-9]+ v2", "", true)]
    [InlineData("a+", "a", true)]
    [InlineData("(?i)k", "k K", true)]
    [InlineData(@"\bx\b", "", true)]
    [InlineData(@"\p{Greek}+", @"\p{Greek}", true)]
    [InlineData("[^a]", @"\PL", true)]
    [InlineData("x", @"(?s).*", false)]
    [InlineData("[0-9]+", @"\d+", false)]
    [InlineData("a|b", "a b", false)]
    [InlineData(@"a\zb", "", false)]
    public void FindString_finds_a_string_all_match_and_none_do_or_proves_there_is_none(string all, string none, bool exists)
    {
        static List<Re2Regex> Parse(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => Re2Regex.Parse(p)).ToList();
        var mustMatch = Parse(all);
        var mustNot = Parse(none);

        var found = Re2Regex.FindString(mustMatch, mustNot, out var witness);

        Assert.Equal(exists, found);
        if (exists)
        {
            Assert.All(mustMatch, r => Assert.True(r.IsFullMatch(witness!), r.Pattern + " on " + witness));
            Assert.All(mustNot, r => Assert.False(r.IsFullMatch(witness!), r.Pattern + " on " + witness));
        }
    }

    [Fact]
    public void Literal_exact_and_prefix_match_as_the_simulator_does()
    {
        Assert.True(Re2Regex.Literal("/v1", prefix: false).IsFullMatch("/v1"));
        Assert.False(Re2Regex.Literal("/v1", prefix: false).IsFullMatch("/v1/x"));
        Assert.True(Re2Regex.Literal("/v1", prefix: true).IsFullMatch("/v1/x\ny"));
        Assert.False(Re2Regex.Literal("a.b", prefix: false).IsFullMatch("axb"));
        Assert.False(Re2Regex.FindString(new[] { Re2Regex.Literal("pr", prefix: true), Re2Regex.Literal("prod", prefix: false) }, new[] { Re2Regex.Literal("pr", prefix: true) }, out _));
    }

    // (pattern, text, whether it matches somewhere in the text): RE2's PartialMatch, Go's MatchString.
    public static IEnumerable<object[]> Searches() => new (string, string, bool)[]
    {
        ("a", "zyzzyva", true), ("a+", "aa", true), ("(a+|b)+", "ab", true), ("ab|cd", "xabcdx", true),
        ("h.*od?", "hello\ngoodbye\n", true), ("h.*o", "goodbye\nhello\n", true), ("[^\\s\\S]", "aaaaaaa", false),
        ("a*", "", true), ("((((((((((((((((((((x))))))))))))))))))))", "x", true), ("[^x]", "xxxabcdxxx", true),
        ("aa", "aA", false), ("ABC", "abc", false), ("(fo|foo)", "fo", true),

        // $ is the end of the text only: a final newline is not skipped, as .NET and Perl would.
        ("(foo|bar|[A-Z])$", "foo\n", false), ("^(foo|bar|[A-Z])$", "foo\n", false), ("^(foo|bar|[A-Z])$", "X", true),
        ("^$", "", true), ("^$", "x", false), ("^^^^^^^^$$$$$$$$", "", true), ("^", "x", true), ("$", "x", true),
        ("^$^$", "", true), ("^$^$", "x", false), ("^$^", "x\ny", false), ("$^$", "x\n\ny", false),
        ("^(foo\\$)$", "foo$bar", false), ("(foo\\$)", "foo$bar", true),

        // Word boundaries: ASCII word characters only.
        ("\\bfoo\\b", "nofoo foo that", true), ("a\\b", "faoa x", true), ("\\bbar", "foo\nbar x", true), ("bar\\b", "foobar", true),
        ("\\b", "", false), ("\\b", "x", true), ("\\B", "", true), ("\\B", "x", false), ("\\b$", "y x", true),
        ("\\bx\\b", "«x»", true), ("\\bx\\b", "áxβ", true), ("\\Bx\\B", "áxβ", false), ("\\Bx\\B", "axb", true),
        ("\\B(foo|bar|[A-Z])\\B", "xfoo_", true), ("\\B(foo|bar|[A-Z])\\B", "foo bar vNx", true),

        // Multi-line mode.
        ("(?m)^abc", "x\nabc", true), ("^abc", "x\nabc", false), ("(?m)def$", "def\nx", true), ("def$", "def\nx", false),
        ("(?m)\\Aabc", "x\nabc", false),

        // Octal and hexadecimal escapes.
        ("\\141", "a", true), ("^\\0600$", "00", true), ("^\\608$", "08", true), ("^\\01$", "\u0001", true), ("^\\018$", "\u00018", true),
        ("^\\x{61}$", "a", true), ("^\\x61$", "a", true), ("^\\x{00000061}$", "a", true),

        // Unicode: scripts and general categories, code points not UTF-16 units.
        ("\\p{Greek}+", "aαβb", true), ("^\\p{Greek}+$", "aαβb", false), ("^\\P{Greek}+$", "ab", true), ("^\\p{^Greek}$", "α", false),
        ("^\\P{^Greek}$", "α", true), ("^\\p{Nd}+$", "123", true), ("^\\p{Nd}+$", "²", false), ("^\\pN+$", "123²³¼½¾₀₉", true),
        ("^\\p{N}+$", "¼", true), ("^\\p{Any}+$", "abc123", true), ("^\\p{Han}+$", "日本語", true), ("^...$", "日本語", true),
        ("^.$", "😀", true), ("^\\p{Lu}\\p{Ll}+$", "Émile", true), ("^\\p{Cyrillic}+$", "мир", true),

        // Perl classes are ASCII; \s is [\t\n\f\r ], without \v; POSIX classes.
        ("\\s", "\v", false), ("[[:space:]]", "\v", true), ("\\d", "٣", false), ("\\w", "é", false), ("^[[:^alpha:]]+$", "12-3", true),
        ("^[[:word:]]+$", "a_1", true), ("^[[:xdigit:]]+$", "0fA", true), ("^[[:punct:]]+$", "!-@", true),

        // Case folding, with the Kelvin sign and the long s.
        ("^(?i)[@-A]+$", "@Aa", true), ("^(?i)[@-A]+$", "@AaB", false), ("^(?i)[A-Z]+$", "aAzZ", true), ("^[A-Z]+$", "aAzZ", false),
        ("^(?i)[^\\\\]+$", "Aa", true), ("^(?i)[^\\\\]+$", "Aa\\", false), ("^(?i)k$", "\u212A", true), ("^(?i)\u212A$", "k", true),
        ("^(?i)s$", "\u017F", true), ("^(?i)[acegikmoqsuwy]+$", "acegikmoqsuwyACEGIKMOQSUWY", true), ("^(?i)[^k]$", "K", false),
        ("^(?i:a)b$", "Ab", true), ("^(?i:a)b$", "AB", false), ("^(?i)a(?-i)b$", "Ab", true), ("^(?i)a(?-i)b$", "AB", false),

        // Newlines, \A, \z and \C.
        ("^.$", "\n", false), ("^(?s).$", "\n", true), ("^\\C$", "\n", true), ("\\Aabc\\z", "abc", true), ("\\Aabc\\z", "abc\n", false),

        // Flags, lazy and named groups; quoted text; counted repetitions; literal braces.
        ("^a*?$", "aaa", true), ("^(?U)a+$", "aaa", true), ("^(?P<first>a)(?<second>b)$", "ab", true), ("^(?:ab)+$", "abab", true),
        ("^\\Q+|*?{[\\E$", "+|*?{[", true), ("^\\Qab\\E*$", "abbb", true), ("^\\Qab\\E*$", "abab", false),
        ("^a{2,3}$", "aa", true), ("^a{2,3}$", "aaaa", false), ("^a{2,}$", "aaaaa", true), ("^a{,2}$", "a{,2}", true),
        ("^a*{$", "aaa{", true), ("^{}$", "{}", true), ("^[a-b-c]+$", "a-c", true), ("^[]a]+$", "]a", true), ("^[^]a]$", "b", true),
        ("^(|x|)$", "", true), ("^(a|)+$", "aa", true), ("^()*$", "", true),
    }.Select(c => new object[] { c.Item1, c.Item2, c.Item3 });

    [Theory]
    [MemberData(nameof(Searches))]
    public void Matches_as_RE2_does(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Re2Regex.Parse(pattern).IsMatch(text));
    }

    [Theory]
    [InlineData("(a+)+$")]
    [InlineData("(a|aa)+$")]
    [InlineData("(a*)*$")]
    [InlineData("(x+x+)+y")]
    public void Patterns_that_backtracking_engines_take_exponential_time_over_are_matched_in_linear_time(string pattern)
    {
        var regex = Re2Regex.Parse(pattern);
        var text = new string(pattern.Contains('x') ? 'x' : 'a', 20_000) + "!";

        // A backtracking engine tries about 2^20000 ways before saying no; the NFA reads each character once.
        Assert.False(regex.IsFullMatch(text));
        Assert.Equal(!pattern.Contains('x'), regex.IsFullMatch(text[..^1]));
        Assert.Equal(pattern == "(a*)*$", regex.IsMatch(text));
    }

    [Fact]
    public void Full_match_is_all_of_the_input_as_safe_regex_has_it()
    {
        var regex = Re2Regex.Parse("v[0-9]+");

        Assert.True(regex.IsFullMatch("v12"));
        Assert.False(regex.IsFullMatch("v12x"));
        Assert.False(regex.IsFullMatch("xv12"));
        Assert.True(regex.IsMatch("xv12x"));
        Assert.True(Re2Regex.Parse("a|ab").IsFullMatch("ab"));
    }

    [Fact]
    public void Groups_nest_up_to_1000_deep_and_deeper_is_an_error_not_a_stack_overflow()
    {
        Assert.True(Re2Regex.Parse(new string('(', 1000) + "a" + new string(')', 1000)).IsFullMatch("a"));
        Assert.Contains("nests too deeply", Re2Regex.Check(new string('(', 1001) + "a" + new string(')', 1001)), StringComparison.Ordinal);
        Assert.Contains("nests too deeply", Re2Regex.Check(new string('(', 100_000)), StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_repetitions_are_accepted_up_to_RE2s_limit_of_1000()
    {
        Assert.Null(Re2Regex.Check("((((((x{2}){2}){2}){5}){5}){5})"));
        Assert.Null(Re2Regex.Check("((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}))"));
        Assert.Null(Re2Regex.Check("x{1000}"));
        Assert.True(Re2Regex.Parse("((((((x{2}){2}){2}){5}){5}){5})").IsFullMatch(new string('x', 1000)));
        Assert.False(Re2Regex.Parse("((((((x{2}){2}){2}){5}){5}){5})").IsFullMatch(new string('x', 999)));
    }

    // What RE2 rejects (parse_test.cc's bad tests), and what other engines have that RE2 does not; with a word of the reason.
    [Theory]
    [InlineData("(", "missing closing )")]
    [InlineData(")", "unexpected )")]
    [InlineData("(a", "missing closing )")]
    [InlineData("(a|b|", "missing closing )")]
    [InlineData("[a-z", "missing closing ]")]
    [InlineData("([a-z)", "missing closing ]")]
    [InlineData("x{1001}", "bad repetition operator")]
    [InlineData("a{100000}", "bad repetition operator")]
    [InlineData("a{100000,}", "bad repetition operator")]
    [InlineData("a{3,2}", "bad repetition operator")]
    [InlineData("((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})", "nested repeat counts")]
    [InlineData("(((x{7}){11}){13})", "nested repeat counts")]
    [InlineData("(?P<name>a", "missing closing )")]
    [InlineData("(?P<name>", "missing closing )")]
    [InlineData("(?P<name", "invalid named capture group")]
    [InlineData("(?P<x y>a)", "invalid named capture group")]
    [InlineData("(?P<>a)", "invalid named capture group")]
    [InlineData("(?P<n>a)(?P<n>b)", "duplicate capture group name")]
    [InlineData("[a-Z]", "invalid character class range")]
    [InlineData("(?i)[a-Z]", "invalid character class range")]
    [InlineData("\\Q\\E*", "missing argument to repetition operator")]
    [InlineData("*a", "missing argument to repetition operator")]
    [InlineData("a|*", "missing argument to repetition operator")]
    [InlineData("{2}", "missing argument to repetition operator")]
    [InlineData("a++", "possessive")]
    [InlineData("a*+", "possessive")]
    [InlineData("a**", "bad repetition operator")]
    [InlineData("a?*", "bad repetition operator")]
    [InlineData("a{1}*", "bad repetition operator")]
    [InlineData("a*??", "bad repetition operator")]
    [InlineData("(?=a)", "lookahead")]
    [InlineData("(?!a)", "lookahead")]
    [InlineData("(?<=a)b", "lookbehind")]
    [InlineData("(?<!a)b", "lookbehind")]
    [InlineData("(a)\\1", "backreferences")]
    [InlineData("(?P<n>a)(?P=n)", "backreferences")]
    [InlineData("(?<n>a)\\k<n>", "backreferences")]
    [InlineData("(?>a+)", "atomic groups")]
    [InlineData("\\Ga", "\\G is not supported")]
    [InlineData("a\\Z", "\\Z is not supported")]
    [InlineData("(?(1)a|b)", "conditionals")]
    [InlineData("(?<open-close>x)", "balancing groups")]
    [InlineData("\\p{IsGreek}", "Is/In prefix")]
    [InlineData("\\p{InBasicLatin}", "no Unicode blocks")]
    [InlineData("\\p{Klingon}", "not a Unicode general category or script")]
    [InlineData("(?x)a b", "the x flag")]
    [InlineData("(?#comment)a", "comments")]
    [InlineData("(?i-)a", "invalid or unsupported Perl syntax")]
    [InlineData("(?)a", "invalid or unsupported Perl syntax")]
    [InlineData("[[:foo:]]", "invalid character class range")]
    [InlineData("\\8", "backreferences")]
    [InlineData("\\q", "invalid escape sequence")]
    [InlineData("\\x{110000}", "invalid escape sequence")]
    [InlineData("a\\", "trailing \\")]
    public void Rejects_what_RE2_rejects_and_says_why(string pattern, string reason)
    {
        var message = Re2Regex.Check(pattern);

        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => Re2Regex.Parse(pattern));
    }

    [Theory]
    [InlineData("[a-b-c]")]
    [InlineData("\\Qabc\\E")]
    [InlineData("\\Q*+?{[\\E")]
    [InlineData("(?:a)")]
    [InlineData("(?P<name>a)")]
    [InlineData("(?<name>a)")]
    [InlineData("a{,2}")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("\\pN")]
    [InlineData("\\p{^Greek}")]
    [InlineData("\\P{Braille}")]
    [InlineData("[[:^alpha:]\\d\\p{Lu}]")]
    [InlineData("(?i)(?-i:a)")]
    [InlineData("(?imsU)a+?")]
    [InlineData("\\_\\-\\.\\/")]
    [InlineData("a|^")]
    [InlineData("")]
    [InlineData("|")]
    [InlineData("^*")]
    public void Accepts_what_RE2_accepts(string pattern)
    {
        Assert.Null(Re2Regex.Check(pattern));
        Assert.Null(Re2Regex.Check(pattern, goSyntax: true));
    }

    [Fact]
    public void Any_byte_is_RE2s_and_not_Gos_so_not_Istios()
    {
        Assert.Null(Re2Regex.Check("a\\C"));
        Assert.Contains("Go's regexp", Re2Regex.Check("a\\C", goSyntax: true), StringComparison.Ordinal);
    }

    [Fact]
    public void An_expectation_on_a_backtracking_header_regex_holds_without_a_false_EGRESS300()
    {
        // A backtracking engine gives up on (a+)+b|a* after its timeout, before it tries a*: it said "no match", and the
        // last expectation failed with EGRESS300 although the header matches.
        var value = new string('a', 5_000);
        var source = $$"""
            using EgressDsl;
            [ExternalService("api.example.com", Resolution = ServiceResolution.Static)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [Endpoint("198.51.100.7", Labels = ["version=v1"])]
            [Endpoint("198.51.100.8", Labels = ["version=v2"])]
            [Subset("v1", "version=v1")]
            [Subset("v2", "version=v2")]
            public partial class Api;

            [EgressRoute(typeof(Api), Port = 80)]
            [HttpRoute(Headers = ["x-token~=(a+)+$"], Subset = "v2")]
            [HttpRoute(Headers = ["x-other~=(a+)+b|a*"], Subset = "v2")]
            [HttpRoute(Subset = "v1")]
            [ExpectRoute(Headers = ["x-token={{value}}"], ReachesSubset = "v2")]
            [ExpectRoute(Headers = ["x-token={{value}}!"], ReachesSubset = "v1")]
            [ExpectRoute(Headers = ["x-other={{value}}"], ReachesSubset = "v2")]
            public partial class ApiRoute;
            """;

        var diagnostics = GeneratorHarness.Analyze(GeneratorHarness.Compile(source));

        Assert.DoesNotContain(diagnostics, d => d.Id is "EGRESS300" or "EGRESS302" || d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("x-token~=(?=admin)admin", "lookahead")]
    [InlineData("x-token~=(a)\\1", "backreferences")]
    [InlineData("x-token~=\\p{IsGreek}+", "Is/In prefix")]
    [InlineData("x-token~=a{1001}", "bad repetition operator")]
    [InlineData("x-token~=a\\C", "Go's regexp")]
    // Issue 19's list, each an error on the argument.
    [InlineData("x-token~=(?<!x)y", "lookbehind")]
    [InlineData("x-token~=(?>a+)b", "atomic groups")]
    [InlineData("x-token~=(?x) a b", "free spacing")]
    [InlineData("x-token~=(?(a)b|c)", "conditionals")]
    [InlineData("x-token~=(?<o-c>a)", "balancing groups")]
    [InlineData("x-token~=\\Ga", "\\G is not supported")]
    public void A_header_regex_Istio_and_Envoy_reject_is_an_error_on_its_argument(string header, string reason)
    {
        var source = $$"""
            using EgressDsl;
            [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Api;

            [EgressRoute(typeof(Api), Port = 80)]
            [HttpRoute(Headers = ["{{header.Replace("\\", "\\\\")}}"])]
            public partial class ApiRoute;
            """;

        var error = Assert.Single(GeneratorHarness.Analyze(GeneratorHarness.Compile(source)), d => d.Severity == DiagnosticSeverity.Error);

        Assert.Equal("EGRESS503", error.Id);
        Assert.Contains("not valid RE2", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(reason, error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(header.Replace("\\", "\\\\"), error.Location.SourceTree!.ToString().Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_uri_regex_Istio_rejects_is_an_error_and_one_RE2_accepts_is_not()
    {
        string Source(string regex) => $$"""
            using EgressDsl;
            [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Api;

            [EgressRoute(typeof(Api), Port = 80)]
            [HttpRoute(UriRegex = "{{regex}}")]
            public partial class ApiRoute;
            """;

        Assert.Contains(GeneratorHarness.Analyze(GeneratorHarness.Compile(Source("/(?<!x)y"))), d => d.Id == "EGRESS009" && d.GetMessage().Contains("lookbehind", StringComparison.Ordinal));
        Assert.DoesNotContain(GeneratorHarness.Analyze(GeneratorHarness.Compile(Source("/v[0-9]+/\\\\p{Greek}*"))), d => d.Severity == DiagnosticSeverity.Error);
    }
}
