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
        // Megabytes of base64 are appended in slices: escapes right at, before and after a slice's end.
        .Append(new object[] { new string('a', 7_999) + "\"" + new string('b', 8_000) + "\n" + new string('c', 7_998) + "é\\" + new string('d', 20_000) });

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_literal_holds_exactly_its_text_whether_it_is_made_alone_or_written_into_a_line(string value)
    {
        var literal = SourceWriter.Literal(value);
        var line = new SourceWriter().Open("class C").LiteralLine("const string S = ", value, ";").Close().ToString();

        Assert.Equal(new SourceWriter().Open("class C").Line("const string S = " + literal + ";").Close().ToString(), line);
        Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
        var tree = CSharpSyntaxTree.ParseText(line);
        Assert.Empty(tree.GetDiagnostics());
        var token = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token;
        Assert.Equal(value, token.ValueText);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(10_000)]
    public void The_reader_gives_the_written_text_as_a_source_text_with_the_same_checksum(int lines)
    {
        var writer = new SourceWriter().Open("namespace N");
        for (var i = 0; i < lines; i++)
        {
            writer.LiteralLine("// ", "line " + i, string.Empty);
        }

        writer.Close();
        var text = writer.ToString();

        var fromReader = SourceText.From(writer.Reader(), writer.Length, Encoding.UTF8);

        Assert.Equal(text, fromReader.ToString());
        Assert.Equal(Convert.ToHexString(SourceText.From(text, Encoding.UTF8).GetChecksum().AsSpan()), Convert.ToHexString(fromReader.GetChecksum().AsSpan()));
        Assert.Equal(Encoding.UTF8, fromReader.Encoding);
    }
}
