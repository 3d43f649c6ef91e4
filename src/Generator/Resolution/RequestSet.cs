using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Simulation;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// The requests one HTTP rule matches, as Envoy matches them: a port (0 for any), the path, and each header named,
    /// every field a set of strings given by its matchers (all of which must hold), each matcher an RE2 automaton:
    /// exact and prefix values as literals, regexes as RE2 reads them (<see cref="Re2Regex"/>, the simulator's engine).
    /// A header a rule names must be present; one it does not name may be absent.
    /// </summary>
    internal sealed class RequestSet
    {
        /// <summary>The key of the path among the fields; header names are lower case, and never start with ':' here.</summary>
        public const string PathField = ":path";

        private readonly List<string> fields = new();
        private readonly Dictionary<string, List<Matcher>> matchers = new(StringComparer.Ordinal);

        private RequestSet(int port) => Port = port;

        /// <summary>The port the rule matches; 0 for any.</summary>
        public int Port { get; }

        /// <summary>A matcher the search cannot read (a regex RE2 rejects, reported by EGRESS009 for a URI, EGRESS503 for a header): nothing is concluded about the rule.</summary>
        public bool Undecided { get; private set; }

        /// <summary>The fields the rule constrains, the path first, then headers in the rule's order.</summary>
        public IReadOnlyList<string> Fields => fields;

        public static RequestSet Of(RouteRuleModel rule, int port)
        {
            var set = new RequestSet(port);
            if (rule.Uri is { } uri)
            {
                set.Add(PathField, uri.Kind, uri.Value, uri.Kind switch { StringMatchKind.Exact => "UriExact", StringMatchKind.Prefix => "UriPrefix", _ => "UriRegex" }, null);
            }

            for (var i = 0; i < rule.Headers.Count; i++)
            {
                var header = rule.Headers[i];
                set.Add(header.Name.ToLowerInvariant(), header.Kind, header.Value, "Headers", i);
            }

            return set;
        }

        private void Add(string field, StringMatchKind kind, string value, string argument, int? element)
        {
            Re2Regex? regex = null;
            try
            {
                regex = kind == StringMatchKind.Regex ? Re2Regex.Parse(value) : Re2Regex.Literal(value, kind == StringMatchKind.Prefix);
            }
            catch (FormatException)
            {
                Undecided = true;
            }

            if (!matchers.TryGetValue(field, out var list))
            {
                matchers[field] = list = new List<Matcher>();
                fields.Add(field);
            }

            if (regex is not null)
            {
                list.Add(new Matcher(regex, kind, value, argument, element));
            }
        }

        /// <summary>The automata of one field (none: any value, or for a header also no header).</summary>
        public IReadOnlyList<Re2Regex> Matchers(string field) =>
            matchers.TryGetValue(field, out var list) ? list.Select(m => m.Regex).ToList() : (IReadOnlyList<Re2Regex>)Array.Empty<Re2Regex>();

        /// <summary>Whether this rule's port takes every port the other rule matches.</summary>
        public bool PortCovers(RequestSet other) => Port == 0 || Port == other.Port;

        /// <summary>
        /// Whether every request of <paramref name="other"/> satisfies this rule's matches on every field but
        /// <paramref name="except"/>; false when the search cannot decide.
        /// </summary>
        public bool CoversAllBut(RequestSet other, string? except)
        {
            foreach (var field in fields)
            {
                if (field == except)
                {
                    continue;
                }

                foreach (var matcher in matchers[field])
                {
                    if (other.Within(field, new[] { matcher.Regex }) != true)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Whether every value this rule allows for <paramref name="field"/> is matched by one of <paramref name="union"/>:
        /// a header this rule does not name may be absent, which no matcher takes. Null when the search cannot decide.
        /// </summary>
        public bool? Within(string field, IReadOnlyList<Re2Regex> union)
        {
            if (field != PathField && !matchers.ContainsKey(field))
            {
                return false;
            }

            var found = Re2Regex.FindString(Matchers(field), union, out _);
            return found is null ? null : !found.Value;
        }

        /// <summary>The first matcher that no value can satisfy together with the rule's earlier matchers on its field, with the reason; null when every field has a value.</summary>
        public (string Argument, int? Element, string Reason)? Contradiction()
        {
            if (Undecided)
            {
                return null;
            }

            foreach (var field in fields)
            {
                var list = matchers[field];
                for (var k = 1; k <= list.Count; k++)
                {
                    var found = Re2Regex.FindString(list.Take(k).Select(m => m.Regex).ToList(), Array.Empty<Re2Regex>(), out _);
                    if (found != false)
                    {
                        continue;
                    }

                    var culprit = list[k - 1];
                    var what = FieldName(field);
                    var reason = k == 1
                        ? culprit.Describe() + " matches no " + what + ", so no request matches this rule; fix the pattern"
                        : "the " + what + " would have to match " + string.Join(" and ", list.Take(k - 1).Select(m => m.Describe())) + " and also " + culprit.Describe()
                          + ", which no value does (Envoy requires every match of a rule); split the rule in two, or use one regex such as '" + Alternatives(list.Take(k)) + "'";
                    return (culprit.Argument, culprit.Element, reason);
                }
            }

            return null;
        }

        /// <summary>One request this rule matches, for a message: its port, path and headers, each the shortest value found.</summary>
        public string Example()
        {
            var parts = new List<string>();
            if (Port != 0)
            {
                parts.Add("on port " + Port.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var field in fields)
            {
                if (Re2Regex.FindString(Matchers(field), Array.Empty<Re2Regex>(), out var value) != true)
                {
                    continue;
                }

                parts.Add(field == PathField ? "to path '" + value + "'" : "with header " + field + ": '" + value + "'");
            }

            return parts.Count == 0 ? "any request" : "a request " + string.Join(", ", parts);
        }

        public static string FieldName(string field) => field == PathField ? "path" : "value of header '" + field + "'";

        /// <summary>An alternation of the values, for a hint: exact values quoted for RE2, other patterns as they are.</summary>
        private static string Alternatives(IEnumerable<Matcher> list) =>
            string.Join("|", list.Select(m => m.Kind switch
            {
                StringMatchKind.Exact => Quote(m.Value),
                StringMatchKind.Prefix => Quote(m.Value) + ".*",
                _ => "(?:" + m.Value + ")",
            }));

        private static string Quote(string value) =>
            string.Concat(value.Select(c => "\\.+*?()|[]{}^$".IndexOf(c) >= 0 ? "\\" + c : c.ToString()));

        private sealed class Matcher
        {
            public Matcher(Re2Regex regex, StringMatchKind kind, string value, string argument, int? element)
            {
                (Regex, Kind, Value, Argument, Element) = (regex, kind, value, argument, element);
            }

            public Re2Regex Regex { get; }

            public StringMatchKind Kind { get; }

            public string Value { get; }

            public string Argument { get; }

            public int? Element { get; }

            public string Describe() => Kind switch
            {
                StringMatchKind.Exact => "exactly '" + Value + "'",
                StringMatchKind.Prefix => "the prefix '" + Value + "'",
                _ => "the regex '" + Value + "'",
            };
        }
    }
}
