using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Json;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing;

/// <summary>The shape of a <see cref="YamlTree"/> node.</summary>
public enum YamlNodeKind
{
    /// <summary>A mapping (JSON object); keys are strings, order is not significant.</summary>
    Mapping,

    /// <summary>A sequence (JSON array); order is significant.</summary>
    Sequence,

    /// <summary>A scalar with a resolved <see cref="YamlScalarType"/>.</summary>
    Scalar,
}

/// <summary>The resolved type of a scalar (JSON's types, with integers kept apart from floats).</summary>
public enum YamlScalarType
{
    /// <summary><c>null</c>, <c>~</c> or an empty plain scalar.</summary>
    Null,

    /// <summary><c>true</c>/<c>false</c> (YAML 1.2 spellings only).</summary>
    Boolean,

    /// <summary>A plain decimal, <c>0x</c> or <c>0o</c> integer; the value is a <see cref="BigInteger"/>.</summary>
    Integer,

    /// <summary>A plain float, <c>.inf</c> or <c>.nan</c>; the value is a <see cref="double"/>.</summary>
    Float,

    /// <summary>Any other plain scalar, and every quoted or block scalar.</summary>
    String,
}

/// <summary>
/// A normalized, JSON-like view of one YAML document: mappings compare without regard to key order,
/// sequences keep their order, and scalars carry the type Kubernetes would give them (a plain <c>443</c> is an
/// integer, a quoted <c>"443"</c> a string). Used to assert that two YAML texts hold the same objects.
/// </summary>
/// <remarks>
/// Map keys are turned into strings the way sigs.k8s.io/yaml turns YAML into JSON (a key <c>80</c> becomes
/// <c>"80"</c>). Anchors and aliases are expanded. Duplicate keys are a parse error, as in Kubernetes' strict
/// decoding. Positions are 1-based and refer to the text that was parsed.
/// </remarks>
public sealed class YamlTree
{
    private static readonly IReadOnlyList<KeyValuePair<string, YamlTree>> NoEntries = Array.Empty<KeyValuePair<string, YamlTree>>();
    private static readonly IReadOnlyList<YamlTree> NoItems = Array.Empty<YamlTree>();

    private readonly Dictionary<string, YamlTree>? _byKey;

    internal YamlTree(ResolvedScalar scalar, string text, int line, int column)
    {
        Kind = YamlNodeKind.Scalar;
        ScalarType = scalar.Type;
        Value = scalar.Value;
        ScalarText = text;
        Yaml11Ambiguity = scalar.Yaml11Ambiguity;
        Line = line;
        Column = column;
        Entries = NoEntries;
        Items = NoItems;
    }

    internal YamlTree(List<KeyValuePair<string, YamlTree>> entries, List<YamlTree> keyNodes, int line, int column)
    {
        Kind = YamlNodeKind.Mapping;
        Entries = entries;
        KeyNodes = keyNodes;
        _byKey = new Dictionary<string, YamlTree>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _byKey[entry.Key] = entry.Value;
        }

