using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>
/// The team's room size: a C# file of src/, tests/ or benchmarks/ over <see cref="MaximumLines"/> lines is split along its
/// seams, or says at its top why it is one piece, in a comment that starts with <see cref="Reason"/> within its first
/// <see cref="ReasonWithin"/> lines (CONTRIBUTING.md, "Files").
/// </summary>
public class FileLengthTests
{
    private const int MaximumLines = 600;

    private const int ReasonWithin = 30;

    private const string Reason = "// Why one file:";

    [Fact]
    public void Every_CSharp_file_over_600_lines_says_why_it_is_one_file()
    {
        string root = SourceFiles.RepositoryRoot();
        var unexplained = SourceFiles.CSharp(root, "src", "tests", "benchmarks")
            .Select(path => (Path: path, Lines: File.ReadAllLines(Path.Combine(root, path))))
            .Where(file => file.Lines.Length > MaximumLines && !HasReason(file.Lines))
            .Select(file => $"{file.Path}: {file.Lines.Length} lines")
            .ToList();

        Assert.True(
            unexplained.Count == 0,
            $"Split these files, or write '{Reason} ...' in their first {ReasonWithin} lines:\n" + string.Join("\n", unexplained));
    }

    [Theory]
    [InlineData(new[] { "// Why one file: a port kept in one piece.", "namespace X;" }, true)]
    [InlineData(new[] { "using System;", "", "namespace X", "{", "    // Why one file: the steps share one state." }, true)]
    [InlineData(new[] { "using System;", "// why one file: lower case is not the marker" }, false)]
    [InlineData(new[] { "namespace X;", "// Not a reason." }, false)]
    public void A_reason_is_the_marker_comment_near_the_top(string[] lines, bool expected) =>
        Assert.Equal(expected, HasReason(lines));

    [Fact]
    public void A_reason_further_down_than_the_top_does_not_count()
    {
        var lines = Enumerable.Repeat("// filler", ReasonWithin).Append(Reason + " too late").ToArray();

        Assert.False(HasReason(lines));
    }

    private static bool HasReason(IReadOnlyList<string> lines) =>
        lines.Take(ReasonWithin).Any(line => line.TrimStart().StartsWith(Reason, StringComparison.Ordinal));
}
