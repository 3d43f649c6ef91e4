using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using EgressDsl.Generator.Emit.Envoy;

namespace EgressDsl.Generator.Emit.CSharp
{
    /// <summary>
    /// Writes <c>EgressCatalog.Envoy</c>: the Envoy files user code can read (and hand to the request simulator). The texts
    /// are properties that read the manifest constants at run time: the members depend only on which
    /// proxies exist, so the IDE never has to build the Envoy configuration while someone types.
    /// </summary>
    internal static class EnvoyCatalogSourceEmitter
    {
        public static void Emit(SourceWriter writer, Catalog catalog)
        {
            var proxies = catalog.EnvoyProxies;
            writer.Line("/// <summary>The Envoy configuration derived from the same attributes: what Istio programs into each proxy, and a standalone bootstrap.</summary>");
            writer.Open("public static class Envoy");
            writer.Line("/// <summary>False when EgressEmitEnvoy is false: the texts are then empty and <see cref=\"Proxies\"/> has no entry.</summary>");
            // A property, not a constant: code that tests it would otherwise get "unreachable code" warnings for one branch.
            writer.Line("public static bool Enabled => " + (proxies.IsEmpty ? "false" : "true") + ";");
            writer.Line();

            var sidecar = proxies.IsEmpty ? null : proxies[0];
            writer.Constant("The file the build writes the sidecar's configuration to, relative to the manifests folder.", "SidecarPath", EnvoyOutput.SidecarPath);
            writer.Line("/// <summary>The client sidecar's xDS resources (Listeners, RouteConfigurations, Clusters, ClusterLoadAssignments) as one JSON array.</summary>");
            writer.Line("public static string SidecarJson => " + FileText(sidecar?.Path) + ";");
            writer.Line();
            writer.Constant("The file the build writes the standalone bootstrap to, relative to the manifests folder.", "BootstrapPath", EnvoyOutput.BootstrapPath);
            writer.Line("/// <summary>A standalone Envoy bootstrap (static_resources) that does the same egress routing without Istio.</summary>");
            writer.Line("public static string BootstrapYaml => " + FileText(proxies.IsEmpty ? null : EnvoyOutput.BootstrapPath) + ";");
            writer.Line();

            writer.Line("/// <summary>Every proxy: the sidecar first, then each egress gateway.</summary>");
            writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::EgressDsl.EgressEnvoyProxy> Proxies { get; } = new global::EgressDsl.EgressEnvoyProxy[]");
            writer.Line("{");
            foreach (var proxy in proxies)
            {
                writer.Line("    new global::EgressDsl.EgressEnvoyProxy(" + SourceWriter.Literal(proxy.Kind) + ", " + SourceWriter.Literal(proxy.Name) + ", "
                    + SourceWriter.Literal(proxy.Namespace) + ", " + SourceWriter.Literal(proxy.ServiceHost) + ", " + SourceWriter.Literal(proxy.Path) + ", "
                    + FileText(proxy.Path) + "),");
            }

            writer.Line("};");
            writer.Line();
            writer.Line("/// <summary>Each egress gateway's configuration, by the gateway's name.</summary>");
            writer.Open("public static class Gateways");
            var used = new HashSet<string>(System.StringComparer.Ordinal) { "Gateways" };
            for (var i = 1; i < proxies.Count; i++)
            {
                var proxy = proxies[i];
                if (i > 1)
                {
                    writer.Line();
                }

                writer.Line("/// <summary>The gateway <c>" + ClassSourceEmitter.Escape(proxy.Namespace.Length == 0 ? proxy.Name : proxy.Namespace + "/" + proxy.Name) + "</c>.</summary>");
                writer.Open("public static class " + ClassName(proxy, used));
                writer.Constant("The Gateway's name.", "Name", proxy.Name);
                writer.Constant("The Gateway's namespace; empty when none is written.", "Namespace", proxy.Namespace);
                writer.Constant("The gateway's Kubernetes Service host, which the sidecar's clusters name.", "ServiceHost", proxy.ServiceHost);
                writer.Constant("The file the build writes, relative to the manifests folder.", "Path", proxy.Path);
                writer.Line("/// <summary>The gateway's xDS resources as one JSON array.</summary>");
                writer.Line("public static string Json => " + FileText(proxy.Path) + ";");
                writer.Close();
            }

            writer.Close();
            writer.Close();
        }

        private static string FileText(string? path) => path is null ? "\"\"" : Catalog.ReadFileExpression(path);

        /// <summary><c>eg-nginx-ext</c> becomes <c>EgNginxExt</c>; the namespace, then a number, tells apart gateways whose names collide.</summary>
        private static string ClassName(EnvoyProxyShape proxy, HashSet<string> used)
        {
            var name = Pascal(proxy.Name);
            if (!used.Add(name))
            {
                name = Pascal(proxy.Namespace) + name;
                var candidate = name;
                for (var i = 2; !used.Add(candidate); i++)
                {
                    candidate = name + i.ToString(CultureInfo.InvariantCulture);
                }

                name = candidate;
            }

            return name;
        }

        private static string Pascal(string text)
        {
            var builder = new StringBuilder(text.Length);
            var upper = true;
            foreach (var c in text)
            {
                if (!char.IsLetterOrDigit(c) || c > 0x7E)
                {
                    upper = true;
                    continue;
                }

                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            if (builder.Length == 0 || char.IsDigit(builder[0]))
            {
                builder.Insert(0, "Gateway");
            }

            return builder.ToString();
        }
    }
}
