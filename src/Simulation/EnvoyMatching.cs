using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;
using System.Linq;

#if EGRESS_GENERATOR
using EgressDsl.Generator.Simulation.Json;

namespace EgressDsl.Generator.Simulation
#else
using EgressDsl.Simulation.Json;

namespace EgressDsl.Simulation
#endif
{
    /// <summary>Envoy's matching rules, each as Envoy's source implements it (the file is named on each method).</summary>
    internal static class EnvoyMatching
    {
        private static readonly Dictionary<string, Re2Regex?> Regexes = new(StringComparer.Ordinal);

        /// <summary>
        /// <c>HeaderUtility::getPortStart</c>: the host of an authority without <c>:port</c>. An IPv6 literal keeps its brackets'
        /// content whole.
        /// </summary>
        public static string HostWithoutPort(string authority)
        {
            var colon = authority.LastIndexOf(':');
            if (colon < 0)
            {
                return authority;
            }

            var bracket = authority.LastIndexOf(']');
            if (bracket >= 0 && bracket > colon)
            {
                return authority;
            }

            var port = authority.Substring(colon + 1);
            return uint.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? authority.Substring(0, colon) : authority;
        }

        /// <summary>
        /// <c>RouteMatcher::findVirtualHost</c>: an exact domain first, then the longest suffix wildcard (<c>*.example.com</c>,
        /// which needs at least one more character), then the longest prefix wildcard (<c>example.*</c>), then <c>*</c>.
        /// Domains are compared in lower case. Returns the index of the virtual host, or -1.
        /// </summary>
        public static int FindVirtualHost(IReadOnlyList<IReadOnlyList<string>> domainsByVirtualHost, string host)
        {
            // Indexed loops: a sidecar's route configuration has a virtual host per service, looked up for every request.
            host = host.ToLowerInvariant();
            var best = -1;
            for (var i = 0; i < domainsByVirtualHost.Count; i++)
            {
                var domains = domainsByVirtualHost[i];
                for (var d = 0; d < domains.Count; d++)
                {
                    var domain = domains[d];
                    if (string.Equals(domain, host, StringComparison.OrdinalIgnoreCase))
                    {
                        return i;
                    }
                }
            }

            var bestLength = -1;
            for (var i = 0; i < domainsByVirtualHost.Count; i++)
            {
                var domains = domainsByVirtualHost[i];
                for (var d = 0; d < domains.Count; d++)
                {
                    var domain = domains[d];
                    if (domain.Length > 1 && domain[0] == '*')
                    {
                        var suffix = domain.Substring(1);
                        if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && suffix.Length > bestLength)
                        {
                            (best, bestLength) = (i, suffix.Length);
                        }
                    }
                }
            }

            if (best >= 0)
            {
                return best;
            }

            for (var i = 0; i < domainsByVirtualHost.Count; i++)
            {
                var domains = domainsByVirtualHost[i];
                for (var d = 0; d < domains.Count; d++)
                {
                    var domain = domains[d];
                    if (domain.Length > 1 && domain[domain.Length - 1] == '*')
                    {
                        var prefix = domain.Substring(0, domain.Length - 1);
                        if (host.Length > prefix.Length && host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && prefix.Length > bestLength)
                        {
                            (best, bestLength) = (i, prefix.Length);
                        }
                    }
                }
            }

            if (best >= 0)
            {
                return best;
            }

            for (var i = 0; i < domainsByVirtualHost.Count; i++)
            {
                if (domainsByVirtualHost[i].Contains("*"))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>A path without its query string and fragment (<c>PathUtil::removeQueryAndFragment</c>), which route path matchers see.</summary>
        public static string RemoveQueryAndFragment(string path)
        {
            var end = path.IndexOfAny(new[] { '?', '#' });
            return end < 0 ? path : path.Substring(0, end);
        }

        /// <summary>RFC 3986 dot-segment removal, what <c>normalize_path</c> does before routing.</summary>
        public static string NormalizePath(string path)
        {
            var query = path.IndexOfAny(new[] { '?', '#' });
            var pathPart = query < 0 ? path : path.Substring(0, query);
            var rest = query < 0 ? string.Empty : path.Substring(query);
            var output = new List<string>();
            var segments = pathPart.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                var segment = segments[i];
                if (segment == ".")
                {
                    if (i == segments.Length - 1)
                    {
                        output.Add(string.Empty);
                    }

                    continue;
                }

                if (segment == "..")
                {
                    if (output.Count > 0)
                    {
                        output.RemoveAt(output.Count - 1);
                    }

                    if (i == segments.Length - 1)
                    {
                        output.Add(string.Empty);
                    }

                    continue;
                }

                output.Add(segment);
            }

            return "/" + string.Join("/", output) + rest;
        }

        /// <summary>
        /// An RE2 regular expression as Envoy's <c>safe_regex</c> applies it: it must match the whole input. Matched by
        /// <see cref="Re2Regex"/>, RE2's own syntax and meaning in linear time. When the answer cannot be had (a pattern RE2
        /// rejects, which Envoy would refuse to load, or one too large for the input), it is false and the reason goes to
        /// <paramref name="undecided"/>.
        /// </summary>
        public static bool FullMatch(string pattern, string input, ICollection<string>? undecided = null)
        {
            Re2Regex? regex;
            string? error = null;
            lock (Regexes)
            {
                if (!Regexes.TryGetValue(pattern, out regex))
                {
                    try
                    {
                        regex = Re2Regex.Parse(pattern);
                    }
                    catch (FormatException exception)
                    {
                        regex = null;
                        error = exception.Message;
                    }

                    if (Regexes.Count < 1024)
                    {
                        Regexes[pattern] = regex;
                    }
                }
            }

            if (regex is null)
            {
                undecided?.Add("regex " + Quote(Shorten(pattern)) + " is not one RE2 accepts: " + (error ?? Re2Regex.Check(pattern)));
                return false;
            }

            if (regex.TryFullMatch(input) is { } matched)
            {
                return matched;
            }

            undecided?.Add("regex " + Quote(Shorten(pattern)) + ": " + regex.UndecidedReason(input));
            return false;
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";

        /// <summary>A <c>envoy.type.matcher.v3.StringMatcher</c>: exact, prefix, suffix, contains or safe_regex, optionally ignoring case.</summary>
        public static bool StringMatches(JsonValue matcher, string value, out string description, ICollection<string>? undecided = null)
        {
            var ignoreCase = matcher.Bool("ignore_case");
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var suffix = ignoreCase ? " (ignoring case)" : string.Empty;
            if (matcher.String("exact") is { } exact)
            {
                description = "exact \"" + exact + "\"" + suffix;
                return string.Equals(value, exact, comparison);
            }

            if (matcher.String("prefix") is { } prefix)
            {
                description = "prefix \"" + prefix + "\"" + suffix;
                return value.StartsWith(prefix, comparison);
            }

            if (matcher.String("suffix") is { } end)
            {
                description = "suffix \"" + end + "\"" + suffix;
                return value.EndsWith(end, comparison);
            }

            if (matcher.String("contains") is { } contains)
            {
                description = "contains \"" + contains + "\"" + suffix;
                return value.IndexOf(contains, comparison) >= 0;
            }

            if (matcher["safe_regex"] is { } regex)
            {
                var pattern = regex.String("regex") ?? string.Empty;
                description = "regex \"" + pattern + "\"";
                return FullMatch(pattern, value, undecided);
            }

            // An empty StringMatcher is invalid in Envoy (a required oneof); it matches nothing here.
            description = "an empty string matcher";
            return false;
        }

        /// <summary>
        /// A <c>HeaderMatcher</c> (<c>HeaderUtility::matchHeaders</c>). A missing header fails every matcher unless
        /// <c>treat_missing_header_as_empty</c> is set, except <c>present_match: false</c>, and <c>present_match: true</c> inverted.
        /// </summary>
        public static bool HeaderMatches(JsonValue matcher, SimulatedRequest request, out string description, ICollection<string>? undecided = null)
        {
            var name = (matcher.String("name") ?? string.Empty).ToLowerInvariant();
            var invert = matcher.Bool("invert_match");
            var value = request.Header(name);
            var treatMissingAsEmpty = matcher.Bool("treat_missing_header_as_empty");
            var present = matcher["present_match"];
            string what;
            bool matched;
            if (value is null && !treatMissingAsEmpty)
            {
                what = Describe(matcher);
                var isPresentMatch = present is not null;
                var presentValue = present?.Text == "true";
                matched = invert ? isPresentMatch && presentValue : isPresentMatch && !presentValue;
                description = "header " + name + (invert ? " not " : " ") + what;
                return matched;
            }

            var text = value ?? string.Empty;
            if (matcher["string_match"] is { } stringMatch)
            {
                matched = StringMatches(stringMatch, text, out what, undecided);
            }
            else if (matcher.String("exact_match") is { } exact)
            {
                (matched, what) = (text == exact, "exact \"" + exact + "\"");
            }
            else if (matcher.String("prefix_match") is { } prefix)
            {
                (matched, what) = (text.StartsWith(prefix, StringComparison.Ordinal), "prefix \"" + prefix + "\"");
            }
            else if (matcher.String("suffix_match") is { } suffix)
            {
                (matched, what) = (text.EndsWith(suffix, StringComparison.Ordinal), "suffix \"" + suffix + "\"");
            }
            else if (matcher.String("contains_match") is { } contains)
            {
                (matched, what) = (text.IndexOf(contains, StringComparison.Ordinal) >= 0, "contains \"" + contains + "\"");
            }
            else if (matcher["safe_regex_match"] is { } regex)
            {
                var pattern = regex.String("regex") ?? string.Empty;
                (matched, what) = (FullMatch(pattern, text, undecided), "regex \"" + pattern + "\"");
            }
            else if (matcher["range_match"] is { } range)
            {
                var start = range.Integer("start") ?? long.MinValue;
                var end = range.Integer("end") ?? long.MaxValue;
                matched = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= start && number < end;
                what = "in [" + start.ToString(CultureInfo.InvariantCulture) + ", " + end.ToString(CultureInfo.InvariantCulture) + ")";
            }
            else if (present is not null)
            {
                (matched, what) = (present.Text == "true", present.Text == "true" ? "present" : "absent");
            }
            else
            {
                // No value matcher: Envoy's legacy behaviour, any value matches.
                (matched, what) = (true, "present");
            }

            description = "header " + name + (invert ? " not " : " ") + what;
            return matched != invert;
        }

        private static string Describe(JsonValue matcher)
        {
            if (matcher["string_match"] is { } stringMatch)
            {
                StringMatches(stringMatch, string.Empty, out var description);
                return description;
            }

            if (matcher["present_match"] is { } present)
            {
                return present.Text == "true" ? "present" : "absent";
            }

            foreach (var field in new[] { "exact_match", "prefix_match", "suffix_match", "contains_match" })
            {
                if (matcher.String(field) is { } value)
                {
                    return field.Substring(0, field.IndexOf('_')) + " \"" + value + "\"";
                }
            }

            return "present";
        }

        /// <summary>Whether an IP address is inside a CIDR block; false when either does not parse.</summary>
        public static bool InRange(string address, string prefix, int length)
        {
            if (!IPAddress.TryParse(address, out var ip) || !IPAddress.TryParse(prefix, out var network))
            {
                return false;
            }

            var left = ip.GetAddressBytes();
            var right = network.GetAddressBytes();
            if (left.Length != right.Length)
            {
                return false;
            }

            length = Math.Max(0, Math.Min(length, left.Length * 8));
            for (var bit = 0; bit < length; bit++)
            {
                var mask = 0x80 >> (bit % 8);
                if ((left[bit / 8] & mask) != (right[bit / 8] & mask))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The server names a TLS filter chain list as they apply to an SNI (<c>findFilterChainForServerName</c>): 2 for an exact
        /// name, 1 for a wildcard (<c>*.example.com</c>, longer suffixes first), 0 when none applies. <paramref name="length"/> ranks wildcards.
        /// </summary>
        public static int ServerNameMatch(IReadOnlyList<string> serverNames, string sni, out int length)
        {
            length = 0;
            foreach (var name in serverNames)
            {
                if (string.Equals(name, sni, StringComparison.OrdinalIgnoreCase))
                {
                    length = name.Length;
                    return 2;
                }
            }

            var best = 0;
            foreach (var name in serverNames)
            {
                if (name.StartsWith("*.", StringComparison.Ordinal) && sni.Length > name.Length - 1
                    && sni.EndsWith(name.Substring(1), StringComparison.OrdinalIgnoreCase) && name.Length > length)
                {
                    best = 1;
                    length = name.Length;
                }
            }

            return best;
        }

        public static string Quote(string text)
        {
            var builder = new StringBuilder(text.Length + 2).Append('"');
            foreach (var c in text)
            {
                builder.Append(c == '"' ? "\\\"" : c.ToString());
            }

            return builder.Append('"').ToString();
        }
    }
}
