using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit
{
    /// <summary>One resource with its final text, as the C# emitters and the build task see it.</summary>
    internal sealed record RenderedResource(string Kind, string ApiVersion, string Name, string Namespace, string Role, string Path, string Yaml);

    /// <summary>The rendered resources of one class.</summary>
    internal sealed record RenderedClass(ClassIdentity Identity, EquatableArray<RenderedResource> Resources);

    /// <summary>
    /// One extra file of the build output, such as an Envoy configuration. <paramref name="ContentConstant"/> names the
    /// constant that holds <paramref name="Content"/>, which tells the readers how to turn it into the file's text.
    /// </summary>
    internal sealed record ManifestFile(string Path, string Content, string ContentConstant)
    {
        // The names src/Abstractions/ManifestContent.cs reads.

        /// <summary>Text written as it is.</summary>
        public const string Text = "Content";

        /// <summary>JSON without insignificant whitespace, which the readers lay out as <see cref="Documents.JsonWriter.Indented"/> does.</summary>
        public const string CompactJson = "CompactJson";
    }
}
