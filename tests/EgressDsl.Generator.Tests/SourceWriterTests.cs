using System.Text;
using EgressDsl.Generator.Emit.CSharp;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class SourceWriterTests
{
    public static IEnumerable<object[]> Texts() => RoundTripTests.HostileStrings()
        .Append(new object[] { string.Empty })
        .Append(new object[] { "control \u0001 \u001f and \u007f, surrogates \ud83d\ude00 and a lone \ud800" })
        // Long texts are appended in slices: escapes right at, before and after a slice's end.
        .Append(new object[] { new string('a', 7_999) + "\"" + new string('b', 8_000) + "\n" + new string('c', 7_998) + "é\\" + new string('d', 20_000) });

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_literal_holds_exactly_its_text(string value)
    {
        var literal = SourceWriter.Literal(value);
        var line = new SourceWriter().Open("class C").Line("const string S = " + literal + ";").Close().ToString();

        Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
        var tree = CSharpSyntaxTree.ParseText(line);
        Assert.Empty(tree.GetDiagnostics());
        var token = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token;
        Assert.Equal(value, token.ValueText);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(10_000)]
    public void The_written_text_becomes_a_source_text_with_the_same_checksum(int lines)
    {
        var writer = new SourceWriter().Open("namespace N");
        for (var i = 0; i < lines; i++)
        {
            writer.Line("// line " + i);
        }

        writer.Close();
        var text = writer.ToString();

        var fromWriter = writer.ToSourceText(Encoding.UTF8);

        AssertSameSource(text, fromWriter);
    }

    [Fact]
    public void A_packed_literal_holds_its_characters_unescaped()
    {
        var packed = Emit.Documents.FilePacker.PackFile("envoy/x.json", "CompactJson", new[] { string.Concat(Enumerable.Repeat("{\"a\":\"b\"},", 1_000)) });
        var tree = CSharpSyntaxTree.ParseText("class C { const string S = " + SourceWriter.PackedLiteral(packed) + "; }");

        Assert.Empty(tree.GetDiagnostics());
        Assert.Equal(packed, tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token.ValueText);
    }

    private static void AssertSameSource(string text, SourceText source)
    {
        var expected = SourceText.From(text, Encoding.UTF8);
        Assert.Equal(text, source.ToString());
        Assert.Equal(text.Length, source.Length);
        Assert.Equal(Convert.ToHexString(expected.GetChecksum().AsSpan()), Convert.ToHexString(source.GetChecksum().AsSpan()));
        Assert.Equal(Encoding.UTF8, source.Encoding);
        Assert.Equal(expected.Lines.Select(l => l.SpanIncludingLineBreak), source.Lines.Select(l => l.SpanIncludingLineBreak));
        Assert.Equal(CSharpSyntaxTree.ParseText(expected).GetRoot().ToFullString(), CSharpSyntaxTree.ParseText(source).GetRoot().ToFullString());
    }
}
