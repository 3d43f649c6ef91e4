using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using EgressDsl.Simulation;

namespace EgressDsl.Testing.Crd;

/// <summary>One <c>x-kubernetes-validations</c> entry.</summary>
internal sealed record CelRule(string Rule, string? Message);

/// <summary>
/// A structural OpenAPI v3 schema node of a CRD, as Kubernetes interprets it.
/// </summary>
/// <remarks>
/// Loading is strict: a schema keyword we do not implement makes loading fail, so a newer CRD file can never
/// make the validator silently skip a check.
/// </remarks>
internal sealed class OpenApiSchema
{
    private static readonly HashSet<string> KnownKeywords = new(StringComparer.Ordinal)
    {
        "type", "description", "title", "example", "externalDocs", "format", "properties", "required", "items",
        "additionalProperties", "enum", "nullable", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties",
        "maxProperties", "oneOf", "anyOf", "allOf", "not", "x-kubernetes-validations", "x-kubernetes-int-or-string",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
        "x-kubernetes-map-type", "x-kubernetes-embedded-resource", "default",
    };

    public string? Type { get; private set; }
    public string? Format { get; private set; }
    public IReadOnlyDictionary<string, OpenApiSchema>? Properties { get; private set; }
    public IReadOnlyList<string> Required { get; private set; } = Array.Empty<string>();
    public OpenApiSchema? Items { get; private set; }

    /// <summary>The schema of map values when <c>additionalProperties</c> is a schema.</summary>
    public OpenApiSchema? AdditionalProperties { get; private set; }

    /// <summary>True when <c>additionalProperties: true</c>.</summary>
    public bool AdditionalPropertiesAllowed { get; private set; }

    public IReadOnlyList<YamlTree>? Enum { get; private set; }

    /// <summary>The value Kubernetes gives an absent property with this schema before validating (<see cref="SchemaDefaults"/>).</summary>
    public YamlTree? Default { get; private set; }
    public bool Nullable { get; private set; }
    public ExactNumber? Minimum { get; private set; }
    public ExactNumber? Maximum { get; private set; }
    public bool ExclusiveMinimum { get; private set; }
    public bool ExclusiveMaximum { get; private set; }
    public ExactNumber? MultipleOf { get; private set; }
    public long? MinLength { get; private set; }
    public long? MaxLength { get; private set; }
    public string? Pattern { get; private set; }
    public Re2Regex? PatternRegex { get; private set; }
    public long? MinItems { get; private set; }
    public long? MaxItems { get; private set; }
    public bool UniqueItems { get; private set; }
    public long? MinProperties { get; private set; }
    public long? MaxProperties { get; private set; }
    public IReadOnlyList<OpenApiSchema> OneOf { get; private set; } = Array.Empty<OpenApiSchema>();
    public IReadOnlyList<OpenApiSchema> AnyOf { get; private set; } = Array.Empty<OpenApiSchema>();
    public IReadOnlyList<OpenApiSchema> AllOf { get; private set; } = Array.Empty<OpenApiSchema>();
    public OpenApiSchema? Not { get; private set; }
    public IReadOnlyList<CelRule> Validations { get; private set; } = Array.Empty<CelRule>();
    public bool IntOrString { get; private set; }
    public bool PreserveUnknownFields { get; private set; }
    public bool EmbeddedResource { get; private set; }
    public string? ListType { get; private set; }
    public IReadOnlyList<string> ListMapKeys { get; private set; } = Array.Empty<string>();

    /// <summary>The keywords this node was written with (to recognize Istio's oneOf/required idiom).</summary>
    public IReadOnlySet<string> Keywords { get; private set; } = new HashSet<string>();

    /// <summary>True for a branch that only says <c>required: [...]</c>.</summary>
    public bool IsRequiredOnly => Required.Count > 0 && Keywords.All(k => k is "required" or "description");

