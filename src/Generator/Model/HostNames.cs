using System;

namespace EgressDsl.Generator.Model
{
    /// <summary>Istio's host matching, for the parser's checks of one class and the resolver's across classes.</summary>
    internal static class HostNames
    {
        /// <summary><c>*</c> matches anything, <c>*.x</c> matches names under x (and a narrower wildcard), anything else itself, ignoring case.</summary>
        public static bool Matches(string pattern, string host)
        {
            if (pattern == "*" || string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = pattern.Substring(1);
                if (host.StartsWith("*.", StringComparison.Ordinal))
                {
                    return host.Substring(1).EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
                }

                return host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && host.Length > suffix.Length;
            }

            return false;
        }
    }
}
