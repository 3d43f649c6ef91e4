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

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4_096)]
    [InlineData(40_000)]
    public void Long_runs_of_a_literal_read_where_they_are_give_the_text_written_whole_in_reads_of_any_size(int readSize)
    {
        // Runs at, below and above the length read in place, between escapes, at a literal's start and end, and one
        // literal right after another on the next line.
        var values = new[]
        {
            new string('a', 4_095),
            new string('b', 4_096),
            new string('c', 4_097) + "\"" + new string('d', 10_000) + "\n",
            "\\" + new string('e', 50_000),
            string.Empty,
            new string('f', 9_000) + "é" + new string('g', 3),
        };
        var writer = new SourceWriter().Open("class C");
        var expected = new SourceWriter().Open("class C");
        for (var i = 0; i < values.Length; i++)
        {
            writer.LiteralLine("const string S" + i + " = ", values[i], ";");
            expected.Line("const string S" + i + " = " + SourceWriter.Literal(values[i]) + ";");
        }

        writer.Close();
        var whole = expected.Close().ToString();

        Assert.Equal(whole, writer.ToString());
        Assert.Equal(whole.Length, writer.Length);
        var reader = writer.Reader();
        var read = new StringBuilder();
        var buffer = new char[readSize];
        Assert.Equal(whole[0], (char)reader.Peek());
        for (int count; (count = reader.Read(buffer, 0, buffer.Length)) > 0;)
        {
            read.Append(buffer, 0, count);
            if (reader.Peek() is var next and >= 0)
            {
                Assert.Equal(whole[read.Length], (char)next);
            }
        }

        Assert.Equal(whole, read.ToString());
        Assert.Equal(-1, reader.Read());
        Assert.Equal(whole, SourceText.From(writer.Reader(), writer.Length, Encoding.UTF8).ToString());
    }
}
