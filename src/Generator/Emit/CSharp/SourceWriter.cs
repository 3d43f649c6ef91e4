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
        private readonly StringBuilder builder = new();
        private int indentation;

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

        public override string ToString() => builder.ToString();

        /// <summary>How many characters have been written.</summary>
        public int Length => builder.Length;

        /// <summary>The text written so far as a source text, read from the builder in pieces, never as one large string.</summary>
        public SourceText ToSourceText(Encoding encoding) => SourceText.From(new BuilderReader(builder), builder.Length, encoding);

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
        /// The literal of a packed constant (FilePacker): its characters, U+4000 to U+BFFF, need no escape, and written as
        /// they are they take three bytes of UTF-8 each in the source, where <c>\uXXXX</c> would take six.
        /// </summary>
        public static string PackedLiteral(string packed) => "\"" + packed + "\"";

        private static void AppendLiteral(StringBuilder literal, string value)
        {
            literal.Append('"');

            // Runs of characters that need no escape are appended whole: most of a text needs none.
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
                    AppendRun(literal, value, run, i - run);
                    literal.Append(escape);
                    run = i + 1;
                }
            }

            AppendRun(literal, value, run, value.Length - run);
            literal.Append('"');
        }

        // A builder grows by a chunk the size of what is appended to it: a run of megabytes appended at once would be one
        // large-object-heap array. Slices of a chunk's usual size keep every chunk small.
        private static void AppendRun(StringBuilder builder, string value, int start, int count)
        {
            const int Slice = 8000;
            for (var offset = 0; offset < count; offset += Slice)
            {
                builder.Append(value, start + offset, Math.Min(Slice, count - offset));
            }
        }

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
