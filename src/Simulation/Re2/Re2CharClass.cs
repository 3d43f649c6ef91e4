using System;
using System.Collections.Generic;
using System.Globalization;

#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation
#else
namespace EgressDsl.Simulation
#endif
{
    /// <summary>
    /// A set of code points as RE2 builds one: ranges, Unicode general categories and scripts, each possibly negated, the
    /// whole possibly negated; under <c>(?i)</c> a code point is in the set when any of its case variants is (RE2 folds, then
    /// negates: <c>(?i)[^k]</c> takes neither K nor the Kelvin sign).
    /// </summary>
    internal sealed class Re2CharClass
    {
        private readonly List<Item> items = new();

        public bool Negated { get; set; }

        public bool FoldCase { get; set; }

        /// <summary>The general categories RE2 names (<c>\p{Lu}</c>, and one letter for a whole class, <c>\pL</c>), as .NET's.</summary>
        private static readonly Dictionary<string, UnicodeCategory[]> Categories = BuildCategories();

        public static Re2CharClass Of(int codePoint, bool foldCase) => new Re2CharClass { FoldCase = foldCase }.Add(codePoint, codePoint);

        /// <summary>Any code point but a newline (<c>.</c> without the s flag), or any at all.</summary>
        public static Re2CharClass Dot(bool matchNewline) =>
            matchNewline ? new Re2CharClass().Add(0, 0x10FFFF) : new Re2CharClass { Negated = true }.Add('\n', '\n');

        public Re2CharClass Add(int low, int high)
        {
            items.Add(new Item(low, high, null, null, false));
            return this;
        }

        public void AddClass(Re2CharClass other, bool negated) => items.Add(new Item(0, -1, null, other, negated));

        /// <summary>Adds a Perl class (<c>\d \s \w</c> and their negations) or a POSIX one (<c>[:alpha:]</c>); false for an unknown name.</summary>
        public bool AddNamed(string name, bool negated)
        {
            var ranges = name switch
            {
                "d" or "digit" => "09",
                "s" => "\t\n\f\r  ",
                "w" or "word" => "09AZ__az",
                "alnum" => "09AZaz",
                "alpha" => "AZaz",
                "ascii" => "\u0000\u007f",
                "blank" => "\t\t  ",
                "cntrl" => "\u0000\u001f\u007f\u007f",
                "graph" => "!~",
                "lower" => "az",
                "print" => " ~",
                "punct" => "!/:@[`{~",
                "space" => "\t\r  ",
                "upper" => "AZ",
                "xdigit" => "09AFaf",
                _ => null,
            };
            if (ranges is null)
            {
                return false;
            }

            var named = new Re2CharClass();
            for (var i = 0; i < ranges.Length; i += 2)
            {
                named.Add(ranges[i], ranges[i + 1]);
            }

            AddClass(named, negated);
            return true;
        }

        /// <summary>Adds <c>\p{name}</c> (a general category, a script, or <c>Any</c>); false for a name RE2 does not know (<c>IsGreek</c>).</summary>
        public bool AddUnicode(string name, bool negated)
        {
            if (name == "Any")
            {
                AddClass(new Re2CharClass().Add(0, 0x10FFFF), negated);
                return true;
            }

            if (Categories.TryGetValue(name, out var categories))
            {
                items.Add(new Item(0, -1, categories, null, negated));
                return true;
            }

            if (!Re2UnicodeScripts.Ranges.TryGetValue(name, out var encoded))
            {
                return false;
            }

            var script = new Re2CharClass();
            foreach (var range in encoded.Split(' '))
            {
                var dash = range.IndexOf('-');
                var low = int.Parse(dash < 0 ? range : range.Substring(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var high = dash < 0 ? low : int.Parse(range.Substring(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                script.Add(low, high);
            }

            AddClass(script, negated);
            return true;
        }

        /// <summary>
        /// Code points on the edges of this class (each range's ends and their neighbours, samples of each general
        /// category it names), so that a search over them meets every distinction the class makes.
        /// </summary>
        public void AddBoundaries(ISet<int> points)
        {
            foreach (var item in items)
            {
                if (item.Class is { } nested)
                {
                    nested.AddBoundaries(points);
                }
                else if (item.Categories is { } categories)
                {
                    foreach (var category in categories)
                    {
                        foreach (var sample in CategorySamples.Value[(int)category])
                        {
                            points.Add(sample);
                        }
                    }
                }
                else
                {
                    foreach (var point in new[] { item.Low - 1, item.Low, item.High, item.High + 1 })
                    {
                        if (point >= 0 && point <= 0x10FFFF && (point < 0xD800 || point > 0xDFFF))
                        {
                            points.Add(point);
                        }
                    }
                }
            }
        }

        /// <summary>The first two code points of each general category in the Basic Multilingual Plane, built once.</summary>
        private static readonly Lazy<List<int>[]> CategorySamples = new(() =>
        {
            var samples = new List<int>[32];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = new List<int>();
            }

            for (var c = 0; c < 0x10000; c++)
            {
                if (c is >= 0xD800 and <= 0xDFFF)
                {
                    continue;
                }

                var list = samples[(int)CharUnicodeInfo.GetUnicodeCategory((char)c)];
                if (list.Count < 2)
                {
                    list.Add(c);
                }
            }

            return samples;
        });

        public bool Matches(int codePoint) => Matches(codePoint, FoldCase);

        private bool Matches(int codePoint, bool foldCase)
        {
            var inside = Contains(codePoint, foldCase);
            if (!inside && foldCase)
            {
                foreach (var variant in CaseVariants(codePoint))
                {
                    if (variant != codePoint && Contains(variant, foldCase))
                    {
                        inside = true;
                        break;
                    }
                }
            }

            return inside != Negated;
        }

        private bool Contains(int codePoint, bool foldCase)
        {
            foreach (var item in items)
            {
                bool inside;
                if (item.Class is { } nested)
                {
                    // A nested class folds with its parent: (?i)\W is the complement of (?i)\w.
                    inside = nested.Matches(codePoint, foldCase);
                }
                else if (item.Categories is { } categories)
                {
                    inside = codePoint <= 0x10FFFF && Array.IndexOf(categories, Category(codePoint)) >= 0;
                }
                else
                {
                    inside = codePoint >= item.Low && codePoint <= item.High;
                }

                if (inside != item.Negated)
                {
                    return true;
                }
            }

            return false;
        }

        private static UnicodeCategory Category(int codePoint) =>
            codePoint < 0x10000 ? CharUnicodeInfo.GetUnicodeCategory((char)codePoint) : CharUnicodeInfo.GetUnicodeCategory(char.ConvertFromUtf32(codePoint), 0);

        /// <summary>
        /// The code points that fold together with <paramref name="codePoint"/>: its lower and upper case, and the members of
        /// Unicode's case-folding orbits that case mapping alone does not reach (the Kelvin sign with k, the long s with s...).
        /// </summary>
        public static IEnumerable<int> CaseVariants(int codePoint)
        {
            if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            {
                yield break;
            }

            var text = char.ConvertFromUtf32(codePoint);
            var lower = Single(text.ToLowerInvariant()) ?? codePoint;
            var upper = Single(text.ToUpperInvariant()) ?? codePoint;
            yield return lower;
            yield return upper;
            var upperOfLower = Single(char.ConvertFromUtf32(lower).ToUpperInvariant());
            if (upperOfLower is { } other)
            {
                yield return other;
            }

            var lowerOfUpper = Single(char.ConvertFromUtf32(upper).ToLowerInvariant());
            if (lowerOfUpper is { } another)
            {
                yield return another;
            }

            for (var i = 0; i < Orbits.Length; i += 2)
            {
                if (Orbits[i] == lower || Orbits[i] == lowerOfUpper)
                {
                    yield return Orbits[i + 1];
                }
                else if (Orbits[i + 1] == codePoint)
                {
                    yield return Orbits[i];
                    yield return Single(char.ConvertFromUtf32(Orbits[i]).ToUpperInvariant()) ?? Orbits[i];
                }
            }
        }

        // Pairs (a lower-case letter, a code point that folds to it without being its case).
        private static readonly int[] Orbits =
        {
            'k', 0x212A, 's', 0x017F, 0x00E5, 0x212B, 0x03C9, 0x2126, 0x03BC, 0x00B5, 0x03C3, 0x03C2, 0x00DF, 0x1E9E, 0x03B2, 0x03D0,
            0x03B8, 0x03D1, 0x03B8, 0x03F4, 0x03C6, 0x03D5, 0x03C0, 0x03D6, 0x03BA, 0x03F0, 0x03C1, 0x03F1, 0x03B5, 0x03F5,
            0x03B9, 0x0345, 0x03B9, 0x1FBE, 0x1E61, 0x1E9B,
        };

        private static int? Single(string text) =>
            text.Length == 1 && !char.IsSurrogate(text[0]) ? text[0]
            : text.Length == 2 && char.IsSurrogatePair(text[0], text[1]) ? char.ConvertToUtf32(text[0], text[1])
            : null;

        private static Dictionary<string, UnicodeCategory[]> BuildCategories()
        {
            var all = new Dictionary<string, UnicodeCategory[]>(StringComparer.Ordinal)
            {
                ["Cc"] = new[] { UnicodeCategory.Control },
                ["Cf"] = new[] { UnicodeCategory.Format },
                ["Co"] = new[] { UnicodeCategory.PrivateUse },
                ["Cs"] = new[] { UnicodeCategory.Surrogate },
                ["Ll"] = new[] { UnicodeCategory.LowercaseLetter },
                ["Lm"] = new[] { UnicodeCategory.ModifierLetter },
                ["Lo"] = new[] { UnicodeCategory.OtherLetter },
                ["Lt"] = new[] { UnicodeCategory.TitlecaseLetter },
                ["Lu"] = new[] { UnicodeCategory.UppercaseLetter },
                ["Mc"] = new[] { UnicodeCategory.SpacingCombiningMark },
                ["Me"] = new[] { UnicodeCategory.EnclosingMark },
                ["Mn"] = new[] { UnicodeCategory.NonSpacingMark },
                ["Nd"] = new[] { UnicodeCategory.DecimalDigitNumber },
                ["Nl"] = new[] { UnicodeCategory.LetterNumber },
                ["No"] = new[] { UnicodeCategory.OtherNumber },
                ["Pc"] = new[] { UnicodeCategory.ConnectorPunctuation },
                ["Pd"] = new[] { UnicodeCategory.DashPunctuation },
                ["Pe"] = new[] { UnicodeCategory.ClosePunctuation },
                ["Pf"] = new[] { UnicodeCategory.FinalQuotePunctuation },
                ["Pi"] = new[] { UnicodeCategory.InitialQuotePunctuation },
                ["Po"] = new[] { UnicodeCategory.OtherPunctuation },
                ["Ps"] = new[] { UnicodeCategory.OpenPunctuation },
                ["Sc"] = new[] { UnicodeCategory.CurrencySymbol },
                ["Sk"] = new[] { UnicodeCategory.ModifierSymbol },
                ["Sm"] = new[] { UnicodeCategory.MathSymbol },
                ["So"] = new[] { UnicodeCategory.OtherSymbol },
                ["Zl"] = new[] { UnicodeCategory.LineSeparator },
                ["Zp"] = new[] { UnicodeCategory.ParagraphSeparator },
                ["Zs"] = new[] { UnicodeCategory.SpaceSeparator },
            };

            // One letter names the whole class; RE2's C leaves out unassigned code points (Cn).
            foreach (var letter in new[] { "C", "L", "M", "N", "P", "S", "Z" })
            {
                var union = new List<UnicodeCategory>();
                foreach (var pair in all)
                {
                    if (pair.Key.Length == 2 && pair.Key[0] == letter[0])
                    {
                        union.AddRange(pair.Value);
                    }
                }

                all[letter] = union.ToArray();
            }

            return all;
        }

        /// <summary>A range, categories, or a nested class; <see cref="Negated"/> complements it.</summary>
        private sealed class Item
        {
            public Item(int low, int high, UnicodeCategory[]? categories, Re2CharClass? nested, bool negated)
            {
                (Low, High, Categories, Class, Negated) = (low, high, categories, nested, negated);
            }

            public int Low { get; }

            public int High { get; }

            public UnicodeCategory[]? Categories { get; }

            public Re2CharClass? Class { get; }

            public bool Negated { get; }
        }
    }
}
