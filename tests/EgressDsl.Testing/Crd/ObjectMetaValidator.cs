using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Checks <c>metadata</c> as the API server does for every object (ObjectMeta's schema and
/// k8s.io/apimachinery's ValidateObjectMeta): known fields only, well-typed, a valid name, namespace, labels
/// and annotations.
/// </summary>
internal static class ObjectMetaValidator
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    private enum FieldType
    {
        String,
        Integer,
        Timestamp,
        StringMap,
        StringList,
        OwnerReferences,
        ManagedFields,
    }

    private static readonly Dictionary<string, FieldType> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = FieldType.String,
        ["generateName"] = FieldType.String,
        ["namespace"] = FieldType.String,
        ["selfLink"] = FieldType.String,
        ["uid"] = FieldType.String,
        ["resourceVersion"] = FieldType.String,
        ["generation"] = FieldType.Integer,
        ["creationTimestamp"] = FieldType.Timestamp,
        ["deletionTimestamp"] = FieldType.Timestamp,
        ["deletionGracePeriodSeconds"] = FieldType.Integer,
        ["labels"] = FieldType.StringMap,
        ["annotations"] = FieldType.StringMap,
        ["ownerReferences"] = FieldType.OwnerReferences,
        ["finalizers"] = FieldType.StringList,
        ["managedFields"] = FieldType.ManagedFields,
    };

    private static readonly Dictionary<string, string> OwnerReferenceFields = new(StringComparer.Ordinal)
    {
        ["apiVersion"] = "string", ["kind"] = "string", ["name"] = "string", ["uid"] = "string",
        ["controller"] = "boolean", ["blockOwnerDeletion"] = "boolean",
    };

    private static readonly Dictionary<string, string> ManagedFieldsFields = new(StringComparer.Ordinal)
    {
        ["manager"] = "string", ["operation"] = "string", ["apiVersion"] = "string", ["time"] = "timestamp",
        ["fieldsType"] = "string", ["fieldsV1"] = "any", ["subresource"] = "string",
    };

    /// <summary>Validates the <c>metadata</c> node (null when absent) of an object.</summary>
    /// <param name="metadata">The node, or null when the document has no metadata.</param>
    /// <param name="namespaced">False for cluster-scoped kinds, which must not set a namespace.</param>
    /// <param name="errors">Where problems go.</param>
    public static void Validate(YamlTree? metadata, bool namespaced, ErrorSink errors)
    {
        var path = FieldPath.Root.Key("metadata");
        if (metadata is null)
        {
            errors.Add(path, "Required value: metadata (with a name) is required", ValidationErrorKind.Required, null);
            return;
        }

        if (metadata.Kind != YamlNodeKind.Mapping)
        {
            errors.Add(path, $"Invalid type: expected an object but found {metadata.Describe()}", ValidationErrorKind.Type, metadata);
            return;
        }

        for (int i = 0; i < metadata.Entries.Count; i++)
        {
            var (key, value) = metadata.Entries[i];
            var fieldPath = path.Key(key);
            if (!Fields.TryGetValue(key, out var type))
            {
                errors.Add(fieldPath, $"unknown field \"{key}\" in ObjectMeta", ValidationErrorKind.UnknownField, value);
                continue;
            }

            CheckField(value, type, fieldPath, errors);
        }

        var name = metadata["name"];
        if (name is null || name.IsNull)
        {
            errors.Add(path.Key("name"), "Required value: name is required", ValidationErrorKind.Required, metadata);
        }
        else if (name.AsString is { } nameText)
        {
            foreach (string problem in KubernetesNames.CheckDns1123Subdomain(nameText))
            {
                errors.Add(path.Key("name"), $"Invalid value: \"{nameText}\": {problem}", ValidationErrorKind.Metadata, name);
            }
        }

        if (metadata["namespace"] is { } ns && ns.AsString is { } nsText)
        {
            if (!namespaced)
            {
                errors.Add(path.Key("namespace"), "Forbidden: not allowed on this type (the kind is cluster-scoped)", ValidationErrorKind.Metadata, ns);
            }

            foreach (string problem in KubernetesNames.CheckDns1123Label(nsText))
            {
                errors.Add(path.Key("namespace"), $"Invalid value: \"{nsText}\": {problem}", ValidationErrorKind.Metadata, ns);
            }
        }

        if (metadata["labels"] is { Kind: YamlNodeKind.Mapping } labels)
        {
            foreach (var (key, value) in labels.Entries)
            {
                foreach (string problem in KubernetesNames.CheckQualifiedName(key))
                {
                    errors.Add(path.Key("labels").MapKey(key), $"Invalid value: \"{key}\": label key {problem}", ValidationErrorKind.Metadata, value);
                }

                if (value.AsString is { } text)
                {
                    foreach (string problem in KubernetesNames.CheckLabelValue(text))
                    {
                        errors.Add(path.Key("labels").MapKey(key), $"Invalid value: \"{text}\": {problem}", ValidationErrorKind.Metadata, value);
                    }
                }
            }
        }

        if (metadata["annotations"] is { Kind: YamlNodeKind.Mapping } annotations)
        {
            long size = 0;
            foreach (var (key, value) in annotations.Entries)
            {
                size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value.AsString ?? string.Empty);
                foreach (string problem in KubernetesNames.CheckQualifiedName(key.ToLowerInvariant()))
                {
                    errors.Add(path.Key("annotations").MapKey(key), $"Invalid value: \"{key}\": annotation key {problem}", ValidationErrorKind.Metadata, value);
                }
            }

            if (size > TotalAnnotationSizeLimit)
            {
                errors.Add(path.Key("annotations"), $"Too long: may not be more than {TotalAnnotationSizeLimit} bytes", ValidationErrorKind.Metadata, annotations);
            }
        }

        if (metadata["finalizers"] is { Kind: YamlNodeKind.Sequence } finalizers)
        {
            for (int i = 0; i < finalizers.Items.Count; i++)
            {
                if (finalizers.Items[i].AsString is { } finalizer)
                {
                    foreach (string problem in KubernetesNames.CheckQualifiedName(finalizer))
                    {
                        errors.Add(path.Key("finalizers").Index(i), $"Invalid value: \"{finalizer}\": {problem}", ValidationErrorKind.Metadata, finalizers.Items[i]);
                    }
                }
            }
        }
    }

    private static void CheckField(YamlTree value, FieldType type, FieldPath path, ErrorSink errors)
    {
        switch (type)
        {
            case FieldType.String:
                YamlChecks.ExpectScalar(value, YamlScalarType.String, path, errors);
                break;
            case FieldType.Integer:
                if (YamlChecks.ExpectScalar(value, YamlScalarType.Integer, path, errors) && !YamlChecks.FitsInt64((BigInteger)value.Value!))
                {
                    errors.Add(path, $"Invalid value: {value.ScalarJson()}: out of the int64 range", ValidationErrorKind.Type, value);
                }

                break;
            case FieldType.Timestamp:
                // Serializers commonly write 'creationTimestamp: null'; the API server accepts it.
                if (!value.IsNull && YamlChecks.ExpectScalar(value, YamlScalarType.String, path, errors) && !Formats.IsDateTime((string)value.Value!))
                {
                    errors.Add(path, $"Invalid value: {value.ScalarJson()}: must be an RFC 3339 date-time", ValidationErrorKind.Value, value);
                }

                break;
            case FieldType.StringMap:
                if (value.Kind != YamlNodeKind.Mapping)
                {
                    errors.Add(path, $"Invalid type: expected an object of strings but found {value.Describe()}", ValidationErrorKind.Type, value);
                    break;
                }

                errors.FreeKeyedMaps.Add(value);

                for (int i = 0; i < value.Entries.Count; i++)
                {
                    YamlChecks.ExpectScalar(value.Entries[i].Value, YamlScalarType.String, path.MapKey(value.Entries[i].Key), errors);
                }

                break;
            case FieldType.StringList:
                if (value.Kind != YamlNodeKind.Sequence)
                {
                    errors.Add(path, $"Invalid type: expected an array of strings but found {value.Describe()}", ValidationErrorKind.Type, value);
                    break;
                }

                for (int i = 0; i < value.Items.Count; i++)
                {
                    YamlChecks.ExpectScalar(value.Items[i], YamlScalarType.String, path.Index(i), errors);
                }

                break;
            case FieldType.OwnerReferences:
                CheckObjectList(value, path, OwnerReferenceFields, new[] { "apiVersion", "kind", "name", "uid" }, errors);
                break;
            case FieldType.ManagedFields:
                CheckObjectList(value, path, ManagedFieldsFields, Array.Empty<string>(), errors);
                break;
        }
    }

    private static void CheckObjectList(YamlTree value, FieldPath path, Dictionary<string, string> fields, string[] required, ErrorSink errors)
    {
        if (value.Kind != YamlNodeKind.Sequence)
        {
            errors.Add(path, $"Invalid type: expected an array but found {value.Describe()}", ValidationErrorKind.Type, value);
            return;
        }

        for (int i = 0; i < value.Items.Count; i++)
        {
            var item = value.Items[i];
            var itemPath = path.Index(i);
            if (item.Kind != YamlNodeKind.Mapping)
            {
                errors.Add(itemPath, $"Invalid type: expected an object but found {item.Describe()}", ValidationErrorKind.Type, item);
                continue;
            }

            foreach (var (key, field) in item.Entries)
            {
                if (!fields.TryGetValue(key, out var type))
                {
                    errors.Add(itemPath.Key(key), $"unknown field \"{key}\"", ValidationErrorKind.UnknownField, field);
                }
                else if (type == "string" || (type == "timestamp" && !field.IsNull))
                {
                    YamlChecks.ExpectScalar(field, YamlScalarType.String, itemPath.Key(key), errors);
                }
                else if (type == "boolean")
                {
                    YamlChecks.ExpectScalar(field, YamlScalarType.Boolean, itemPath.Key(key), errors);
                }
            }

            foreach (string name in required)
            {
                if (item[name] is null)
                {
                    errors.Add(itemPath.Key(name), "Required value", ValidationErrorKind.Required, item);
                }
            }
        }
    }
}
