using System;
using System.Linq;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>The unified diff EGRESS120 shows: git's format, so a reviewer reads it as any diff.</summary>
    public sealed class LineDiffTests
    {
        [Fact]
        public void ChangesFarApartAreTwoHunksWithThreeLinesOfContext()
        {
            string committed = string.Join("\n", Enumerable.Range(1, 20).Select(i => "line " + i)) + "\n";
            string generated = committed.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 18\n", "", StringComparison.Ordinal) + "line 21\n";

            Assert.Equal(
                "--- committed/istio/a.yaml\n"
                + "+++ generated/istio/a.yaml\n"
                + "@@ -1,5 +1,5 @@\n"
                + " line 1\n"
                + "-line 2\n"
                + "+line two\n"
                + " line 3\n"
                + " line 4\n"
                + " line 5\n"
                + "@@ -15,6 +15,6 @@\n"
                + " line 15\n"
                + " line 16\n"
                + " line 17\n"
                + "-line 18\n"
                + " line 19\n"
                + " line 20\n"
                + "+line 21\n",
                LineDiff.Unified("istio/a.yaml", committed, generated));
        }

        [Fact]
        public void LineEndingsAloneAreSaidToBeTheOnlyDifference()
        {
            Assert.Equal(
                "--- committed/a\n+++ generated/a\n(the lines are the same: only the line endings or the final newline differ; EgressDsl writes LF)\n",
                LineDiff.Unified("a", "x\r\ny\r\n", "x\ny\n"));
        }
    }
}
