using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace EgressDsl.Cli.Import
{
    /// <summary>One attribute to write: its name and its arguments, each already C# source (<c>"a"</c>, <c>Name = "x"</c>).</summary>
    internal sealed record AttributeSpec(string Name, IReadOnlyList<string> Arguments)
    {
        internal static AttributeSpec Of(string name, params string?[] arguments) => new(name, arguments.Where(argument => argument != null).Select(argument => argument!).ToList());

        public override string ToString() => "[" + Name + (Arguments.Count == 0 ? string.Empty : "(" + string.Join(", ", Arguments) + ")") + "]";
    }

    /// <summary>What a class holds; the attributes of each part are written in this order, whatever order the documents came in.</summary>
    internal enum ClassPart
    {
        Service,
        DestinationRule,
        KubernetesService,
        Gateway,
        Route,
    }

    /// <summary>One class the import writes: its name, where each part came from, and its attributes by part.</summary>
    internal sealed class ImportedClass
    {
        private readonly SortedDictionary<ClassPart, List<AttributeSpec>> _parts = new();

        internal ImportedClass(string name, string source, int order)
        {
            Name = name;
            Source = source;
            Order = order;
        }

        internal string Name { get; }

        /// <summary>The input file of the first document that made the class; the class is written with that file's classes.</summary>
        internal string Source { get; set; }

        /// <summary>The position of the first document that made the class, over all inputs: classes keep the input's order.</summary>
        internal int Order { get; set; }

        /// <summary>A line per document, by input order: <c>file, document 2: ServiceEntry default/x</c>.</summary>
        internal SortedDictionary<int, string> Origins { get; } = new();

        /// <summary>The input objects the class writes, so a pattern can tell which classes make exactly its objects.</summary>
        internal List<ImportedObject> Objects { get; } = new();

        internal bool Has(ClassPart part) => _parts.ContainsKey(part);

        internal List<AttributeSpec> Part(ClassPart part)
        {
            if (!_parts.TryGetValue(part, out var attributes))
            {
                attributes = new List<AttributeSpec>();
                _parts[part] = attributes;
            }

            return attributes;
        }

        internal IEnumerable<AttributeSpec> Attributes => _parts.Values.SelectMany(attributes => attributes);

        /// <summary>Replaces every attribute with these, as one part: what an intent attribute does to the classes it stands for.</summary>
        internal void ReplaceAttributes(IEnumerable<AttributeSpec> attributes)
        {
            _parts.Clear();
            Part(ClassPart.Service).AddRange(attributes);
        }
    }

    /// <summary>C# source text for attribute arguments.</summary>
    internal static class CSharp
    {
        internal static string String(string value)
        {
            var text = new StringBuilder("\"");
            foreach (var character in value)
            {
                switch (character)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (char.IsControl(character))
                        {
                            text.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(character);
                        }

                        break;
                }
            }

            return text.Append('"').ToString();
        }

        internal static string Strings(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";

        internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string? Named(string name, string? value) => value == null ? null : name + " = " + String(value);

        internal static string? Named(string name, IReadOnlyCollection<string>? values) => values == null || values.Count == 0 ? null : name + " = " + Strings(values);

        internal static string? Named(string name, int value) => value == 0 ? null : name + " = " + Int(value);

        internal static string? NamedBool(string name, bool value) => value ? name + " = true" : null;

        internal static string? NamedCode(string name, string? code) => code == null ? null : name + " = " + code;

        /// <summary><c>se-nginx-ext</c> becomes <c>SeNginxExt</c>; a name that cannot start an identifier gets a leading letter.</summary>
        internal static string PascalCase(string name)
        {
            var text = new StringBuilder();
            var upper = true;
            foreach (var character in name)
            {
                if (char.IsLetterOrDigit(character))
                {
                    text.Append(upper ? char.ToUpperInvariant(character) : character);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }

            if (text.Length == 0 || !char.IsLetter(text[0]))
            {
                text.Insert(0, 'N');
            }

            return text.ToString();
        }
    }
}
