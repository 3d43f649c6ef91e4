using System.Text;
using EgressDsl.Generator.Emit.Documents;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>The generator's <see cref="FilePacker"/> against the readers' <see cref="PackedFiles"/>.</summary>
public class FilePackerTests
{
    public static IEnumerable<object[]> Texts() => new[]
    {
        string.Empty,
        "a",
        "{}",
        "short text that repeats: short text that repeats",
        new string('a', 100_000),
        string.Concat(Enumerable.Repeat("{\"name\":\"outbound|443||api.example.com\",\"type\":\"EDS\"},", 5_000)),
        string.Concat(Enumerable.Repeat("héllo wörld ✓ 日本語 😀 ", 1_000)),
        "\u0001\u001f\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff",
    }.Select(text => new object[] { text });

    [Theory]
    [MemberData(nameof(Texts))]
    public void Unpacking_gives_back_the_packed_texts(string text)
    {
        var packed = new FilePacker().Text("Path", "istio/a.yaml").Text("Yaml", text).EndFile().Text("Path", "b").Text("Content", text + "!").EndFile().Finish();

        var files = PackedFiles.Unpack(packed);

        Assert.Equal(2, files.Count);
        Assert.Equal(new Dictionary<string, string> { ["Path"] = "istio/a.yaml", ["Yaml"] = text }, files[0]);
        Assert.Equal(new Dictionary<string, string> { ["Path"] = "b", ["Content"] = text + "!" }, files[1]);
        Assert.All(packed, c => Assert.InRange(c, '\u4000', '\ubfff'));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Unpacking_gives_back_texts_packed_after_the_envoy_dictionary(string text)
    {
        var packed = FilePacker.PackFile("envoy/a.json", "CompactJson", new[] { text }, PackedFilesDictionary.EnvoyFlags);

        var file = Assert.Single(PackedFiles.Unpack(packed));
        Assert.Equal(new Dictionary<string, string> { ["Path"] = "envoy/a.json", ["CompactJson"] = text }, file);
        Assert.Equal('\u4000' + PackedFilesDictionary.EnvoyFlags, packed[0]);
    }

    [Fact]
    public void A_proxy_configuration_packs_smaller_after_the_envoy_dictionary_than_after_the_istio_one()
    {
        // A gateway unlike the dictionary's in its names, alike in its keys and type URLs.
        var gateway = PackedFilesDictionary.EnvoyJson
            .Replace("nginx", "payments", StringComparison.Ordinal)
            .Replace("443", "8443", StringComparison.Ordinal);

        var envoy = FilePacker.PackFile("envoy/gateway.json", "CompactJson", new[] { gateway }, PackedFilesDictionary.EnvoyFlags);
        var istio = FilePacker.PackFile("envoy/gateway.json", "CompactJson", new[] { gateway });

        Assert.Equal(gateway, Assert.Single(PackedFiles.Unpack(envoy))["CompactJson"]);
        Assert.True(envoy.Length * 2 < istio.Length, $"{envoy.Length} against {istio.Length} characters");
    }

    [Fact]
    public void No_files_pack_to_an_empty_list()
    {
        Assert.Empty(PackedFiles.Unpack(new FilePacker().Finish()));
    }

    [Fact]
    public void Packing_pieces_gives_the_packing_of_their_text()
    {
        var pieces = Enumerable.Range(0, 6_000).Select(i => "{\"name\":\"cluster-" + i + "\",\"port\":" + (i * 7919 % 65536) + "}").ToList();
        var text = string.Concat(pieces);

        Assert.Equal(FilePacker.PackFile("f", "Content", new[] { text }), FilePacker.PackFile("f", "Content", pieces));
        Assert.Equal(text, Assert.Single(PackedFiles.Unpack(FilePacker.PackFile("f", "Content", pieces)))["Content"]);
    }

    [Fact]
    public void A_lone_surrogate_is_packed_as_the_written_file_has_it()
    {
        // The build writes UTF-8 with replacement, so the packed text is the text of the file.
        Assert.Equal("a\ufffdb", Assert.Single(PackedFiles.Unpack(FilePacker.PackFile("f", "Content", new[] { "a\ud800b" })))["Content"]);
    }

    [Fact]
    public void A_text_with_the_separator_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FilePacker.PackFile("f", "Content", new[] { "a\0b" }));
    }

    [Theory]
    [InlineData("")] // no length
    [InlineData("\u4000")] // half a length
    [InlineData("\u4000\u4005")] // five bytes said, none there
    [InlineData("\u4000\u4001A")] // a character out of range
    [InlineData("\u4000\u4002\u7fff\u7fff")] // two bytes that are not deflate data
    public void Corrupt_packed_files_are_a_format_error(string packed)
    {
        var exception = Assert.Throws<FormatException>(() => PackedFiles.Unpack(packed));
        Assert.False(string.IsNullOrEmpty(exception.Message));
    }

    [Fact]
    public void Packed_files_cut_inside_a_file_are_a_format_error()
    {
        var whole = new FilePacker().Text("Path", "a").Finish();
        Assert.Throws<FormatException>(() => PackedFiles.Unpack(whole));
    }
}
