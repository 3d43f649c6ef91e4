using System;
using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Cli.Import
{
    /// <summary>A gateway class: a Gateway's servers, and the DestinationRule for the gateway's Kubernetes Service.</summary>
    internal sealed class GatewayClass
    {
        internal GatewayClass(ImportedClass target, string name, string? ns, List<string?> arguments)
        {
            Class = target;
            Name = name;
            Namespace = ns;
            Arguments = arguments;
        }

        internal ImportedClass Class { get; }

        internal string Name { get; }

        internal string? Namespace { get; }

        /// <summary>The [EgressGateway] arguments; the Service host is added when a route or DestinationRule names another than Istio's default.</summary>
        internal List<string?> Arguments { get; }

        internal string ServiceHost { get; set; } = Importer.DefaultGatewayServiceHost;

        internal bool HasDestinationRule { get; set; }

        /// <summary>A Gateway API Gateway: Istio deploys its Service (<c>&lt;name&gt;-istio</c>), which the class never names.</summary>
        internal bool IsKubernetesForm { get; init; }

        /// <summary>Each server's port, for the sidecar's hop to the gateway.</summary>
        internal List<int> ServerPorts { get; } = new();

        internal void Finish()
        {
            var arguments = Arguments.ToList();
            if (!IsKubernetesForm && ServiceHost != Importer.DefaultGatewayServiceHost)
            {
                arguments.Add(CSharp.Named("Service", ServiceHost));
            }

            Class.Part(ClassPart.Gateway).Insert(0, AttributeSpec.Of("EgressGateway", arguments.ToArray()));
        }

        /// <summary>How a VirtualService in <paramref name="routeNamespace"/> names this gateway: <c>namespace/name</c> from another namespace.</summary>
        internal bool IsNamedBy(string reference, string? routeNamespace)
        {
            var slash = reference.IndexOf('/');
            return slash < 0
                ? reference == Name && (Namespace == null || Namespace == routeNamespace)
                : reference.Substring(slash + 1) == Name && reference.Substring(0, slash) == (Namespace ?? routeNamespace);
        }
    }

    internal sealed partial class Importer
    {
        private static readonly Dictionary<string, string> ServerTlsModes = new(StringComparer.Ordinal)
        {
            ["PASSTHROUGH"] = "ServerTlsMode.Passthrough", ["SIMPLE"] = "ServerTlsMode.Simple", ["MUTUAL"] = "ServerTlsMode.Mutual",
            ["AUTO_PASSTHROUGH"] = "ServerTlsMode.AutoPassthrough", ["ISTIO_MUTUAL"] = "ServerTlsMode.IstioMutual", ["OPTIONAL_MUTUAL"] = "ServerTlsMode.OptionalMutual",
        };

        private static readonly Dictionary<string, string> TlsModes = new(StringComparer.Ordinal)
        {
            ["DISABLE"] = "TlsMode.Disable", ["SIMPLE"] = "TlsMode.Simple", ["MUTUAL"] = "TlsMode.Mutual", ["ISTIO_MUTUAL"] = "TlsMode.IstioMutual",
        };

        private static readonly Dictionary<string, string> Algorithms = new(StringComparer.Ordinal)
        {
            ["ROUND_ROBIN"] = "LoadBalancerAlgorithm.RoundRobin", ["LEAST_REQUEST"] = "LoadBalancerAlgorithm.LeastRequest",
            ["RANDOM"] = "LoadBalancerAlgorithm.Random", ["PASSTHROUGH"] = "LoadBalancerAlgorithm.Passthrough",
        };

        private void ImportGateway(ImportedObject item)
        {
            var reader = item.Reader;
            var selector = reader.Labels("spec", "selector");
            if (selector == null)
            {
                reader.MarkLost("absent here; the DSL writes the selector " + DefaultGatewaySelector + " when none is given", "spec", "selector");
            }

            var arguments = new List<string?>
            {
                CSharp.Named("Name", item.Name),
                CSharp.Named("Namespace", item.Namespace),
                selector != null && selector.Count == 1 && selector[0] == DefaultGatewaySelector ? null : CSharp.Named("Selector", selector),
            };
            var servers = new List<AttributeSpec>();
            var ports = new List<int>();
            for (var i = 0; i < reader.Count("spec", "servers"); i++)
            {
                var server = "[" + i + "]";
                var port = reader.Int("spec", "servers", server, "port", "number") ?? 0;
                var protocol = Enum(reader, PortProtocols, "port protocol", "spec", "servers", server, "port", "protocol");
                if (protocol == null)
                {
                    throw new LeaveOutException($"server {i + 1} has no protocol the DSL writes");
                }

                var name = reader.String("spec", "servers", server, "port", "name");
                if (name == null)
                {
                    reader.MarkLost("absent here; the DSL writes a name for every server port (an empty one here)", "spec", "servers", server, "port", "name");
                }

                var values = new List<string?>
                {
                    CSharp.Int(port),
                    CSharp.String(name ?? string.Empty),
                    protocol,
                };
                values.AddRange((reader.Strings("spec", "servers", server, "hosts") ?? new List<string>()).Select(CSharp.String));
                values.Add(CSharp.NamedCode("Tls", Enum(reader, ServerTlsModes, "server TLS mode", "spec", "servers", server, "tls", "mode")));
                values.Add(CSharp.Named("CredentialName", reader.String("spec", "servers", server, "tls", "credentialName")));
                values.Add(CSharp.Named("ServerCertificate", reader.String("spec", "servers", server, "tls", "serverCertificate")));
                values.Add(CSharp.Named("PrivateKey", reader.String("spec", "servers", server, "tls", "privateKey")));
                values.Add(CSharp.Named("CaCertificates", reader.String("spec", "servers", server, "tls", "caCertificates")));
                servers.Add(AttributeSpec.Of("GatewayServer", values.ToArray()));
                ports.Add(port);
            }

            var target = NewClass(item.Name, item, "Gateway");
            AddOrigin(target, item);
            var gateway = new GatewayClass(target, item.Name, item.Namespace, arguments);
            gateway.ServerPorts.AddRange(ports);
            target.Part(ClassPart.Gateway).AddRange(servers);
            _gateways.Add(gateway);
        }

        private void ImportDestinationRule(ImportedObject item)
        {
            var reader = item.Reader;
            var host = reader.String("spec", "host") ?? throw new LeaveOutException("a DestinationRule without spec.host");
            ImportedClass target;
            var gateway = _gateways.FirstOrDefault(g => !g.HasDestinationRule && string.Equals(g.ServiceHost, host, StringComparison.OrdinalIgnoreCase));
            if (gateway != null || string.Equals(host, DefaultGatewayServiceHost, StringComparison.OrdinalIgnoreCase))
            {
                if (gateway == null)
                {
                    // The rule for the gateway's Service alone (Istio's egress-gateway page applies it in the client's namespace):
                    // a gateway class with no server, which writes no Gateway.
                    var created = NewClass(item.Name, item, "Gateway");
                    gateway = new GatewayClass(created, item.Name, null, new List<string?> { CSharp.Named("Name", item.Name) });
                    _gateways.Add(gateway);
                }

                gateway.HasDestinationRule = true;
                target = gateway.Class;
            }
            else
            {
                var service = ServiceFor(host, item, null);
                if (service.Class.Has(ClassPart.DestinationRule))
                {
                    throw new LeaveOutException($"a second DestinationRule for {host}: the DSL writes one per host");
                }

                if (!string.Equals(service.Hosts[0], host, StringComparison.OrdinalIgnoreCase))
                {
                    throw new LeaveOutException($"the DSL writes a service's DestinationRule for its first host ({service.Hosts[0]}), not {host}");
                }

                target = service.Class;
            }

            AddOrigin(target, item);
            var attributes = new List<AttributeSpec>
            {
                AttributeSpec.Of(
                    "DestinationRule",
                    CSharp.Named("Name", item.Name),
                    CSharp.Named("Namespace", item.Namespace),
                    CSharp.Named("ExportTo", reader.Strings("spec", "exportTo")),
                    CSharp.Named("WorkloadSelector", reader.Labels("spec", "workloadSelector", "matchLabels"))),
            };
            var policies = new List<AttributeSpec>();
            for (var i = 0; i < reader.Count("spec", "subsets"); i++)
            {
                var subset = "[" + i + "]";
                var name = reader.String("spec", "subsets", subset, "name") ?? string.Empty;
                var values = new List<string?> { CSharp.String(name) };
                values.AddRange((reader.Labels("spec", "subsets", subset, "labels") ?? new List<string>()).Select(CSharp.String));
                attributes.Add(AttributeSpec.Of("Subset", values.ToArray()));
                ReadTrafficPolicy(reader, name, policies, "spec", "subsets", subset, "trafficPolicy");
            }

            ReadTrafficPolicy(reader, null, policies, "spec", "trafficPolicy");
            var part = target.Part(ClassPart.DestinationRule);
            part.AddRange(attributes);
            part.AddRange(policies.Where(p => p.Name == "LoadBalancer"));
            part.AddRange(policies.Where(p => p.Name == "TlsOrigination"));
        }

        private static void ReadTrafficPolicy(FieldReader reader, string? subset, List<AttributeSpec> policies, params string[] path)
        {
            ReadPolicy(reader, subset, 0, policies, path);
            var settings = path.Append("portLevelSettings").ToArray();
            var ports = Enumerable.Range(0, reader.Count(settings))
                .Select(i => (reader.Node(settings.Concat(new[] { "[" + i + "]", "port", "number" }).ToArray()) as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value)
                .ToList();
            var numbers = ports.Select(p => int.TryParse(p, out var n) ? n : -1).ToList();
            if (!numbers.SequenceEqual(numbers.Distinct().OrderBy(n => n)))
            {
                reader.MarkOrderLost("the DSL writes one port-level setting per port, by port number (the same policy in another order)", settings);
            }

            for (var i = 0; i < reader.Count(path.Append("portLevelSettings").ToArray()); i++)
            {
                var setting = path.Concat(new[] { "portLevelSettings", "[" + i + "]" }).ToArray();
                var port = reader.Int(setting.Concat(new[] { "port", "number" }).ToArray()) ?? 0;
                ReadPolicy(reader, subset, port, policies, setting);
            }
        }

        private static void ReadPolicy(FieldReader reader, string? subset, int port, List<AttributeSpec> policies, string[] path)
        {
            string[] At(params string[] rest) => path.Concat(rest).ToArray();
            if (Enum(reader, Algorithms, "load balancer", At("loadBalancer", "simple")) is { } algorithm)
            {
                policies.Add(AttributeSpec.Of("LoadBalancer", algorithm, CSharp.Named("Port", port), CSharp.Named("Subset", subset)));
            }

            if (reader.Node(At("tls")) == null)
            {
                return;
            }

            var mode = Enum(reader, TlsModes, "TLS mode", At("tls", "mode"));
            if (mode == null && reader.Node(At("tls", "mode")) != null)
            {
                return;
            }

            policies.Add(AttributeSpec.Of(
                "TlsOrigination",
                mode ?? "TlsMode.Disable",
                CSharp.Named("Port", port),
                CSharp.Named("Subset", subset),
                CSharp.Named("ClientCertificate", reader.String(At("tls", "clientCertificate"))),
                CSharp.Named("PrivateKey", reader.String(At("tls", "privateKey"))),
                CSharp.Named("CaCertificates", reader.String(At("tls", "caCertificates"))),
                CSharp.Named("CredentialName", reader.String(At("tls", "credentialName"))),
                CSharp.Named("Sni", reader.String(At("tls", "sni"))),
                CSharp.Named("SubjectAltNames", reader.Strings(At("tls", "subjectAltNames"))),
                CSharp.NamedBool("InsecureSkipVerify", reader.Bool(At("tls", "insecureSkipVerify")) == true)));
            if (mode == null)
            {
                reader.MarkLost("no mode is written here; the DSL writes DISABLE, Istio's default", At("tls", "mode"));
            }
        }
    }
}
