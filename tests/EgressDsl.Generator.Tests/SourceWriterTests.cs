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
    public void The_written_text_becomes_a_source_text_with_the_same_checksum(int lines)
    {
        var writer = new SourceWriter().Open("namespace N");
        for (var i = 0; i < lines; i++)
        {
            writer.LiteralLine("// ", "line " + i, string.Empty);
        }

        writer.Close();
        var text = writer.ToString();

        var fromWriter = writer.ToSourceText(Encoding.UTF8);

        AssertSameSource(text, fromWriter);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 0)]
    [InlineData(65_536, 0)]
    [InlineData(100_000, 0)]
    [InlineData(4_096, 40)]
    public void Long_runs_of_a_literal_read_where_they_are_give_the_text_written_whole(int readSize, int moreWholeRuns)
    {
        // Runs at, below and above the length read in place, between escapes, at a literal's start and end, one literal
        // right after another on the next line; and many runs, a piece of the source text each.
        var values = new[]
        {
            new string('a', 65_535),
            new string('b', 65_536),
            new string('c', 65_537) + "\"" + new string('d', 70_000) + "\n",
            "\\" + new string('e', 100_000),
            string.Empty,
            new string('f', 9_000) + "é" + new string('g', 3),
        }.Concat(Enumerable.Range(0, moreWholeRuns).Select(i => new string((char)('h' + (i % 10)), 65_536 + i))).ToArray();
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

        // As a source text, the long runs are read where they are: the same text, checksum, lines and syntax tree, whether
        // it is read in blocks of any size, in slices or a character at a time.
        var source = writer.ToSourceText(Encoding.UTF8);
        AssertSameSource(whole, source);
        var read = new StringBuilder();
        var buffer = new char[readSize];
        for (var position = 0; position < source.Length; position += readSize)
        {
            var count = Math.Min(readSize, source.Length - position);
            source.CopyTo(position, buffer, 0, count);
            read.Append(buffer, 0, count);
        }

        Assert.Equal(whole, read.ToString());
        var random = new Random(readSize);
        for (var i = 0; i < 200; i++)
        {
            var start = random.Next(whole.Length);
            var length = random.Next(Math.Min(readSize, whole.Length - start) + 1);
            Assert.Equal(whole.Substring(start, length), source.ToString(new TextSpan(start, length)));
            Assert.Equal(whole[start], source[start]);
        }
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
