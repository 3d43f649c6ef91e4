using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    // The rules about what one class's resources mean together (Istio analyze and Kiali checks, and those no tool has),
    // run on the parsed model, in the ClassParser.*Checks.cs files by concern; these are the service's. Models keep no
    // attribute ordinals for ports, subsets or TLS settings: the parser adds exactly one model item per attribute, so the
    // i-th item belongs to the i-th attribute of that name.
    internal sealed partial class ClassParser
    {
        // Istio reads a Kubernetes Service port's protocol from its name: <protocol> or <protocol>-<suffix>.
        private static readonly string[] ProtocolPortNames = { "http", "http2", "https", "grpc", "grpc-web", "tcp", "tls", "mongo", "mysql", "redis", "udp" };

        private void CheckService(AttributeSnapshot root, ExternalServiceModel service)
        {
            var ports = Attributes(AttributeNames.ServicePort).ToList();
            var host = service.Hosts.FirstOrDefault() ?? ClassName;
            CheckSubsetsSelectEndpoints(service);
            CheckDestinationRule(service.DestinationRule, host, service.Ports.Select(p => p.Number).ToList(), HttpCarryingPorts(service), service.Ports);

            // A policy-level origination covers every port; it is reported for the first port it breaks.
            var reportedOriginations = new HashSet<int>();
            CheckTlsIdentity(service);
            for (var i = 0; i < service.Ports.Count && i < ports.Count; i++)
            {
                var port = service.Ports[i];
                var number = port.Number.ToString(CultureInfo.InvariantCulture);

                // IST0134: without addresses, TCP ServiceEntries on one port share the 0.0.0.0 listener.
                // Addresses that were written but rejected have their EGRESS002; this rule is about leaving them out.
                if (service.Addresses.IsEmpty && root.Strings(nameof(ExternalServiceAttribute.Addresses)).Length == 0 && port.Protocol is PortProtocol.Unspecified or PortProtocol.Tcp)
                {
                    Report(DiagnosticDescriptors.AddressesRequired, ports[i].ArgumentLocation(nameof(ServicePortAttribute.Protocol)), number, ClassName, port.Protocol == PortProtocol.Tcp ? "TCP" : "of unspecified protocol");
                }

                // Istio's validation: with resolution other than NONE, several hosts need ports that carry the host (HTTP Host or TLS SNI).
                if (service.Hosts.Count > 1 && service.Resolution is ServiceResolution.Static or ServiceResolution.Dns or ServiceResolution.DnsRoundRobin
                    && port.Protocol is not (PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc or PortProtocol.Https or PortProtocol.Tls))
                {
                    Report(DiagnosticDescriptors.HostsNotDistinguishable, ports[i].ArgumentLocation(nameof(ServicePortAttribute.Protocol)), ClassName, service.Hosts.Count.ToString(CultureInfo.InvariantCulture),
                        EnumNames.Of(service.Resolution), number, port.Protocol == PortProtocol.Unspecified ? "of unspecified protocol" : EnumNames.Of(port.Protocol));
                }

                CheckPortHops(ports[i], port, service, reportedOriginations);
            }

            if (!service.WorkloadSelector.IsEmpty && service.Resolution is ServiceResolution.None or ServiceResolution.Unspecified)
            {
                Report(DiagnosticDescriptors.WorkloadSelectorIgnored,
                    root.ArgumentLocation(nameof(ExternalServiceAttribute.WorkloadSelector)), ClassName);
            }

            if (service.KubernetesService is { } kubernetes && Attributes(AttributeNames.KubernetesService).FirstOrDefault() is { } kubernetesAttribute)
            {
                CheckKubernetesService(kubernetesAttribute, kubernetes, service, ports);
            }
        }

        /// <summary>
        /// A [MeshHost]'s rules: those of its DestinationRule and ports. The ServiceEntry's rules (addresses, resolution,
        /// endpoints, a Kubernetes Service for the same host) do not apply: no ServiceEntry is written, and the Kubernetes
        /// Service, when declared, is the host's own.
        /// </summary>
        private void CheckMeshHost(ExternalServiceModel host)
        {
            var ports = Attributes(AttributeNames.ServicePort).ToList();
            CheckDestinationRule(host.DestinationRule, host.Hosts.FirstOrDefault() ?? ClassName, host.Ports.Select(p => p.Number).ToList(), HttpCarryingPorts(host), host.Ports);
            var reportedOriginations = new HashSet<int>();
            for (var i = 0; i < host.Ports.Count && i < ports.Count; i++)
            {
                CheckPortHops(ports[i], host.Ports[i], host, reportedOriginations);
            }

            if (host.KubernetesService is { } kubernetes)
            {
                CheckKubernetesServicePorts(kubernetes, host, ports);
            }
        }

        private void CheckKubernetesService(AttributeSnapshot attribute, KubernetesServiceModel kubernetes, ExternalServiceModel service, List<AttributeSnapshot> ports)
        {
            // Not checked by Istio or Kiali; at run time one of the two registry entries wins (istio/istio#58860).
            if (kubernetes.Namespace is { } ns)
            {
                var clusterName = kubernetes.Name + "." + ns + ".svc.cluster.local";
                if (service.Hosts.Any(h => string.Equals(h, clusterName, StringComparison.OrdinalIgnoreCase)))
                {
                    Report(DiagnosticDescriptors.KubernetesServiceSameHost, attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.Name)), ns + "/" + kubernetes.Name, clusterName, ClassName);
                }
            }

            CheckKubernetesServicePorts(kubernetes, service, ports);
        }

        private void CheckKubernetesServicePorts(KubernetesServiceModel kubernetes, ExternalServiceModel service, List<AttributeSnapshot> ports)
        {
            // IST0118, KIA0601 and IST0150: the generated Service has no appProtocol, so the port name is all Istio has.
            for (var i = 0; i < service.Ports.Count && i < ports.Count; i++)
            {
                var name = service.Ports[i].Name;
                if (name.Length == 0)
                {
                    // An unnamed port (a [MeshHost]'s only one) gets Istio's protocol detection, not opaque TCP.
                    continue;
                }

                var prefix = name.Split('-')[0];
                string? reason = null;
                if (!ProtocolPortNames.Contains(prefix) && !ProtocolPortNames.Contains(name))
                {
                    reason = "name it <protocol> or <protocol>-<suffix>, with protocol one of " + string.Join(", ", ProtocolPortNames)
                        + "; the generated Service has no appProtocol, so Istio reads the protocol from the name and otherwise treats the port as opaque TCP";
                }
                else if (kubernetes.ExternalName is not null && name == "tcp")
                {
                    reason = "an ExternalName Service port named exactly 'tcp' may keep the proxy from forwarding its traffic; name it tcp-<suffix>";
                }

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.PortNameWithoutProtocol, ports[i].ArgumentLocation(nameof(ServicePortAttribute.Name)),
                        name, kubernetes.Name, reason);
                }
            }
        }

        /// <summary>
        /// IST0173 done right: Istio matches subsets only against Pods and never reads ServiceEntry endpoint labels,
        /// Kiali only when the Kubernetes Service has no selector. Here a subset's labels must be carried by at least one
        /// [Endpoint]; with a WorkloadSelector (pods we cannot see) only a contradiction can be proven.
        /// </summary>
        private void CheckSubsetsSelectEndpoints(ExternalServiceModel service)
        {
            if (service.DestinationRule is not { } rule || service.Resolution is ServiceResolution.None or ServiceResolution.Unspecified)
            {
                // With resolution NONE the proxy forwards to the address the caller used: there are no endpoints to select.
                return;
            }

            var subsetAttributes = Attributes(AttributeNames.Subset).ToList();
            for (var i = 0; i < rule.Subsets.Count && i < subsetAttributes.Count; i++)
            {
                var subset = rule.Subsets[i];
                var (culprit, reason) = SubsetCulprit(subset, service);
                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.SubsetSelectsNoEndpoint, subsetAttributes[i].ArgumentLocation(nameof(SubsetAttribute.Labels), culprit), subset.Name, ClassName, reason);
                }
            }
        }

        private static (int Culprit, string? Reason) SubsetCulprit(SubsetModel subset, ExternalServiceModel service)
        {
            if (subset.Labels.IsEmpty)
            {
                return (0, null);
            }

            if (!service.WorkloadSelector.IsEmpty)
            {
                for (var j = 0; j < subset.Labels.Count; j++)
                {
                    var label = subset.Labels[j];
                    if (service.WorkloadSelector.FirstOrDefault(l => l.Key == label.Key) is { } selected && selected.Value != label.Value)
                    {
                        return (j, "its label " + label.Key + "=" + label.Value + " contradicts WorkloadSelector " + selected.Key + "=" + selected.Value);
                    }
                }

                return (0, null);
            }

            if (service.Endpoints.IsEmpty)
            {
                return (0, "the service has no [Endpoint], so its endpoints are its hosts, which carry no labels");
            }

            IEnumerable<EndpointModel> remaining = service.Endpoints;
            for (var j = 0; j < subset.Labels.Count; j++)
            {
                var label = subset.Labels[j];
                remaining = remaining.Where(e => e.Labels.Contains(label)).ToList();
                if (!remaining.Any())
                {
                    return j == 0
                        ? (j, "no [Endpoint] has the label " + label.Key + "=" + label.Value)
                        : (j, "no [Endpoint] has all of the labels " + string.Join(", ", subset.Labels.Take(j + 1).Select(l => l.Key + "=" + l.Value)));
                }
            }

            return (0, null);
        }
    }
}
