using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EgressDsl.Cli.Import
{
    /// <summary>Writes imported classes as C# source: one file-scoped namespace, each class with a comment on where it came from.</summary>
    internal static class ImportWriter
    {
        internal static string Write(IEnumerable<ImportedClass> classes, string csharpNamespace, string istioApiVersion,
            string? gatewayApi = null)
        {
            var text = new StringBuilder();
            text.Append("// Imported by egressdsl import.");
            if (istioApiVersion != "v1")
            {
                text.Append(" The input writes networking.istio.io/").Append(istioApiVersion)
                    .Append(": build with <EgressIstioApiVersion>").Append(istioApiVersion)
                        .Append("</EgressIstioApiVersion> to get the same apiVersion.");
            }

            if (gatewayApi != null)
            {
                // A route without gateway takes the project's form: only the property can make it a Gateway API route.
                text.Append(" Its routes without gateway are Gateway API routes: build with <EgressGatewayApi>").Append(gatewayApi)
                    .Append("</EgressGatewayApi>.");
            }

            text.Append("\nusing EgressDsl;\n\nnamespace ").Append(csharpNamespace).Append(";\n");
            foreach (var imported in classes)
            {
                text.Append('\n');
                foreach (var origin in imported.Origins.Values)
                {
                    text.Append("// From ").Append(origin).Append('\n');
                }

                foreach (var attribute in imported.Attributes)
                {
                    text.Append(attribute).Append('\n');
                }

                text.Append("public partial class ").Append(imported.Name).Append(";\n");
            }

            return text.ToString();
        }
    }
}
