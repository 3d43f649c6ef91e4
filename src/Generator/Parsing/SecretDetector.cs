using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// The one place that knows what a secret looks like: PEM armour, well-known access-key and token shapes,
    /// credentials written into a value, and long high-entropy base64 or hex runs. <see cref="ClassParser"/> runs it on
    /// every string (and string-array element) of every attribute, so no secret reaches the assembly's generated
    /// constants or a manifest without EGRESS012.
    /// </summary>
    /// <remarks>
    /// False positives cost more than they seem: every value of the samples and the documentation must stay quiet. So
    /// the shapes are specific (a provider's prefix and length, an armour line, <c>keyword=value</c>), and the entropy
    /// rule only looks at runs of 40 or more base64 or hex characters: dots, dashes and <c>=</c> end a run (so host names,
    /// kebab-case names and labels never make one), and a run needs upper case, lower case and digits, few vowels (words
    /// have many) and a high entropy, or is all lower-case hex with digits and letters.
    /// </remarks>
    internal static class SecretDetector
    {
        /// <summary>The shortest run of base64 or hex characters the entropy rule looks at.</summary>
        public const int MinimumEncodedRun = 40;

        private static readonly RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

        // Each shape with the text it cannot match without (any of them, in lower case, looked for in the lower-cased value):
        // most values hold none, so most values are never handed to a regular expression, which would cost microseconds a
        // value on every build.
        private static readonly Shape[] Shapes =
        {
            // PEM armour in any case, with three or more dashes: "-----BEGIN PRIVATE KEY-----", "----begin certificate----".
            new Shape(@"-{3,}\s*BEGIN\b", Options | RegexOptions.IgnoreCase, "PEM key or certificate material", new[] { "---" }),
            new Shape(@"-{3,}\s*END [A-Z0-9 ]{0,40}(KEY|CERTIFICATE|CRL|PKCS7|PARAMETERS|REQUEST)-{3,}", Options | RegexOptions.IgnoreCase, "PEM key or certificate material", new[] { "---" }),
            new Shape(@"PRIVATE\s+KEY\s*-{3,}", Options | RegexOptions.IgnoreCase, "PEM key or certificate material", new[] { "---" }),
            // A JSON Web Token (header and payload are base64url JSON, so both start with "eyJ"), with or without "Bearer".
            new Shape(@"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.", Options, "a JSON Web Token", new[] { "eyj" }),
            new Shape(@"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}", Options | RegexOptions.IgnoreCase, "an Authorization header credential", new[] { "bearer", "basic" }),
            // Cloud and service access keys, by their documented prefixes and lengths.
            new Shape(@"\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b", Options, "an AWS access key ID", new[] { "akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa" }),
            new Shape(@"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})", Options, "a GitHub token", new[] { "gh" }),
            new Shape(@"\bxox[abposr]-[A-Za-z0-9-]{10,}", Options, "a Slack token", new[] { "xox" }),
            new Shape(@"\b[sr]k_(live|test)_[A-Za-z0-9]{16,}", Options, "a Stripe secret key", new[] { "k_live_", "k_test_" }),
            new Shape(@"\bAIza[0-9A-Za-z_-]{35}", Options, "a Google API key", new[] { "aiza" }),
            new Shape(@"\bglpat-[A-Za-z0-9_-]{20,}", Options, "a GitLab token", new[] { "glpat-" }),
            new Shape(@"\b(AccountKey|SharedAccessKey|SharedAccessSignature)\s*=", Options | RegexOptions.IgnoreCase, "an Azure account key or shared access signature", new[] { "accountkey", "sharedaccess" }),
            // A credential written as keyword=value or keyword: value.
            new Shape(@"(^|[^A-Za-z0-9])(password|passwd|pwd|secret|client[-_]?secret|api[-_]?key|access[-_]?key|secret[-_]?key|auth[-_]?token|access[-_]?token|token)\s*[=:]\s*(?<value>[^\s&;,]{4,})", Options | RegexOptions.IgnoreCase, "a password or key written as a value", new[] { "pass", "pwd", "secret", "key", "token" }),
            // user:password@host, alone or in a URL.
            new Shape(@"^[^\s:@/]+:[^\s@/]+@[^\s@]+$", Options, "a user name and password", new[] { "@" }),
            new Shape(@"://[^\s:@/]+:[^\s@/]+@", Options, "a user name and password", new[] { "@" }),
        };

        /// <summary>What kind of secret the text holds, in words for the user, or null when it looks like no secret.</summary>
        public static string? Find(string? value)
        {
            if (value is null || value.Length < 8)
            {
                return null;
            }

            var lower = value.ToLowerInvariant();
            foreach (var shape in Shapes)
            {
                if (Contains(lower, shape.Triggers) && IsSecretMatch(shape.Pattern.Match(value)))
                {
                    return shape.What;
                }
            }

            return HasEncodedKeyRun(value) ? "a long base64 or hex run that looks like a raw key" : null;
        }

        /// <summary>
        /// A shape of secret: its pattern, what it is in words, and the texts it cannot match without.
        /// </summary>
        /// <remarks>
        /// The pattern is compiled on the first value that holds a trigger: most builds meet none, and building sixteen
        /// regular expressions (and, in a new compiler process, compiling the regular-expression parser) cost about 25 ms
        /// of CPU at the start of every build without a compiler server.
        /// </remarks>
        private sealed class Shape
        {
            private readonly string source;
            private readonly RegexOptions options;
            private Regex? pattern;

            public Shape(string source, RegexOptions options, string what, string[] triggers)
            {
                this.source = source;
                this.options = options;
                What = what;
                Triggers = triggers;
            }

            public string What { get; }

            public string[] Triggers { get; }

            // Two threads may both build it; either instance matches the same way.
            public Regex Pattern => pattern ??= new Regex(source, options);
        }

        /// <summary>
        /// A match whose <c>value</c> group, where the shape has one, holds fewer than three different characters is a
        /// placeholder or test filler (<c>token=xxxx</c>, <c>password=****</c>, a header of repeated letters), not a secret.
        /// </summary>
        private static bool IsSecretMatch(Match match)
        {
            if (!match.Success)
            {
                return false;
            }

            var group = match.Groups["value"];
            if (!group.Success)
            {
                return true;
            }

            var distinct = new HashSet<char>();
            foreach (var c in group.Value)
            {
                if (distinct.Add(c) && distinct.Count >= 3)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Contains(string value, string[] triggers)
        {
            foreach (var trigger in triggers)
            {
                if (value.IndexOf(trigger, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A run of at least <see cref="MinimumEncodedRun"/> base64 (or base64url) characters that looks random.</summary>
        private static bool HasEncodedKeyRun(string value)
        {
            var start = 0;
            for (var i = 0; i <= value.Length; i++)
            {
                if (i < value.Length && IsEncodedCharacter(value[i]))
                {
                    continue;
                }

                if (i - start >= MinimumEncodedRun && LooksRandom(value, start, i - start))
                {
                    return true;
                }

                start = i + 1;
            }

            return false;
        }

        // '+' and '/' are base64 (an AWS secret key has slashes), '_' base64url. '=' ends a run: base64 has it only as
        // padding at the end, and key=value must not join the key to the value. '.' and '-' end runs, so host names and
        // kebab-case names never make one.
        private static bool IsEncodedCharacter(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_';

        private static bool LooksRandom(string value, int start, int length)
        {
            int upper = 0, lower = 0, digits = 0, hexLetters = 0, vowels = 0;
            var counts = new int[128];
            for (var i = start; i < start + length; i++)
            {
                var c = value[i];
                counts[c]++;
                if (c >= 'A' && c <= 'Z')
                {
                    upper++;
                }
                else if (c >= 'a' && c <= 'z')
                {
                    lower++;
                    hexLetters += c <= 'f' ? 1 : 0;
                    vowels += c is 'a' or 'e' or 'i' or 'o' or 'u' ? 1 : 0;
                }
                else if (c >= '0' && c <= '9')
                {
                    digits++;
                }
            }

            // A hex key or digest (lower-case hex, as keys are usually printed).
            if (upper == 0 && lower == hexLetters && digits > 0 && lower > 0)
            {
                return true;
            }

            if (upper == 0 || lower == 0 || digits == 0)
            {
                return false;
            }

            // Words: an identifier or a path made of words (ConfigurationForTheBillingApiV2, /api/v2/Users/Settings2024)
            // has about 40% vowels among its lower-case letters, random base64 about 19% (5 of 26). Below 30% is random
            // for 85% of 40-character keys and more for longer ones; identifiers measured 32% and up.
            if (vowels * 10 >= lower * 3)
            {
                return false;
            }

            // Shannon entropy in bits per character: random base64 has about 5 or more at this length, words and
            // repeated characters far less.
            var entropy = 0.0;
            foreach (var count in counts)
            {
                if (count > 0)
                {
                    var p = (double)count / length;
                    entropy -= p * Math.Log(p, 2);
                }
            }

            return entropy >= 4.0;
        }
    }
}
