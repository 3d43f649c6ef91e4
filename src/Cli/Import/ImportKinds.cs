using System;
using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Cli.Import
{
    /// <summary>
    /// One family of Kubernetes kinds the import knows: its API group, the versions it reads, the kinds it imports, and, for
    /// a family it cannot import yet, why not (every document of the family is then reported with that reason and left out).
    /// </summary>
    /// <param name="Name">How reports name the family, such as <c>Istio networking</c>.</param>
    /// <param name="Group">The API group; empty for the core group (<c>apiVersion: v1</c>).</param>
    /// <param name="Versions">The versions read; a family that is not importable yet lists none.</param>
    /// <param name="Kinds">The kinds imported, each to the <see cref="ImportKind"/> the importer maps.</param>
    /// <param name="NotYet">Why the family is not importable yet; null when it is.</param>
    internal sealed record KindFamily(string Name, string Group, IReadOnlyList<string> Versions, IReadOnlyDictionary<string,
        ImportKind> Kinds, string? NotYet = null)
    {
        /// <summary>The versions of each kind where they are fewer than the family's; a kind not listed is read in every version.</summary>
        internal IReadOnlyDictionary<string, string[]> KindVersions { get; init; } = new Dictionary<string, string[]>();

        internal bool Reads(string kind, string version) =>
            Kinds.ContainsKey(kind) && (KindVersions.TryGetValue(kind, out var versions) ? versions : Versions).Contains(version);
    }

    /// <summary>
    /// The kind families the import reads: the one place that says which documents are imported and which are reported. A new
    /// family is an entry here, its <see cref="ImportKind"/> values, and the importer's mapping of each kind
    /// (<see cref="Importer"/>); its patterns, if any, are recognised by building them (<c>Intents/</c>), with nothing to add there.
    /// </summary>
    internal static class ImportKinds
    {
        internal const string GatewayApiGroup = "gateway.networking.k8s.io";

        internal static readonly IReadOnlyList<KindFamily> Families = new[]
        {
            new KindFamily("Istio networking", ImportedObject.IstioGroup, new[] { "v1", "v1beta1", "v1alpha3" }, new Dictionary<string,
                ImportKind>
            {
                ["ServiceEntry"] = ImportKind.ServiceEntry,
                ["DestinationRule"] = ImportKind.DestinationRule,
                ["Gateway"] = ImportKind.Gateway,
                ["VirtualService"] = ImportKind.VirtualService,
            }),
            new KindFamily("Kubernetes core", string.Empty, new[] { "v1" }, new Dictionary<string, ImportKind>
            {
                ["Service"] = ImportKind.Service,
                ["Endpoints"] = ImportKind.Endpoints,
            }),
            new KindFamily("Kubernetes discovery", "discovery.k8s.io", new[] { "v1" }, new Dictionary<string, ImportKind>
            {
                ["EndpointSlice"] = ImportKind.EndpointSlice,
            }),

            new KindFamily("Gateway API", GatewayApiGroup, new[] { "v1", "v1beta1", "v1alpha2" }, new Dictionary<string, ImportKind>
            {
                ["Gateway"] = ImportKind.KubernetesGateway,
                ["HTTPRoute"] = ImportKind.HttpRoute,
                ["TLSRoute"] = ImportKind.TlsRoute,
                ["TCPRoute"] = ImportKind.TcpRoute,
                ["ReferenceGrant"] = ImportKind.ReferenceGrant,
            })
            {
                // Each kind is read in the versions the Gateway API ever served it in; a kind in a version that never had it is a typo.
                KindVersions = new Dictionary<string, string[]>
                {
                    ["Gateway"] = new[] { "v1", "v1beta1" },
                    ["HTTPRoute"] = new[] { "v1", "v1beta1" },
                    ["TLSRoute"] = new[] { "v1", "v1alpha2" },
                    ["TCPRoute"] = new[] { "v1", "v1alpha2" },
                    ["ReferenceGrant"] = new[] { "v1", "v1beta1", "v1alpha2" },
                },
            },
        };

        /// <summary>The kind the import maps a document to, or why the document is left out.</summary>
        internal static (ImportKind? Kind, string? LeftOut) Classify(string group, string apiVersion, string kind)
        {
            var version = group.Length == 0 ? apiVersion : apiVersion.Substring(group.Length + 1);
            var family = Families.FirstOrDefault(f => f.Group == group);
            if (family?.NotYet is { } notYet)
            {
                return (null, notYet);
            }

            if (family != null && family.Reads(kind, version) && family.Kinds.TryGetValue(kind, out var known))
            {
                return (known, null);
            }

            var readable = string.Join("; ", Families.Where(f => f.NotYet == null).Select(f =>
                string.Join(", ", f.Kinds.Keys) + " in " + string.Join(", ", f.Versions.Select(v => f.Group.Length == 0 ? v : f.Group
                    + "/" + v))));
            return (null, family != null
                ? $"{kind} ({apiVersion}) has no EgressDsl attributes (the import reads {readable})"
                : $"{kind} ({apiVersion}) is not a kind EgressDsl writes");
        }
    }
}
