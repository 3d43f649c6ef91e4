using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

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
    /// <remarks>
    /// <see cref="Parse"/> checks the whole text at once but builds an object's members or an array's items only when they
    /// are first read: a simulation reads a few of a sidecar's thousands of clusters, and building every one of them was
    /// most of what reading a large configuration cost. A value reads the same whenever it is built, and may be read from
    /// several threads.
    /// </remarks>
    internal sealed class JsonValue
    {
        private static readonly List<JsonValue> NoItems = new();
        private static readonly List<KeyValuePair<string, JsonValue>> NoMembers = new();

        // An object's or array's text starts at `start` in `source`, already checked; built on first read.
        private readonly string? source;
        private readonly int start;
        private List<JsonValue>? items;
        private List<KeyValuePair<string, JsonValue>>? members;

        private JsonValue(JsonKind kind, string? text)
        {
            Kind = kind;
            Text = text;
            items = NoItems;
            members = NoMembers;
        }

        private JsonValue(JsonKind kind, string source, int start)
        {
            Kind = kind;
            this.source = source;
            this.start = start;
            items = kind == JsonKind.Array ? null : NoItems;
            members = kind == JsonKind.Object ? null : NoMembers;
        }

        public static readonly JsonValue Null = new(JsonKind.Null, null);

        public JsonKind Kind { get; }

        /// <summary>A string's value, a number's text, <c>true</c> or <c>false</c>.</summary>
        public string? Text { get; }

        public IReadOnlyList<JsonValue> Items => Volatile.Read(ref items) ?? BuildItems();

        public IReadOnlyList<KeyValuePair<string, JsonValue>> Members => Volatile.Read(ref members) ?? BuildMembers();

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
                var hasCamelCase = name.IndexOf('_') >= 0;
                foreach (var member in Members)
                {
                    if (member.Key == name || (hasCamelCase && IsCamelCaseOf(member.Key, name)))
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

        /// <summary>A wrapper such as <c>google.protobuf.UInt32Value</c> or <c>BoolValue</c>: the bare value, or <c>{"value":
        /// ...}</c>.</summary>
        public JsonValue? Wrapped(string name)
        {
            var value = this[name];
            return value is { Kind: JsonKind.Object } ? value["value"] : value;
        }

        public IReadOnlyList<JsonValue> Array(string name) => this[name] is { Kind: JsonKind.Array } value ? value.Items : NoItems;

        /// <summary>Whether <paramref name="key"/> is <paramref name="name"/> in lowerCamelCase, compared where it stands (lookups are the
        /// simulator's inner loop).</summary>
        private static bool IsCamelCaseOf(string key, string name)
        {
            var position = 0;
            var upper = false;
            foreach (var c in name)
            {
                if (c == '_')
                {
                    upper = true;
                    continue;
                }

                if (position >= key.Length || key[position] != (upper ? char.ToUpperInvariant(c) : c))
                {
                    return false;
                }

                position++;
                upper = false;
            }

            return position == key.Length;
        }

        private List<JsonValue> BuildItems()
        {
            var built = new Reader(source!, start).ReadItems();
            return Interlocked.CompareExchange(ref items, built, null) ?? built;
        }

        private List<KeyValuePair<string, JsonValue>> BuildMembers()
        {
            var built = new Reader(source!, start).ReadMembers();
            return Interlocked.CompareExchange(ref members, built, null) ?? built;
        }

        // ---------------------------------------------------------------- parsing

        /// <summary>Parses RFC 8259 JSON; throws <see cref="FormatException"/> with the position of the first error.</summary>
        public static JsonValue Parse(string text)
        {
            // Checked whole first, building nothing, so an error anywhere is thrown here, not when a part is first read.
            var reader = new Reader(text, 0);
            reader.SkipWhitespace();
            var valueStart = reader.Position;
            reader.ReadValue(0, build: false);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected text after the JSON value");
            }

            return new Reader(text, valueStart).ReadValue(0, build: true)!;
        }

        /// <summary>
        /// Reads or, with <c>build</c> false, only checks and passes over values. A built object or array is a value whose
        /// members or items are read from the text when first asked for; passing over it checks it meanwhile.
        /// </summary>
        private sealed class Reader
        {
            private const int MaximumDepth = 512;
            private readonly string text;
            private int position;

            public Reader(string text, int position)
            {
                this.text = text;
                this.position = position;
            }

            public int Position => position;

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

            public JsonValue? ReadValue(int depth, bool build)
            {
                if (depth > MaximumDepth)
                {
                    throw Error("nested too deeply");
                }

                if (AtEnd)
                {
                    throw Error("a value was expected");
                }

                var valueStart = position;
                switch (text[position])
                {
                    case '{':
                        ReadObject(depth, null);
                        return build ? new JsonValue(JsonKind.Object, text, valueStart) : null;
                    case '[':
                        ReadArray(depth, null);
                        return build ? new JsonValue(JsonKind.Array, text, valueStart) : null;
                    case '"':
                        var value = ReadString(build);
                        return build ? new JsonValue(JsonKind.String, value) : null;
                    case 't':
                        Expect("true");
                        return build ? new JsonValue(JsonKind.Boolean, "true") : null;
                    case 'f':
                        Expect("false");
                        return build ? new JsonValue(JsonKind.Boolean, "false") : null;
                    case 'n':
                        Expect("null");
                        return Null;
                    default:
                        ReadNumber();
                        return build ? new JsonValue(JsonKind.Number, text.Substring(valueStart, position - valueStart)) : null;
                }
            }

            /// <summary>The members of the object at the reader's position, each nested object or array to be read when asked
            /// for.</summary>
            public List<KeyValuePair<string, JsonValue>> ReadMembers()
            {
                var members = new List<KeyValuePair<string, JsonValue>>();
                ReadObject(0, members);
                return members;
            }

            /// <summary>The items of the array at the reader's position, each nested object or array to be read when asked for.</summary>
            public List<JsonValue> ReadItems()
            {
                var items = new List<JsonValue>();
                ReadArray(0, items);
                return items;
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
                {
                    throw Error("'" + word + "' was expected");
                }

                position += word.Length;
            }

            private void ReadObject(int depth, List<KeyValuePair<string, JsonValue>>? members)
            {
                position++;
                SkipWhitespace();
                if (!AtEnd && text[position] == '}')
                {
                    position++;
                    return;
                }

                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || text[position] != '"')
                    {
                        throw Error("a member name was expected");
                    }

                    var name = ReadString(members is not null);
                    SkipWhitespace();
                    if (AtEnd || text[position] != ':')
                    {
                        throw Error("':' was expected");
                    }

                    position++;
                    SkipWhitespace();
                    var value = ReadValue(depth + 1, members is not null);
                    members?.Add(new KeyValuePair<string, JsonValue>(name!, value!));
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
                        return;
                    }

                    throw Error("',' or '}' was expected");
                }
            }

            private void ReadArray(int depth, List<JsonValue>? items)
            {
                position++;
                SkipWhitespace();
                if (!AtEnd && text[position] == ']')
                {
                    position++;
                    return;
                }

                while (true)
                {
                    SkipWhitespace();
                    var item = ReadValue(depth + 1, items is not null);
                    items?.Add(item!);
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
                        return;
                    }

                    throw Error("',' or ']' was expected");
                }
            }

            private string? ReadString(bool build)
            {
                position++;
                var first = position;
                StringBuilder? builder = null;
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("the string is not closed");
                    }

                    var c = text[position++];
                    if (c == '"')
                    {
                        // Most strings have no escape: their text is taken whole.
                        return !build ? null : builder is null ? text.Substring(first, position - 1 - first) : builder.ToString();
                    }

                    if (c < 0x20)
                    {
                        throw Error("a control character must be escaped in a string");
                    }

                    if (c != '\\')
                    {
                        builder?.Append(c);
                        continue;
                    }

                    if (build && builder is null)
                    {
                        builder = new StringBuilder().Append(text, first, position - 1 - first);
                    }

                    if (AtEnd)
                    {
                        throw Error("the escape is not complete");
                    }

                    var escape = text[position++];
                    switch (escape)
                    {
                        case '"': builder?.Append('"'); break;
                        case '\\': builder?.Append('\\'); break;
                        case '/': builder?.Append('/'); break;
                        case 'b': builder?.Append('\b'); break;
                        case 'f': builder?.Append('\f'); break;
                        case 'n': builder?.Append('\n'); break;
                        case 'r': builder?.Append('\r'); break;
                        case 't': builder?.Append('\t'); break;
                        case 'u':
                            if (position + 4 > text.Length || !TryReadHex(out var code))
                            {
                                throw Error("\\u needs four hexadecimal digits");
                            }

                            builder?.Append((char)code);
                            position += 4;
                            break;
                        default:
                            throw Error("'\\" + escape + "' is not a JSON escape");
                    }
                }
            }

            // The four hexadecimal digits at the reader's position.
            private bool TryReadHex(out int code)
            {
                code = 0;
                for (var i = 0; i < 4; i++)
                {
                    var c = text[position + i];
                    var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (digit < 0)
                    {
                        return false;
                    }

                    code = code * 16 + digit;
                }

                return true;
            }

            private void ReadNumber()
            {
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
