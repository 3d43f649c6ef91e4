using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing
{
    // The [ExternalService] and [MeshHost] role: the ServiceEntry, its ports and endpoints, and the Kubernetes Service.
    internal sealed partial class ClassParser
    {
        private ExternalServiceModel ParseService(AttributeSnapshot root)
        {
            var hosts = ReadHosts(root, nameof(ExternalServiceAttribute.Hosts), allowWildcard: true);
            // A host that was written but rejected already has its EGRESS001: "required" would repeat the same mistake.
            if (hosts.Count == 0 && root.Strings(nameof(ExternalServiceAttribute.Hosts)).Length == 0)
            {
                Report(DiagnosticDescriptors.MissingValue, root.ArgumentLocation(nameof(ExternalServiceAttribute.Hosts)), "[ExternalService] host", "name at least one host, such as \"api.example.com\"");
            }

            var name = ReadResourceName(root, nameof(ExternalServiceAttribute.Name), Naming.ToKebabCase(ClassName), "ServiceEntry name",
                dnsLabel: false);
            var ns = ReadNamespace(root, nameof(ExternalServiceAttribute.Namespace));
            var addresses = ReadStrings(root, nameof(ExternalServiceAttribute.Addresses), (value, _) => Validation.CheckAddressOrCidr(value) is { } reason ? (DiagnosticDescriptors.InvalidAddress, reason) : default);
            var location = ReadEnum<ServiceLocation>(root, nameof(ExternalServiceAttribute.Location));
            var resolution = ReadEnum<ServiceResolution>(root, nameof(ExternalServiceAttribute.Resolution));
            var exportTo = ReadExportTo(root, nameof(ExternalServiceAttribute.ExportTo), ns, allowNoNamespace: true);
            var workloadSelector = ReadLabels(root, nameof(ExternalServiceAttribute.WorkloadSelector));
            var subjectAltNames = ReadPlainStrings(root, nameof(ExternalServiceAttribute.SubjectAltNames), "subject alternative name");

            var ports = ParsePorts();
            var endpoints = ParseEndpoints(ports, resolution);

            if (!workloadSelector.IsEmpty && !endpoints.IsEmpty)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(ExternalServiceAttribute.WorkloadSelector)), nameof(ExternalServiceAttribute.WorkloadSelector), "[ExternalService]", "a ServiceEntry takes either endpoints or a workloadSelector, not both");
            }

            // Istio's default resolution is NONE, so leaving it out counts as NONE here too.
            if (resolution is ServiceResolution.None or ServiceResolution.Unspecified && !endpoints.IsEmpty)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(ExternalServiceAttribute.Resolution)), resolution == ServiceResolution.None ? "None" : "(not set, so NONE)", nameof(ExternalServiceAttribute.Resolution), "a ServiceEntry with resolution NONE cannot have endpoints; set Resolution to Static or Dns");
            }

            if (resolution == ServiceResolution.DnsRoundRobin && endpoints.Count > 1)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(ExternalServiceAttribute.Resolution)), "DnsRoundRobin", nameof(ExternalServiceAttribute.Resolution), "DNS_ROUND_ROBIN allows at most one endpoint");
            }

            for (var i = 0; i < addresses.Count; i++)
            {
                if (addresses[i].IndexOf('/') >= 0 && resolution is not (ServiceResolution.None or ServiceResolution.Static or ServiceResolution.Unspecified))
                {
                    Report(DiagnosticDescriptors.InvalidAddress, root.ArgumentLocation(nameof(ExternalServiceAttribute.Addresses), i), addresses[i], "address here: a CIDR block needs resolution NONE or STATIC");
                }
            }

            if (resolution is ServiceResolution.Dns or ServiceResolution.DnsRoundRobin && endpoints.IsEmpty)
            {
                var written = root.Strings(nameof(ExternalServiceAttribute.Hosts));
                for (var i = 0; i < written.Length; i++)
                {
                    if (written[i] is { } host && host.StartsWith("*", StringComparison.Ordinal) && hosts.Contains(host))
                    {
                        Report(DiagnosticDescriptors.InvalidHost, root.ArgumentLocation(nameof(ExternalServiceAttribute.Hosts), i), host,
                            "with DNS resolution and no [Endpoint] the proxy resolves the host itself, so it must be a full name, not a wildcard (or add [Endpoint]s)");
                    }
                }
            }

            var destinationRule = ParseDestinationRule(root, name, ns, hosts.Count > 0 ? hosts[0] : string.Empty, ports);
            if (location == ServiceLocation.MeshInternal)
            {
                CheckMeshTlsServerNames(root, hosts, ports, destinationRule);
            }
            var kubernetesService = ParseKubernetesService();
            var service = new ExternalServiceModel(name, ns, hosts, addresses, location, resolution, exportTo, workloadSelector, subjectAltNames, ports, endpoints, destinationRule, kubernetesService);
            CheckService(root, service);
            return service;
        }

        /// <summary>
        /// A [MeshHost]: a host another registry owns (a Kubernetes Service, the gateway's Service), described for its
        /// DestinationRule, its optional Kubernetes Service and the routes that name it. It is modelled as a service that
        /// writes no ServiceEntry, so routes, port-level settings and the Envoy view treat it as every other service.
        /// </summary>
        private ExternalServiceModel ParseMeshHost(AttributeSnapshot root)
        {
            var written = root.String(nameof(MeshHostAttribute.Host));
            var hostReason = Validation.CheckHost(written, allowWildcard: true);
            if (hostReason is not null)
            {
                Report(DiagnosticDescriptors.InvalidHost, root.ArgumentLocation(nameof(MeshHostAttribute.Host)), written ?? "null",
                    hostReason);
            }

            var hosts = hostReason is null ? EquatableArray.Create(written!) : EquatableArray<string>.Empty;
            var name = Naming.ToKebabCase(ClassName);
            var ns = ReadNamespace(root, nameof(MeshHostAttribute.Namespace));
            var ports = ParsePorts(allowUnnamed: true);
            var destinationRule = ParseDestinationRule(root, name, ns, hosts.Count > 0 ? hosts[0] : string.Empty, ports);
            var kubernetesService = ParseKubernetesService(ns);
            var host = new ExternalServiceModel(name, ns, hosts, EquatableArray<string>.Empty, ServiceLocation.MeshInternal, ServiceResolution.Unspecified,
                EquatableArray<string>.Empty, EquatableArray<Label>.Empty, EquatableArray<string>.Empty, ports, EquatableArray<EndpointModel>.Empty,
                destinationRule, kubernetesService, WritesServiceEntry: false);
            CheckMeshHost(host);
            return host;
        }

        /// <param name="allowUnnamed">
        /// True for a [MeshHost]: with no ServiceEntry, a single port may go unnamed, as Kubernetes allows a Service's only port.
        /// </param>
        private EquatableArray<PortModel> ParsePorts(bool allowUnnamed = false)
        {
            var ports = new List<PortModel>();
            var attributes = Attributes(AttributeNames.ServicePort).ToList();
            foreach (var attribute in attributes)
            {
                var number = ReadPort(attribute, nameof(ServicePortAttribute.Number), required: true);
                var name = allowUnnamed && attributes.Count == 1 && attribute.String(nameof(ServicePortAttribute.Name)) is "" ? string.Empty : ReadDnsLabel(attribute, nameof(ServicePortAttribute.Name), "port name");
                var protocol = ReadEnum<PortProtocol>(attribute, nameof(ServicePortAttribute.Protocol));
                var targetPort = ReadPort(attribute, nameof(ServicePortAttribute.TargetPort), required: false);
                if (ports.Any(p => p.Number == number && number != 0))
                {
                    Report(DiagnosticDescriptors.DuplicatePort, attribute.ArgumentLocation(nameof(ServicePortAttribute.Number)), "Port number", number.ToString(CultureInfo.InvariantCulture), ClassName);
                }

                if (ports.Any(p => p.Name == name && name.Length > 0))
                {
                    Report(DiagnosticDescriptors.DuplicatePort, attribute.ArgumentLocation(nameof(ServicePortAttribute.Name)), "Port name",
                        name, ClassName);
                }

                ports.Add(new PortModel(number, name, protocol, targetPort));
            }

            return ports.ToEquatableArray();
        }

        private EquatableArray<EndpointModel> ParseEndpoints(EquatableArray<PortModel> ports, ServiceResolution resolution)
        {
            var endpoints = new List<EndpointModel>();
            foreach (var attribute in Attributes(AttributeNames.Endpoint))
            {
                var address = attribute.String(nameof(EndpointAttribute.Address)) ?? string.Empty;
                var addressReason = CheckEndpointAddress(address, resolution);
                if (addressReason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidAddress, attribute.ArgumentLocation(nameof(EndpointAttribute.Address)), address,
                        addressReason);
                }

                var labels = ReadLabels(attribute, nameof(EndpointAttribute.Labels));
                var endpointPorts = new List<EndpointPortModel>();
                var entries = attribute.Strings(nameof(EndpointAttribute.Ports));
                for (var i = 0; i < entries.Length; i++)
                {
                    var (portName, numberText, reason) = Validation.SplitPair(entries[i], "portName=number, such as https=443");
                    if (reason is null && !ports.Any(p => p.Name == portName))
                    {
                        reason = "'" + portName + "' is not the name of a [ServicePort] of this service";
                    }

                    var number = 0;
                    if (reason is null && (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > 65535))
                    {
                        reason = "the port must be a number from 1 to 65535";
                    }

                    if (reason is null && endpointPorts.Any(p => p.PortName == portName))
                    {
                        reason = "port '" + portName + "' is mapped twice";
                    }

                    if (reason is not null)
                    {
                        Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(nameof(EndpointAttribute.Ports), i), entries[i] ?? "null", "Endpoint.Ports", reason);
                        continue;
                    }

                    endpointPorts.Add(new EndpointPortModel(portName, number));
                }

                if (address.StartsWith("unix://", StringComparison.Ordinal) && addressReason is null)
                {
                    // Istio's validation (validateWorkloadEntry): a socket has no ports, and the service must have exactly one.
                    if (entries.Length > 0)
                    {
                        Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(nameof(EndpointAttribute.Ports)), nameof(EndpointAttribute.Ports), "[Endpoint]", "a unix:// endpoint is a socket and has no ports");
                    }
                    else if (ports.Count != 1)
                    {
                        Report(DiagnosticDescriptors.InvalidAddress, attribute.ArgumentLocation(nameof(EndpointAttribute.Address)), address, "endpoint here: a unix:// endpoint needs a service with exactly one [ServicePort]");
                    }
                }

                var network = ReadOptionalText(attribute, nameof(EndpointAttribute.Network));
                var locality = ReadOptionalText(attribute, nameof(EndpointAttribute.Locality));
                if (locality is not null && Validation.CheckLocality(locality) is { } localityReason)
                {
                    Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(EndpointAttribute.Locality)), locality, "Endpoint.Locality", localityReason);
                }

                var weight = attribute.Int(nameof(EndpointAttribute.Weight));
                if (weight < 0)
                {
                    Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(EndpointAttribute.Weight)), weight.ToString(CultureInfo.InvariantCulture), "Endpoint.Weight", "a weight is 1 or more (0 leaves it out)");
                }

                var serviceAccount = ReadOptionalText(attribute, nameof(EndpointAttribute.ServiceAccount));
                if (serviceAccount is not null && Validation.CheckDnsSubdomain(serviceAccount) is { } accountReason)
                {
                    Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(EndpointAttribute.ServiceAccount)), "Service account", serviceAccount, accountReason);
                }

                endpoints.Add(new EndpointModel(address, labels, endpointPorts.ToEquatableArray(), network, locality, weight, serviceAccount));
            }

            CheckWeightTotal(Attributes(AttributeNames.Endpoint).ToList(), endpoints);
            return endpoints.ToEquatableArray();
        }

        /// <summary>The most Envoy allows for the weights of one cluster's endpoints together (a uint32), locality by locality and in
        /// all.</summary>
        private const long MaximumWeightTotal = uint.MaxValue;

        /// <summary>
        /// Envoy rejects a load assignment whose endpoint weights add up past a uint32, and Istio would write that sum as
        /// the locality's weight. The service's own cluster holds every endpoint (an endpoint without a weight counts 1),
        /// so its total is the one to check; the first endpoint that crosses the limit gets the diagnostic.
        /// </summary>
        private void CheckWeightTotal(List<AttributeSnapshot> attributes, List<EndpointModel> endpoints)
        {
            long total = 0;
            for (var i = 0; i < endpoints.Count && i < attributes.Count; i++)
            {
                total += endpoints[i].Weight > 0 ? endpoints[i].Weight : 1;
                if (total > MaximumWeightTotal)
                {
                    var weight = endpoints[i].Weight;
                    Report(DiagnosticDescriptors.InvalidValue, attributes[i].Has(nameof(EndpointAttribute.Weight)) ? attributes[i].ArgumentLocation(nameof(EndpointAttribute.Weight)) : attributes[i].AttributeLocation(),
                        weight.ToString(CultureInfo.InvariantCulture), "Endpoint.Weight",
                        "with it the weights of this service's endpoints add up to " + total.ToString(CultureInfo.InvariantCulture)
                        + " (an endpoint without a weight counts 1), and Envoy allows at most 4294967295 in one cluster");
                    return;
                }
            }
        }

        private static string? CheckEndpointAddress(string address, ServiceResolution resolution)
        {
            if (address.Length == 0)
            {
                return "endpoint address: it is empty";
            }

            if (address.StartsWith("unix://", StringComparison.Ordinal))
            {
                return address.Length <= "unix://".Length + 1 || address["unix://".Length] != '/' ? "unix socket: write unix:///absolute/path"
                    : address.EndsWith("/", StringComparison.Ordinal) ? "unix socket: the path names a socket, not a folder, so it cannot end with '/' (the CRD's rule)"
                    : null;
            }

            if (IpAddresses.IsIpAddress(address))
            {
                return null;
            }

            if (resolution is ServiceResolution.Static or ServiceResolution.Unspecified or ServiceResolution.None)
            {
                return "endpoint address: with resolution STATIC an endpoint is an IP address (use Resolution = Dns for host names)";
            }

            return Validation.CheckHost(address, allowWildcard: false) is { } reason ? "endpoint host name: " + reason : null;
        }

        private KubernetesServiceModel? ParseKubernetesService(string? defaultNamespace = null)
        {
            var attribute = Attributes(AttributeNames.KubernetesService).FirstOrDefault();
            if (attribute is null)
            {
                return null;
            }

            var name = ReadResourceName(attribute, nameof(KubernetesServiceAttribute.Name), Naming.ToKebabCase(ClassName), "Service name",
                dnsLabel: true);
            if (name.Length > 0 && !(name[0] >= 'a' && name[0] <= 'z') && Validation.CheckDnsLabel(name) is null)
            {
                // Kubernetes names Services with DNS-1035 labels: a digit may not come first.
                Report(DiagnosticDescriptors.InvalidName, attribute.Has(nameof(KubernetesServiceAttribute.Name)) ? attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.Name)) : attribute.AttributeLocation(), "Service name", name,
                    "a Kubernetes Service name must start with a letter (RFC 1035 label)");
            }
            var ns = ReadNamespace(attribute, nameof(KubernetesServiceAttribute.Namespace)) ?? defaultNamespace;
            var labels = ReadLabels(attribute, nameof(KubernetesServiceAttribute.Labels));
            var selector = ReadLabels(attribute, nameof(KubernetesServiceAttribute.Selector));
            var externalName = ReadOptionalText(attribute, nameof(KubernetesServiceAttribute.ExternalName));
            if (externalName is not null
                && (Validation.CheckHost(externalName, allowWildcard: false)
                    ?? (externalName.ToLowerInvariant() != externalName ? "Kubernetes takes a lower-case RFC 1123 DNS name as a Service's externalName" : null)) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidHost, attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.ExternalName)),
                    externalName, reason);
            }

            var annotations = ReadLabels(attribute, nameof(KubernetesServiceAttribute.Annotations), annotations: true);
            var protocol = attribute.String(nameof(KubernetesServiceAttribute.Protocol));
            if (protocol is not null && protocol is not ("TCP" or "UDP" or "SCTP"))
            {
                Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.Protocol)), protocol, nameof(KubernetesServiceAttribute.Protocol), "a Kubernetes Service port's protocol is TCP, UDP or SCTP, in capitals");
            }

            var endpoints = ReadStrings(attribute, nameof(KubernetesServiceAttribute.Endpoints), (value, _) => IpAddresses.IsIpAddress(value) ? default : (DiagnosticDescriptors.InvalidAddress, "IP address: a Service's endpoints are IP addresses"));
            if (attribute.Has(nameof(KubernetesServiceAttribute.Endpoints)) && (!selector.IsEmpty || externalName is not null))
            {
                // The endpoints controller owns the endpoints of a Service with a selector, and an ExternalName Service has none.
                Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.Endpoints)),
                    nameof(KubernetesServiceAttribute.Endpoints), "[KubernetesService]",
                    "only a Service without Selector and ExternalName has endpoints of its own; remove " + (externalName is not null ? nameof(KubernetesServiceAttribute.ExternalName) : nameof(KubernetesServiceAttribute.Selector)));
            }
            else if (endpoints.Count > 0 && endpoints.Any(e => e.IndexOf(':') >= 0) != endpoints.All(e => e.IndexOf(':') >= 0))
            {
                Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.Endpoints)),
                    nameof(KubernetesServiceAttribute.Endpoints), "[KubernetesService]",
                    "an EndpointSlice holds addresses of one family; list only IPv4 or only IPv6 addresses");
            }

            if (attribute.Bool(nameof(KubernetesServiceAttribute.EndpointSlice))
                && !attribute.Has(nameof(KubernetesServiceAttribute.Endpoints)))
            {
                Report(DiagnosticDescriptors.MissingValue, attribute.ArgumentLocation(nameof(KubernetesServiceAttribute.EndpointSlice)), nameof(KubernetesServiceAttribute.Endpoints), "EndpointSlice writes the Service's Endpoints; list their IP addresses");
            }

            return new KubernetesServiceModel(name, ns, labels, selector, externalName, annotations, protocol, endpoints, attribute.Bool(nameof(KubernetesServiceAttribute.EndpointSlice)));
        }
    }
}
