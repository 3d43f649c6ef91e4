using System.Globalization;
using System.Text;

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

        /// <summary>
        /// A C# string literal that holds exactly <paramref name="value"/>. Everything outside printable ASCII is escaped,
        /// so no editor, encoding or line-ending conversion can change the text.
        /// </summary>
        public static string Literal(string value)
        {
            var literal = new StringBuilder(value.Length + 16);
            literal.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': literal.Append("\\\""); break;
                    case '\\': literal.Append("\\\\"); break;
                    case '\n': literal.Append("\\n"); break;
                    case '\r': literal.Append("\\r"); break;
                    case '\t': literal.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c > 0x7E)
                        {
                            literal.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            literal.Append(c);
                        }

                        break;
                }
            }

            literal.Append('"');
            return literal.ToString();
        }
    }
}
