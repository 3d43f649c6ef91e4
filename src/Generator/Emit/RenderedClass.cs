using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit
{
    /// <summary>One resource with its final text, as the C# emitters and the build task see it.</summary>
    internal sealed record RenderedResource(string Kind, string ApiVersion, string Name, string Namespace, string Role, string Path, string Yaml);

    /// <summary>The rendered resources of one class.</summary>
    internal sealed record RenderedClass(ClassIdentity Identity, EquatableArray<RenderedResource> Resources);

    /// <summary>One extra file of the build output, such as an Envoy configuration.</summary>
    internal sealed record ManifestFile(string Path, string Content);
}
