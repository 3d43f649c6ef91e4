using System;
using System.Collections.Generic;
using System.CodeDom.Compiler;
using System.ComponentModel;
using System.Reflection;
using System.Text;

namespace EgressDsl
{
    /// <summary>
    /// Reads the manifests the generator declared as constants: every class marked <c>[GeneratedCode("EgressDsl", ...)]</c>
    /// (a partial class's nested <c>Egress</c> class, or a holder in <c>EgressDsl.Generated.Manifests</c>) holds one file
    /// per nested class. The generated <c>EgressCatalog</c> calls it; user code reads <c>EgressCatalog.Resources</c>.
    /// </summary>
    /// <remarks>
    /// The constants are read with reflection rather than loaded by generated code: loading every document with a
    /// string literal would fill the assembly's user-string heap, which is limited to 16 MB, in projects with thousands
    /// of services.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class EgressManifestReader
    {
        private const string IstioFolder = "istio/";

        /// <summary>Every Kubernetes resource the assembly declares, ordered by path.</summary>
        /// <param name="assembly">The assembly the generator ran on.</param>
        public static IReadOnlyList<EgressResource> ReadResources(Assembly assembly)
        {
            var resources = new List<EgressResource>();
            foreach (var file in Files(assembly))
            {
                if (file.TryGetValue("Path", out var path) && path.StartsWith(IstioFolder, StringComparison.Ordinal) && file.ContainsKey(ManifestContent.Yaml))
                {
                    resources.Add(new EgressResource(Read(file, "Kind"), Read(file, "ApiVersion"), Read(file, "Name"), Read(file, "Namespace"), path, Read(file, ManifestContent.Yaml)));
                }
            }

            resources.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
            return resources.AsReadOnly();
        }

        /// <summary>The content of one file of the manifests folder, such as <c>envoy/sidecar.json</c>; empty when there is none.</summary>
        /// <param name="assembly">The assembly the generator ran on.</param>
        /// <param name="path">The file's path relative to the manifests folder.</param>
        /// <exception cref="InvalidOperationException">The file is declared, but in a form this library cannot read.</exception>
        public static string ReadFile(Assembly assembly, string path)
        {
            foreach (var file in Files(assembly))
            {
                if (file.TryGetValue("Path", out var candidate) && candidate == path && !file.ContainsKey("Parts"))
                {
                    // A file that is there but unreadable must not pass for an empty one.
                    string? content;
                    try
                    {
                        content = ManifestContent.Read(file);
                    }
                    catch (FormatException exception)
                    {
                        throw new InvalidOperationException("The generated file " + path + " cannot be unpacked (" + exception.Message + "): the assembly is damaged, or the EgressDsl generator and library versions differ.", exception);
                    }

                    return content ?? throw new InvalidOperationException("The generated file " + path + " holds its content in a constant this library does not know: the EgressDsl generator and library versions differ.");
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

        /// <summary>The string constants of each nested class of each EgressDsl holder.</summary>
        private static IEnumerable<Dictionary<string, string>> Files(Assembly assembly)
        {
            if (assembly is null)
            {
                throw new ArgumentNullException(nameof(assembly));
            }

            foreach (var holder in assembly.GetTypes())
            {
                if (holder.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool != "EgressDsl")
                {
                    continue;
                }

                foreach (var nested in holder.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
                {
                    var constants = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var field in nested.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
                    {
                        if (field.IsLiteral && field.GetRawConstantValue() is string value)
                        {
                            constants[field.Name] = value;
                        }
                    }

                    yield return constants;
                }
            }
        }

        private static string Read(Dictionary<string, string> constants, string name) =>
            constants.TryGetValue(name, out var value) ? value : throw new InvalidOperationException("The generated constant " + name + " is missing: the EgressDsl generator and library versions differ.");
    }
}
