using System;
using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Testing.Crd;

/// <summary>One version of a CRD.</summary>
internal sealed record CrdVersion(string Name, bool Served, bool Deprecated, OpenApiSchema Schema);

/// <summary>One CRD: a kind in an API group, with its versions.</summary>
internal sealed record CrdDefinition(string Group, string Kind, bool Namespaced, IReadOnlyDictionary<string, CrdVersion> Versions);

/// <summary>The CRDs of a multi-document CRD file, by group and kind.</summary>
internal sealed class CrdCatalog
{
    private readonly Dictionary<(string Group, string Kind), CrdDefinition> _definitions;

    private CrdCatalog(Dictionary<(string Group, string Kind), CrdDefinition> definitions) => _definitions = definitions;

    public IEnumerable<CrdDefinition> Definitions => _definitions.Values.OrderBy(d => d.Group, StringComparer.Ordinal).ThenBy(d => d.Kind, StringComparer.Ordinal);

    public IEnumerable<string> Groups => _definitions.Keys.Select(k => k.Group).Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal);

    public static CrdCatalog Parse(string crdYaml)
    {
        var definitions = new Dictionary<(string, string), CrdDefinition>();
        foreach (var document in YamlTree.ParseAll(crdYaml))
        {
            if (document["kind"]?.AsString != "CustomResourceDefinition")
            {
                continue;
            }

            string name = document["metadata"]?["name"]?.AsString ?? "?";
            var spec = document["spec"] ?? throw new InvalidOperationException($"CRD {name} has no spec");
            string group = spec["group"]?.AsString ?? throw new InvalidOperationException($"CRD {name} has no spec.group");
            string kind = spec["names"]?["kind"]?.AsString ?? throw new InvalidOperationException($"CRD {name} has no spec.names.kind");
            bool namespaced = spec["scope"]?.AsString != "Cluster";
            var versions = new Dictionary<string, CrdVersion>(StringComparer.Ordinal);
            foreach (var version in spec["versions"]?.Items ?? Array.Empty<YamlTree>())
            {
                string versionName = version["name"]?.AsString ?? throw new InvalidOperationException($"CRD {name} has a version without a name");
                var schemaNode = version["schema"]?["openAPIV3Schema"]
                                 ?? throw new InvalidOperationException($"CRD {name} version {versionName} has no openAPIV3Schema");
                versions[versionName] = new CrdVersion(
                    versionName,
                    version["served"]?.Value is true,
                    version["deprecated"]?.Value is true,
                    OpenApiSchema.Read(schemaNode, $"{kind}.{group}/{versionName}"));
            }

            definitions[(group, kind)] = new CrdDefinition(group, kind, namespaced, versions);
        }

        return new CrdCatalog(definitions);
    }

    public CrdDefinition? Find(string group, string kind) => _definitions.GetValueOrDefault((group, kind));

    public IEnumerable<string> KindsIn(string group)
        => _definitions.Keys.Where(k => k.Group == group).Select(k => k.Kind).OrderBy(k => k, StringComparer.Ordinal);
}
