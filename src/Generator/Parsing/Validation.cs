using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// The value rules of Istio's validation and of Kubernetes, as pure functions: each returns null when the value is
    /// valid, or the reason it is not, in words for the user.
    /// </summary>
    internal static class Validation
    {
        private static readonly Regex DnsLabel = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex LabelValue = new("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex LabelName = new("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex HeaderName = new("^[-!#$%&'*+.^_`|~0-9A-Za-z]+$", RegexOptions.CultureInvariant);
        private static readonly Regex Duration = new("^[0-9]{1,9}(\\.[0-9]{1,9})?(h|m|s|ms)$", RegexOptions.CultureInvariant);
        private static readonly Regex Locality = new("^[^/\\s]+(/[^/\\s]+){0,2}$", RegexOptions.CultureInvariant);

        public static string? CheckDnsLabel(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "it is empty";
            }

            if (value!.Length > 63)
            {
                return "it is longer than 63 characters";
            }

            return DnsLabel.IsMatch(value) ? null : "use lower-case letters, digits and '-', starting and ending with a letter or digit (RFC 1123 label)";
        }

        public static string? CheckDnsSubdomain(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "it is empty";
            }

            if (value!.Length > 253)
            {
                return "it is longer than 253 characters";
            }

            var labels = value.Split('.');
            foreach (var label in labels)
            {
                if (CheckDnsLabel(label) is { } reason)
                {
                    // The message already quotes the whole name; a name of one label is not named twice.
                    return labels.Length == 1 ? reason : "its part '" + label + "' is not valid: " + reason;
                }
            }

            return null;
        }

        /// <summary>A host as ServiceEntry, DestinationRule and VirtualService take it: a DNS name, optionally starting with <c>*.</c>.</summary>
        public static string? CheckHost(string? host, bool allowWildcard = true)
        {
            if (string.IsNullOrEmpty(host))
            {
                return "it is empty";
            }

            if (host == "*")
            {
                return "'*' alone matches every host; name the external host";
            }

            var name = host!;
            if (name.StartsWith("*", StringComparison.Ordinal))
            {
                if (!allowWildcard)
                {
                    return "a wildcard is not allowed here";
                }

                if (!name.StartsWith("*.", StringComparison.Ordinal))
                {
                    return "a wildcard must be a whole first label, as in '*.example.com'";
                }

                name = name.Substring(2);
            }

            if (name.Length > 255)
            {
                return "it is longer than 255 characters";
            }

            if (name.IndexOf('*') >= 0)
            {
                return "'*' may only stand as the first label";
            }

            var labels = name.Split('.');
            foreach (var label in labels)
            {
                if (label.Length == 0)
                {
                    return "it has an empty label (two dots in a row, or a leading or trailing dot)";
                }

                if (label.Length > 63)
                {
                    return "the label '" + label + "' is longer than 63 characters";
                }

                if (!DnsLabel.IsMatch(label.ToLowerInvariant()))
                {
                    return "the label '" + label + "' may only hold letters, digits and '-', and may not start or end with '-'";
                }
            }

            var topLevel = labels[labels.Length - 1];
            if (labels.Length > 1 && IpAddresses.IsAllDigits(topLevel))
            {
                return "the top-level domain '" + topLevel + "' is all digits; an IP address is not a host name";
            }

            return null;
        }

        public static string? CheckIpAddress(string? value) =>
            IpAddresses.IsIpAddress(value) ? null : "an IP address";

        /// <summary>An IP address or a CIDR block such as <c>10.0.0.0/8</c>, as <c>ServiceEntry.addresses</c> takes it.</summary>
        public static string? CheckAddressOrCidr(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "IP address or CIDR block: it is empty";
            }

            var slash = value!.IndexOf('/');
            if (slash < 0)
            {
                return IpAddresses.IsIpAddress(value) ? null : "IP address or CIDR block";
            }

            var address = value.Substring(0, slash);
            var prefix = value.Substring(slash + 1);
            var max = IpAddresses.IsIpv4(address) ? 32 : IpAddresses.IsIpv6(address) ? 128 : -1;
            if (max < 0)
            {
                return "CIDR block: '" + address + "' is not an IP address";
            }

            if (prefix.Length == 0 || prefix.Length > 3 || !IpAddresses.IsAllDigits(prefix)
                || int.Parse(prefix, CultureInfo.InvariantCulture) > max)
            {
                return "CIDR block: the prefix length must be a number from 0 to " + max.ToString(CultureInfo.InvariantCulture);
            }

            return null;
        }

        /// <summary>A Kubernetes label key (optional DNS prefix and '/', then a name of at most 63 characters).</summary>
        public static string? CheckLabelKey(string key)
        {
            if (key.Length == 0)
            {
                return "the key is empty";
            }

            var slash = key.IndexOf('/');
            var name = key;
            if (slash >= 0)
            {
                var prefix = key.Substring(0, slash);
                name = key.Substring(slash + 1);
                if (CheckDnsSubdomain(prefix) is { } prefixReason)
                {
                    return "the key prefix '" + prefix + "' is not a DNS subdomain (" + prefixReason + ")";
                }
            }

            if (name.Length == 0 || name.Length > 63)
            {
                return "the key name must have 1 to 63 characters";
            }

            return LabelName.IsMatch(name) ? null : "the key may only hold letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
        }

        public static string? CheckLabelValue(string value)
        {
            if (value.Length > 63)
            {
                return "the value is longer than 63 characters";
            }

            return LabelValue.IsMatch(value) ? null : "the value may only hold letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
        }

        /// <summary>Splits <c>key=value</c>; the reason is null when well-formed.</summary>
        public static (string Key, string Value, string? Reason) SplitPair(string? entry, string what)
        {
            if (entry is null)
            {
                return (string.Empty, string.Empty, "it is null");
            }

            var equals = entry.IndexOf('=');
            if (equals < 0)
            {
                return (entry, string.Empty, "write it as " + what);
            }

            return (entry.Substring(0, equals), entry.Substring(equals + 1), null);
        }

        public static string? CheckHeaderName(string name) =>
            name.Length == 0 ? "the header name is empty"
            : HeaderName.IsMatch(name) ? null
            : "the header name '" + name + "' holds characters HTTP does not allow in a header name";

        /// <summary>
        /// A credentialName as Istio reads it (pilot/pkg/model/credentials): a Secret name, <c>kubernetes://name</c> or
        /// <c>kubernetes://namespace/name</c> (also with the <c>kubernetes-gateway://</c> and <c>configmap://</c> schemes),
        /// <c>builtin://</c> (the workload's own certificate), or <c>sds://name</c> for a resource of a custom SDS server. Secret and namespace names are what Kubernetes allows (a DNS subdomain
        /// of at most 253 characters, a DNS label).
        /// </summary>
        public static string? CheckCredentialName(string value)
        {
            var name = value;
            foreach (var scheme in new[] { "kubernetes://", "kubernetes-gateway://", "configmap://" })
            {
                if (name.StartsWith(scheme, StringComparison.Ordinal))
                {
                    name = name.Substring(scheme.Length);
                    var slash = name.IndexOf('/');
                    if (slash >= 0)
                    {
                        if (CheckDnsLabel(name.Substring(0, slash)) is { } namespaceReason)
                        {
                            return "the namespace before '/' is not a namespace name (" + namespaceReason + ")";
                        }

                        name = name.Substring(slash + 1);
                    }

                    return CheckDnsSubdomain(name) is { } schemeReason ? "a Kubernetes Secret name is a lower-case DNS subdomain (" + schemeReason + ")" : null;
                }
            }

            foreach (var scheme in new[] { "sds://", "builtin://" })
            {
                if (name.StartsWith(scheme, StringComparison.Ordinal))
                {
                    name = name.Substring(scheme.Length);
                    return (name.Length == 0 && scheme == "sds://") || name.Length > 253 || name.Any(c => c <= ' ' || c >= 0x7F)
                        ? "an " + scheme + " resource name has up to 253 visible ASCII characters" + (scheme == "sds://" ? ", at least one" : string.Empty)
                        : null;
                }
            }

            return CheckDnsSubdomain(name) is { } reason
                ? "write the name of a Kubernetes Secret (a lower-case DNS subdomain: " + reason + "), kubernetes://[namespace/]name, sds://name or builtin://"
                : null;
        }

        /// <summary>A header value HTTP can carry: no control character but tab (RFC 9110 field values; Envoy rejects CR, LF and NUL).</summary>
        public static string? CheckHeaderValue(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                {
                    return "a header value cannot hold the control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " (index " + i.ToString(CultureInfo.InvariantCulture) + ")";
                }
            }

            return null;
        }

        /// <summary>The shortest duration Istio's CRDs accept: their rule <c>duration(self) &gt;= duration('1ms')</c>.</summary>
        public const decimal MinimumDurationSeconds = 0.001m;

        /// <summary>
        /// The longest duration every reader accepts: Kubernetes evaluates the CRD rule with Go's <c>time.Duration</c>, 64-bit
        /// nanoseconds (about 292 years), which is below protobuf's (and Envoy's) 315,576,000,000 seconds.
        /// </summary>
        public const decimal MaximumDurationSeconds = 9_223_372_036.854775807m;

        public static string? CheckDuration(string? value)
        {
            if (DurationSeconds(value) is not { } seconds)
            {
                return "write a duration such as 5s, 250ms, 1.5s, 2m or 1h";
            }

            if (seconds < MinimumDurationSeconds)
            {
                return "it is shorter than 1ms, the least Istio's CRD accepts (duration(self) >= duration('1ms'))";
            }

            return seconds > MaximumDurationSeconds
                ? "it is longer than 2562047h (about 292 years), the most Kubernetes can read (Go's 64-bit nanoseconds); Envoy stops at 315576000000s"
                : null;
        }

        /// <summary>An Istio duration (<c>5s</c>, <c>250ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>) in seconds; null when it is not one.</summary>
        public static decimal? DurationSeconds(string? value)
        {
            if (value is null || !Duration.IsMatch(value))
            {
                return null;
            }

            var (number, unitSeconds) = value.EndsWith("ms", StringComparison.Ordinal)
                ? (value.Substring(0, value.Length - 2), 0.001m)
                : (value.Substring(0, value.Length - 1), value[value.Length - 1] switch
                {
                    'h' => 3600m,
                    'm' => 60m,
                    _ => 1m,
                });
            return decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * unitSeconds;
        }

        public static string? CheckLocality(string? value) =>
            value is not null && Locality.IsMatch(value) ? null : "write region, region/zone or region/zone/subzone";

        public static string? CheckExportTo(string? value)
        {
            if (value is "." or "*" or "~")
            {
                return null;
            }

            return CheckDnsLabel(value) is { } reason ? "use '.', '*', '~' or a namespace name (" + reason + ")" : null;
        }

        /// <summary>
        /// Text that a YAML or JSON manifest cannot carry faithfully: unpaired UTF-16 surrogates (not encodable in UTF-8)
        /// and control characters other than tab and newline.
        /// </summary>
        public static string? CheckWritable(string? value)
        {
            if (value is null)
            {
                return null;
            }

            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        i++;
                        continue;
                    }

                    return "it holds an unpaired UTF-16 surrogate at index " + i.ToString(CultureInfo.InvariantCulture);
                }

                if (char.IsLowSurrogate(c))
                {
                    return "it holds an unpaired UTF-16 surrogate at index " + i.ToString(CultureInfo.InvariantCulture);
                }

                if (IsBidiControl(c))
                {
                    return "it holds the bidirectional control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " at index " + i.ToString(CultureInfo.InvariantCulture)
                        + ", which makes the text display in another order than it is read (Trojan Source)";
                }

                if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF')
                {
                    return "it holds the control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " at index " + i.ToString(CultureInfo.InvariantCulture);
                }
            }

            return null;
        }

        /// <summary>
        /// The rules for every string of every attribute, whatever its field: a secret (EGRESS012) first, then text a
        /// manifest cannot carry faithfully (EGRESS013). Null when the value passes both.
        /// </summary>
        public static (Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor, string Reason)? CheckAnyString(string value) =>
            SecretDetector.Find(value) is { } secret ? (Diagnostics.DiagnosticDescriptors.KeyMaterialInAttribute, secret)
            : CheckWritable(value) is { } reason ? (Diagnostics.DiagnosticDescriptors.UnwritableString, reason)
            : null;

        /// <summary>
        /// The Unicode characters that reorder text on display (embeddings, overrides, isolates and the implicit marks):
        /// U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F and U+061C.
        /// </summary>
        public static bool IsBidiControl(char c) =>
            (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }
}
