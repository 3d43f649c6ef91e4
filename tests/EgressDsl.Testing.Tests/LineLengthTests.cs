using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>
/// The team's line length (140 characters, .editorconfig's max_line_length) for every C# file in src/ and tests/. The lines
/// that were longer when the rule came are counted per file in .ci/long-lines.txt: a file may only lose long lines. When you
/// wrap lines, rewrite the file with <c>EGRESSDSL_UPDATE_LONG_LINES=1 dotnet test tests/EgressDsl.Testing.Tests --filter
/// LineLengthTests</c> and check that its diff only shrinks; the test says when a count is higher than needed.
/// </summary>
public class LineLengthTests
{
    private const int MaximumLength = 140;

    [Fact]
    public void No_CSharp_file_has_more_lines_over_140_characters_than_the_allow_list_grants()
    {
        string root = SourceFiles.RepositoryRoot();
        string allowList = Path.Combine(root, ".ci", "long-lines.txt");
        if (Environment.GetEnvironmentVariable("EGRESSDSL_UPDATE_LONG_LINES") == "1")
        {
            File.WriteAllLines(
                allowList,
                File.ReadAllLines(allowList).TakeWhile(line => line.StartsWith('#'))
                    .Concat(LongLines(root).OrderBy(file => file.Key, StringComparer.Ordinal).Select(file => $"{file.Key}\t{file.Value}")));
        }

        Dictionary<string, int> allowed = File.ReadAllLines(allowList)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToDictionary(parts => parts[0], parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Dictionary<string, int> found = LongLines(root);

        var tooMany = found.Where(file => file.Value > allowed.GetValueOrDefault(file.Key))
            .Select(file => $"{file.Key}: {file.Value} lines over {MaximumLength} characters, {allowed.GetValueOrDefault(file.Key)} allowed")
            .ToList();
        Assert.True(tooMany.Count == 0, "Wrap the new long lines:\n" + string.Join("\n", tooMany));
        var stale = allowed.Where(file => file.Value > found.GetValueOrDefault(file.Key))
            .Select(file => $"{file.Key}\t{found.GetValueOrDefault(file.Key)} (was {file.Value})")
            .ToList();
        Assert.True(stale.Count == 0, "Lower these counts in .ci/long-lines.txt (0: remove the line):\n" + string.Join("\n", stale));
    }

    /// <summary>Lines over the limit, by file (relative, with '/'), for the files that have any.</summary>
    private static Dictionary<string, int> LongLines(string root) =>
        SourceFiles.CSharp(root, "src", "tests")
            .Select(path => (Path: path, Count: File.ReadAllText(Path.Combine(root, path)).Split('\n').Count(line => line.TrimEnd('\r').Length > MaximumLength)))
            .Where(file => file.Count > 0)
            .ToDictionary(file => file.Path, file => file.Count, StringComparer.Ordinal);
}
