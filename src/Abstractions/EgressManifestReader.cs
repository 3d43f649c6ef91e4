using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using System.Text;

namespace EgressDsl
{
    /// <summary>
    /// Reads the manifest files the generator declared as constants of the types in <c>EgressDsl.Generated.Manifests</c>.
    /// The generated <c>EgressCatalog</c> calls it; user code reads <c>EgressCatalog.Resources</c> instead.
    /// </summary>
    /// <remarks>
    /// The constants are read with reflection rather than loaded by generated code: loading every document with a
    /// string literal would fill the assembly's user-string heap, which is limited to 16 MB, in projects with thousands
    /// of services.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class EgressManifestReader
    {
        private const string ManifestNamespace = "EgressDsl.Generated.Manifests";
        private const string IstioFolder = "istio/";

        /// <summary>Every Kubernetes resource the assembly declares, ordered by path.</summary>
        /// <param name="assembly">The assembly the generator ran on.</param>
        public static IReadOnlyList<EgressResource> ReadResources(Assembly assembly)
        {
            var constants = Constants(assembly);
            var resources = new List<EgressResource>();
            foreach (var pair in constants)
            {
                if (!pair.Key.StartsWith("Path_", StringComparison.Ordinal) || !pair.Value.StartsWith(IstioFolder, StringComparison.Ordinal))
                {
                    continue;
                }

                var id = pair.Key.Substring("Path_".Length);
                resources.Add(new EgressResource(
                    Read(constants, "Kind_" + id),
                    Read(constants, "ApiVersion_" + id),
                    Read(constants, "Name_" + id),
                    Read(constants, "Namespace_" + id),
                    pair.Value,
                    Read(constants, "Content_" + id)));
            }

            resources.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
            return resources.AsReadOnly();
        }

        /// <summary>The content of one file of the manifests folder, such as <c>envoy/sidecar.json</c>; empty when there is none.</summary>
        /// <param name="assembly">The assembly the generator ran on.</param>
        /// <param name="path">The file's path relative to the manifests folder.</param>
        public static string ReadFile(Assembly assembly, string path)
        {
            var constants = Constants(assembly);
            foreach (var pair in constants)
            {
                if (pair.Key.StartsWith("Path_", StringComparison.Ordinal) && pair.Value == path)
                {
                    return constants.TryGetValue("Content_" + pair.Key.Substring("Path_".Length), out var content) ? content : string.Empty;
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

        private static Dictionary<string, string> Constants(Assembly assembly)
        {
            if (assembly is null)
            {
                throw new ArgumentNullException(nameof(assembly));
            }

            var constants = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var type in assembly.GetTypes())
            {
                if (type.Namespace != ManifestNamespace)
                {
                    continue;
                }

                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
                {
                    if (field.IsLiteral && field.GetRawConstantValue() is string value)
                    {
                        constants[field.Name] = value;
                    }
                }
            }

            return constants;
        }

        private static string Read(Dictionary<string, string> constants, string name) =>
            constants.TryGetValue(name, out var value) ? value : throw new InvalidOperationException("The generated constant " + name + " is missing: the EgressDsl generator and library versions differ.");
    }
}
