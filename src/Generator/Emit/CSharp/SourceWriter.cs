using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace EgressDsl.Generator.Emit.CSharp
{
    /// <summary>Writes C# with indentation and "\n" line ends, so generated sources are the same bytes on every machine.</summary>
    internal sealed class SourceWriter
    {
        // A run of a literal's text this long that needs no escape is read where it is instead of copied (LiteralLine).
        private const int BorrowedRunLength = 4096;

        private readonly StringBuilder builder = new();
        private int indentation;

        // The runs read where they are, in the order they come: each goes where the builder's text had reached when it was
        // written (At), before what the builder holds from there on.
        private List<BorrowedRun>? borrowed;
        private int borrowedLength;

        public SourceWriter Line(string text = "")
        {
            if (text.Length > 0)
            {
                builder.Append(' ', indentation * 4);
                builder.Append(text);
            }

            builder.Append('\n');
            return this;
        }

        public SourceWriter Open(string text)
        {
            Line(text);
            Line("{");
            indentation++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            indentation--;
            return Line("}" + suffix);
        }

        /// <summary>A documented <c>public const string</c>.</summary>
        public SourceWriter Constant(string summary, string name, string value) =>
            Line("/// <summary>" + summary + "</summary>").Line("public const string " + name + " = " + Literal(value) + ";");

        public override string ToString()
        {
            if (borrowed is null)
            {
                return builder.ToString();
            }

            var text = new StringBuilder(Length);
            foreach (var piece in Pieces())
            {
                text.Append(piece.Text, piece.Start, piece.Count);
            }

            return text.ToString();
        }

        /// <summary>How many characters have been written.</summary>
        public int Length => builder.Length + borrowedLength;

        /// <summary>
        /// The text written so far as a source text, never as one large string: without long literal runs, the builder's
        /// text read in pieces (at megabytes, Roslyn keeps it in chunks); with them, a <see cref="PiecedText"/> of the
        /// builder's text between the runs and the runs themselves, read where they are (the packed files).
        /// </summary>
        public SourceText ToSourceText(Encoding encoding) =>
            borrowed is null ? SourceText.From(new BuilderReader(builder), builder.Length, encoding) : new PiecedText(Pieces(), encoding);

        // The builder's text between the borrowed runs, and the runs, in order.
        private List<PiecedText.Piece> Pieces()
        {
            var pieces = new List<PiecedText.Piece>(borrowed!.Count * 2 + 1);
            var done = 0;
            foreach (var (at, run) in borrowed)
            {
                if (at > done)
                {
                    pieces.Add(new PiecedText.Piece(builder.ToString(done, at - done), 0, at - done));
                    done = at;
                }

                pieces.Add(run);
            }

            if (builder.Length > done)
            {
                pieces.Add(new PiecedText.Piece(builder.ToString(done, builder.Length - done), 0, builder.Length - done));
            }

            return pieces;
        }

        /// <summary>
        /// A name as C# source must write it: with <c>@</c> when it is a keyword (<c>@class</c>), or a contextual keyword
        /// (<c>@record</c>, <c>@partial</c>, <c>@global</c>), which could read as the keyword where the name stands; <c>@</c>
        /// before any identifier is allowed. Names come from symbols, which hold them without their <c>@</c>.
        /// </summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>
        /// A dotted name (a namespace as the model holds it, the display string, in which keywords may already have their
        /// <c>@</c>) with each part as <see cref="Identifier"/> writes it: <c>@event.@class</c>.
        /// </summary>
        public static string DottedIdentifier(string name) =>
            string.Join(".", Array.ConvertAll(name.Split('.'), part => part.StartsWith("@", StringComparison.Ordinal) ? part : Identifier(part)));

        /// <summary>
        /// A C# string literal that holds exactly <paramref name="value"/>. Everything outside printable ASCII is escaped,
        /// so no editor, encoding or line-ending conversion can change the text.
        /// </summary>
        public static string Literal(string value)
        {
            var literal = new StringBuilder(value.Length + 16);
            AppendLiteral(literal, value);
            return literal.ToString();
        }

        /// <summary>
        /// A line of <paramref name="prefix"/>, the literal of <paramref name="value"/> and <paramref name="suffix"/>, the
        /// literal written straight into the source: a project's packed Envoy files run to megabytes, and each copy of
        /// them as a string of its own is a large-object-heap allocation in every build. Long runs of the value that need
        /// no escape are not copied at all: <see cref="ToSourceText"/> reads them from <paramref name="value"/>, which must
        /// not change (strings do not).
        /// </summary>
        public SourceWriter LiteralLine(string prefix, string value, string suffix)
        {
            builder.Append(' ', indentation * 4);
            builder.Append(prefix);
            AppendLiteral(builder, value, this);
            builder.Append(suffix).Append('\n');
            return this;
        }

        private void Borrow(string value, int start, int count)
        {
            (borrowed ??= new List<BorrowedRun>()).Add(new BorrowedRun(builder.Length, new PiecedText.Piece(value, start, count)));
            borrowedLength += count;
        }

        private static void AppendLiteral(StringBuilder literal, string value, SourceWriter? borrower = null)
        {
            literal.Append('"');

            // Runs of characters that need no escape are appended whole: the packed files are megabytes of base64.
            var run = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                var escape = c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when c < 0x20 || c > 0x7E => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (escape is not null)
                {
                    AppendRun(literal, value, run, i - run, borrower);
                    literal.Append(escape);
                    run = i + 1;
                }
            }

            AppendRun(literal, value, run, value.Length - run, borrower);
            literal.Append('"');
        }

        // A builder grows by a chunk the size of what is appended to it: a run of megabytes appended at once would be one
        // large-object-heap array. Slices of a chunk's usual size keep every chunk small. A writer's own long runs are not
        // appended at all, but read where they are (Borrow).
        private static void AppendRun(StringBuilder builder, string value, int start, int count, SourceWriter? borrower)
        {
            if (borrower is not null && count >= BorrowedRunLength)
            {
                borrower.Borrow(value, start, count);
                return;
            }

            const int Slice = 8000;
            for (var offset = 0; offset < count; offset += Slice)
            {
                builder.Append(value, start + offset, Math.Min(Slice, count - offset));
            }
        }

        /// <summary>A run of a literal's text read where it is: it goes where the builder's text had reached (<paramref name="At"/>).</summary>
        private readonly record struct BorrowedRun(int At, PiecedText.Piece Run);

        /// <summary>Reads a builder's text through <see cref="StringBuilder.CopyTo(int, char[], int, int)"/>.</summary>
        private sealed class BuilderReader : TextReader
        {
            private readonly StringBuilder builder;
            private int position;

            public BuilderReader(StringBuilder builder) => this.builder = builder;

            public override int Peek() => position < builder.Length ? builder[position] : -1;

            public override int Read() => position < builder.Length ? builder[position++] : -1;

            public override int Read(char[] buffer, int index, int count)
            {
                var read = Math.Min(count, builder.Length - position);
                builder.CopyTo(position, buffer, index, read);
                position += read;
                return read;
            }

            public override string ReadToEnd()
            {
                var rest = builder.ToString(position, builder.Length - position);
                position = builder.Length;
                return rest;
            }
        }
    }
}
