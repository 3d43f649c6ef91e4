using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace EgressDsl
{
    /// <summary>
    /// Reads the manifests the generator declared: every class marked <c>[GeneratedCode("EgressDsl", ...)]</c> (a partial
    /// class's nested <c>Egress</c> class, or a holder in <c>EgressDsl.Generated.Manifests</c>) holds its files in one or
    /// more <c>PackedFiles</c> constants. The generated members call it; user code reads <c>EgressCatalog.Resources</c> or a
    /// class's <c>Egress.Resources</c>.
    /// </summary>
    /// <remarks>
    /// The catalogue and each class's members read the constants with reflection rather than loading them in generated code:
    /// a list of every class's constant would regenerate the catalogue on every edit, and loading a constant with a string
    /// literal would store its text a second time, in the assembly's user-string heap (0.3 MB at a thousand services, which
    /// also limits that heap's 16 MB).
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class EgressManifestReader
    {
        private const string IstioFolder = "istio/";

        // By the generated class and by the assembly: each is unpacked once.
        private static readonly ConditionalWeakTable<Type, IReadOnlyList<EgressResource>> HolderResources = new();
        private static readonly ConditionalWeakTable<IReadOnlyList<EgressResource>, StrongBox<string>> ClassYaml = new();
        private static readonly ConditionalWeakTable<Assembly, List<Dictionary<string, string>>> AssemblyFiles = new();

        /// <summary>
        /// The resources a generated class's <c>Egress</c> class packed in its <c>PackedFiles</c> constant, ordered by path.
        /// </summary>
        /// <param name="holder">The generated <c>Egress</c> class.</param>
        /// <exception cref="InvalidOperationException">The class holds no such constant, or it cannot be unpacked.</exception>
        public static IReadOnlyList<EgressResource> ReadResources(Type holder)
        {
            if (holder is null)
            {
                throw new ArgumentNullException(nameof(holder));
            }

            // Reflection gives a new string on every read, so the unpacked list is kept by the class instead.
            return HolderResources.GetValue(
                holder,
                static holder => Resources(Unpack(PackedConstant(holder), holder.FullName + "." + PackedFiles.ConstantName)));
        }

        /// <summary>
        /// The resources a generated class's <c>Egress</c> class packed, as one multi-document YAML (<see cref="JoinDocuments"/>).
        /// </summary>
        /// <param name="holder">The generated <c>Egress</c> class.</param>
        /// <exception cref="InvalidOperationException">The class holds no such constant, or it cannot be unpacked.</exception>
        public static string ReadYaml(Type holder) =>
            ClassYaml.GetValue(ReadResources(holder), static resources => new StrongBox<string>(JoinDocuments(resources))).Value!;

        /// <summary>Every Kubernetes resource the assembly declares, ordered by path.</summary>
        /// <param name="assembly">The assembly the generator ran on.</param>
        public static IReadOnlyList<EgressResource> ReadResources(Assembly assembly) => Resources(Files(assembly));

        /// <summary>The content of one file of the manifests folder, such as <c>envoy/sidecar.json</c>; empty when there is none.</summary>
        /// <param name="assembly">The assembly the generator ran on.</param>
        /// <param name="path">The file's path relative to the manifests folder.</param>
        /// <exception cref="InvalidOperationException">The file is declared, but in a form this library cannot read.</exception>
        public static string ReadFile(Assembly assembly, string path)
        {
            foreach (var file in Files(assembly))
            {
                if (file.TryGetValue("Path", out var candidate) && candidate == path)
                {
                    // A file that is there but unreadable must not pass for an empty one.
                    return ManifestContent.Read(file) ?? throw new InvalidOperationException("The generated file " + path + " holds its content in a text this library does not know: the EgressDsl generator and library versions differ.");
                }
            }

            return string.Empty;
        }

        /// <summary>The documents as one multi-document YAML, separated by <c>---</c> as the build's istio.yaml is.</summary>
        public static string JoinDocuments(IEnumerable<EgressResource> resources)
        {
            var builder = new StringBuilder();
            foreach (var resource in resources)
            {
                if (builder.Length > 0)
                {
                    builder.Append("---\n");
                }

                builder.Append(resource.Yaml);
            }

            return builder.ToString();
        }

        private static IReadOnlyList<EgressResource> Resources(IEnumerable<Dictionary<string, string>> files)
        {
            var resources = new List<EgressResource>();
            foreach (var file in files)
            {
                if (file.TryGetValue("Path", out var path) && path.StartsWith(IstioFolder, StringComparison.Ordinal) && file.ContainsKey(ManifestContent.Yaml))
                {
                    resources.Add(new EgressResource(Read(file, "Kind"), Read(file, "ApiVersion"), Read(file, "Name"), Read(file, "Namespace"), path, Read(file, ManifestContent.Yaml)));
                }
            }

            resources.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
            return resources.AsReadOnly();
        }

        /// <summary>The files of every <c>PackedFiles</c> constant of every EgressDsl holder, unpacked once per assembly.</summary>
        private static List<Dictionary<string, string>> Files(Assembly assembly)
        {
            if (assembly is null)
            {
                throw new ArgumentNullException(nameof(assembly));
            }

            return AssemblyFiles.GetValue(assembly, static assembly =>
            {
                var files = new List<Dictionary<string, string>>();
                foreach (var holder in assembly.GetTypes())
                {
                    if (holder.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool != "EgressDsl")
                    {
                        continue;
                    }

                    foreach (var field in holder.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                    {
                        if (field.IsLiteral && PackedFiles.IsPackedFiles(field.Name) && field.GetRawConstantValue() is string packed)
                        {
                            files.AddRange(Unpack(packed, holder.FullName + "." + field.Name));
                        }
                    }
                }

                return files;
            });
        }

        private static string PackedConstant(Type holder)
        {
            // A class nested in a generic class is generic too; its constants are the definition's.
            var definition = holder.IsGenericType && !holder.IsGenericTypeDefinition ? holder.GetGenericTypeDefinition() : holder;
            const BindingFlags Declared = BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var field = definition.GetField(PackedFiles.ConstantName, Declared);
            return field is { IsLiteral: true } && field.GetRawConstantValue() is string packed
                ? packed
                : throw new InvalidOperationException(
                    "The generated class " + holder.FullName + " has no " + PackedFiles.ConstantName
                    + " constant: the EgressDsl generator and library versions differ.");
        }

        private static List<Dictionary<string, string>> Unpack(string packed, string what)
        {
            try
            {
                return PackedFiles.Unpack(packed);
            }
            catch (FormatException exception)
            {
                throw new InvalidOperationException("The generated constant " + what + " cannot be unpacked (" + exception.Message + "): the assembly is damaged, or the EgressDsl generator and library versions differ.", exception);
            }
        }

        private static string Read(Dictionary<string, string> constants, string name) =>
            constants.TryGetValue(name, out var value) ? value : throw new InvalidOperationException("The generated text " + name + " is missing: the EgressDsl generator and library versions differ.");
    }
}
