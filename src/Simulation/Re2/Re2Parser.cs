using System;
using System.Collections.Generic;
using System.Globalization;

// Why one file: a recursive-descent parser whose steps share one cursor, one nesting depth and the flags of the group
// they are in; split by step, each part would hold a few methods that only make sense with the others beside them.

#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation
#else
namespace EgressDsl.Simulation
#endif
{
    /// <summary>
    /// Parses RE2's syntax (what Envoy's <c>safe_regex</c> and Istio's validation, Go's regexp, accept) into a tree, and
    /// rejects what RE2 rejects, with the reason: lookaround, backreferences, atomic groups, possessive and doubled
    /// repetitions, <c>\G</c> and <c>\Z</c>, conditionals, balancing groups, comments, the x flag, unknown Unicode classes
    /// (<c>\p{IsGreek}</c>) and repeat counts above 1000 (also multiplied through nested repetitions).
    /// </summary>
    internal sealed class Re2Parser
    {
        /// <summary>RE2's largest repeat count, and the largest product of nested repeat counts.</summary>
        public const int MaxRepeat = 1000;

        /// <summary>How deep groups may nest, as in RE2 and Go ("expression nests too deeply"); it also bounds this parser's recursion.</summary>
        public const int MaxDepth = 1000;

        private readonly string pattern;
        private readonly bool goSyntax;
        private readonly HashSet<string> names = new(StringComparer.Ordinal);
        private int position;
        private int depth;

        private Re2Parser(string pattern, bool goSyntax)
        {
            this.pattern = pattern;
            this.goSyntax = goSyntax;
        }

        /// <summary>
        /// The tree of <paramref name="pattern"/>; throws <see cref="FormatException"/> with RE2's reason when RE2 rejects it.
        /// With <paramref name="goSyntax"/>, also what Go's regexp (Istio's validation) rejects and C++ RE2 does not: <c>\C</c>.
        /// </summary>
        public static Re2Node Parse(string pattern, bool goSyntax = false)
        {
            var parser = new Re2Parser(pattern, goSyntax);
            var flags = Flags.None;
            var node = parser.ParseAlternation(ref flags);
            if (parser.position < pattern.Length)
            {
                // Only a ')' stops the top-level alternation early.
                throw parser.Error("unexpected ): no group is open", parser.position);
            }

            CheckRepeatSize(node, MaxRepeat);
            return node;
        }

        [Flags]
        private enum Flags
        {
            None = 0,
            FoldCase = 1,
            MultiLine = 2,
            DotNewline = 4,
            Ungreedy = 8,
        }

        private bool AtEnd => position >= pattern.Length;

        private char Peek => pattern[position];

        private bool LookingAt(string text) => string.CompareOrdinal(pattern, position, text, 0, text.Length) == 0;

        private FormatException Error(string reason, int at) =>
            new(reason + " (at offset " + at.ToString(CultureInfo.InvariantCulture) + ")");

        private Re2Node ParseAlternation(ref Flags flags)
        {
            // Flags set by (?i) inside a group hold to the group's end, in the later alternatives too.
            var branches = new List<Re2Node> { ParseConcatenation(ref flags) };
            while (!AtEnd && Peek == '|')
            {
                position++;
                branches.Add(ParseConcatenation(ref flags));
            }

            return branches.Count == 1 ? branches[0] : Re2Node.Alternation(branches);
        }

        private Re2Node ParseConcatenation(ref Flags flags)
        {
            var items = new List<Re2Node>();
            while (!AtEnd && Peek != '|' && Peek != ')')
            {
                var start = position;
                var atoms = ParseAtom(ref flags);
                if (atoms is null)
                {
                    continue;
                }

                // A quoted run (\Q...\E) is several literals; a repetition after it applies to its last one.
                for (var i = 0; i < atoms.Count - 1; i++)
                {
                    items.Add(atoms[i]);
                }

                if (atoms.Count == 0)
                {
                    if (!AtEnd && IsRepetitionStart())
                    {
                        throw Error("missing argument to repetition operator", position);
                    }

                    continue;
                }

                items.Add(ParseRepetitions(atoms[atoms.Count - 1], flags, start));
            }

            return items.Count == 1 ? items[0] : Re2Node.Concatenation(items);
        }

        private bool IsRepetitionStart() => Peek is '*' or '+' or '?' || (Peek == '{' && TryReadCount(position, out _, out _, out _));

        private Re2Node ParseRepetitions(Re2Node atom, Flags flags, int atomStart)
        {
            var repeated = false;
            while (!AtEnd)
            {
                var at = position;
                int min, max;
                if (Peek is '*' or '+' or '?')
                {
                    (min, max) = Peek switch { '*' => (0, -1), '+' => (1, -1), _ => (0, 1) };
                    position++;
                }
                else if (Peek == '{' && TryReadCount(position, out min, out max, out var end))
                {
                    if (min > MaxRepeat || max > MaxRepeat || (max >= 0 && max < min))
                    {
                        throw Error("bad repetition operator " + pattern.Substring(at, end - at) + ": RE2 allows counts up to " + MaxRepeat.ToString(CultureInfo.InvariantCulture) + ", the first no larger than the second", at);
                    }

                    position = end;
                }
                else
                {
                    break;
                }

                if (repeated)
                {
                    // a**, a+*, a{2}{3}; and a++, a*+, which are possessive elsewhere.
                    throw Error("bad repetition operator " + pattern.Substring(atomStart, position - atomStart)
                        + ": RE2 has no possessive or doubled repetition (put the inner one in a group)", at);
                }

                var lazy = !AtEnd && Peek == '?';
                if (lazy)
                {
                    position++;
                }

                atom = Re2Node.Repeat(atom, min, max, greedy: lazy == ((flags & Flags.Ungreedy) != 0));
                repeated = true;
            }

            return atom;
        }

        /// <summary>Reads <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at <paramref name="at"/>; anything else is literal text in RE2.</summary>
        private bool TryReadCount(int at, out int min, out int max, out int end)
        {
            min = max = end = 0;
            var i = at + 1;
            if (!ReadNumber(ref i, out min))
            {
                return false;
            }

            max = min;
            if (i < pattern.Length && pattern[i] == ',')
            {
                i++;
                max = -1;
                if (i < pattern.Length && pattern[i] != '}' && !ReadNumber(ref i, out max))
                {
                    return false;
                }
            }

            if (i >= pattern.Length || pattern[i] != '}')
            {
                return false;
            }

            end = i + 1;
            return true;
        }

        private bool ReadNumber(ref int i, out int value)
        {
            value = 0;
            var start = i;
            while (i < pattern.Length && pattern[i] >= '0' && pattern[i] <= '9')
            {
                // Past the limit the exact value does not matter: the count is rejected.
                value = Math.Min(value * 10 + (pattern[i] - '0'), 100_000_000);
                i++;
            }

            return i > start;
        }

        /// <summary>One atom, a quoted run of literals (several atoms), or null for a flag group such as <c>(?i)</c>.</summary>
        private List<Re2Node>? ParseAtom(ref Flags flags)
        {
            var at = position;
            var c = Peek;
            switch (c)
            {
                case '(':
                    return ParseGroup(ref flags);
                case '[':
                    return One(Re2Node.Class(ParseClass(flags)));
                case '.':
                    position++;
                    return One(Re2Node.Class(Re2CharClass.Dot((flags & Flags.DotNewline) != 0)));
                case '^':
                    position++;
                    return One(Re2Node.Assert((flags & Flags.MultiLine) != 0 ? Re2Assertion.BeginLine : Re2Assertion.BeginText));
                case '$':
                    position++;
                    return One(Re2Node.Assert((flags & Flags.MultiLine) != 0 ? Re2Assertion.EndLine : Re2Assertion.EndText));
                case '\\':
                    return ParseEscapeAtom(flags);
                case '*':
                case '+':
                case '?':
                    throw Error("missing argument to repetition operator " + c, at);
                case '{' when TryReadCount(position, out _, out _, out _):
                    throw Error("missing argument to repetition operator " + pattern.Substring(at, pattern.IndexOf('}', at) + 1 - at), at);
                default:
                    return One(Re2Node.Class(Re2CharClass.Of(ReadCodePoint(), (flags & Flags.FoldCase) != 0)));
            }
        }

        private static List<Re2Node> One(Re2Node node) => new(1) { node };

        private int ReadCodePoint()
        {
            var c = pattern[position];
            if (char.IsHighSurrogate(c) && position + 1 < pattern.Length && char.IsLowSurrogate(pattern[position + 1]))
            {
                position += 2;
                return char.ConvertToUtf32(c, pattern[position - 1]);
            }

            if (char.IsSurrogate(c))
            {
                throw Error("invalid UTF-8: a lone surrogate", position);
            }

            position++;
            return c;
        }

        private List<Re2Node>? ParseGroup(ref Flags flags)
        {
            var at = position;
            position++;
            string? name = null;
            var inner = flags;
            if (LookingAt("?P<") || (LookingAt("?<") && !LookingAt("?<=") && !LookingAt("?<!")))
            {
                position += LookingAt("?P<") ? 3 : 2;
                var close = pattern.IndexOf('>', position);
                name = close < 0 ? null : pattern.Substring(position, close - position);
                if (name is null || name.Length == 0 || !IsWord(name))
                {
                    var reason = name is not null && name.IndexOf('-') >= 0 ? "balancing groups are not supported by RE2" : "invalid named capture group";
                    throw Error(reason + ": " + pattern.Substring(at, (close < 0 ? pattern.Length : close + 1) - at), at);
                }

                if (!names.Add(name))
                {
                    throw Error("duplicate capture group name " + name, at);
                }

                position = close + 1;
            }
            else if (!AtEnd && Peek == '?')
            {
                position++;
                var unsupported = Unsupported();
                if (unsupported is not null)
                {
                    throw Error(unsupported, at);
                }

                // (?flags) or (?flags:re): i, m, s, U, and - before the ones to clear.
                var negate = false;
                var any = false;
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("missing closing ): " + pattern.Substring(at), at);
                    }

                    var c = Peek;
                    position++;
                    var flag = c switch { 'i' => Flags.FoldCase, 'm' => Flags.MultiLine, 's' => Flags.DotNewline, 'U' => Flags.Ungreedy, _ => Flags.None };
                    if (flag != Flags.None)
                    {
                        inner = negate ? inner & ~flag : inner | flag;
                        any = true;
                        continue;
                    }

                    if (c == '-' && !negate)
                    {
                        negate = true;
                        any = false;
                        continue;
                    }

                    // (?:re) groups without flags; (?) and (?i-) set none, and RE2 rejects them.
                    if ((c == ')' && any) || (c == ':' && (any || !negate)))
                    {
                        if (c == ')')
                        {
                            // The flags hold for the rest of the enclosing group.
                            flags = inner;
                            return null;
                        }

                        break;
                    }

                    var reason = c == 'x' ? "the x flag (free spacing) is not supported by RE2" : "invalid or unsupported Perl syntax";
                    throw Error(reason + ": " + pattern.Substring(at, position - at), at);
                }
            }

            if (++depth > MaxDepth)
            {
                throw Error("expression nests too deeply: more than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " groups inside one another", at);
            }

            var node = ParseAlternation(ref inner);
            depth--;
            if (AtEnd || Peek != ')')
            {
                throw Error("missing closing ): " + pattern.Substring(at), at);
            }

            position++;
            return One(Re2Node.Group(node));
        }

        /// <summary>What RE2 does not have among the <c>(?</c> constructs of other engines, named; null for flags.</summary>
        private string? Unsupported()
        {
            if (LookingAt("=") || LookingAt("!"))
            {
                return "lookahead (?" + Peek + "...) is not supported by RE2";
            }

            if (LookingAt("<=") || LookingAt("<!"))
            {
                return "lookbehind (?" + pattern.Substring(position, 2) + "...) is not supported by RE2";
            }

            if (LookingAt(">"))
            {
                return "atomic groups (?>...) are not supported by RE2";
            }

            if (LookingAt("#"))
            {
                return "comments (?#...) are not supported by RE2";
            }

            if (LookingAt("("))
            {
                return "conditionals (?(...)...) are not supported by RE2";
            }

            if (LookingAt("P=") || LookingAt("P>") || LookingAt("&"))
            {
                return "backreferences and subroutine calls are not supported by RE2";
            }

            if (LookingAt("'"))
            {
                return "named groups with quotes (?'name'...) are not supported by RE2: write (?P<name>...)";
            }

            if (LookingAt("|"))
            {
                return "branch reset groups (?|...) are not supported by RE2";
            }

            if (LookingAt("R") || (!AtEnd && char.IsDigit(Peek)) || LookingAt("+"))
            {
                return "recursion (?R) is not supported by RE2";
            }

            return null;
        }

        private static bool IsWord(string text)
        {
            foreach (var c in text)
            {
                if (!IsWordChar(c))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>RE2's word characters, for \w and \b: ASCII letters, digits and underscore only.</summary>
        public static bool IsWordChar(int c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

        private List<Re2Node>? ParseEscapeAtom(Flags flags)
        {
            var at = position;
            if (position + 1 >= pattern.Length)
            {
                throw Error("trailing \\", at);
            }

            var c = pattern[position + 1];
            switch (c)
            {
                case 'A':
                    position += 2;
                    return One(Re2Node.Assert(Re2Assertion.BeginText));
                case 'z':
                    position += 2;
                    return One(Re2Node.Assert(Re2Assertion.EndText));
                case 'b':
                    position += 2;
                    return One(Re2Node.Assert(Re2Assertion.WordBoundary));
                case 'B':
                    position += 2;
                    return One(Re2Node.Assert(Re2Assertion.NotWordBoundary));
                case 'C':
                    if (goSyntax)
                    {
                        throw Error("invalid escape sequence: \\C: Go's regexp, which Istio's webhook validates with, has no \\C (any byte)", at);
                    }

                    // Any byte in RE2; here, any code point.
                    position += 2;
                    return One(Re2Node.Class(Re2CharClass.Dot(matchNewline: true)));
                case 'Q':
                {
                    position += 2;
                    var end = pattern.IndexOf("\\E", position, StringComparison.Ordinal);
                    var stop = end < 0 ? pattern.Length : end;
                    var literals = new List<Re2Node>();
                    while (position < stop)
                    {
                        // Inside \Q...\E a backslash is literal, except that \\ is one backslash.
                        if (pattern[position] == '\\' && position + 1 < stop && pattern[position + 1] == '\\')
                        {
                            position++;
                        }

                        literals.Add(Re2Node.Class(Re2CharClass.Of(ReadCodePoint(), (flags & Flags.FoldCase) != 0)));
                    }

                    position = end < 0 ? pattern.Length : end + 2;
                    return literals;
                }
            }

            var cls = new Re2CharClass { FoldCase = (flags & Flags.FoldCase) != 0 };
            if (TryParseClassEscape(cls))
            {
                return One(Re2Node.Class(cls));
            }

            return One(Re2Node.Class(Re2CharClass.Of(ParseLiteralEscape(), (flags & Flags.FoldCase) != 0)));
        }

        /// <summary><c>\d \s \w \D \S \W</c> and <c>\pN \p{Name} \PN \P{^Name}</c>, added to <paramref name="cls"/>; false for any other escape.</summary>
        private bool TryParseClassEscape(Re2CharClass cls)
        {
            var at = position;
            var c = pattern[position + 1];
            if (c is 'd' or 's' or 'w' or 'D' or 'S' or 'W')
            {
                position += 2;
                cls.AddNamed(char.ToLowerInvariant(c).ToString(), negated: char.IsUpper(c));
                return true;
            }

            if (c is not ('p' or 'P'))
            {
                return false;
            }

            position += 2;
            if (AtEnd)
            {
                throw Error("invalid character class range: \\" + c, at);
            }

            string name;
            if (Peek == '{')
            {
                var close = pattern.IndexOf('}', position);
                if (close < 0)
                {
                    throw Error("invalid character class range: " + pattern.Substring(at), at);
                }

                name = pattern.Substring(position + 1, close - position - 1);
                position = close + 1;
            }
            else
            {
                name = char.ConvertFromUtf32(ReadCodePoint());
            }

            var negated = c == 'P';
            if (name.StartsWith("^", StringComparison.Ordinal))
            {
                negated = !negated;
                name = name.Substring(1);
            }

            if (!cls.AddUnicode(name, negated))
            {
                var hint = name.StartsWith("Is", StringComparison.Ordinal) || name.StartsWith("In", StringComparison.Ordinal)
                    ? ": RE2 names scripts and categories without .NET's Is/In prefix (\\p{Greek}, \\p{Lu}) and has no Unicode blocks"
                    : ": not a Unicode general category or script RE2 knows";
                throw Error("invalid character class range \\" + c + "{" + name + "}" + hint, at);
            }

            return true;
        }

        /// <summary>An escape that stands for one code point: octal, hexadecimal, control and punctuation escapes.</summary>
        private int ParseLiteralEscape()
        {
            var at = position;
            position++;
            var c = Peek;
            switch (c)
            {
                case >= '1' and <= '7' when position + 1 >= pattern.Length || pattern[position + 1] < '0' || pattern[position + 1] > '7':
                    throw Error("backreferences (\\" + c + ") are not supported by RE2", at);
                case >= '0' and <= '7':
                {
                    // Up to three octal digits: \0, \12, \141.
                    var value = 0;
                    for (var digits = 0; digits < 3 && !AtEnd && Peek >= '0' && Peek <= '7'; digits++)
                    {
                        value = value * 8 + (Peek - '0');
                        position++;
                    }

                    return value;
                }

                case 'x':
                {
                    position++;
                    if (!AtEnd && Peek == '{')
                    {
                        var close = pattern.IndexOf('}', position);
                        var digits = close < 0 ? string.Empty : pattern.Substring(position + 1, close - position - 1);
                        if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF || digits.Length > 8)
                        {
                            throw Error("invalid escape sequence: " + pattern.Substring(at, (close < 0 ? pattern.Length : close + 1) - at), at);
                        }

                        position = close + 1;
                        return code;
                    }

                    if (position + 2 > pattern.Length || !int.TryParse(pattern.Substring(position, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
                    {
                        throw Error("invalid escape sequence: " + pattern.Substring(at, Math.Min(4, pattern.Length - at)), at);
                    }

                    position += 2;
                    return value;
                }

                case 'a':
                    position++;
                    return 7;
                case 'f':
                    position++;
                    return '\f';
                case 'n':
                    position++;
                    return '\n';
                case 'r':
                    position++;
                    return '\r';
                case 't':
                    position++;
                    return '\t';
                case 'v':
                    position++;
                    return '\v';
            }

            if (c < 0x80 && !char.IsLetterOrDigit(c))
            {
                // Punctuation escapes itself: \. \* \- \_ \\ ...
                position++;
                return c;
            }

            var why = c switch
            {
                'G' => ": \\G is not supported by RE2",
                'Z' => ": \\Z is not supported by RE2 (\\z is the end of the text)",
                'k' => ": named backreferences are not supported by RE2",
                '8' or '9' => ": backreferences are not supported by RE2",
                'E' => ": \\E without \\Q",
                _ => string.Empty,
            };
            throw Error("invalid escape sequence: \\" + (char.IsSurrogate(c) ? "?" : c.ToString()) + why, at);
        }

        private Re2CharClass ParseClass(Flags flags)
        {
            var at = position;
            position++;
            var cls = new Re2CharClass { FoldCase = (flags & Flags.FoldCase) != 0 };
            if (!AtEnd && Peek == '^')
            {
                cls.Negated = true;
                position++;

                // RE2 keeps a negated class from taking a newline only with flags Envoy does not set: [^a] takes \n.
            }

            var first = true;
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("missing closing ]: " + pattern.Substring(at), at);
                }

                if (Peek == ']' && !first)
                {
                    position++;
                    return cls;
                }

                first = false;
                if (LookingAt("[:"))
                {
                    var close = pattern.IndexOf(":]", position + 2, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        var name = pattern.Substring(position + 2, close - position - 2);
                        var negated = name.StartsWith("^", StringComparison.Ordinal);
                        if (name == "^s" || name == "s" || name == "d" || name == "w" || !cls.AddNamed(negated ? name.Substring(1) : name, negated))
                        {
                            throw Error("invalid character class range: [:" + name + ":]", position);
                        }

                        position = close + 2;
                        continue;
                    }
                }

                if (Peek == '\\' && position + 1 < pattern.Length && TryParseClassEscape(cls))
                {
                    continue;
                }

                var rangeStart = position;
                var low = ClassCodePoint();
                var high = low;
                if (position + 1 < pattern.Length && Peek == '-' && pattern[position + 1] != ']')
                {
                    position++;
                    high = ClassCodePoint();
                    if (high < low)
                    {
                        throw Error("invalid character class range: " + pattern.Substring(rangeStart, position - rangeStart), rangeStart);
                    }
                }

                cls.Add(low, high);
            }
        }

        private int ClassCodePoint()
        {
            if (Peek != '\\')
            {
                return ReadCodePoint();
            }

            if (position + 1 >= pattern.Length)
            {
                throw Error("missing closing ]", position);
            }

            return ParseLiteralEscape();
        }

        /// <summary>
        /// RE2's limit on nested repetitions: the repeat counts, multiplied from the outside in, may not pass 1000
        /// (<c>(((x{7}){11}){13})</c> is 1001 and rejected; an unbounded count multiplies by its minimum).
        /// </summary>
        private static void CheckRepeatSize(Re2Node node, int budget)
        {
            if (node.Kind == Re2NodeKind.Repeat)
            {
                var count = node.Max >= 0 ? node.Max : node.Min;
                if (count > 0)
                {
                    budget /= count;
                }

                if (budget == 0)
                {
                    throw new FormatException("bad repetition operator: nested repeat counts multiply to more than " + MaxRepeat.ToString(CultureInfo.InvariantCulture));
                }
            }

            foreach (var child in node.Children)
            {
                CheckRepeatSize(child, budget);
            }
        }
    }

    /// <summary>What a node of a parsed RE2 expression is.</summary>
    internal enum Re2NodeKind
    {
        Class,
        Assertion,
        Concatenation,
        Alternation,
        Repeat,
        Group,
    }

    /// <summary>The zero-width assertions of RE2.</summary>
    internal enum Re2Assertion
    {
        BeginText,
        EndText,
        BeginLine,
        EndLine,
        WordBoundary,
        NotWordBoundary,
    }

    /// <summary>A node of a parsed RE2 expression.</summary>
    internal sealed class Re2Node
    {
        private static readonly List<Re2Node> None = new();

        private Re2Node(Re2NodeKind kind, List<Re2Node> children)
        {
            Kind = kind;
            Children = children;
        }

        public Re2NodeKind Kind { get; }

        public List<Re2Node> Children { get; }

        public Re2CharClass? CharClass { get; private set; }

        public Re2Assertion Assertion { get; private set; }

        public int Min { get; private set; }

        /// <summary>The largest count, -1 for no limit.</summary>
        public int Max { get; private set; }

        /// <summary>Whether the repetition prefers more (it decides which match RE2 reports, not whether one exists).</summary>
        public bool Greedy { get; private set; }

        public static Re2Node Class(Re2CharClass cls) => new(Re2NodeKind.Class, None) { CharClass = cls };

        public static Re2Node Assert(Re2Assertion assertion) => new(Re2NodeKind.Assertion, None) { Assertion = assertion };

        public static Re2Node Concatenation(List<Re2Node> items) => new(Re2NodeKind.Concatenation, items);

        public static Re2Node Alternation(List<Re2Node> branches) => new(Re2NodeKind.Alternation, branches);

        public static Re2Node Repeat(Re2Node item, int min, int max, bool greedy) =>
            new(Re2NodeKind.Repeat, new List<Re2Node> { item }) { Min = min, Max = max, Greedy = greedy };

        public static Re2Node Group(Re2Node item) => new(Re2NodeKind.Group, new List<Re2Node> { item });
    }
}
