using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

// Compiled into EgressDsl.Abstractions and, as a linked source, into the generator: the generator writes the table with
// Format and the run-time reader (EgressManifestReader) reads it with Parse, so the format lives in this one file. The
// generator's EGRESS_GENERATOR moves it into its own namespace, as with PackedFilesDictionary.
#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Emit.CSharp
#else
namespace EgressDsl
#endif
{
    /// <summary>
    /// A service's subset header table, the private <c>SubsetHeaders</c> constant of its generated <c>Egress</c> class: for
    /// each subset a route selects by exact header matches, the headers that make the route send to it.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The constant is lines separated by <c>\n</c> (no trailing one): for each subset, its name, the number of its headers
    /// in decimal, then each header's name and value on a line each. Subset names, header names and header values never
    /// hold a newline (Istio's schema and HTTP forbid one), so every line is one text and the counts make the table
    /// unambiguous, an empty value included. Unlike <c>PackedFiles</c> it is not packed: it is short and read only
    /// at run time, not by the build task.
    /// </para>
    /// <para>The format never changes under the constant name, as with <c>PackedFiles</c>.</para>
    /// </remarks>
    internal static class SubsetHeaderTable
    {
        /// <summary>The name of the constant in this format.</summary>
        public const string ConstantName = "SubsetHeaders";

        /// <summary>The table's text for these subsets, each with its headers, in the given order.</summary>
        public static string Format(IEnumerable<KeyValuePair<string, KeyValuePair<string, string>[]>> subsets)
        {
            var text = new StringBuilder();
            foreach (var subset in subsets)
            {
                Line(text, subset.Key);
                Line(text, subset.Value.Length.ToString(CultureInfo.InvariantCulture));
                foreach (var header in subset.Value)
                {
                    Line(text, header.Key);
                    Line(text, header.Value);
                }
            }

            return text.Length == 0 ? string.Empty : text.ToString(0, text.Length - 1);
        }

        /// <summary>The headers of each subset <paramref name="table"/> lists, by subset name.</summary>
        /// <exception cref="FormatException">The text is not such a table.</exception>
        public static Dictionary<string, KeyValuePair<string, string>[]> Parse(string table)
        {
            var subsets = new Dictionary<string, KeyValuePair<string, string>[]>(StringComparer.Ordinal);
            if (table.Length == 0)
            {
                return subsets;
            }

            var lines = table.Split('\n');
            var at = 0;
            while (at < lines.Length)
            {
                if (at + 1 >= lines.Length
                    || !int.TryParse(lines[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    || count > (lines.Length - at - 2) / 2)
                {
                    throw new FormatException("The subset header table is cut short or has no header count after subset line " + at + ".");
                }

                var headers = new KeyValuePair<string, string>[count];
                for (var i = 0; i < count; i++)
                {
                    headers[i] = new KeyValuePair<string, string>(lines[at + 2 + (2 * i)], lines[at + 3 + (2 * i)]);
                }

                subsets[lines[at]] = headers;
                at += 2 + (2 * count);
            }

            return subsets;
        }

        private static void Line(StringBuilder text, string line)
        {
            if (line.IndexOf('\n') >= 0)
            {
                throw new ArgumentException("A subset header table's text cannot hold a newline: " + line, nameof(line));
            }

            text.Append(line).Append('\n');
        }
    }
}