        Items = NoItems;
        Line = line;
        Column = column;
    }

    internal YamlTree(List<YamlTree> items, int line, int column)
    {
        Kind = YamlNodeKind.Sequence;
        Items = items;
        Entries = NoEntries;
        Line = line;
        Column = column;
    }

    /// <summary>Mapping, sequence or scalar.</summary>
    public YamlNodeKind Kind { get; }

    /// <summary>The resolved scalar type; meaningful only when <see cref="Kind"/> is <see cref="YamlNodeKind.Scalar"/>.</summary>
    public YamlScalarType ScalarType { get; }

    /// <summary>
    /// The scalar's value: null, <see cref="bool"/>, <see cref="BigInteger"/>, <see cref="double"/> or
    /// <see cref="string"/>; null for mappings and sequences.
    /// </summary>
    public object? Value { get; }

    /// <summary>The scalar's text as written (after YAML unescaping and folding); null for collections.</summary>
    public string? ScalarText { get; }

    /// <summary>
    /// Why this plain scalar means different things to YAML 1.2 and to the YAML 1.1 reader that kubectl uses
    /// (for example <c>yes</c> or <c>0755</c>); null when there is no ambiguity.
    /// </summary>
    public string? Yaml11Ambiguity { get; }

    /// <summary>The mapping's entries in document order (empty unless a mapping).</summary>
    public IReadOnlyList<KeyValuePair<string, YamlTree>> Entries { get; }

    /// <summary>The sequence's items (empty unless a sequence).</summary>
    public IReadOnlyList<YamlTree> Items { get; }

    /// <summary>1-based line where the node starts.</summary>
    public int Line { get; }

    /// <summary>1-based column where the node starts.</summary>
    public int Column { get; }

    /// <summary>The key nodes of a mapping, parallel to <see cref="Entries"/> (positions and key ambiguities).</summary>
    internal IReadOnlyList<YamlTree>? KeyNodes { get; }

    /// <summary>True for a null scalar.</summary>
    public bool IsNull => Kind == YamlNodeKind.Scalar && ScalarType == YamlScalarType.Null;

    /// <summary>The value stored under <paramref name="key"/> in a mapping, or null when absent or not a mapping.</summary>
    public YamlTree? this[string key] => _byKey != null && _byKey.TryGetValue(key, out var value) ? value : null;

    /// <summary>The string value of a string scalar, else null.</summary>
    public string? AsString => Kind == YamlNodeKind.Scalar && ScalarType == YamlScalarType.String ? (string)Value! : null;

    /// <summary>Parses a YAML text that holds exactly one (non-empty) document.</summary>
    /// <exception cref="YamlTreeException">Malformed YAML, a duplicate key, or not exactly one document.</exception>
    public static YamlTree Parse(string yaml)
    {
        var documents = YamlTreeBuilder.ParseStream(yaml);
        if (documents.Count != 1)
        {
            throw new YamlTreeException($"expected exactly one YAML document but found {documents.Count}", 1, 1);
        }

        return documents[0].Tree;
    }

    /// <summary>Parses every non-empty document of a multi-document YAML stream, in order.</summary>
    /// <exception cref="YamlTreeException">Malformed YAML or a duplicate key.</exception>
    public static IReadOnlyList<YamlTree> ParseAll(string yaml)
        => YamlTreeBuilder.ParseStream(yaml).Select(d => d.Tree).ToList();

    /// <summary>
    /// Lists the differences between this tree (the actual value) and <paramref name="expected"/>, one readable
    /// line each, located by a JSON-path-like path (<c>spec.ports[0].number</c>). Empty when the trees are
    /// structurally equal: same keys with equal values (in any key order), same items in the same order, and
    /// scalars of the same resolved type and value.
    /// </summary>
    public IReadOnlyList<string> DiffAgainst(YamlTree expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var differences = new List<string>();
        Diff(this, expected, FieldPath.Root, differences);
        return differences;
    }

    /// <summary>True when <see cref="DiffAgainst"/> finds no difference.</summary>
    public bool StructurallyEquals(YamlTree other) => DiffAgainst(other).Count == 0;

    /// <summary>
    /// Compares two multi-document YAML streams. With <paramref name="matchByIdentity"/>, documents are paired by
    /// <c>apiVersion</c>, <c>kind</c>, <c>metadata.namespace</c> and <c>metadata.name</c> so that document order does
    /// not matter; otherwise they are paired by position.
    /// </summary>
    /// <returns>Readable differences, each prefixed by the document it concerns; empty when equal.</returns>
    public static IReadOnlyList<string> DiffStreams(string actualYaml, string expectedYaml, bool matchByIdentity = true)
    {
        var actual = ParseAll(actualYaml);
        var expected = ParseAll(expectedYaml);
        var differences = new List<string>();
        if (!matchByIdentity)
        {
            if (actual.Count != expected.Count)
            {
                differences.Add($"expected {expected.Count} documents but found {actual.Count}");
            }

            for (int i = 0; i < Math.Min(actual.Count, expected.Count); i++)
            {
                differences.AddRange(actual[i].DiffAgainst(expected[i]).Select(d => $"document {i + 1} ({expected[i].Identity}): {d}"));
            }

            return differences;
        }

        var actualByIdentity = new Dictionary<string, YamlTree>(StringComparer.Ordinal);
        foreach (var document in actual)
        {
            if (!actualByIdentity.TryAdd(document.Identity, document))
            {
                differences.Add($"actual stream holds {document.Identity} more than once");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in expected)
        {
            if (!seen.Add(document.Identity))
            {
                differences.Add($"expected stream holds {document.Identity} more than once");
                continue;
            }

            if (actualByIdentity.TryGetValue(document.Identity, out var match))
            {
                differences.AddRange(match.DiffAgainst(document).Select(d => $"{document.Identity}: {d}"));
            }
            else
            {
                differences.Add($"missing document {document.Identity}");
            }
        }

        foreach (var document in actual.Where(d => !seen.Contains(d.Identity)))
        {
            differences.Add($"unexpected document {document.Identity}");
        }

        return differences;
    }

    /// <summary>
    /// <c>apiVersion/kind namespace/name</c> of a Kubernetes object document (missing parts shown as <c>?</c>).
    /// </summary>
    public string Identity
    {
        get
        {
            string Text(YamlTree? node) => node?.Kind == YamlNodeKind.Scalar && !node.IsNull ? node.ScalarText ?? "?" : "?";
            var metadata = this["metadata"];
            return $"{Text(this["apiVersion"])} {Text(this["kind"])} {Text(metadata?["namespace"])}/{Text(metadata?["name"])}";
        }
    }

    /// <summary>Canonical JSON text: keys sorted ordinally, integers exact; equal trees give equal text.</summary>
    public string ToCanonicalJson()
    {
        var builder = new StringBuilder();
        WriteCanonical(this, builder);
        return builder.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToCanonicalJson();

    /// <summary>A short rendering of a scalar with its type, e.g. <c>"443" (string)</c> or <c>443 (integer)</c>.</summary>
    internal string Describe()
    {
        return Kind switch
        {
            YamlNodeKind.Mapping => $"a mapping with {Entries.Count} key(s)",
            YamlNodeKind.Sequence => $"a sequence of {Items.Count} item(s)",
            _ => $"{ScalarJson()} ({TypeName(ScalarType)})",
        };
    }

    internal static string TypeName(YamlScalarType type) => type switch
    {
        YamlScalarType.Null => "null",
        YamlScalarType.Boolean => "boolean",
        YamlScalarType.Integer => "integer",
        YamlScalarType.Float => "number",
        _ => "string",
    };

    internal string ScalarJson()
    {
        return ScalarType switch
        {
            YamlScalarType.Null => "null",
            YamlScalarType.Boolean => (bool)Value! ? "true" : "false",
            YamlScalarType.Integer => ((BigInteger)Value!).ToString(CultureInfo.InvariantCulture),
            YamlScalarType.Float => FormatDouble((double)Value!),
            _ => JsonSerializer.Serialize((string)Value!),
        };
    }

    private static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);

        // Keep floats visibly floats so 1.0 never reads like the integer 1.
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static void Diff(YamlTree actual, YamlTree expected, FieldPath path, List<string> differences)
    {
        if (actual.Kind != expected.Kind)
        {
            differences.Add($"{path}: expected {expected.Describe()} but found {actual.Describe()}");
            return;
        }

        switch (actual.Kind)
        {
            case YamlNodeKind.Mapping:
                foreach (var entry in expected.Entries)
                {
                    var other = actual[entry.Key];
                    if (other is null)
                    {
                        differences.Add($"{path.Key(entry.Key)}: missing (expected {Summarize(entry.Value)})");
                    }
                    else
                    {
                        Diff(other, entry.Value, path.Key(entry.Key), differences);
                    }
                }

                foreach (var entry in actual.Entries)
                {
                    if (expected[entry.Key] is null)
                    {
                        differences.Add($"{path.Key(entry.Key)}: unexpected (found {Summarize(entry.Value)})");
                    }
                }

                break;

            case YamlNodeKind.Sequence:
                if (actual.Items.Count != expected.Items.Count)
                {
                    differences.Add($"{path}: expected {expected.Items.Count} item(s) but found {actual.Items.Count}");
                }

                for (int i = 0; i < Math.Min(actual.Items.Count, expected.Items.Count); i++)
                {
                    Diff(actual.Items[i], expected.Items[i], path.Index(i), differences);
                }

                break;

            default:
                if (!ScalarEquals(actual, expected))
                {
                    differences.Add($"{path}: expected {expected.Describe()} but found {actual.Describe()}");
                }

                break;
        }
    }

    private static string Summarize(YamlTree node)
    {
        string json = node.Kind == YamlNodeKind.Scalar ? node.Describe() : node.ToCanonicalJson();
        return json.Length <= 120 ? json : json.Substring(0, 117) + "...";
    }

    private static bool ScalarEquals(YamlTree a, YamlTree b)
    {
        if (a.ScalarType != b.ScalarType)
        {
            return false;
        }

        return a.ScalarType switch
        {
            YamlScalarType.Null => true,
            YamlScalarType.Boolean => (bool)a.Value! == (bool)b.Value!,
            YamlScalarType.Integer => (BigInteger)a.Value! == (BigInteger)b.Value!,
            YamlScalarType.Float => ((double)a.Value!).Equals((double)b.Value!),
            _ => string.Equals((string)a.Value!, (string)b.Value!, StringComparison.Ordinal),
        };
    }

    private static void WriteCanonical(YamlTree node, StringBuilder builder)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                builder.Append('{');
                bool first = true;
                foreach (var entry in node.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    builder.Append(JsonSerializer.Serialize(entry.Key)).Append(':');
                    WriteCanonical(entry.Value, builder);
                }

                builder.Append('}');
                break;
            case YamlNodeKind.Sequence:
                builder.Append('[');
                for (int i = 0; i < node.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteCanonical(node.Items[i], builder);
                }

                builder.Append(']');
                break;
            default:
                builder.Append(node.ScalarJson());
                break;
        }
    }
}
