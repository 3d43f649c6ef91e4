using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit
{
    /// <summary>One resource with its final text, as the C# emitters and the build task see it.</summary>
    internal sealed record RenderedResource(string Kind, string ApiVersion, string Name, string Namespace, string Path, string Yaml);

    /// <summary>
    /// The rendered resources of one class, and the constant that declares them all (<see cref="FilePacker"/>): the only
    /// text of the class in its generated source.
    /// </summary>
    internal sealed record RenderedClass(ClassIdentity Identity, EquatableArray<RenderedResource> Resources, string PackedFiles)
    {
        public static RenderedClass Of(ClassIdentity identity, EquatableArray<RenderedResource> resources)
        {
            var packer = new FilePacker();
            foreach (var resource in resources)
            {
                packer.Text(ManifestContentNames.Path, resource.Path)
                    .Text(ManifestContentNames.Kind, resource.Kind)
                    .Text(ManifestContentNames.ApiVersion, resource.ApiVersion)
                    .Text(ManifestContentNames.Name, resource.Name)
                    .Text(ManifestContentNames.Namespace, resource.Namespace)
                    .Text(ManifestContentNames.Yaml, resource.Yaml)
                    .EndFile();
            }

            return new RenderedClass(identity, resources, packer.Finish());
        }
    }

    /// <summary>
    /// The rendered classes of an <see cref="OutputGroup"/>, in its order, and how the application calls the group's
    /// service (<see cref="Resolution.AppBinding"/>, null for a group without one): the binding depends on the routes of the
    /// group, not on the service alone, so it is made here and not with the service's <see cref="RenderedClass"/>.
    /// </summary>
    internal sealed record RenderedGroup(EquatableArray<RenderedClass> Classes, Resolution.AppBinding? Binding = null)
    {
        /// <summary>The binding that goes into <paramref name="rendered"/>'s members: the group's, on its service.</summary>
        public Resolution.AppBinding? BindingOf(RenderedClass rendered) =>
            Binding is { } binding && binding.Service.MetadataName == rendered.Identity.MetadataName ? binding : null;

        /// <summary>The classes whose members go into the group's file: partial classes with resources.</summary>
        public IEnumerable<RenderedClass> MemberClasses => Classes.Where(c => c.Identity.CanReceiveMembers && !c.Resources.IsEmpty);

        /// <summary>The classes that get holder classes: not partial, with resources.</summary>
        public IEnumerable<RenderedClass> HolderClasses => Classes.Where(c => !c.Identity.CanReceiveMembers && !c.Resources.IsEmpty);
    }

    /// <summary>
    /// One extra file of the build output, such as an Envoy configuration, packed on its own (<see cref="FilePacker"/>):
    /// <paramref name="Packed"/> is the constant that declares it.
    /// </summary>
    internal sealed record ManifestFile(string Path, string Packed)
    {
        /// <summary>A file written as the text <paramref name="pieces"/> make one after the other, which is never built whole.</summary>
        public static ManifestFile PackedText(string path, IEnumerable<string> pieces) => new(path, FilePacker.PackFile(path, ManifestContentNames.Text, pieces));

        /// <summary>
        /// A JSON file declared as the compact JSON array of <paramref name="compactItems"/> (<see cref="JsonWriter.CompactArray"/>),
        /// packed without building the array's text, which the readers lay out as <see cref="JsonWriter.Indented"/> does.
        /// </summary>
        public static ManifestFile PackedCompactJson(string path, IEnumerable<CompactJson> compactItems) =>
            new(path, FilePacker.PackFile(
                path, ManifestContentNames.CompactJson, JsonWriter.CompactArrayPieces(compactItems), PackedFilesDictionary.EnvoyFlags));
    }

    /// <summary>
    /// The names the readers look for (src/Abstractions/ManifestContent.cs and PackedFiles.cs, which the generator does not
    /// compile: tests reference both assemblies, and would see their internal types twice): a packed file's texts, and the
    /// constant of packed files.
    /// </summary>
    internal static class ManifestContentNames
    {
        public const string PackedFiles = nameof(PackedFiles);

        /// <summary>A non-partial class's holder names its class in this constant (EgressManifestReader.HolderClassName).</summary>
        public const string ClassName = nameof(ClassName);
        public const string Path = nameof(Path);
        public const string Kind = nameof(Kind);
        public const string ApiVersion = nameof(ApiVersion);
        public const string Name = nameof(Name);
        public const string Namespace = nameof(Namespace);
        public const string Yaml = nameof(Yaml);
        public const string Text = "Content";
        public const string CompactJson = nameof(CompactJson);
    }
}
