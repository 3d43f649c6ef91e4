using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

// The same source is compiled into the generator (EGRESS_GENERATOR), where it must neither clash with this assembly's public
// types nor widen the analyzer's public surface: there it is internal and lives in EgressDsl.Generator.Simulation.
#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation.Json
#else
namespace EgressDsl.Simulation.Json
#endif
{
    internal enum JsonKind { Null, Boolean, Number, String, Array, Object }

    /// <summary>
    /// A parsed JSON value. Numbers keep their text, so 64-bit integers written as strings or numbers read back exactly.
    /// Object members keep their order; a repeated name keeps its last value, as protobuf's JSON parser does.
    /// </summary>
    internal sealed class JsonValue
    {
        private static readonly List<JsonValue> NoItems = new();
        private static readonly List<KeyValuePair<string, JsonValue>> NoMembers = new();

        private readonly List<JsonValue> items;
        private readonly List<KeyValuePair<string, JsonValue>> members;

        private JsonValue(JsonKind kind, string? text, List<JsonValue>? items, List<KeyValuePair<string, JsonValue>>? members)
        {
            Kind = kind;
            Text = text;
            this.items = items ?? NoItems;
            this.members = members ?? NoMembers;
        }

        public static readonly JsonValue Null = new(JsonKind.Null, null, null, null);

        public JsonKind Kind { get; }

        /// <summary>A string's value, a number's text, <c>true</c> or <c>false</c>.</summary>
        public string? Text { get; }

        public IReadOnlyList<JsonValue> Items => items;

        public IReadOnlyList<KeyValuePair<string, JsonValue>> Members => members;

        public bool IsObject => Kind == JsonKind.Object;

        /// <summary>
        /// A member by its proto field name. Proto3 JSON also accepts the lowerCamelCase name (<c>portValue</c> for
        /// <c>port_value</c>), so both are looked up.
        /// </summary>
        public JsonValue? this[string name]
        {
            get
            {
                JsonValue? found = null;
                var camel = name.IndexOf('_') >= 0 ? ToCamelCase(name) : null;
                foreach (var member in members)
                {
                    if (member.Key == name || (camel is not null && member.Key == camel))
                    {
                        found = member.Value;
                    }
                }

                return found is { Kind: JsonKind.Null } ? null : found;
            }
        }

        public string? String(string name) => this[name] is { Kind: JsonKind.String } value ? value.Text : null;

        public bool Bool(string name, bool defaultValue = false) =>
            this[name] is { Kind: JsonKind.Boolean } value ? value.Text == "true" : defaultValue;

        /// <summary>An integer field: proto3 JSON writes them as numbers or as strings.</summary>
        public long? Integer(string name)
        {
            var value = this[name];
            if (value is null || (value.Kind != JsonKind.Number && value.Kind != JsonKind.String))
            {
                return null;
            }

            return long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : (long?)null;
        }

        /// <summary>A wrapper such as <c>google.protobuf.UInt32Value</c> or <c>BoolValue</c>: the bare value, or <c>{"value": ...}</c>.</summary>
        public JsonValue? Wrapped(string name)
        {
            var value = this[name];
            return value is { Kind: JsonKind.Object } ? value["value"] : value;
        }

        public IReadOnlyList<JsonValue> Array(string name) => this[name] is { Kind: JsonKind.Array } value ? value.Items : NoItems;

        private static string ToCamelCase(string name)
        {
            var builder = new StringBuilder(name.Length);
            var upper = false;
            foreach (var c in name)
            {
                if (c == '_')
                {
                    upper = true;
                    continue;
                }

                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            return builder.ToString();
        }

        // ---------------------------------------------------------------- parsing

        /// <summary>Parses RFC 8259 JSON; throws <see cref="FormatException"/> with the position of the first error.</summary>
        public static JsonValue Parse(string text)
        {
            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected text after the JSON value");
            }

            return value;
        }

        private sealed class Reader
        {
            private const int MaximumDepth = 512;
            private readonly string text;
            private int position;

            public Reader(string text) => this.text = text;

            public bool AtEnd => position >= text.Length;

            public FormatException Error(string message) =>
                new("Invalid JSON at offset " + position.ToString(CultureInfo.InvariantCulture) + ": " + message + ".");

            public void SkipWhitespace()
            {
                while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\r')
                {
                    position++;
                }
            }

            public JsonValue ReadValue(int depth)
            {
                if (depth > MaximumDepth)
                {
                    throw Error("nested too deeply");
                }

                if (AtEnd)
                {
                    throw Error("a value was expected");
                }

                switch (text[position])
                {
                    case '{':
                        return ReadObject(depth);
                    case '[':
                        return ReadArray(depth);
                    case '"':
                        return new JsonValue(JsonKind.String, ReadString(), null, null);
                    case 't':
                        Expect("true");
                        return new JsonValue(JsonKind.Boolean, "true", null, null);
                    case 'f':
                        Expect("false");
                        return new JsonValue(JsonKind.Boolean, "false", null, null);
                    case 'n':
                        Expect("null");
                        return Null;
                    default:
                        return ReadNumber();
                }
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
                {
                    throw Error("'" + word + "' was expected");
                }

                position += word.Length;
            }

            private JsonValue ReadObject(int depth)
            {
                position++;
                var members = new List<KeyValuePair<string, JsonValue>>();
                SkipWhitespace();
                if (!AtEnd && text[position] == '}')
                {
                    position++;
                    return new JsonValue(JsonKind.Object, null, null, members);
                }

                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || text[position] != '"')
                    {
                        throw Error("a member name was expected");
                    }

                    var name = ReadString();
                    SkipWhitespace();
                    if (AtEnd || text[position] != ':')
                    {
                        throw Error("':' was expected");
                    }

                    position++;
                    SkipWhitespace();
                    members.Add(new KeyValuePair<string, JsonValue>(name, ReadValue(depth + 1)));
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw Error("'}' was expected");
                    }

                    if (text[position] == ',')
                    {
                        position++;
                        continue;
                    }

                    if (text[position] == '}')
                    {
                        position++;
                        return new JsonValue(JsonKind.Object, null, null, members);
                    }

                    throw Error("',' or '}' was expected");
                }
            }

            private JsonValue ReadArray(int depth)
            {
                position++;
                var items = new List<JsonValue>();
                SkipWhitespace();
                if (!AtEnd && text[position] == ']')
                {
                    position++;
                    return new JsonValue(JsonKind.Array, null, items, null);
                }

                while (true)
                {
                    SkipWhitespace();
                    items.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw Error("']' was expected");
                    }

                    if (text[position] == ',')
                    {
                        position++;
                        continue;
                    }

                    if (text[position] == ']')
                    {
                        position++;
                        return new JsonValue(JsonKind.Array, null, items, null);
                    }

                    throw Error("',' or ']' was expected");
                }
            }

            private string ReadString()
            {
                position++;
                var builder = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("the string is not closed");
                    }

                    var c = text[position++];
                    if (c == '"')
                    {
                        return builder.ToString();
                    }

                    if (c < 0x20)
                    {
                        throw Error("a control character must be escaped in a string");
                    }

                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }

                    if (AtEnd)
                    {
                        throw Error("the escape is not complete");
                    }

                    var escape = text[position++];
                    switch (escape)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (position + 4 > text.Length
                                || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Error("\\u needs four hexadecimal digits");
                            }

                            builder.Append((char)code);
                            position += 4;
                            break;
                        default:
                            throw Error("'\\" + escape + "' is not a JSON escape");
                    }
                }
            }

            private JsonValue ReadNumber()
            {
                var start = position;
                if (position < text.Length && text[position] == '-')
                {
                    position++;
                }

                var digits = ReadDigits();
                if (digits == 0)
                {
                    throw Error("a value was expected");
                }

                if (position < text.Length && text[position] == '.')
                {
                    position++;
                    if (ReadDigits() == 0)
                    {
                        throw Error("digits were expected after '.'");
                    }
                }

                if (position < text.Length && text[position] is 'e' or 'E')
                {
                    position++;
                    if (position < text.Length && text[position] is '+' or '-')
                    {
                        position++;
                    }

                    if (ReadDigits() == 0)
                    {
                        throw Error("digits were expected in the exponent");
                    }
                }

                return new JsonValue(JsonKind.Number, text.Substring(start, position - start), null, null);
            }

            private int ReadDigits()
            {
                var start = position;
                while (position < text.Length && text[position] >= '0' && text[position] <= '9')
                {
                    position++;
                }

                return position - start;
            }
        }
    }
}
