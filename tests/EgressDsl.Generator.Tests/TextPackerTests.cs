using System.Security.Cryptography;
using System.Text;
using EgressDsl.Generator.Emit.Documents;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>The generator's <see cref="TextPacker"/> against the readers' <see cref="TextUnpacker"/>.</summary>
public class TextPackerTests
{
    public static IEnumerable<object[]> Texts() => new[]
    {
        string.Empty,
        "a",
        "{}",
        "twelve bytes",
        "thirteen byte",
        "short text that repeats: short text that repeats",
        new string('a', 100_000),
        string.Concat(Enumerable.Repeat("ab", 40_000)),
        string.Concat(Enumerable.Repeat("{\"name\":\"outbound|443||api.example.com\",\"type\":\"EDS\"},", 5_000)),
        string.Concat(Enumerable.Repeat("héllo wörld ✓ 日本語 😀 ", 1_000)),
        "\u0000\u001f\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff",
    }.Select(text => new object[] { text });

    [Theory]
    [MemberData(nameof(Texts))]
    public void Unpacking_gives_back_the_packed_text(string text) => Assert.Equal(text, TextUnpacker.Unpack(TextPacker.Pack(text)));

    [Fact]
    public void Packing_pieces_gives_the_packing_of_their_text_whatever_the_pooled_buffers_held_before()
    {
        // Thousands of JSON-like pieces, well past the first rented buffer, after the pool's buffers held other text.
        var pieces = Enumerable.Range(0, 6_000)
            .Select(i => i % 7 == 0 ? new string((char)('a' + (i % 26)), 1 + (i * 37 % 300)) : "{\"name\":\"cluster-" + i + "\",\"port\":" + (i * 7919 % 65536) + "}")
            .ToList();
        var text = string.Concat(pieces);
        Assert.True(text.Length > 1 << 17);
        TextPacker.Pack(new string('z', 300_000));
        TextPacker.Pack(string.Concat(Enumerable.Repeat("noise ", 50_000)));

        var expected = Convert.ToBase64String(TextPacker.Compress(new UTF8Encoding(false).GetBytes(text)));
        Assert.Equal(expected, TextPacker.Pack(pieces));
        Assert.Equal(expected, TextPacker.Pack(text));
        Assert.Equal(text, TextUnpacker.Unpack(TextPacker.Pack(pieces)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(255)]
    [InlineData(65_536)]
    [InlineData(1_000_000)]
    public void Random_bytes_round_trip_and_grow_no_more_than_lz4_allows(int length)
    {
        var input = RandomBytes(length, seed: (uint)length + 1);

        var packed = TextPacker.Compress(input);

        Assert.Equal(input, TextUnpacker.Decompress(packed));
        Assert.True(packed.Length <= 5 + length + length / 255 + 16, $"{length} random bytes packed into {packed.Length}");
    }

    [Fact]
    public void Repeats_further_back_than_the_window_round_trip()
    {
        // A block repeated at 100 KiB is out of reach of a 64 KiB distance; within the block, runs repeat at every distance up to the window.
        var block = RandomBytes(100 * 1024, seed: 7);
        var input = block.Concat(block).Concat(block.Take(70_000)).Concat(block.Skip(1_000).Take(65_535)).ToArray();

        Assert.Equal(input, TextUnpacker.Decompress(TextPacker.Compress(input)));
    }

    [Fact]
    public void Repetitive_text_packs_small()
    {
        Assert.True(TextPacker.Compress(new byte[1_000_000]).Length < 5_000);
        var json = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => "{\"name\":\"outbound|443||service" + i + ".example.com\",\"type\":\"EDS\"},")));
        Assert.True(TextPacker.Compress(json).Length < json.Length / 5);
    }

    [Fact]
    public void An_unpaired_surrogate_is_packed_as_the_replacement_character_the_written_file_has()
    {
        Assert.Equal("a\ufffdb", TextUnpacker.Unpack(TextPacker.Pack("a\ud800b")));
    }

    [Fact]
    public void The_packed_form_of_a_fixed_text_never_changes()
    {
        // Generated sources embed packed text: a change here changes every generated ProjectFiles source, and needs a new constant name.
        Assert.Equal("TB9hAQAUs2JhbmFuYSBiYW5kCAADBwCwZGFuYSBiYW5hbmE=", TextPacker.Pack(new string('a', 40) + "banana bandana banana bandana banana"));
        var packed = TextPacker.Compress(FixedLongInput());
        Assert.Equal("9AE267AAEA783CDD472202E4843B2021A02872D039362FC3CE3EE3A9232D7BD6", Hash(packed));
        Assert.Equal(FixedLongInput(), TextUnpacker.Decompress(packed));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")] // no length
    [InlineData("gA==")] // 80: the length goes on past the end
    [InlineData("BQ==")] // 05: a length, no sequence
    [InlineData("BUBhYmNkZQ==")] // 05 40 "abcde": a sequence cut inside its match distance
    [InlineData("BgBhBgBh")] // 06 00 61 06 ...: a match before anything was written
    [InlineData("BBBhAgAB")] // 04 10 "a" 02 00 ...: a match further back than the start
    [InlineData("AxBhAQA=")] // 03 10 "a" 01 00: a match past the length
    [InlineData("AhD/")] // 02 10 FF: fewer bytes than the length says
    [InlineData("ARD/")] // 01 10 FF: a byte that is not UTF-8
    public void Corrupt_packed_text_is_a_format_error(string packed)
    {
        var exception = Assert.Throws<FormatException>(() => TextUnpacker.Unpack(packed));
        Assert.False(string.IsNullOrEmpty(exception.Message));
    }

    /// <summary>JSON-like text over 64 KiB with values that vary, so the packer's misses, skips and long matches all show in its output.</summary>
    private static byte[] FixedLongInput()
    {
        var builder = new StringBuilder();
        var state = 12345u;
        for (var i = 0; i < 3_000; i++)
        {
            state = state * 1103515245 + 12345;
            builder.Append("{\"name\":\"outbound|").Append(state % 65536).Append("||service").Append(i).Append(".example.com\",\"weight\":").Append(state >> 24).Append("},");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static byte[] RandomBytes(int length, uint seed)
    {
        var bytes = new byte[length];
        var state = seed;
        for (var i = 0; i < length; i++)
        {
            // xorshift32: the same bytes on every runtime, unlike System.Random's unspecified algorithm.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
