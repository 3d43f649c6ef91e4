using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text.Json.Serialization;
using EgressDsl.Testing.Yaml;
using k8s.Models;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Checks a YAML tree against a KubernetesClient model type (its <c>[JsonPropertyName]</c> properties), with
/// Kubernetes' scalar typing. KubernetesClient's own strict YAML reader rejects unknown fields but happily turns
/// <c>port: "443"</c> into 443 and <c>app: 1</c> into "1"; the API server (JSON) would reject both.
/// </summary>
internal static class ClrModelWalker
{
    /// <summary>Validates <paramref name="node"/> as a <paramref name="type"/>.</summary>
    /// <param name="type">The model type.</param>
    /// <param name="node">The value.</param>
    /// <param name="path">Where it is.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="skip">Top-level fields checked elsewhere (e.g. metadata).</param>
    public static void Validate(Type type, YamlTree node, FieldPath path, ErrorSink errors, ISet<string>? skip = null)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (node.IsNull)
        {
            if (underlying != typeof(DateTime))
            {
                errors.Add(path, "Invalid value: null: omit the field instead of setting it to null", ValidationErrorKind.Type, node);
            }

            return;
        }

        if (underlying == typeof(string))
        {
            Expect(node, path, errors, "string", YamlScalarType.String);
        }
        else if (underlying == typeof(int) || underlying == typeof(long))
        {
            if (Expect(node, path, errors, "integer", YamlScalarType.Integer))
            {
                var value = (BigInteger)node.Value!;
                bool fits = underlying == typeof(int) ? value >= int.MinValue && value <= int.MaxValue : YamlChecks.FitsInt64(value);
                if (!fits)
                {
                    errors.Add(path, $"Invalid value: {value}: out of the {(underlying == typeof(int) ? "int32" : "int64")} range", ValidationErrorKind.Type, node);
                }
            }
        }
        else if (underlying == typeof(bool))
        {
            Expect(node, path, errors, "boolean", YamlScalarType.Boolean);
        }
        else if (underlying == typeof(double) || underlying == typeof(float))
        {
            Expect(node, path, errors, "number", YamlScalarType.Integer, YamlScalarType.Float);
        }
        else if (underlying == typeof(DateTime))
        {
            if (Expect(node, path, errors, "string", YamlScalarType.String) && !Formats.IsDateTime((string)node.Value!))
            {
                errors.Add(path, $"Invalid value: {node.ScalarJson()}: must be an RFC 3339 date-time", ValidationErrorKind.Value, node);
            }
        }
        else if (underlying == typeof(IntOrString))
        {
            if (Expect(node, path, errors, "integer or string", YamlScalarType.Integer, YamlScalarType.String)
                && node.ScalarType == YamlScalarType.Integer
                && ((BigInteger)node.Value! < int.MinValue || (BigInteger)node.Value! > int.MaxValue))
            {
                errors.Add(path, $"Invalid value: {node.Value}: out of the int32 range", ValidationErrorKind.Type, node);
            }
        }
        else if (underlying == typeof(ResourceQuantity))
        {
            Expect(node, path, errors, "quantity (string or number)", YamlScalarType.String, YamlScalarType.Integer, YamlScalarType.Float);
        }
        else if (underlying == typeof(object))
        {
            // Free-form (e.g. managedFields[].fieldsV1).
        }
        else if (DictionaryValueType(underlying) is { } valueType)
        {
            if (node.Kind != YamlNodeKind.Mapping)
            {
                errors.Add(path, $"Invalid type: expected object but found {node.Describe()}", ValidationErrorKind.Type, node);
                return;
            }

            errors.FreeKeyedMaps.Add(node);
            foreach (var (key, value) in node.Entries)
            {
                Validate(valueType, value, path.MapKey(key), errors);
            }
        }
        else if (ListItemType(underlying) is { } itemType)
        {
            if (node.Kind != YamlNodeKind.Sequence)
            {
                errors.Add(path, $"Invalid type: expected array but found {node.Describe()}", ValidationErrorKind.Type, node);
                return;
            }

            for (int i = 0; i < node.Items.Count; i++)
            {
                Validate(itemType, node.Items[i], path.Index(i), errors);
            }
        }
        else if (underlying.IsClass)
        {
            ValidateObject(underlying, node, path, errors, skip);
        }
        else
        {
            throw new NotSupportedException($"model type {underlying} is not supported by the validator");
        }
    }

    private static void ValidateObject(Type type, YamlTree node, FieldPath path, ErrorSink errors, ISet<string>? skip)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            errors.Add(path, $"Invalid type: expected object but found {node.Describe()}", ValidationErrorKind.Type, node);
            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property, StringComparer.Ordinal);
        foreach (var (key, value) in node.Entries)
        {
            if (skip is not null && skip.Contains(key))
            {
                continue;
            }

            if (properties.TryGetValue(key, out var property))
            {
                Validate(property.PropertyType, value, path.Key(key), errors);
            }
            else
            {
                errors.Add(path.Key(key), $"unknown field \"{key}\" in {type.Name} (known fields: {string.Join(", ", properties.Keys.OrderBy(k => k, StringComparer.Ordinal))})", ValidationErrorKind.UnknownField, value);
            }
        }

        // A non-nullable value-type property (e.g. ServicePort.port) is required in the Kubernetes API.
        foreach (var (name, property) in properties)
        {
            if (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null && node[name] is null)
            {
                errors.Add(path.Key(name), "Required value", ValidationErrorKind.Required, node);
            }
        }
    }

    private static bool Expect(YamlTree node, FieldPath path, ErrorSink errors, string expected, params YamlScalarType[] types)
    {
        if (node.Kind == YamlNodeKind.Scalar && types.Contains(node.ScalarType))
        {
            return true;
        }

        errors.Add(path, $"Invalid type: expected {expected} but found {node.Describe()}", ValidationErrorKind.Type, node);
        return false;
    }

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }

    private static Type? ListItemType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        var list = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        return list?.GetGenericArguments()[0];
    }
}
