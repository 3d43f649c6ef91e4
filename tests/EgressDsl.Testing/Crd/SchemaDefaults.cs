using System.Collections.Generic;

using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Kubernetes' structural defaulting: before an object is validated, every absent property whose schema has a
/// <c>default</c> gets that value (in objects, in the items of arrays and in the values of maps), so the CRD's CEL rules
/// see what the API server's rules see (a Gateway API backendRef without <c>kind</c> is a <c>Service</c>).
/// </summary>
internal static class SchemaDefaults
{
    /// <summary>The node with the schema's defaults applied; the node itself when nothing is defaulted.</summary>
    public static YamlTree Apply(OpenApiSchema schema, YamlTree node)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                return ApplyToMapping(schema, node);
            case YamlNodeKind.Sequence when schema.Items is { } items:
                var changed = false;
                var list = new List<YamlTree>(node.Items.Count);
                foreach (var item in node.Items)
                {
                    var defaulted = Apply(items, item);
                    changed |= !ReferenceEquals(defaulted, item);
                    list.Add(defaulted);
                }

                return changed ? new YamlTree(list, node.Line, node.Column) : node;
            default:
                return node;
        }
    }

    private static YamlTree ApplyToMapping(OpenApiSchema schema, YamlTree node)
    {
        var changed = false;
        var entries = new List<KeyValuePair<string, YamlTree>>(node.Entries.Count);
        var keys = new List<YamlTree>(node.Entries.Count);
        for (var i = 0; i < node.Entries.Count; i++)
        {
            var (key, value) = node.Entries[i];
            OpenApiSchema? valueSchema = null;
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var property))
            {
                valueSchema = property;
            }
            else if (schema.AdditionalProperties is not null)
            {
                valueSchema = schema.AdditionalProperties;
            }

            var defaulted = valueSchema is null ? value : Apply(valueSchema, value);
            changed |= !ReferenceEquals(defaulted, value);
            entries.Add(new KeyValuePair<string, YamlTree>(key, defaulted));
            keys.Add(node.KeyNodes![i]);
        }

        if (schema.Properties is not null)
        {
            foreach (var (name, property) in schema.Properties)
            {
                if (property.Default is { } value && node[name] is null)
                {
                    entries.Add(new KeyValuePair<string, YamlTree>(name, Apply(property, value)));
                    keys.Add(new YamlTree(new ResolvedScalar(YamlScalarType.String, name, null), name, node.Line, node.Column));
                    changed = true;
                }
            }
        }

        return changed ? new YamlTree(entries, keys, node.Line, node.Column) : node;
    }
}
