using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit
{
    /// <summary>One resource with its final text, as the C# emitters and the build task see it.</summary>
    internal sealed record RenderedResource(string Kind, string ApiVersion, string Name, string Namespace, string Role, string Path, string Yaml);

    /// <summary>The rendered resources of one class.</summary>
    internal sealed record RenderedClass(ClassIdentity Identity, EquatableArray<RenderedResource> Resources);

    /// <summary>The rendered classes of an <see cref="OutputGroup"/>, in its order.</summary>
    internal sealed record RenderedGroup(EquatableArray<RenderedClass> Classes)
    {
        /// <summary>The classes whose members go into the group's file: partial classes with resources.</summary>
        public IEnumerable<RenderedClass> MemberClasses => Classes.Where(c => c.Identity.CanReceiveMembers && !c.Resources.IsEmpty);

        /// <summary>The classes that get holder classes: not partial, with resources.</summary>
        public IEnumerable<RenderedClass> HolderClasses => Classes.Where(c => !c.Identity.CanReceiveMembers && !c.Resources.IsEmpty);
    }

    /// <summary>
    /// One extra file of the build output, such as an Envoy configuration. <paramref name="ContentConstant"/> names the
    /// constant that holds <paramref name="Content"/>, which tells the readers how to turn it into the file's text.
    /// </summary>
    internal sealed record ManifestFile(string Path, string Content, string ContentConstant)
    {
        // The names src/Abstractions/ManifestContent.cs reads.
        private const string PackedTextConstant = "PackedContent";
        private const string PackedCompactJsonConstant = "PackedCompactJson";

        /// <summary>A file written as <paramref name="text"/> is, declared packed (<see cref="TextPacker"/>).</summary>
        public static ManifestFile PackedText(string path, string text) => new(path, TextPacker.Pack(text), PackedTextConstant);

        /// <summary><see cref="PackedText(string, string)"/> of the text <paramref name="pieces"/> make one after the other, which is never built whole.</summary>
        public static ManifestFile PackedText(string path, IEnumerable<string> pieces) => new(path, TextPacker.Pack(pieces), PackedTextConstant);

        /// <summary>
        /// A JSON file declared as its compact JSON packed (<see cref="TextPacker"/>), which the readers unpack and lay out as
        /// <see cref="JsonWriter.Indented"/> does.
        /// </summary>
        public static ManifestFile PackedCompactJson(string path, string compactJson) => new(path, TextPacker.Pack(compactJson), PackedCompactJsonConstant);

        /// <summary>
        /// <see cref="PackedCompactJson(string, string)"/> of the JSON array of <paramref name="compactItems"/>
        /// (<see cref="JsonWriter.CompactArray"/>), packed without building the array's text.
        /// </summary>
        public static ManifestFile PackedCompactJson(string path, IEnumerable<CompactJson> compactItems) =>
            new(path, TextPacker.Pack(JsonWriter.CompactArrayPieces(compactItems)), PackedCompactJsonConstant);
    }
}
