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
    /// more <c>PackedFiles</c> constants. The generated catalogue calls it; user code reads <c>EgressCatalog.Resources</c> or
    /// <c>EgressCatalog.For&lt;T&gt;()</c>.
    /// </summary>
    /// <remarks>
    /// The catalogue reads the constants with reflection rather than loading them in generated code:
    /// a list of every class's constant would regenerate the catalogue on every edit, and loading a constant with a string
    /// literal would store its text a second time, in the assembly's user-string heap (0.3 MB at a thousand services, which
    /// also limits that heap's 16 MB).
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class EgressManifestReader
    {
        private const string IstioFolder = "istio/";
        private const string Tool = "EgressDsl";
        private const string PlaceholderTool = "EgressDsl.Placeholder";
        private const string EgressClassName = "Egress";
        private const string ManifestNamespace = "EgressDsl.Generated.Manifests";

        /// <summary>The constant of a non-partial class's holder that names the class (<c>Namespace.Outer.Name</c>).</summary>
        private const string HolderClassName = "ClassName";

        // By the generated class and by the assembly: each is unpacked once.
        private static readonly ConditionalWeakTable<Type, EgressClassOutput> ClassOutputs = new();
        private static readonly ConditionalWeakTable<Assembly, Dictionary<string, Type>> AssemblyHolders = new();
        private static readonly ConditionalWeakTable<Assembly, List<Dictionary<string, string>>> AssemblyFiles = new();

        /// <summary>
        /// What EgressDsl generated from <paramref name="type"/>, unpacked once per class: read from its nested
        /// <c>Egress</c> class when it is partial, or from its holder in <c>EgressDsl.Generated.Manifests</c> otherwise.
        /// The generated <c>EgressCatalog.For&lt;T&gt;()</c> calls it.
        /// </summary>
        /// <param name="type">A class with EgressDsl attributes.</param>
        /// <exception cref="ArgumentException">
        /// EgressDsl generated nothing for the class that can be found (the message says why).
        /// </exception>
        /// <exception cref="InvalidOperationException">The generated constants cannot be read.</exception>
        public static EgressClassOutput ReadClass(Type type)
        {
            if (type is null)
            {
                throw new ArgumentNullException(nameof(type));
            }

            // Reflection gives a new string on every read, so the unpacked output is kept by the class instead.
            return ClassOutputs.GetValue(type, static type => ClassOutput(type));
        }

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
                    if (holder.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool != Tool)
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

        private static EgressClassOutput ClassOutput(Type type)
        {
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var egress = type.GetNestedType(EgressClassName, BindingFlags.Public | BindingFlags.NonPublic);
            var tool = egress?.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool;
            if (tool == PlaceholderTool)
            {
                // The class has errors, so its build failed: nothing was generated, as the placeholder's members said.
                return new EgressClassOutput(Array.Empty<EgressResource>(), new Dictionary<string, KeyValuePair<string, string>[]>());
            }

            var holder = tool == Tool ? egress! : NonPartialHolder(type) ?? throw new ArgumentException(
                "EgressDsl generated nothing for " + type.FullName + " that can be found: either the class has no EgressDsl "
                + "attribute (or the generator did not run on its assembly), or it is generic or nested in a generic class, "
                + "which EgressDsl names differently. A partial class is always found: declare it and every class it is "
                + "nested in partial (EGRESS015).",
                nameof(type));
            var packed = holder.GetField(PackedFiles.ConstantName, Declared) is { IsLiteral: true } field
                && field.GetRawConstantValue() is string text
                ? text
                : throw new InvalidOperationException(
                    "The generated class " + holder.FullName + " has no " + PackedFiles.ConstantName
                    + " constant: the EgressDsl generator and library versions differ.");
            var resources = Resources(Unpack(packed, holder.FullName + "." + PackedFiles.ConstantName));
            var headers = new Dictionary<string, KeyValuePair<string, string>[]>();
            if (holder.GetField(SubsetHeaderTable.ConstantName, Declared) is { IsLiteral: true } tableField
                && tableField.GetRawConstantValue() is string table)
            {
                try
                {
                    headers = SubsetHeaderTable.Parse(table);
                }
                catch (FormatException exception)
                {
                    throw new InvalidOperationException(
                        "The generated constant " + holder.FullName + "." + SubsetHeaderTable.ConstantName + " cannot be read ("
                        + exception.Message + "): the EgressDsl generator and library versions differ.",
                        exception);
                }
            }

            return new EgressClassOutput(resources, headers);
        }

        /// <summary>
        /// The holder of a class that is not partial: the class in <c>EgressDsl.Generated.Manifests</c> whose
        /// <c>ClassName</c> constant names it as <c>Namespace.Outer.Name</c>. Generic classes and names written with
        /// <c>@</c> are named there as C# writes them, which a type's reflection name does not give, so they are not found.
        /// </summary>
        private static Type? NonPartialHolder(Type type)
        {
            if (type.IsGenericType || type.FullName is not { } fullName)
            {
                return null;
            }

            var holders = AssemblyHolders.GetValue(type.Assembly, static assembly =>
            {
                var byClass = new Dictionary<string, Type>(StringComparer.Ordinal);
                foreach (var holder in assembly.GetTypes())
                {
                    if (holder.Namespace == ManifestNamespace
                        && holder.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == Tool
                        && holder.GetField(HolderClassName, BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                            is { IsLiteral: true } field
                        && field.GetRawConstantValue() is string name)
                    {
                        byClass[name] = holder;
                    }
                }

                return byClass;
            });
            return holders.TryGetValue(fullName.Replace('+', '.'), out var found) ? found : null;
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
