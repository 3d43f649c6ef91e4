using System;
using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Cli.Import
{
    /// <summary>
    /// Rewrites imported classes that follow one of the documented egress patterns into the intent attribute that says so
    /// (<c>[DirectEgress]</c>, <c>[GatewayEgress]</c>, <c>[SidecarTlsOrigination]</c>, <c>[ExternalProxy]</c>,
    /// <c>[KubernetesEgressService]</c>), leaving the low-level attributes for everything else.
    /// </summary>
    /// <remarks>
    /// Each pattern recognises a class by its attributes and replaces them with the intent attribute. A pattern must only apply
    /// where the intent attribute generates exactly the objects the low-level ones do; the round-trip tests of the import hold
    /// every pattern to that.
    /// </remarks>
    internal static class IntentPatterns
    {
        /// <summary>A rewrite of the imported classes; returns them unchanged when its pattern does not apply.</summary>
        internal delegate IReadOnlyList<ImportedClass> Pattern(IReadOnlyList<ImportedClass> classes);

        /// <summary>The patterns, tried in order.</summary>
        internal static readonly IReadOnlyList<Pattern> All = new Pattern[] { DirectEgress };

        /// <summary>The named arguments of [ExternalService] that [DirectEgress] carries over as they are.</summary>
        private static readonly string[] DirectEgressArguments = { "Name = ", "Namespace = ", "ExportTo = " };

        /// <summary>
        /// Pattern a: a ServiceEntry alone (MESH_EXTERNAL, DNS, one host that is no wildcard, one HTTP, HTTPS, TLS or TCP port
        /// named as [DirectEgress] names it), which no other class refers to, becomes <c>[DirectEgress]</c>.
        /// </summary>
        private static IReadOnlyList<ImportedClass> DirectEgress(IReadOnlyList<ImportedClass> classes)
        {
            foreach (var candidate in classes)
            {
                var attributes = candidate.Attributes.ToList();
                if (attributes.Count != 2 || attributes[0].Name != "ExternalService" || attributes[1].Name != "ServicePort"
                    || classes.Any(other => other != candidate && other.Attributes.Any(a => a.Arguments.Any(argument => argument.Contains("typeof(" + candidate.Name + ")", StringComparison.Ordinal)))))
                {
                    continue;
                }

                var entry = attributes[0].Arguments;
                var port = attributes[1].Arguments;
                var named = entry.Skip(1).ToList();
                if (entry[0].StartsWith("\"*", StringComparison.Ordinal) || entry[0].StartsWith("Name = ", StringComparison.Ordinal)
                    || !named.Remove("Location = ServiceLocation.MeshExternal") || !named.Remove("Resolution = ServiceResolution.Dns")
                    || !named.All(argument => DirectEgressArguments.Any(argument.StartsWith))
                    || port.Count != 3 || !int.TryParse(port[0], out var number))
                {
                    continue;
                }

                var protocol = port[2] switch
                {
                    "PortProtocol.Http" => "Http",
                    "PortProtocol.Https" => "Https",
                    "PortProtocol.Tls" => "Tls",
                    "PortProtocol.Tcp" => "Tcp",
                    _ => null,
                };
                if (protocol == null || port[1] != CSharp.String(protocol.ToLowerInvariant()))
                {
                    continue;
                }

                var arguments = new List<string?>
                {
                    entry[0],
                    protocol == "Https" ? null : "Protocol = PortProtocol." + protocol,
                    number == (protocol == "Http" ? 80 : 443) ? null : CSharp.Named("Port", number),
                };
                arguments.AddRange(named);
                var service = candidate.Part(ClassPart.Service);
                service.Clear();
                service.Add(AttributeSpec.Of("DirectEgress", arguments.ToArray()));
            }

            return classes;
        }

        internal static IReadOnlyList<ImportedClass> Apply(IReadOnlyList<ImportedClass> classes)
        {
            foreach (var pattern in All)
            {
                classes = pattern(classes);
            }

            return classes;
        }
    }
}
