using EgressDsl.Generator.Analyzers;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// EGRESS220 walks the tokens only of files whose text may spell <c>http://</c> or <c>https://</c> in a literal
/// (<see cref="AppAddressCheck.MayHoldAddress"/>): a file it skips must hold neither <c>://</c> nor an escape, wherever in
/// the text they stand, the seams of the chunks it reads the text in too.
/// </summary>
public class AppAddressPrefilterTests
{
    private static bool MayHold(string text) => AppAddressCheck.MayHoldAddress(SourceText.From(text));

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("//")]
    [InlineData("class C { string s = \"api.example.com/v1\"; } // a comment: a:b / c")]
    public void Text_without_a_separator_or_an_escape_is_skipped(string text) => Assert.False(MayHold(text));

    [Theory]
    [InlineData("://")]
    [InlineData("\\")]
    [InlineData("class C { string s = \"https://api.example.com\"; }")]
    [InlineData("class C { string s = \"http:\\u002F\\u002Fapi.example.com\"; }")]
    public void Text_with_a_separator_or_an_escape_is_walked(string text) => Assert.True(MayHold(text));

    [Fact]
    public void A_separator_is_found_at_every_offset_around_the_seams_of_the_chunks()
    {
        // The text is read 8,192 characters at a time, each chunk starting two characters before the last one ended.
        var offsets = new[] { 0, 1 }.Concat(Enumerable.Range(8184, 12)).Concat(Enumerable.Range(16_374, 12)).ToList();
        foreach (var length in new[] { 8191, 8192, 8193, 16_386, 16_400 })
        {
            foreach (var offset in offsets.Append(length - 3).Where(offset => offset <= length - 3))
            {
                var text = new string('x', offset) + "://" + new string('y', length - offset - 3);
                Assert.True(MayHold(text), $"'://' at {offset} of {length}");
                Assert.False(MayHold(text.Replace("://", ":/x", StringComparison.Ordinal)), $"no separator, {length} characters");
            }
        }
    }
}
