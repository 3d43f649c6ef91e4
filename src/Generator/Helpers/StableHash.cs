using System.Globalization;

namespace EgressDsl.Generator.Helpers
{
    /// <summary>
    /// A hash that is the same on every machine and run (string.GetHashCode is randomised per process), for names in
    /// generated code that must not depend on anything but their input.
    /// </summary>
    internal static class StableHash
    {
        /// <summary>64-bit FNV-1a over the UTF-16 code units, as 16 hex digits.</summary>
        public static string Of(string text)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in text)
            {
                hash = unchecked((hash ^ c) * 1099511628211UL);
            }

            return hash.ToString("x16", CultureInfo.InvariantCulture);
        }
    }
}
