using System;
using System.Collections.Generic;
using System.Text;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// A unified diff (the <c>git diff</c> format, three lines of context) between two texts, for EgressManifestsCheck's error:
    /// a reviewer reads which lines of a committed manifest the code would change.
    /// </summary>
    /// <remarks>
    /// The longest common subsequence of the lines, after the common head and tail are set aside; manifests differ in a few
    /// lines, so what is left is small. When it would still be too large to compare line by line, the whole middle is shown as
    /// removed and added, which is still a correct diff.
    /// </remarks>
    internal static class LineDiff
    {
        private const int Context = 3;
        private const long MaxTableCells = 4_000_000;
        private const int MaxShownLines = 200;

        internal static string Unified(string path, string actual, string expected)
        {
            string[] before = SplitLines(actual);
            string[] after = SplitLines(expected);
            List<(char Kind, string Line)> edits = Edits(before, after);

            var builder = new StringBuilder();
            builder.Append("--- committed/").Append(path).Append('\n');
            builder.Append("+++ generated/").Append(path).Append('\n');
            int shown = 0;
            int index = 0;
            int beforeLine = 1;
            int afterLine = 1;
            while (index < edits.Count)
            {
                int change = edits.FindIndex(index, edit => edit.Kind != ' ');
                if (change < 0)
                {
                    break;
                }

                // A hunk: context before, then changes until more than two contexts' worth of equal lines separate them.
                int start = Math.Max(index, change - Context);
                int lastChange = change;
                for (int i = change; i < edits.Count && i - lastChange <= 2 * Context; i++)
                {
                    if (edits[i].Kind != ' ')
                    {
                        lastChange = i;
                    }
                }

                int end = Math.Min(lastChange + Context, edits.Count - 1);
                for (int i = index; i < start; i++)
                {
                    Advance(edits[i].Kind, ref beforeLine, ref afterLine);
                }

                int beforeCount = 0;
                int afterCount = 0;
                for (int i = start; i <= end; i++)
                {
                    beforeCount += edits[i].Kind != '+' ? 1 : 0;
                    afterCount += edits[i].Kind != '-' ? 1 : 0;
                }

                builder.Append("@@ -").Append(beforeLine).Append(',').Append(beforeCount)
                    .Append(" +").Append(afterLine).Append(',').Append(afterCount).Append(" @@\n");
                for (int i = start; i <= end; i++)
                {
                    if (shown++ == MaxShownLines)
                    {
                        builder.Append("... (the rest of the diff is left out)\n");
                        return builder.ToString();
                    }

                    builder.Append(edits[i].Kind).Append(edits[i].Line).Append('\n');
                    Advance(edits[i].Kind, ref beforeLine, ref afterLine);
                }

                index = end + 1;
            }

            if (shown == 0 && !string.Equals(actual, expected, StringComparison.Ordinal))
            {
                // A checkout that turned LF into CRLF (git's autocrlf) changes every line and none of them.
                builder.Append("(the lines are the same: only the line endings or the final newline differ; EgressDsl writes LF)\n");
            }

            return builder.ToString();
        }

        private static void Advance(char kind, ref int beforeLine, ref int afterLine)
        {
            beforeLine += kind != '+' ? 1 : 0;
            afterLine += kind != '-' ? 1 : 0;
        }

        private static string[] SplitLines(string text)
        {
            string normalized = text.Replace("\r\n", "\n");
            if (normalized.EndsWith("\n", StringComparison.Ordinal))
            {
                normalized = normalized.Substring(0, normalized.Length - 1);
            }

            return normalized.Length == 0 ? new string[0] : normalized.Split('\n');
        }

        /// <summary>Every line of both texts in order, marked ' ' (in both), '-' (only before) or '+' (only after).</summary>
        private static List<(char Kind, string Line)> Edits(string[] before, string[] after)
        {
            int head = 0;
            while (head < before.Length && head < after.Length && before[head] == after[head])
            {
                head++;
            }

            int tail = 0;
            while (tail < before.Length - head && tail < after.Length - head && before[before.Length - 1 - tail] == after[after.Length - 1 - tail])
            {
                tail++;
            }

            int rows = before.Length - head - tail;
            int columns = after.Length - head - tail;
            var edits = new List<(char, string)>(before.Length + columns);
            for (int i = 0; i < head; i++)
            {
                edits.Add((' ', before[i]));
            }

            if ((long)rows * columns > MaxTableCells)
            {
                for (int i = 0; i < rows; i++)
                {
                    edits.Add(('-', before[head + i]));
                }

                for (int j = 0; j < columns; j++)
                {
                    edits.Add(('+', after[head + j]));
                }
            }
            else
            {
                // common[i, j]: length of the longest common subsequence of the middle parts from i and j on.
                var common = new int[rows + 1, columns + 1];
                for (int i = rows - 1; i >= 0; i--)
                {
                    for (int j = columns - 1; j >= 0; j--)
                    {
                        common[i, j] = before[head + i] == after[head + j]
                            ? common[i + 1, j + 1] + 1
                            : Math.Max(common[i + 1, j], common[i, j + 1]);
                    }
                }

                int row = 0;
                int column = 0;
                while (row < rows || column < columns)
                {
                    if (row < rows && column < columns && before[head + row] == after[head + column])
                    {
                        edits.Add((' ', before[head + row]));
                        row++;
                        column++;
                    }
                    else if (row < rows && (column == columns || common[row + 1, column] >= common[row, column + 1]))
                    {
                        // Removals before additions, as git shows a changed line.
                        edits.Add(('-', before[head + row]));
                        row++;
                    }
                    else
                    {
                        edits.Add(('+', after[head + column]));
                        column++;
                    }
                }
            }

            for (int i = before.Length - tail; i < before.Length; i++)
            {
                edits.Add((' ', before[i]));
            }

            return edits;
        }
    }
}
