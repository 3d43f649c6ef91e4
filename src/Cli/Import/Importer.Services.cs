using System;
using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Cli.Import
{
    /// <summary>A service class: a ServiceEntry's, or a [MeshHost] for a host another registry owns (a Kubernetes Service, a DestinationRule's host).</summary>
    internal sealed class ServiceClass
    {
        internal ServiceClass(ImportedClass target, IReadOnlyList<string> hosts, bool isMeshHost)
        {
            Class = target;
            Hosts = hosts;
            IsMeshHost = isMeshHost;
        }

        internal ImportedClass Class { get; }

        internal IReadOnlyList<string> Hosts { get; }

        internal bool IsMeshHost { get; }

        /// <summary>The ports, as [ServicePort] declares them: the ServiceEntry's, or the Kubernetes Service's for a [MeshHost].</summary>
        internal List<(int Number, string Name, int TargetPort)> Ports { get; } = new();

        /// <summary>The [KubernetesService] arguments, completed by the Service's Endpoints or EndpointSlice before it is written.</summary>
        internal List<string?>? KubernetesService { get; set; }

        internal string? KubernetesProtocol { get; set; }

        internal bool HasEndpoints { get; set; }
    }

    internal sealed partial class Importer
    {
        private static readonly Dictionary<string, string> PortProtocols = new(StringComparer.Ordinal)
        {
            ["HTTP"] = "PortProtocol.Http", ["HTTPS"] = "PortProtocol.Https", ["GRPC"] = "PortProtocol.Grpc", ["HTTP2"] = "PortProtocol.Http2",
            ["MONGO"] = "PortProtocol.Mongo", ["TCP"] = "PortProtocol.Tcp", ["TLS"] = "PortProtocol.Tls",
        };

        private static readonly Dictionary<string, string> Locations = new(StringComparer.Ordinal)
        {
            ["MESH_EXTERNAL"] = "ServiceLocation.MeshExternal", ["MESH_INTERNAL"] = "ServiceLocation.MeshInternal",
        };

        private static readonly Dictionary<string, string> Resolutions = new(StringComparer.Ordinal)
        {
            ["NONE"] = "ServiceResolution.None", ["STATIC"] = "ServiceResolution.Static", ["DNS"] = "ServiceResolution.Dns", ["DNS_ROUND_ROBIN"] = "ServiceResolution.DnsRoundRobin",
        };

        /// <summary>An enum value as C#, or null with the field reported when the DSL has no such value.</summary>
        private static string? Enum(FieldReader reader, Dictionary<string, string> values, string what, params string[] path)
        {
            var text = (reader.Node(path) as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
            if (text == null)
            {
                return null;
            }

            if (values.TryGetValue(text, out var code))
            {
                reader.MarkRead(path);
                return code;
            }

            reader.MarkLost($"the DSL has no {what} '{text}' (it has {string.Join(", ", values.Keys)})", path);
            return null;
        }

        private void ImportServiceEntry(ImportedObject item)
        {
            var reader = item.Reader;
            var hosts = reader.Strings("spec", "hosts");
            if (hosts == null || hosts.Count == 0)
            {
                throw new LeaveOutException("a ServiceEntry without spec.hosts");
            }

            if (hosts.FirstOrDefault(h => _servicesByHost.ContainsKey(h)) is { } taken)
            {
                throw new LeaveOutException($"the host {taken} is declared already (by {_servicesByHost[taken].Class.Name}); the DSL declares each host once");
            }

            var target = NewClass(item.Name, item, "Service");
            AddOrigin(target, item);
            var service = new ServiceClass(target, hosts, isMeshHost: false);
            var arguments = hosts.Select(CSharp.String).Cast<string?>().ToList();
            arguments.Add(CSharp.Named("Name", item.Name));
            arguments.Add(CSharp.Named("Namespace", item.Namespace));
            arguments.Add(CSharp.Named("Addresses", reader.Strings("spec", "addresses")));
            arguments.Add(CSharp.NamedCode("Location", Enum(reader, Locations, "location", "spec", "location")));
            arguments.Add(CSharp.NamedCode("Resolution", Enum(reader, Resolutions, "resolution", "spec", "resolution")));
            arguments.Add(CSharp.Named("ExportTo", reader.Strings("spec", "exportTo")));
            arguments.Add(CSharp.Named("WorkloadSelector", reader.Labels("spec", "workloadSelector", "labels")));
            arguments.Add(CSharp.Named("SubjectAltNames", reader.Strings("spec", "subjectAltNames")));
            var attributes = target.Part(ClassPart.Service);
            attributes.Add(AttributeSpec.Of("ExternalService", arguments.ToArray()));

            for (var i = 0; i < reader.Count("spec", "ports"); i++)
            {
                var port = "[" + i + "]";
                var number = reader.Int("spec", "ports", port, "number") ?? 0;
                var name = reader.String("spec", "ports", port, "name");
                if (name == null)
                {
                    // The DSL needs a name for every ServiceEntry port: the protocol and number, as Istio's pages name ports.
                    var protocol = (reader.Node("spec", "ports", port, "protocol") as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
                    name = (protocol ?? "port").ToLowerInvariant() + "-" + CSharp.Int(number);
                    reader.MarkLost("absent here; the DSL needs a name for every ServiceEntry port, so the import writes " + name, "spec", "ports", port, "name");
                }

                var targetPort = reader.Int("spec", "ports", port, "targetPort") ?? 0;
                service.Ports.Add((number, name ?? string.Empty, targetPort));
                attributes.Add(AttributeSpec.Of(
                    "ServicePort",
                    CSharp.Int(number),
                    CSharp.String(name ?? string.Empty),
                    Enum(reader, PortProtocols, "port protocol", "spec", "ports", port, "protocol"),
                    CSharp.Named("TargetPort", targetPort)));
            }

            for (var i = 0; i < reader.Count("spec", "endpoints"); i++)
            {
                var endpoint = "[" + i + "]";
                var address = reader.String("spec", "endpoints", endpoint, "address");
                if (address == null)
                {
                    continue;
                }

                attributes.Add(AttributeSpec.Of(
                    "Endpoint",
                    CSharp.String(address),
                    CSharp.Named("Labels", reader.Labels("spec", "endpoints", endpoint, "labels")),
                    CSharp.Named("Ports", reader.Labels("spec", "endpoints", endpoint, "ports")),
                    CSharp.Named("Network", reader.String("spec", "endpoints", endpoint, "network")),
                    CSharp.Named("Locality", reader.String("spec", "endpoints", endpoint, "locality")),
                    CSharp.Named("Weight", reader.Int("spec", "endpoints", endpoint, "weight") ?? 0),
                    CSharp.Named("ServiceAccount", reader.String("spec", "endpoints", endpoint, "serviceAccount"))));
            }

            foreach (var host in hosts)
            {
                _servicesByHost[host] = service;
            }
        }

        /// <summary>The service class of a host, or a new [MeshHost] class for it (a host another registry owns).</summary>
        private ServiceClass ServiceFor(string host, ImportedObject item, string? meshHostNamespace)
        {
            if (_servicesByHost.TryGetValue(host, out var existing))
            {
                return existing;
            }

            var target = NewClass(item.Name, item, "Host");
            var service = new ServiceClass(target, new[] { host }, isMeshHost: true);
            target.Part(ClassPart.Service).Add(AttributeSpec.Of("MeshHost", CSharp.String(host), CSharp.Named("Namespace", meshHostNamespace)));
            _servicesByHost[host] = service;
            return service;
        }

        private void ImportKubernetesService(ImportedObject item)
        {
            var reader = item.Reader;
            var host = item.Name + "." + (item.Namespace ?? "default") + ".svc.cluster.local";
            if (_servicesByHost.TryGetValue(host, out var existing) && existing.KubernetesService != null)
            {
                throw new LeaveOutException($"a second Service for {host}");
            }

            var isNew = !_servicesByHost.ContainsKey(host);
            var service = ServiceFor(host, item, null);
            AddOrigin(service.Class, item);
            string? protocol = null;
            for (var i = 0; i < reader.Count("spec", "ports"); i++)
            {
                var port = "[" + i + "]";
                var number = reader.Int("spec", "ports", port, "port") ?? 0;
                var name = reader.String("spec", "ports", port, "name") ?? string.Empty;
                var targetPort = reader.Int("spec", "ports", port, "targetPort") ?? 0;
                var portProtocol = (reader.Node("spec", "ports", port, "protocol") as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
                if (i == 0 || portProtocol == protocol)
                {
                    protocol = portProtocol;
                    reader.MarkRead("spec", "ports", port, "protocol");
                }
                else
                {
                    reader.MarkLost($"the DSL gives every port of a Service one protocol ({protocol ?? "none written"})", "spec", "ports", port, "protocol");
                }

                if (service.IsMeshHost && isNew)
                {
                    service.Ports.Add((number, name, targetPort));
                    service.Class.Part(ClassPart.Service).Add(AttributeSpec.Of("ServicePort", CSharp.Int(number), CSharp.String(name), CSharp.Named("TargetPort", targetPort)));
                }
                else if (i >= service.Ports.Count || service.Ports[i] != (number, name, targetPort))
                {
                    // The Service's ports are the service class's ports: a Service that declares others cannot be written beside it.
                    reader.MarkLost($"the Service's ports are the ServiceEntry's (each [ServicePort]); this one differs from them", "spec", "ports", port);
                }
            }

            for (var i = reader.Count("spec", "ports"); i < service.Ports.Count; i++)
            {
                _losses.Add(item.Loss("spec.ports", $"the Service would also get the ServiceEntry's port {service.Ports[i].Number}"));
            }

            string? externalName = null;
            var type = reader.String("spec", "type");
            if (type == "ExternalName")
            {
                externalName = reader.String("spec", "externalName");
            }
            else if (type != null)
            {
                reader.MarkLost(type == "ClusterIP" ? "the DSL leaves the default type ClusterIP unwritten (the same Service)" : $"the DSL writes no Service of type {type}", "spec", "type");
            }

            service.KubernetesProtocol = protocol;
            service.KubernetesService = new List<string?>
            {
                CSharp.Named("Name", item.Name),
                CSharp.Named("Namespace", item.Namespace),
                CSharp.Named("Labels", reader.Labels("metadata", "labels")),
                CSharp.Named("Selector", reader.Labels("spec", "selector")),
                CSharp.Named("ExternalName", externalName),
                CSharp.Named("Annotations", reader.Labels("metadata", "annotations")),
                CSharp.Named("Protocol", protocol),
            };
            _kubernetesServices[(item.Namespace ?? string.Empty) + "/" + item.Name] = service;
        }

        private void ImportEndpoints(ImportedObject item)
        {
            var reader = item.Reader;
            var slice = item.Kind == ImportKind.EndpointSlice;
            var serviceName = slice ? reader.String("metadata", "labels", "kubernetes.io/service-name") : item.Name;
            if (serviceName == null || !_kubernetesServices.TryGetValue((item.Namespace ?? string.Empty) + "/" + serviceName, out var service))
            {
                throw new LeaveOutException($"no Service {serviceName ?? "(no kubernetes.io/service-name label)"} in the input: the DSL writes endpoints only with their [KubernetesService]");
            }

            if (service.HasEndpoints)
            {
                throw new LeaveOutException($"the Service {serviceName} has endpoints already; the DSL writes one Endpoints or one EndpointSlice");
            }

            if (slice && item.Name != serviceName)
            {
                reader.MarkLost($"the DSL names the EndpointSlice after its Service ({serviceName})", "metadata", "name");
            }

            var addresses = new List<string>();
            if (slice)
            {
                reader.MarkRead("addressType");
                for (var i = 0; i < reader.Count("endpoints"); i++)
                {
                    var ips = reader.Strings("endpoints", "[" + i + "]", "addresses");
                    addresses.AddRange(ips ?? new List<string>());
                }
            }
            else
            {
                if (reader.Count("subsets") > 1)
                {
                    reader.MarkLost("the DSL writes one subset of addresses", "subsets", "[1]");
                }

                for (var i = 0; i < reader.Count("subsets", "[0]", "addresses"); i++)
                {
                    addresses.Add(reader.String("subsets", "[0]", "addresses", "[" + i + "]", "ip") ?? string.Empty);
                }
            }

            // The endpoint ports are derived from the Service's: each port's target port (or port), TCP left out.
            var expected = service.Ports.Select(p => (Name: p.Name.Length == 0 ? null : p.Name, Port: p.TargetPort != 0 ? p.TargetPort : p.Number)).ToList();
            var prefix = slice ? new[] { "ports" } : new[] { "subsets", "[0]", "ports" };
            var count = reader.Count(prefix);
            for (var i = 0; i < Math.Max(count, expected.Count); i++)
            {
                var path = prefix.Append("[" + i + "]").ToArray();
                var name = reader.String(path.Append("name").ToArray());
                var port = reader.Int(path.Append("port").ToArray());
                var protocol = reader.String(path.Append("protocol").ToArray());
                var protocolMatches = protocol == null ? service.KubernetesProtocol is null or "TCP" : protocol == service.KubernetesProtocol && protocol != "TCP";
                if (i >= expected.Count || i >= count || expected[i] != (name, port ?? 0) || !protocolMatches)
                {
                    reader.MarkLost($"the DSL writes the endpoint ports from the Service's ports ({string.Join(", ", expected.Select(e => (e.Name ?? "unnamed") + " " + e.Port))})", path);
                }
            }

            service.HasEndpoints = true;
            AddOrigin(service.Class, item);
            service.KubernetesService!.Add(CSharp.Named("Endpoints", addresses));
            service.KubernetesService.Add(CSharp.NamedBool("EndpointSlice", slice));
        }
    }
}
