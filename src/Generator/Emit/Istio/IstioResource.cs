using EgressDsl.Generator.Emit.Documents;

namespace EgressDsl.Generator.Emit.Istio
{
    /// <summary>One Kubernetes object.</summary>
    internal sealed record IstioResource(string Kind, string ApiVersion, string Name, string? Namespace, MappingNode Document)
    {
        /// <summary>The file under the manifests folder: <c>_</c> cannot occur in kinds, namespaces or names, so paths never collide.</summary>
        public string Path => "istio/" + KebabKind + "_" + (Namespace is null ? string.Empty : Namespace + "_") + Name + ".yaml";

        private string KebabKind => Helpers.Naming.ToKebabCase(Kind);
    }
}
