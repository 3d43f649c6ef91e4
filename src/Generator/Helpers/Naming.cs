using System.Text;

namespace EgressDsl.Generator.Helpers
{
    /// <summary>Derives Kubernetes names from C# names.</summary>
    internal static class Naming
    {
        /// <summary>
        /// <c>NginxExternalService</c> becomes <c>nginx-external-service</c>, <c>HTTPBin2</c> becomes <c>httpbin2</c>:
        /// a word boundary is a lower-case letter or digit followed by an upper-case one, so acronyms stay whole.
        /// </summary>
        public static string ToKebabCase(string name)
        {
            var builder = new StringBuilder(name.Length + 8);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (c == '_')
                {
                    AppendHyphen(builder);
                    continue;
                }

                if (char.IsUpper(c))
                {
                    var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    var acronymEnds = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (previousIsLowerOrDigit || acronymEnds)
                    {
                        AppendHyphen(builder);
                    }

                    builder.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
            }

            return builder.ToString().Trim('-');
        }

        private static void AppendHyphen(StringBuilder builder)
        {
            if (builder.Length > 0 && builder[builder.Length - 1] != '-')
            {
                builder.Append('-');
            }
        }
    }
}