    /// <summary>True for <c>not: {anyOf: [{required: [a]}, {required: [b]}]}</c>: "none of a, b is set".</summary>
    public bool IsNoneOfRequired
        => Keywords.All(k => k is "not" or "description") && Not is { } inner
           && inner.Keywords.All(k => k is "anyOf" or "description") && inner.AnyOf.Count > 0 && inner.AnyOf.All(b => b.IsRequiredOnly);

    /// <summary>Reads a schema node; <paramref name="where"/> names it in load errors.</summary>
    public static OpenApiSchema Read(YamlTree node, string where)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            throw new InvalidOperationException($"{where}: a schema must be a mapping");
        }

        var schema = new OpenApiSchema { Keywords = node.Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal) };
        foreach (var (key, value) in node.Entries)
        {
            if (!KnownKeywords.Contains(key))
            {
                throw new NotSupportedException($"{where}: schema keyword '{key}' is not supported by the validator");
            }

            switch (key)
            {
                case "type":
                    schema.Type = Text(value, where, key);
                    if (schema.Type is not ("object" or "array" or "string" or "integer" or "number" or "boolean"))
                    {
                        throw new NotSupportedException($"{where}: type '{schema.Type}' is not supported");
                    }

                    break;
                case "format":
                    schema.Format = Text(value, where, key);
                    break;
                case "properties":
                    schema.Properties = value.Entries.ToDictionary(e => e.Key, e => Read(e.Value, $"{where}.properties.{e.Key}"), StringComparer.Ordinal);
                    break;
                case "required":
                    schema.Required = value.Items.Select(i => Text(i, where, key)).ToList();
                    break;
                case "items":
                    schema.Items = Read(value, $"{where}.items");
                    break;
                case "additionalProperties":
                    if (value.Kind == YamlNodeKind.Scalar && value.ScalarType == YamlScalarType.Boolean)
                    {
                        schema.AdditionalPropertiesAllowed = (bool)value.Value!;
                    }
                    else
                    {
                        schema.AdditionalProperties = Read(value, $"{where}.additionalProperties");
                    }

                    break;
                case "enum":
                    schema.Enum = value.Items.ToList();
                    break;
                case "default":
                    schema.Default = value;
                    break;
                case "nullable":
                    schema.Nullable = Bool(value, where, key);
                    break;
                case "minimum":
                    schema.Minimum = Number(value, where, key);
                    break;
                case "maximum":
                    schema.Maximum = Number(value, where, key);
                    break;
                case "exclusiveMinimum":
                    schema.ExclusiveMinimum = Bool(value, where, key);
                    break;
                case "exclusiveMaximum":
                    schema.ExclusiveMaximum = Bool(value, where, key);
                    break;
                case "multipleOf":
                    schema.MultipleOf = Number(value, where, key);
                    break;
                case "minLength":
                    schema.MinLength = Integer(value, where, key);
                    break;
                case "maxLength":
                    schema.MaxLength = Integer(value, where, key);
                    break;
                case "pattern":
                    schema.Pattern = Text(value, where, key);
                    schema.PatternRegex = Re2.Compile(schema.Pattern);
                    break;
                case "minItems":
                    schema.MinItems = Integer(value, where, key);
                    break;
                case "maxItems":
                    schema.MaxItems = Integer(value, where, key);
                    break;
                case "uniqueItems":
                    schema.UniqueItems = Bool(value, where, key);
                    break;
                case "minProperties":
                    schema.MinProperties = Integer(value, where, key);
                    break;
                case "maxProperties":
                    schema.MaxProperties = Integer(value, where, key);
                    break;
                case "oneOf":
                    schema.OneOf = value.Items.Select((s, i) => Read(s, $"{where}.oneOf[{i}]")).ToList();
                    break;
                case "anyOf":
                    schema.AnyOf = value.Items.Select((s, i) => Read(s, $"{where}.anyOf[{i}]")).ToList();
                    break;
                case "allOf":
                    schema.AllOf = value.Items.Select((s, i) => Read(s, $"{where}.allOf[{i}]")).ToList();
                    break;
                case "not":
                    schema.Not = Read(value, $"{where}.not");
                    break;
                case "x-kubernetes-validations":
                    schema.Validations = value.Items.Select(r => ReadRule(r, where)).ToList();
                    break;
                case "x-kubernetes-int-or-string":
                    schema.IntOrString = Bool(value, where, key);
                    break;
                case "x-kubernetes-preserve-unknown-fields":
                    schema.PreserveUnknownFields = Bool(value, where, key);
                    break;
                case "x-kubernetes-embedded-resource":
                    schema.EmbeddedResource = Bool(value, where, key);
                    break;
                case "x-kubernetes-list-type":
                    schema.ListType = Text(value, where, key);
                    if (schema.ListType is not ("atomic" or "set" or "map"))
                    {
                        throw new NotSupportedException($"{where}: x-kubernetes-list-type '{schema.ListType}' is not supported");
                    }

                    break;
                case "x-kubernetes-list-map-keys":
                    schema.ListMapKeys = value.Items.Select(i => Text(i, where, key)).ToList();
                    break;
                default:
                    // description, title, example, externalDocs, x-kubernetes-map-type: documentation or
                    // merge-strategy hints that do not constrain a single document.
                    break;
            }
        }

        return schema;
    }

    private static CelRule ReadRule(YamlTree node, string where)
    {
        string? rule = null;
        string? message = null;
        foreach (var (key, value) in node.Entries)
        {
            switch (key)
            {
                case "rule":
                    rule = Text(value, where, key);
                    break;
                case "message":
                    message = Text(value, where, key);
                    break;
                default:
                    // messageExpression, fieldPath, reason and optionalOldSelf would change how a rule is
                    // evaluated or reported; refuse them rather than half-implement them.
                    throw new NotSupportedException($"{where}: x-kubernetes-validations field '{key}' is not supported by the validator");
            }
        }

        return new CelRule(rule ?? throw new InvalidOperationException($"{where}: a validation rule has no 'rule'"), message);
    }

    private static string Text(YamlTree node, string where, string key)
        => node.AsString ?? throw new InvalidOperationException($"{where}: '{key}' must be a string");

    private static bool Bool(YamlTree node, string where, string key)
        => node.Kind == YamlNodeKind.Scalar && node.ScalarType == YamlScalarType.Boolean
            ? (bool)node.Value!
            : throw new InvalidOperationException($"{where}: '{key}' must be a boolean");

    private static long Integer(YamlTree node, string where, string key)
        => node.Kind == YamlNodeKind.Scalar && node.ScalarType == YamlScalarType.Integer
            ? (long)(BigInteger)node.Value!
            : throw new InvalidOperationException($"{where}: '{key}' must be an integer");

    private static ExactNumber Number(YamlTree node, string where, string key)
        => ExactNumber.FromScalar(node) ?? throw new InvalidOperationException($"{where}: '{key}' must be a number");
}

/// <summary>
/// An exact number for bound checks, so a 64-bit integer is never rounded through a double on its way to a
/// comparison with a bound such as 4294967295.
/// </summary>
internal readonly record struct ExactNumber(BigInteger? Integer, double? Real) : IComparable<ExactNumber>
{
    public static ExactNumber? FromScalar(YamlTree node)
    {
        if (node.Kind != YamlNodeKind.Scalar)
        {
            return null;
        }

        return node.ScalarType switch
        {
            YamlScalarType.Integer => new ExactNumber((BigInteger)node.Value!, null),
            YamlScalarType.Float => new ExactNumber(null, (double)node.Value!),
            _ => null,
        };
    }

    public int CompareTo(ExactNumber other)
    {
        if (Integer is { } a && other.Integer is { } b)
        {
            return a.CompareTo(b);
        }

        // At least one side is a double: compare as decimals where they fit, else as doubles.
        double x = Integer is { } ai ? (double)ai : Real!.Value;
        double y = other.Integer is { } bi ? (double)bi : other.Real!.Value;
        return x.CompareTo(y);
    }

    public override string ToString()
        => Integer?.ToString(CultureInfo.InvariantCulture) ?? Real!.Value.ToString("R", CultureInfo.InvariantCulture);
}
