using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// Turns the EgressDsl attributes of one class into an <see cref="EgressClassModel"/> and diagnostics. The generator
    /// and the analyzers both call it, so a rule is written once and both report the same thing.
    /// </summary>
    internal sealed partial class ClassParser
    {
        /// <summary>The [EgressGateway] arguments that describe Istio's shared gateway deployment, which the Kubernetes form has
        /// not.</summary>
        private static readonly string[] IstioOnlyGatewayArguments =
        {
            nameof(EgressGatewayAttribute.Selector), nameof(EgressGatewayAttribute.Service), nameof(EgressGatewayAttribute.TargetPorts),
        };

        private static readonly string[] ServiceOnly = { AttributeNames.ServicePort, AttributeNames.Endpoint, AttributeNames.KubernetesService };
        private static readonly string[] ServiceOrGateway = { AttributeNames.DestinationRule, AttributeNames.Subset, AttributeNames.TlsOrigination, AttributeNames.LoadBalancer };
        private static readonly string[] GatewayOnly = { AttributeNames.GatewayServer };
        private static readonly string[] RouteOnly = { AttributeNames.HttpRoute, AttributeNames.TlsRoute, AttributeNames.TcpRoute, AttributeNames.ExpectRoute };

        private const string DefaultGatewayNamespace = "istio-system";

        private const string DefaultGatewayService = "istio-egressgateway." + DefaultGatewayNamespace + ".svc.cluster.local";

        private readonly ClassSnapshot snapshot;
        private readonly List<DiagnosticInfo> diagnostics = new();

        // What the checks that run on every argument found (a secret, an unwritable character, a value over a schema
        // limit), and the arguments they are about: a value rejected there gets no second diagnostic from its field's rule.
        private readonly List<DiagnosticInfo> argumentDiagnostics = new();
        private readonly HashSet<ArgumentReference> rejectedArguments = new();

        private ClassParser(ClassSnapshot snapshot)
        {
            this.snapshot = snapshot;
        }

        /// <summary>The class's own name, as messages and default resource names use it.</summary>
        private string ClassName => snapshot.Identity.Name;

        /// <summary>The class's EgressDsl attributes, in source order.</summary>
        private EquatableArray<AttributeSnapshot> ClassAttributes => snapshot.Attributes;

        /// <summary>Parses one class's snapshot: tens of microseconds of pure work, so cancellation is checked once, before it.</summary>
        public static ParsedClass Parse(ClassSnapshot snapshot, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ClassParser(snapshot).Parse();
        }

        private ParsedClass Parse()
        {
            var roles = ClassAttributes.Where(a => AttributeNames.IsRole(a.ShortName)).ToList();
            var role = roles.FirstOrDefault();
            if (roles.Count > 1)
            {
                Report(DiagnosticDescriptors.ConflictingRoles, roles[1].AttributeLocation(), ClassName, roles[0].ShortName, roles[1].ShortName);
            }

            foreach (var attribute in ClassAttributes)
            {
                if (!attribute.IsBound)
                {
                    // The compiler already reports the unbound attribute; the model cannot be trusted without it.
                    return new ParsedClass(snapshot.Identity, null, diagnostics.ToEquatableArray(), snapshot.RoleAttributeLocation);
                }
            }

            CheckEveryString();
            CheckSchemaLimits();
            CheckAttributesBelongToRole(role?.ShortName);

            var identity = snapshot.Identity;
            EgressClassModel? model = role?.ShortName switch
            {
                AttributeNames.ExternalServiceShort => new EgressClassModel(identity, ParseService(role), null, null),
                AttributeNames.MeshHostShort => new EgressClassModel(identity, ParseMeshHost(role), null, null),
                AttributeNames.EgressGatewayShort => new EgressClassModel(identity, null, ParseGateway(role), null),
                AttributeNames.EgressRouteShort => new EgressClassModel(identity, null, null, ParseRoute(role)),
                _ => null,
            };

            if (model is not null && !identity.CanReceiveMembers)
            {
                Report(DiagnosticDescriptors.ClassNotPartial, null, ClassName);
            }

            var result = argumentDiagnostics.Concat(diagnostics.Where(d => d.Target is null || !rejectedArguments.Contains(d.Target))).ToEquatableArray();
            var hasErrors = result.Any(d => d.IsError);
            return new ParsedClass(identity, hasErrors ? null : model, result, snapshot.RoleAttributeLocation);
        }

        /// <summary>
        /// The rules for every string of every attribute, whatever its field: no secret (EGRESS012) and nothing a manifest
        /// cannot carry or that displays differently from what it is (EGRESS013). One value gets one of the two at most.
        /// </summary>
        private void CheckEveryString()
        {
            foreach (var attribute in ClassAttributes)
            {
                foreach (var argument in attribute.Arguments)
                {
                    if (argument.Name is not { Length: > 0 } written)
                    {
                        continue;
                    }

                    // Diagnostics name arguments as the properties are spelled; a constructor parameter differs in its first letter.
                    var name = char.ToUpperInvariant(written[0]) + written.Substring(1);
                    if (argument is { Kind: TypedConstantKind.Primitive, Value: string value })
                    {
                        CheckString(attribute, name, null, value);
                    }
                    else if (argument is { Kind: TypedConstantKind.Array, IsNull: false })
                    {
                        for (var i = 0; i < argument.Elements.Count; i++)
                        {
                            if (argument.Elements[i].Value is string element)
                            {
                                CheckString(attribute, name, i, element);
                            }
                        }
                    }
                }
            }
        }

        private void CheckString(AttributeSnapshot attribute, string name, int? element, string value)
        {
            var location = attribute.ArgumentLocation(name, element);
            var shown = element is null ? name : name + "[" + element.Value.ToString(CultureInfo.InvariantCulture) + "]";
            if (Validation.CheckAnyString(value) is not { } problem)
            {
                return;
            }

            // The message never repeats the value: it may be the secret.
            Reject(problem.Descriptor, location, shown, problem.Reason);

            if (element is not null)
            {
                // A rule about the list as a whole would only repeat the mistake in one of its entries.
                rejectedArguments.Add(attribute.ArgumentLocation(name));
            }
        }

        /// <summary>Reports a rule that holds for every argument, unless the argument already has one; its field's own rules then stay
        /// quiet.</summary>
        private void Reject(DiagnosticDescriptor descriptor, ArgumentReference target, params string[] arguments)
        {
            if (rejectedArguments.Add(target))
            {
                argumentDiagnostics.Add(new DiagnosticInfo(descriptor.Id, target, arguments.ToEquatableArray()));
            }
        }

        /// <summary>Every limit of <see cref="SchemaLimits"/>, on the first attribute, entry or string that goes over it.</summary>
        private void CheckSchemaLimits()
        {
            foreach (var limit in SchemaLimits.All)
            {
                var attributes = Attributes(limit.Attribute).ToList();
                var limitText = limit.Value.ToString(CultureInfo.InvariantCulture);
                if (limit.Argument is null)
                {
                    if (attributes.Count > limit.Value)
                    {
                        Reject(DiagnosticDescriptors.OverSchemaLimit, attributes[limit.Value].AttributeLocation(),
                            "'" + ClassName + "' has " + attributes.Count.ToString(CultureInfo.InvariantCulture), "[" + limit.Attribute + "] attributes", limit.Kind, limitText, limit.SchemaPath);
                    }

                    continue;
                }

                foreach (var attribute in attributes)
                {
                    if (attribute.Argument(limit.Argument) is not { IsNull: false } argument)
                    {
                        continue;
                    }

                    var what = "[" + limit.Attribute + "] " + limit.Argument;
                    if (limit.LimitKind == SchemaLimitKind.MaxKeyLength)
                    {
                        for (var i = 0; i < argument.Elements.Count; i++)
                        {
                            if (argument.Elements[i].Value is string entry && entry.IndexOf('=') is var equals and >= 0)
                            {
                                CheckLength(attribute, limit, what + " key '" + entry.Substring(0, Math.Min(equals, 20)) + (equals > 20 ? "...'" : "'"), i, entry.Substring(0, equals), limitText);
                            }
                        }

                        continue;
                    }

                    if (limit.LimitKind != SchemaLimitKind.MaxLength)
                    {
                        if (argument.Kind == TypedConstantKind.Array && argument.Elements.Count > limit.Value)
                        {
                            Reject(DiagnosticDescriptors.OverSchemaLimit, attribute.ArgumentLocation(limit.Argument, limit.Value),
                                what + " has " + argument.Elements.Count.ToString(CultureInfo.InvariantCulture), "entries", limit.Kind, limitText, limit.SchemaPath);
                        }

                        continue;
                    }

                    if (argument.Kind == TypedConstantKind.Array)
                    {
                        for (var i = 0; i < argument.Elements.Count; i++)
                        {
                            CheckLength(attribute, limit, what, i, argument.Elements[i].Value as string, limitText);
                        }
                    }
                    else
                    {
                        CheckLength(attribute, limit, what, null, argument.Value as string, limitText);
                    }
                }
            }
        }

        private void CheckLength(AttributeSnapshot attribute, SchemaLimit limit, string what, int? element, string? value, string limitText)
        {
            // Kubernetes counts characters as Unicode code points.
            var length = value is null ? 0 : value.Length - value.Count(char.IsLowSurrogate);
            if (length > limit.Value)
            {
                Reject(DiagnosticDescriptors.OverSchemaLimit, attribute.ArgumentLocation(limit.Argument!, element),
                    what + " has " + length.ToString(CultureInfo.InvariantCulture), "characters", limit.Kind, limitText, limit.SchemaPath);
            }
        }

        private void CheckAttributesBelongToRole(string? role)
        {
            foreach (var attribute in ClassAttributes)
            {
                var allowed = attribute.ShortName switch
                {
                    // A [MeshHost] has no endpoints of its own: another registry owns them.
                    AttributeNames.Endpoint => role == AttributeNames.ExternalServiceShort ? null : "external services ([ExternalService])",
                    var name when ServiceOnly.Contains(name) => AttributeNames.IsService(role) ? null : "external services ([ExternalService]) and mesh hosts ([MeshHost])",
                    var name when ServiceOrGateway.Contains(name) => AttributeNames.IsService(role) || role == AttributeNames.EgressGatewayShort ? null : "external services, mesh hosts and egress gateways",
                    var name when GatewayOnly.Contains(name) => role == AttributeNames.EgressGatewayShort ? null : "egress gateways ([EgressGateway])",
                    var name when RouteOnly.Contains(name) => role == AttributeNames.EgressRouteShort ? null : "routes ([EgressRoute])",
                    _ => null,
                };

                if (allowed is not null)
                {
                    Report(DiagnosticDescriptors.AttributeWithoutRole, attribute.AttributeLocation(), attribute.ShortName, ClassName, allowed);
                }
            }
        }

        // ---------------------------------------------------------------- external service

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

            if (Validation.IsIpAddress(address))
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

            var endpoints = ReadStrings(attribute, nameof(KubernetesServiceAttribute.Endpoints), (value, _) => Validation.IsIpAddress(value) ? default : (DiagnosticDescriptors.InvalidAddress, "IP address: a Service's endpoints are IP addresses"));
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

        // ---------------------------------------------------------------- destination rule (service or gateway)

        private DestinationRuleModel? ParseDestinationRule(AttributeSnapshot root, string defaultName, string? defaultNamespace, string host, EquatableArray<PortModel> ports)
        {
            var ruleAttribute = Attributes(AttributeNames.DestinationRule).FirstOrDefault();
            var subsets = ParseSubsets();
            var tls = ParseTls(subsets);
            var loadBalancers = ParseLoadBalancers(subsets);
            if (ruleAttribute is null && subsets.IsEmpty && tls.IsEmpty && loadBalancers.IsEmpty)
            {
                return null;
            }

            var name = ruleAttribute is null ? defaultName : ReadResourceName(ruleAttribute, nameof(DestinationRuleAttribute.Name), defaultName, "DestinationRule name", dnsLabel: false);
            var ns = ruleAttribute is null ? defaultNamespace : ReadNamespace(ruleAttribute,
                nameof(DestinationRuleAttribute.Namespace)) ?? defaultNamespace;
            var exportTo = ruleAttribute is null ? EquatableArray<string>.Empty : ReadExportTo(ruleAttribute,
                nameof(DestinationRuleAttribute.ExportTo), ns);
            var workloadSelector = ruleAttribute is null ? EquatableArray<Label>.Empty : ReadLabels(ruleAttribute,
                nameof(DestinationRuleAttribute.WorkloadSelector));
            if (ruleAttribute is not null && !workloadSelector.IsEmpty)
            {
                var written = ruleAttribute.Strings(nameof(DestinationRuleAttribute.ExportTo));
                for (var i = 0; i < written.Length; i++)
                {
                    if (written[i] is { } entry && entry != "." && entry != ns)
                    {
                        Report(DiagnosticDescriptors.ConflictingArguments,
                            ruleAttribute.ArgumentLocation(nameof(DestinationRuleAttribute.ExportTo), i), entry,
                            nameof(DestinationRuleAttribute.ExportTo),
                            "a DestinationRule with a WorkloadSelector applies only in its own namespace, so ExportTo may only be '.'");
                    }
                }
            }
            _ = root;
            _ = host;
            _ = ports;
            return new DestinationRuleModel(name, ns, exportTo, workloadSelector, subsets, tls, loadBalancers);
        }

        private EquatableArray<SubsetModel> ParseSubsets()
        {
            var subsets = new List<SubsetModel>();
            foreach (var attribute in Attributes(AttributeNames.Subset))
            {
                var name = ReadDnsLabel(attribute, nameof(SubsetAttribute.Name), "Subset name");
                if (name.Length > 0 && subsets.Any(s => s.Name == name))
                {
                    Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(SubsetAttribute.Name)), "Subset name", name, "another [Subset] of this class has the same name");
                }

                subsets.Add(new SubsetModel(name, ReadLabels(attribute, nameof(SubsetAttribute.Labels))));
            }

            return subsets.ToEquatableArray();
        }

        private EquatableArray<TlsSettingsModel> ParseTls(EquatableArray<SubsetModel> subsets)
        {
            var settings = new List<TlsSettingsModel>();
            foreach (var attribute in Attributes(AttributeNames.TlsOrigination))
            {
                var mode = ReadEnum<TlsMode>(attribute, nameof(TlsOriginationAttribute.Mode));
                var port = ReadPort(attribute, nameof(TlsOriginationAttribute.Port), required: false);
                var subset = ReadSubsetReference(attribute, subsets);
                var clientCertificate = ReadSecretPath(attribute, nameof(TlsOriginationAttribute.ClientCertificate));
                var privateKey = ReadSecretPath(attribute, nameof(TlsOriginationAttribute.PrivateKey));
                var caCertificates = ReadSecretPath(attribute, nameof(TlsOriginationAttribute.CaCertificates));
                var credentialName = ReadCredentialName(attribute);

                var sni = ReadOptionalText(attribute, nameof(TlsOriginationAttribute.Sni));
                if (sni is not null
                    && (System.Text.Encoding.UTF8.GetByteCount(sni) > MaximumServerNameBytes ? "a TLS server name is at most 255 bytes; Envoy rejects a longer one"
                        : Validation.CheckHost(sni, allowWildcard: false) is { } sniReason ? "a TLS server name is a host name (RFC 6066), and " + sniReason
                        : null) is { } sniProblem)
                {
                    Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Sni)), sni,
                        nameof(TlsOriginationAttribute.Sni), sniProblem);
                }
                var subjectAltNames = ReadPlainStrings(attribute, nameof(TlsOriginationAttribute.SubjectAltNames),
                    "subject alternative name");
                var insecureSkipVerify = attribute.Bool(nameof(TlsOriginationAttribute.InsecureSkipVerify));

                if (mode == TlsMode.Mutual && credentialName is null && (clientCertificate is null || privateKey is null))
                {
                    Report(DiagnosticDescriptors.MissingCertificate, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Mode)), "A client certificate for MUTUAL TLS", "set both ClientCertificate and PrivateKey, or CredentialName (a Secret that holds them)");
                }

                if (mode is TlsMode.Simple or TlsMode.Mutual && credentialName is not null)
                {
                    foreach (var field in new[] { nameof(TlsOriginationAttribute.ClientCertificate),
                        nameof(TlsOriginationAttribute.PrivateKey), nameof(TlsOriginationAttribute.CaCertificates) })
                    {
                        if (attribute.Has(field))
                        {
                            Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field), attribute.String(field) ?? string.Empty, field, "CredentialName already supplies the certificates; set one or the other");
                        }
                    }
                }

                if (insecureSkipVerify && mode is TlsMode.Simple or TlsMode.Mutual)
                {
                    foreach (var field in mode == TlsMode.Simple ? new[] { nameof(TlsOriginationAttribute.CaCertificates), nameof(TlsOriginationAttribute.CredentialName), nameof(TlsOriginationAttribute.SubjectAltNames) } : new[] { nameof(TlsOriginationAttribute.CaCertificates), nameof(TlsOriginationAttribute.SubjectAltNames) })
                    {
                        if (attribute.Has(field))
                        {
                            Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field), field, "[TlsOrigination]", "InsecureSkipVerify turns off the server verification that " + field + " configures; Istio rejects both together");
                        }
                    }
                }

                if (settings.Any(s => s.Port == port && s.Subset == subset))
                {
                    Report(DiagnosticDescriptors.DuplicateScope, attribute.AttributeLocation(), "[TlsOrigination]", "this class", "another [TlsOrigination] already applies to the same " + ScopeText(port, subset));
                }

                settings.Add(new TlsSettingsModel(mode, port, subset, clientCertificate, privateKey, caCertificates, credentialName, sni, subjectAltNames, insecureSkipVerify));
            }

            return settings.ToEquatableArray();
        }

        /// <summary>The longest server name TLS (and so Envoy's UpstreamTlsContext.sni) accepts.</summary>
        private const int MaximumServerNameBytes = 255;

        /// <summary>
        /// Inside the mesh, Istio sends each cluster the server name <c>outbound_.port_.subset_.host</c> for its own mutual
        /// TLS. A host that is valid on its own can make that name longer than TLS allows, and Envoy would reject the cluster.
        /// </summary>
        private void CheckMeshTlsServerNames(AttributeSnapshot root, EquatableArray<string> hosts, EquatableArray<PortModel> ports, DestinationRuleModel? rule)
        {
            var longestSubset = rule?.Subsets.Select(s => s.Name.Length).DefaultIfEmpty(0).Max() ?? 0;
            var longestPort = ports.Select(p => p.Number.ToString(CultureInfo.InvariantCulture).Length).DefaultIfEmpty(0).Max();
            for (var i = 0; i < hosts.Count; i++)
            {
                var length = "outbound_.".Length + longestPort + "_.".Length + longestSubset + "_.".Length + System.Text.Encoding.UTF8.GetByteCount(hosts[i]);
                if (length > MaximumServerNameBytes)
                {
                    Report(DiagnosticDescriptors.InvalidHost, root.ArgumentLocation(nameof(ExternalServiceAttribute.Hosts), i), hosts[i],
                        "with Location = MeshInternal, Istio's mesh TLS server name 'outbound_.<port>_.<subset>_." + hosts[i].Substring(0, Math.Min(20, hosts[i].Length)) + "...' would be "
                        + length.ToString(CultureInfo.InvariantCulture) + " bytes, and TLS allows 255: shorten the host or its subset names");
                }
            }
        }

        private static string ScopeText(int port, string? subset) =>
            (subset is null ? "service" : "subset '" + subset + "'") + (port == 0 ? string.Empty : " port " + port.ToString(CultureInfo.InvariantCulture));

        private EquatableArray<LoadBalancerModel> ParseLoadBalancers(EquatableArray<SubsetModel> subsets)
        {
            var balancers = new List<LoadBalancerModel>();
            foreach (var attribute in Attributes(AttributeNames.LoadBalancer))
            {
                var algorithm = ReadEnum<LoadBalancerAlgorithm>(attribute, nameof(LoadBalancerAttribute.Algorithm));
                var port = ReadPort(attribute, nameof(LoadBalancerAttribute.Port), required: false);
                var subset = ReadSubsetReference(attribute, subsets);
                if (balancers.Any(b => b.Port == port && b.Subset == subset))
                {
                    Report(DiagnosticDescriptors.DuplicateScope, attribute.AttributeLocation(), "[LoadBalancer]", "this class", "another [LoadBalancer] already applies to the same " + ScopeText(port, subset));
                }

                balancers.Add(new LoadBalancerModel(algorithm, port, subset));
            }

            return balancers.ToEquatableArray();
        }

        private string? ReadSubsetReference(AttributeSnapshot attribute, EquatableArray<SubsetModel> subsets)
        {
            var subset = attribute.String(nameof(TlsOriginationAttribute.Subset));
            if (subset is null)
            {
                return null;
            }

            if (!subsets.Any(s => s.Name == subset))
            {
                Report(DiagnosticDescriptors.UnknownSubset, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Subset)), subset,
                    ClassName, ClassName);
            }

            return subset;
        }

        /// <summary>A credentialName: the name of a Kubernetes Secret, in one of the forms Istio reads.</summary>
        private string? ReadCredentialName(AttributeSnapshot attribute)
        {
            var value = attribute.String(nameof(TlsOriginationAttribute.CredentialName));
            if (value is not null && Validation.CheckCredentialName(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.CredentialName)),
                    nameof(TlsOriginationAttribute.CredentialName), value, reason);
            }

            return value;
        }

        private string? ReadSecretPath(AttributeSnapshot attribute, string name)
        {
            var value = ReadOptionalText(attribute, name);
            if (value is not null && value.Length == 0)
            {
                Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(name), value, name, "give a file path, or leave it out");
            }

            return value;
        }

        // ---------------------------------------------------------------- gateway

        private GatewayModel ParseGateway(AttributeSnapshot root)
        {
            var name = ReadResourceName(root, nameof(EgressGatewayAttribute.Name), Naming.ToKebabCase(ClassName), "Gateway name",
                dnsLabel: true);
            var ns = ReadNamespace(root, nameof(EgressGatewayAttribute.Namespace));
            var selector = root.Has(nameof(EgressGatewayAttribute.Selector)) ? ReadLabels(root,
                nameof(EgressGatewayAttribute.Selector)) : EquatableArray.Create(new Label("istio", "egressgateway"));
            if (selector.IsEmpty)
            {
                Report(DiagnosticDescriptors.MissingValue, root.ArgumentLocation(nameof(EgressGatewayAttribute.Selector)), "[EgressGateway] Selector", "name the labels of the egress gateway pods, such as \"istio=egressgateway\"");
            }

            var serviceHost = root.String(nameof(EgressGatewayAttribute.Service)) ?? DefaultGatewayService;
            if (Validation.CheckHost(serviceHost, allowWildcard: false) is { } hostReason)
            {
                Report(DiagnosticDescriptors.InvalidHost, root.ArgumentLocation(nameof(EgressGatewayAttribute.Service)), serviceHost,
                    hostReason);
            }

            var targetPorts = new List<PortMappingModel>();
            if (root.Has(nameof(EgressGatewayAttribute.TargetPorts)))
            {
                var entries = root.Strings(nameof(EgressGatewayAttribute.TargetPorts));
                for (var i = 0; i < entries.Length; i++)
                {
                    var (portText, targetText, reason) = Validation.SplitPair(entries[i], "port=targetPort, such as 80=8080");
                    if (reason is null
                        && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535
                            || !int.TryParse(targetText, NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target < 1 || target > 65535))
                    {
                        reason = "both ports must be numbers from 1 to 65535";
                    }
                    else if (reason is null)
                    {
                        var mapped = int.Parse(portText, CultureInfo.InvariantCulture);
                        if (targetPorts.Any(p => p.Port == mapped))
                        {
                            reason = "port " + portText + " is mapped twice";
                        }
                        else
                        {
                            targetPorts.Add(new PortMappingModel(mapped, int.Parse(targetText, CultureInfo.InvariantCulture)));
                        }
                    }

                    if (reason is not null)
                    {
                        Report(DiagnosticDescriptors.MalformedListEntry, root.ArgumentLocation(nameof(EgressGatewayAttribute.TargetPorts), i), entries[i] ?? "null", nameof(EgressGatewayAttribute.TargetPorts), reason);
                    }
                }
            }
            else
            {
                targetPorts.Add(new PortMappingModel(80, 8080));
                targetPorts.Add(new PortMappingModel(443, 8443));
            }

            var servers = new List<GatewayServerModel>();
            foreach (var attribute in Attributes(AttributeNames.GatewayServer))
            {
                var port = ReadPort(attribute, nameof(GatewayServerAttribute.Port), required: true);
                var serverName = ReadDnsLabel(attribute, nameof(EgressGatewayAttribute.Name), "server port name");
                var protocol = ReadEnum<PortProtocol>(attribute, nameof(GatewayServerAttribute.Protocol));
                if (protocol == PortProtocol.Unspecified && attribute.EnumValue(nameof(GatewayServerAttribute.Protocol)) is 0)
                {
                    Report(DiagnosticDescriptors.MissingValue, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Protocol)), "A gateway server's protocol", "choose HTTP, HTTPS, TLS, TCP, GRPC, HTTP2 or MONGO");
                }

                if (servers.Any(s => s.Name == serverName && serverName.Length > 0))
                {
                    Report(DiagnosticDescriptors.DuplicatePort, attribute.ArgumentLocation(nameof(EgressGatewayAttribute.Name)), "Server port name", serverName, ClassName);
                }

                var hosts = ReadGatewayHosts(attribute);
                var tls = ReadEnum<ServerTlsMode>(attribute, nameof(GatewayServerAttribute.Tls));
                // An HTTPS or TLS server without Tls is judged with the services it lists (PatternChecks): when the gateway
                // originates their TLS, the fix is a plain HTTP server, and suggesting PASSTHROUGH would mislead (issue 17).

                var credentialName = ReadCredentialName(attribute);

                var serverCertificate = ReadSecretPath(attribute, nameof(GatewayServerAttribute.ServerCertificate));
                var privateKey = ReadSecretPath(attribute, nameof(GatewayServerAttribute.PrivateKey));
                var caCertificates = ReadSecretPath(attribute, nameof(GatewayServerAttribute.CaCertificates));
                if (tls == ServerTlsMode.IstioMutual && (credentialName ?? serverCertificate ?? privateKey ?? caCertificates) is not null)
                {
                    Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Tls)), nameof(ServerTlsMode.IstioMutual), nameof(GatewayServerAttribute.Tls), "ISTIO_MUTUAL uses the mesh's certificates; remove CredentialName, ServerCertificate, PrivateKey and CaCertificates");
                }

                if (tls is ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual && credentialName is null
                    && (serverCertificate is null || privateKey is null))
                {
                    Report(DiagnosticDescriptors.MissingCertificate, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Tls)), "A terminating TLS server's certificate", "set CredentialName, or ServerCertificate and PrivateKey");
                }

                CheckServerTls(attribute, protocol, tls, credentialName, serverCertificate, privateKey, caCertificates);

                servers.Add(new GatewayServerModel(port, serverName, protocol, hosts, tls, credentialName, serverCertificate, privateKey, caCertificates));
            }

            // A class with only DestinationRule attributes describes the hop to the gateway's Service and nothing else
            // (Istio's tasks write that DestinationRule on its own); it needs no server. A server that was written but
            // rejected already has its own error.
            if (servers.Count == 0 && !Attributes(AttributeNames.GatewayServer).Any() && !ServiceOrGateway.Any(name => Attributes(name).Any()))
            {
                Report(DiagnosticDescriptors.MissingValue, root.AttributeLocation(), "A gateway server", "add at least one [GatewayServer(port, name, protocol, hosts)] to '" + ClassName + "'");
            }

            var destinationRule = ParseDestinationRule(root, name, ns, serviceHost, EquatableArray<PortModel>.Empty);
            // Which Istio-only arguments were written, so the Kubernetes form can refuse them on the argument (GatewayApiChecks).
            var istioOnly = IstioOnlyGatewayArguments.Where(root.Has).ToEquatableArray();
            var api = ReadEnum<GatewayApi>(root, nameof(EgressGatewayAttribute.Api));
            var gateway = new GatewayModel(name, ns, selector, serviceHost, targetPorts.ToEquatableArray(), servers.ToEquatableArray(), destinationRule, api, istioOnly);
            CheckGateway(gateway);
            return gateway;
        }

        private EquatableArray<string> ReadGatewayHosts(AttributeSnapshot attribute)
        {
            var values = attribute.Strings(nameof(GatewayServerAttribute.Hosts));
            var hosts = new List<string>();
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i];
                var host = value ?? string.Empty;
                string? reason = null;
                var slash = host.IndexOf('/');
                if (slash >= 0)
                {
                    var hostNamespace = host.Substring(0, slash);
                    if (hostNamespace is not ("*" or ".") && Validation.CheckDnsLabel(hostNamespace) is { } nsReason)
                    {
                        reason = "the namespace part '" + hostNamespace + "' must be '*', '.' or a namespace name (" + nsReason + ")";
                    }

                    host = host.Substring(slash + 1);
                }

                if (reason is null && host != "*" && !Validation.IsIpAddress(host))
                {
                    reason = Validation.CheckHost(host);

                    // Istio's validation (validateSidecarOrGatewayHostnamePart): a Gateway server host is a fully qualified name.
                    if (reason is null && host.IndexOf('.') < 0)
                    {
                        reason = "in a Gateway server a host must be fully qualified (Istio rejects the short name '" + host + "' when the Gateway is applied); write the full name, such as '" + host + ".example.com' or '" + host + ".<namespace>.svc.cluster.local'";
                    }
                }

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidHost, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Hosts), i),
                        value ?? "null", reason);
                    continue;
                }

                hosts.Add(value!);
            }

            if (values.Length == 0)
            {
                Report(DiagnosticDescriptors.MissingValue, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Hosts)), "A gateway server's hosts", "list the external hosts the server accepts");
            }

            return hosts.ToEquatableArray();
        }

        // ---------------------------------------------------------------- route

        private RouteModel ParseRoute(AttributeSnapshot root)
        {
            var service = root.Type(nameof(EgressRouteAttribute.Service));
            var serviceName = string.Empty;
            if (service is null || !service.IsExternalService)
            {
                Report(DiagnosticDescriptors.NotAnEgressClass, root.ArgumentLocation(nameof(EgressRouteAttribute.Service)), service?.Name ?? "null", "an external service", "the route's service", AttributeNames.ExternalServiceShort + "] or [" + AttributeNames.MeshHostShort);
            }
            else
            {
                serviceName = service.MetadataName;
            }

            string? gatewayName = null;
            if (root.Argument(nameof(EgressRouteAttribute.Through)) is { IsNull: false })
            {
                var gateway = root.Type(nameof(EgressRouteAttribute.Through));
                if (gateway is null || !gateway.IsEgressGateway)
                {
                    Report(DiagnosticDescriptors.NotAnEgressClass, root.ArgumentLocation(nameof(EgressRouteAttribute.Through)), gateway?.Name ?? "null", "an egress gateway", nameof(EgressRouteAttribute.Through), AttributeNames.EgressGatewayShort);
                }
                else
                {
                    gatewayName = gateway.MetadataName;
                }
            }

            var port = ReadPort(root, nameof(EgressRouteAttribute.Port), required: false);
            var gatewayPort = ReadPort(root, nameof(EgressRouteAttribute.GatewayPort), required: false);
            var gatewaySubset = root.String(nameof(EgressRouteAttribute.GatewaySubset));
            if (gatewaySubset is not null && Validation.CheckDnsLabel(gatewaySubset) is { } subsetReason)
            {
                Report(DiagnosticDescriptors.InvalidName, root.ArgumentLocation(nameof(EgressRouteAttribute.GatewaySubset)), "Subset name", gatewaySubset, subsetReason);
            }

            var combined = root.Bool(nameof(EgressRouteAttribute.Combined));
            var baseName = Naming.ToKebabCase(ClassName);
            var combinedName = ReadResourceName(root, nameof(EgressRouteAttribute.Name), baseName, "VirtualService name", dnsLabel: false);
            var meshName = ReadResourceName(root, nameof(EgressRouteAttribute.MeshName), baseName + "-mesh", "VirtualService name",
                dnsLabel: false);
            var gatewayVirtualServiceName = ReadResourceName(root, nameof(EgressRouteAttribute.GatewayName), baseName + "-gateway", "VirtualService name", dnsLabel: false);
            if (gatewayName is not null && !combined && meshName == gatewayVirtualServiceName)
            {
                Report(DiagnosticDescriptors.InvalidName, root.ArgumentLocation(root.Has(nameof(EgressRouteAttribute.GatewayName)) ? nameof(EgressRouteAttribute.GatewayName) : nameof(EgressRouteAttribute.MeshName)), "VirtualService name", gatewayVirtualServiceName,
                    "the mesh hop and the gateway hop are two VirtualServices and need two names (or set Combined = true for one)");
            }

            var ns = ReadNamespace(root, nameof(EgressRouteAttribute.Namespace));
            var exportTo = ReadExportTo(root, nameof(EgressRouteAttribute.ExportTo), ns);

            var rules = new List<RouteRuleModel>();
            foreach (var attribute in ClassAttributes)
            {
                var kind = attribute.ShortName switch
                {
                    AttributeNames.HttpRoute => RouteKind.Http,
                    AttributeNames.TlsRoute => RouteKind.Tls,
                    AttributeNames.TcpRoute => RouteKind.Tcp,
                    _ => (RouteKind?)null,
                };

                if (kind is { } routeKind)
                {
                    rules.Add(ParseRule(attribute, routeKind));
                }
            }

            if (rules.Count == 0)
            {
                rules.Add(new RouteRuleModel(RouteKind.Http, -1, null, 0, EquatableArray<HeaderMatchModel>.Empty, null, EquatableArray<string>.Empty, EquatableArray<WeightedSubsetModel>.Empty, 0, null));
            }

            string? forwardToName = null;
            if (root.Argument(nameof(EgressRouteAttribute.ForwardTo)) is { IsNull: false })
            {
                var forwardTo = root.Type(nameof(EgressRouteAttribute.ForwardTo));
                if (forwardTo is null || !forwardTo.IsExternalService)
                {
                    Report(DiagnosticDescriptors.NotAnEgressClass, root.ArgumentLocation(nameof(EgressRouteAttribute.ForwardTo)), forwardTo?.Name ?? "null", "an external service", nameof(EgressRouteAttribute.ForwardTo), AttributeNames.ExternalServiceShort + "] or [" + AttributeNames.MeshHostShort);
                }
                else if (gatewayName is null)
                {
                    // Without a gateway the sidecar sends to the routed host itself; only a gateway can forward elsewhere.
                    Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(EgressRouteAttribute.ForwardTo)), forwardTo.Name, nameof(EgressRouteAttribute.ForwardTo), "only the gateway hop can forward to another service; set Through as well");
                }
                else
                {
                    forwardToName = forwardTo.MetadataName;
                }
            }

            return new RouteModel(serviceName, gatewayName, port, gatewayPort, gatewaySubset, combined, combinedName, meshName, gatewayVirtualServiceName, ns, exportTo, rules.ToEquatableArray(),
                ReadExplicitWeightHops(root, throughGateway: gatewayName is not null || root.Argument(nameof(EgressRouteAttribute.Through)) is { IsNull: false }), forwardToName, root.Bool(nameof(EgressRouteAttribute.OmitSingleDestinationPort)));
        }

        /// <summary><c>ExplicitWeights = true</c> is every hop; <c>ExplicitWeightHops</c> chooses them, and only one of the two may be
        /// set.</summary>
        private RouteHops ReadExplicitWeightHops(AttributeSnapshot root, bool throughGateway)
        {
            var all = root.Bool(nameof(EgressRouteAttribute.ExplicitWeights));
            if (!root.Has(nameof(EgressRouteAttribute.ExplicitWeightHops)))
            {
                return all ? RouteHops.All : RouteHops.None;
            }

            var hops = ReadEnum<RouteHops>(root, nameof(EgressRouteAttribute.ExplicitWeightHops));
            if (all)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(EgressRouteAttribute.ExplicitWeightHops)), hops.ToString(), nameof(EgressRouteAttribute.ExplicitWeightHops),
                    "ExplicitWeights = true already writes the weight on every hop; set only one of the two");
                return RouteHops.All;
            }

            if ((hops & RouteHops.Mesh) != 0 && !throughGateway)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(EgressRouteAttribute.ExplicitWeightHops)), hops.ToString(), nameof(EgressRouteAttribute.ExplicitWeightHops),
                    "a route without Through has no mesh hop to a gateway; use RouteHops.Service");
                return hops & RouteHops.Service;
            }

            return hops;
        }

        private RouteRuleModel ParseRule(AttributeSnapshot attribute, RouteKind kind)
        {
            var name = kind == RouteKind.Http ? ReadOptionalText(attribute, nameof(HttpRouteAttribute.Name)) : null;
            var port = ReadPort(attribute, nameof(HttpRouteAttribute.Port), required: false);
            var headers = new List<HeaderMatchModel>();
            UriMatchModel? uri = null;
            string? timeout = null;
            if (kind == RouteKind.Http)
            {
                var entries = attribute.Strings(nameof(HttpRouteAttribute.Headers));
                for (var i = 0; i < entries.Length; i++)
                {
                    var (header, reason) = ParseHeaderMatch(entries[i]);
                    if (header is null)
                    {
                        Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Headers), i), entries[i] ?? "null", nameof(HttpRouteAttribute.Headers), reason!);
                        continue;
                    }

                    headers.Add(header);
                }

                foreach (var (field, matchKind) in new[] { (nameof(HttpRouteAttribute.UriExact), StringMatchKind.Exact), (nameof(HttpRouteAttribute.UriPrefix), StringMatchKind.Prefix), (nameof(HttpRouteAttribute.UriRegex), StringMatchKind.Regex) })
                {
                    var value = ReadOptionalText(attribute, field);
                    if (value is null)
                    {
                        continue;
                    }

                    if (uri is not null)
                    {
                        Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field), value, field, "a rule matches the URI one way: set only one of UriExact, UriPrefix and UriRegex");
                        continue;
                    }

                    var reason = matchKind == StringMatchKind.Regex ? CheckRegex(value) : value.Length == 0 ? "it is empty" : value[0] != '/' ? "a path starts with '/'" : null;
                    if (reason is not null)
                    {
                        Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(field), value, field, reason);
                    }

                    uri = new UriMatchModel(matchKind, value);
                }

                timeout = ReadOptionalText(attribute, nameof(HttpRouteAttribute.Timeout));
                if (timeout is not null && Validation.CheckDuration(timeout) is { } timeoutReason)
                {
                    Report(DiagnosticDescriptors.InvalidTimeout, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Timeout)), timeout,
                        nameof(HttpRouteAttribute.Timeout), timeoutReason);
                }
            }

            var sniHosts = EquatableArray<string>.Empty;
            if (kind == RouteKind.Tls)
            {
                sniHosts = ReadHosts(attribute, nameof(TlsRouteAttribute.SniHosts), allowWildcard: true);
            }

            var destinations = ReadDestinations(attribute);
            var destinationPort = ReadPort(attribute, nameof(HttpRouteAttribute.DestinationPort), required: false);
            return new RouteRuleModel(kind, attribute.Ordinal, name, port, headers.ToEquatableArray(), uri, sniHosts, destinations, destinationPort, timeout);
        }

        private static (HeaderMatchModel? Header, string? Reason) ParseHeaderMatch(string? entry)
        {
            if (entry is null)
            {
                return (null, "it is null");
            }

            var equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                return (null, "write name=value (exact), name^=value (prefix) or name~=regex");
            }

            var kind = StringMatchKind.Exact;
            var nameEnd = equals;
            if (entry[equals - 1] == '^')
            {
                kind = StringMatchKind.Prefix;
                nameEnd--;
            }
            else if (entry[equals - 1] == '~')
            {
                kind = StringMatchKind.Regex;
                nameEnd--;
            }

            var name = entry.Substring(0, nameEnd);
            var value = entry.Substring(equals + 1);
            if (Validation.CheckHeaderName(name) is { } reason)
            {
                return (null, reason);
            }

            if (Validation.CheckHeaderValue(value) is { } valueReason)
            {
                return (null, valueReason);
            }

            if (kind != StringMatchKind.Exact && value.Length == 0)
            {
                return (null, "a prefix or regex match needs a value");
            }

            if (kind == StringMatchKind.Regex && CheckRegex(value) is { } regexReason)
            {
                return (null, regexReason);
            }

            // Istio lower-cases header names; writing them lower-case keeps what the user reads equal to what Envoy matches.
            return (new HeaderMatchModel(name.ToLowerInvariant(), kind, value), null);
        }

        private static string? CheckRegex(string value)
        {
            if (value.Length == 0)
            {
                return "the regular expression is empty";
            }

            if (value.Length > 1024)
            {
                return "the regular expression is longer than 1024 characters";
            }

            // Envoy matches with RE2, and Istio's webhook checks with Go's regexp, which has RE2's syntax: what RE2 rejects
            // never reaches a proxy. The simulator's engine parses it (one parser for the check and the simulation).
            return Simulation.Re2Regex.Check(value, goSyntax: true) is { } reason
                ? "the regular expression is not valid RE2, the syntax Envoy and Istio accept: " + reason
                : null;
        }

        private EquatableArray<WeightedSubsetModel> ReadDestinations(AttributeSnapshot attribute)
        {
            var subset = attribute.String(nameof(HttpRouteAttribute.Subset));
            if (subset is not null && Validation.CheckDnsLabel(subset) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Subset)), "Subset name",
                    subset, reason);
            }

            if (!attribute.Has(nameof(HttpRouteAttribute.Split)))
            {
                return EquatableArray.Create(new WeightedSubsetModel(subset, 0));
            }

            if (subset is not null)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), nameof(HttpRouteAttribute.Split), "[" + attribute.ShortName + "]", "set either Subset or Split, not both");
            }

            var destinations = new List<WeightedSubsetModel>();
            var entries = attribute.Strings(nameof(HttpRouteAttribute.Split));
            for (var i = 0; i < entries.Length; i++)
            {
                var (name, weightText, splitReason) = Validation.SplitPair(entries[i], "subset=weight, such as v1=90");
                if (splitReason is null && Validation.CheckDnsLabel(name) is { } nameReason)
                {
                    splitReason = "the subset name " + nameReason;
                }

                if (splitReason is null && (!int.TryParse(weightText, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 100))
                {
                    splitReason = "the weight must be a whole number from 0 to 100";
                }
                else if (splitReason is null && destinations.Any(d => d.Subset == name))
                {
                    splitReason = "subset '" + name + "' appears twice (KIA1105)";
                }

                if (splitReason is not null)
                {
                    Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split), i), entries[i] ?? "null", nameof(HttpRouteAttribute.Split), splitReason);
                    continue;
                }

                destinations.Add(new WeightedSubsetModel(name, int.Parse(weightText, CultureInfo.InvariantCulture)));
            }

            if (entries.Length == 0)
            {
                Report(DiagnosticDescriptors.MissingValue, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), nameof(HttpRouteAttribute.Split), "list subset=weight entries, or leave Split out");
            }
            else if (destinations.Count == entries.Length && destinations.Sum(d => d.Weight) == 0)
            {
                Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), nameof(HttpRouteAttribute.Split), "[" + attribute.ShortName + "]", "the weights add up to 0, so no destination gets traffic");
            }
            else if (destinations.Count == entries.Length)
            {
                CheckWeights(attribute, destinations);
            }

            return destinations.ToEquatableArray();
        }

        // ---------------------------------------------------------------- shared readers

        private IEnumerable<AttributeSnapshot> Attributes(string shortName) => ClassAttributes.Where(a => a.ShortName == shortName);

        private EquatableArray<string> ReadHosts(AttributeSnapshot attribute, string name, bool allowWildcard)
        {
            var values = attribute.Strings(name);
            var hosts = new List<string>();
            for (var i = 0; i < values.Length; i++)
            {
                var reason = Validation.CheckHost(values[i], allowWildcard);
                if (reason is null && hosts.Contains(values[i]!, StringComparer.OrdinalIgnoreCase))
                {
                    reason = "it is listed twice";
                }

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidHost, attribute.ArgumentLocation(name, i), values[i] ?? "null", reason);
                    continue;
                }

                hosts.Add(values[i]!);
            }

            return hosts.ToEquatableArray();
        }

        private string ReadResourceName(AttributeSnapshot attribute, string name, string defaultName, string what, bool dnsLabel)
        {
            var value = attribute.String(name);
            var explicitName = value is not null;
            value ??= defaultName;
            var reason = dnsLabel ? Validation.CheckDnsLabel(value) : Validation.CheckDnsSubdomain(value);
            if (reason is not null)
            {
                var hint = explicitName ? reason : reason + "; the name comes from the class name, so set " + name + " explicitly";
                Report(DiagnosticDescriptors.InvalidName, explicitName ? attribute.ArgumentLocation(name) : attribute.AttributeLocation(), what, value, hint);
            }

            return value;
        }

        private string? ReadNamespace(AttributeSnapshot attribute, string name)
        {
            var value = attribute.String(name);
            if (value is not null && Validation.CheckDnsLabel(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(name), "Namespace", value, reason);
            }

            return value;
        }

        private string ReadDnsLabel(AttributeSnapshot attribute, string name, string what)
        {
            var value = attribute.String(name) ?? string.Empty;
            if (Validation.CheckDnsLabel(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(name), what, value, reason);
            }

            return value;
        }

        private int ReadPort(AttributeSnapshot attribute, string name, bool required)
        {
            var value = attribute.Int(name);
            if ((required || value != 0) && (value < 1 || value > 65535))
            {
                Report(DiagnosticDescriptors.PortOutOfRange, attribute.ArgumentLocation(name), value.ToString(CultureInfo.InvariantCulture));
            }

            return value;
        }

        private TEnum ReadEnum<TEnum>(AttributeSnapshot attribute, string name)
            where TEnum : struct, Enum
        {
            var value = attribute.EnumValue(name) ?? 0;
            if (!DefinedValues<TEnum>.Contains(value))
            {
                Report(DiagnosticDescriptors.UndefinedEnumValue, attribute.ArgumentLocation(name), value.ToString(CultureInfo.InvariantCulture), typeof(TEnum).Name);
                return default;
            }

            return (TEnum)Enum.ToObject(typeof(TEnum), value);
        }

        /// <param name="annotations">True for Kubernetes annotations: the same keys as labels, and any text as the value.</param>
        private EquatableArray<Label> ReadLabels(AttributeSnapshot attribute, string name, bool annotations = false)
        {
            var entries = attribute.Strings(name);
            var labels = new List<Label>();
            for (var i = 0; i < entries.Length; i++)
            {
                var (key, value, reason) = Validation.SplitPair(entries[i], annotations ? "key=value, such as networking.istio.io/exportTo=." : "key=value, such as version=v1");
                reason ??= Validation.CheckLabelKey(key) ?? (annotations ? null : Validation.CheckLabelValue(value));
                if (reason is null && labels.Any(l => l.Key == key))
                {
                    reason = "the key '" + key + "' is given twice";
                }

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidLabel, attribute.ArgumentLocation(name, i), entries[i] ?? "null", reason);
                    continue;
                }

                labels.Add(new Label(key, value));
            }

            return labels.ToEquatableArray();
        }

        /// <summary>exportTo entries, with Istio's list rules: no duplicates ('.' is the own namespace), '*' and '~' only alone.</summary>
        private EquatableArray<string> ReadExportTo(AttributeSnapshot attribute, string name, string? ownNamespace, bool allowNoNamespace = false)
        {
            var values = ReadStrings(attribute, name, (value, _) => Validation.CheckExportTo(value) is { } reason ? (DiagnosticDescriptors.InvalidName, reason) : default);
            var written = attribute.Strings(name);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < written.Length; i++)
            {
                if (written[i] is not { } entry || Validation.CheckExportTo(entry) is not null)
                {
                    continue;
                }

                var reason = !seen.Add(entry == "." && ownNamespace is not null ? ownNamespace : entry) ? "it is listed twice ('.' is the own namespace)"
                    : entry == "*" && written.Length > 1 ? "'*' already exports to every namespace; list it alone"
                    : entry == "~" && !allowNoNamespace ? "'~' (export to no namespace) is only allowed on a ServiceEntry"
                    : entry == "~" && written.Length > 1 ? "'~' exports to no namespace; list it alone"
                    : null;
                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(name, i), entry, name, reason);
                }
            }

            return values;
        }

        private EquatableArray<string> ReadPlainStrings(AttributeSnapshot attribute, string name, string what) =>
            ReadStrings(attribute, name, (value, _) => string.IsNullOrEmpty(value) ? (DiagnosticDescriptors.InvalidValue, "a " + what + " cannot be empty") : default);

        private EquatableArray<string> ReadStrings(AttributeSnapshot attribute, string name, Func<string?, int, (DiagnosticDescriptor? Descriptor, string? Reason)> check)
        {
            var values = attribute.Strings(name);
            var result = new List<string>();
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i];
                var (descriptor, reason) = value is null ? (DiagnosticDescriptors.InvalidValue, "it is null") : check(value, i);
                if (descriptor is not null)
                {
                    var location = attribute.ArgumentLocation(name, i);
                    if (descriptor == DiagnosticDescriptors.InvalidName)
                    {
                        Report(descriptor, location, name, value ?? "null", reason!);
                    }
                    else if (descriptor == DiagnosticDescriptors.InvalidValue)
                    {
                        Report(descriptor, location, value ?? "null", name, reason!);
                    }
                    else
                    {
                        Report(descriptor, location, value ?? "null", reason!);
                    }

                    continue;
                }

                result.Add(value!);
            }

            return result.ToEquatableArray();
        }

        /// <summary>Free text such as a path or a network name: anything a manifest can carry (checked with every string, in
        /// <see cref="CheckString"/>).</summary>
        private static string? ReadOptionalText(AttributeSnapshot attribute, string name) => attribute.String(name);

        private void Report(DiagnosticDescriptor descriptor, ArgumentReference? target, params string[] arguments)
        {
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, target, arguments.ToEquatableArray()));
        }
    }
}
