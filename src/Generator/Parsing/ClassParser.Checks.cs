using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// The rules about what one class's resources mean together (Istio analyze and Kiali checks, and those no tool
    /// has), run on the parsed model. Models keep no attribute ordinals for ports, subsets or TLS settings: the parser
    /// adds exactly one model item per attribute, so the i-th item belongs to the i-th attribute of that name.
    /// </summary>
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

        /// <summary>The DestinationRule's own rules, for a service (its ports known) or a gateway's Service (the TargetPorts).</summary>
        /// <remarks><paramref name="httpPorts"/>: the ports whose clusters are HTTP, where Istio checks the server's name itself (see <see cref="CheckTls"/>).</remarks>
        private void CheckDestinationRule(DestinationRuleModel? rule, string host, IReadOnlyList<int> ports, IReadOnlyList<int> httpPorts, EquatableArray<PortModel> servicePorts = default)
        {
            if (rule is null)
            {
                return;
            }

            var subsetAttributes = Attributes(AttributeNames.Subset).ToList();
            for (var i = 0; i < rule.Subsets.Count && i < subsetAttributes.Count; i++)
            {
                // Only a subset written without labels: rejected labels have their EGRESS006. A subset that carries its own
                // traffic policy is the case the message names as right (Istio's gateway subsets for ISTIO_MUTUAL).
                var name = rule.Subsets[i].Name;
                if (rule.Subsets[i].Labels.IsEmpty && subsetAttributes[i].Strings(nameof(SubsetAttribute.Labels)).Length == 0
                    && !rule.Tls.Any(t => t.Subset == name) && !rule.LoadBalancers.Any(b => b.Subset == name))
                {
                    Report(DiagnosticDescriptors.SubsetWithoutLabels, subsetAttributes[i].ArgumentLocation(nameof(SubsetAttribute.Name)), rule.Subsets[i].Name, host);
                }
            }

            var portList = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            var tlsAttributes = Attributes(AttributeNames.TlsOrigination).ToList();
            for (var i = 0; i < rule.Tls.Count && i < tlsAttributes.Count; i++)
            {
                // Port-level settings name the service port; naming the port it sends to (its TargetPort) is a common slip.
                var aimed = servicePorts.FirstOrDefault(p => p.TargetPort != 0 && p.TargetPort == rule.Tls[i].Port);
                CheckPortSetting(tlsAttributes[i], rule.Tls[i].Port, host, ports, aimed is null ? portList
                    : portList + "; port " + aimed.Number.ToString(CultureInfo.InvariantCulture) + " has TargetPort " + aimed.TargetPort.ToString(CultureInfo.InvariantCulture)
                      + ", and a port-level setting names the service port, so write Port = " + aimed.Number.ToString(CultureInfo.InvariantCulture) + ", or the sidecar sends plain HTTP to " + aimed.TargetPort.ToString(CultureInfo.InvariantCulture));
                CheckTls(tlsAttributes[i], rule.Tls[i], rule, host, ports, httpPorts);
            }

            var balancerAttributes = Attributes(AttributeNames.LoadBalancer).ToList();
            for (var i = 0; i < rule.LoadBalancers.Count && i < balancerAttributes.Count; i++)
            {
                CheckPortSetting(balancerAttributes[i], rule.LoadBalancers[i].Port, host, ports, portList);
            }
        }

        /// <summary>A port-level setting for a port the service does not have applies to nothing (no Istio or Kiali check finds it).</summary>
        private void CheckPortSetting(AttributeSnapshot attribute, int port, string host, IReadOnlyList<int> ports, string portList)
        {
            if (port > 0 && port <= 65535 && ports.Count > 0 && !ports.Contains(port))
            {
                Report(DiagnosticDescriptors.PortSettingForUnknownPort, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Port)), port.ToString(CultureInfo.InvariantCulture), host, portList, attribute.ShortName);
            }
        }

        private void CheckTls(AttributeSnapshot attribute, TlsSettingsModel tls, DestinationRuleModel rule, string host, IReadOnlyList<int> ports, IReadOnlyList<int> httpPorts)
        {
            if (tls.Mode == TlsMode.IstioMutual)
            {
                // Istio documents that every other field "should be empty" but reads sni and subjectAltNames: only the rest is ignored.
                foreach (var field in new[] { nameof(TlsOriginationAttribute.ClientCertificate),
                    nameof(TlsOriginationAttribute.PrivateKey), nameof(TlsOriginationAttribute.CaCertificates),
                    nameof(TlsOriginationAttribute.CredentialName) })
                {
                    if (attribute.Has(field))
                    {
                        Report(DiagnosticDescriptors.IstioMutualIgnoresField, attribute.ArgumentLocation(field), field);
                    }
                }

                if (tls.InsecureSkipVerify)
                {
                    Report(DiagnosticDescriptors.IstioMutualIgnoresField, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.InsecureSkipVerify)), nameof(TlsOriginationAttribute.InsecureSkipVerify));
                }

                return;
            }

            if (tls.Mode is not (TlsMode.Simple or TlsMode.Mutual))
            {
                return;
            }

            if (tls.InsecureSkipVerify)
            {
                Report(DiagnosticDescriptors.InsecureSkipVerify,
                    attribute.ArgumentLocation(nameof(TlsOriginationAttribute.InsecureSkipVerify)), host);
            }
            else if (tls.CaCertificates is null && tls.CredentialName is null && !NameVerifiedByDefault(tls, ports, httpPorts))
            {
                // IST0128/IST0129, also for subsets (which Istio skips).
                var scope = (tls.Subset is null ? string.Empty : " for subset '" + tls.Subset + "'") + (tls.Port == 0 ? string.Empty : " on port " + tls.Port.ToString(CultureInfo.InvariantCulture));
                Report(DiagnosticDescriptors.ServerNotVerified, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Mode)),
                    EnumNames.Of(tls.Mode), host, scope);
            }

            // In the gateway's own namespace the rule is Istio's documented flow (egress-gateway-tls-origination): the
            // Secret must sit beside the gateway pods that read it, and sidecars reach the host through the gateway.
            if (tls.CredentialName is { } credentialName && rule.WorkloadSelector.IsEmpty && rule.Namespace != DefaultGatewayNamespace)
            {
                Report(DiagnosticDescriptors.CredentialNameWithoutWorkloadSelector, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.CredentialName)), credentialName, ClassName, host, EnumNames.Of(tls.Mode));
            }
        }

        /// <summary>
        /// The ports whose originated TLS carries HTTP requests, so Istio's auto SAN validation has a host to check: HTTP
        /// ports, and HTTPS ports, where origination only makes sense for plain HTTP that a route sends there (a sidecar
        /// forwards an application's own TLS on an HTTPS port untouched, and would not originate TLS inside it).
        /// </summary>
        private static List<int> HttpCarryingPorts(ExternalServiceModel service) =>
            service.Ports.Where(p => p.Protocol is PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc or PortProtocol.Https).Select(p => p.Number).ToList();

        /// <summary>
        /// Since Istio 1.20 (VERIFY_CERTIFICATE_AT_CLIENT on by default; API v1, the default output, needs 1.22) a proxy
        /// without a CA checks the server's certificate against its system trust store. That verifies the server only
        /// together with its name: the SubjectAltNames given, or, with no Sni written on a cluster carrying HTTP, the request's
        /// host (Istio sets auto_sni and auto_san_validation, cluster_builder.go setAutoSniAndAutoSanValidation). Without a
        /// name, any publicly trusted certificate for any host is accepted.
        /// </summary>
        private static bool NameVerifiedByDefault(TlsSettingsModel tls, IReadOnlyList<int> ports, IReadOnlyList<int> httpPorts)
        {
            if (!tls.SubjectAltNames.IsEmpty)
            {
                return true;
            }

            var covered = tls.Port != 0 ? new[] { tls.Port } : ports;
            return tls.Sni is null && covered.Count > 0 && covered.All(httpPorts.Contains);
        }

        /// <summary>
        /// The hops of one service port, as <see cref="ProtocolHops"/> decides them: what the application sends, what the
        /// sidecar makes of it (TLS origination), and what the server on each upstream port expects (the port's number or
        /// name, its TargetPort, an endpoint's port override). Each disagreement is reported once, on the argument that
        /// made it: plain HTTP to a TLS server (EGRESS054, istio/istio#16453), TLS originated to a plain-HTTP server
        /// (EGRESS060). None of Istio's tools checks them.
        /// </summary>
        private void CheckPortHops(AttributeSnapshot portAttribute, PortModel port, ExternalServiceModel service, HashSet<int> reportedOriginations)
        {
            var rule = service.DestinationRule;
            var tlsAttributes = Attributes(AttributeNames.TlsOrigination).ToList();
            var number = port.Number.ToString(CultureInfo.InvariantCulture);
            var sends = ProtocolHops.AppSends(port);
            var upstream = ProtocolHops.UpstreamPorts(service, port);

            // The settings that originate TLS on this port, each with its attribute: the origination of every subset counts.
            var originations = new List<(TlsSettingsModel Tls, AttributeSnapshot Attribute, int Index)>();
            for (var t = 0; rule is not null && t < rule.Tls.Count && t < tlsAttributes.Count; t++)
            {
                if (rule.Tls[t].Mode != TlsMode.Disable && (rule.Tls[t].Port == 0 || rule.Tls[t].Port == port.Number))
                {
                    originations.Add((rule.Tls[t], tlsAttributes[t], t));
                }
            }

            if (sends == HopBytes.PlainHttp && originations.Count == 0)
            {
                foreach (var hop in upstream)
                {
                    var ownPort = hop.Endpoint < 0 && !hop.ByTargetPort;
                    if (ProtocolHops.ServerExpects(hop.Number, ownPort ? port.Name : null) != HopBytes.AppTls)
                    {
                        continue;
                    }

                    // An origination for the upstream port itself is the same mistake seen from the other side: EGRESS032 says so there.
                    if (!ownPort && rule is not null && rule.Tls.Any(t => t.Port == hop.Number && t.Mode != TlsMode.Disable) && !service.Ports.Any(p => p.Number == hop.Number))
                    {
                        return;
                    }

                    var byName = ownPort && ProtocolHops.ServerExpects(0, port.Name) == HopBytes.AppTls;
                    var reason = ProtocolHops.Describe(hop, service) + (byName ? ", whose name says TLS" : string.Empty);
                    var location = hop.Endpoint >= 0 ? EndpointPortLocation(hop.Endpoint, port.Name)
                        : hop.ByTargetPort ? portAttribute.ArgumentLocation(nameof(ServicePortAttribute.TargetPort))
                        : portAttribute.ArgumentLocation(nameof(ServicePortAttribute.Protocol));
                    Report(DiagnosticDescriptors.PlainHttpToTlsPort, location, number, port.Name, reason, "the port is declared " + EnumNames.Of(port.Protocol) + ", so the sidecar forwards the application's plain HTTP as it is,");
                    return;
                }

                return;
            }

            foreach (var (tls, attribute, index) in originations)
            {
                if (tls.Mode is not (TlsMode.Simple or TlsMode.Mutual) || reportedOriginations.Contains(index))
                {
                    // ISTIO_MUTUAL goes to sidecars, which accept it on any port and unwrap it before the application.
                    continue;
                }

                // TLS around the application's TLS depends on the routes (one may send plain HTTP into the port): EGRESS061 at resolution.
                var originationLocation = attribute.Has(nameof(TlsOriginationAttribute.Port))
                    ? attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Port))
                    : attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Mode));
                if (sends != HopBytes.PlainHttp)
                {
                    continue;
                }

                foreach (var hop in upstream)
                {
                    var ownPort = hop.Endpoint < 0 && !hop.ByTargetPort;
                    if (ProtocolHops.ServerExpects(hop.Number, ownPort ? port.Name : null) != HopBytes.PlainHttp)
                    {
                        continue;
                    }

                    var location = hop.Endpoint >= 0 ? EndpointPortLocation(hop.Endpoint, port.Name)
                        : hop.ByTargetPort ? portAttribute.ArgumentLocation(nameof(ServicePortAttribute.TargetPort)) : originationLocation;
                    var fix = hop.Endpoint >= 0 ? "map the endpoint to the server's TLS port (such as " + port.Name + "=443), or remove the override"
                        : hop.ByTargetPort ? "set TargetPort to the server's TLS port (such as 443)"
                        : "set TargetPort = 443 on the port (the application calls port " + number + " in plain HTTP, the sidecar sends TLS to 443), or remove the [TlsOrigination]";
                    Report(DiagnosticDescriptors.TlsToPlainPort, location, EnumNames.Of(tls.Mode), number, ClassName, ProtocolHops.Describe(hop, service), fix);
                    if (hop.Endpoint < 0 && !hop.ByTargetPort)
                    {
                        reportedOriginations.Add(index);
                    }

                    break;
                }
            }
        }

        /// <summary>
        /// The identity the sidecar presents and expects when it originates TLS to an external service: the SNI picks the
        /// server's certificate and the SubjectAltNames are what that certificate must name, so a name outside the
        /// service's hosts (a wildcard host counts) fails verification or gets another site's certificate (EGRESS063);
        /// and ISTIO_MUTUAL presents the mesh's own certificates, which no server outside the mesh trusts or has (EGRESS064).
        /// A gateway's DestinationRule is not checked here: its SNI names the external host behind the gateway, by design.
        /// </summary>
        private void CheckTlsIdentity(ExternalServiceModel service)
        {
            if (service.DestinationRule is not { } rule || service.Hosts.IsEmpty)
            {
                return;
            }

            var attributes = Attributes(AttributeNames.TlsOrigination).ToList();
            var hosts = string.Join(", ", service.Hosts);
            for (var t = 0; t < rule.Tls.Count && t < attributes.Count; t++)
            {
                var tls = rule.Tls[t];
                if (tls.Mode == TlsMode.IstioMutual && service.Location != ServiceLocation.MeshInternal)
                {
                    Report(DiagnosticDescriptors.IstioMutualToExternal,
                        attributes[t].ArgumentLocation(nameof(TlsOriginationAttribute.Mode)), ClassName,
                        service.Location == ServiceLocation.Unspecified ? "MESH_EXTERNAL (the default Location)" : "MESH_EXTERNAL");
                    continue;
                }

                if (tls.Mode == TlsMode.Disable)
                {
                    continue;
                }

                if (tls.Sni is { } sni && !NamesAHost(service, sni))
                {
                    Report(DiagnosticDescriptors.TlsNameOutsideHosts, attributes[t].ArgumentLocation(nameof(TlsOriginationAttribute.Sni)), "Sni '" + sni + "'", ClassName, hosts,
                        "the server chooses its certificate by SNI, so it answers with the certificate of another site, or its default one, and verification against '" + service.Hosts[0] + "' fails");
                }

                for (var i = 0; i < tls.SubjectAltNames.Count; i++)
                {
                    var name = tls.SubjectAltNames[i];

                    // A URI SAN (spiffe://...) is a workload identity and an IP SAN names an endpoint address, not a host.
                    if (name.IndexOf("://", StringComparison.Ordinal) >= 0 || System.Net.IPAddress.TryParse(name, out _) || NamesAHost(service, name))
                    {
                        continue;
                    }

                    Report(DiagnosticDescriptors.TlsNameOutsideHosts, attributes[t].ArgumentLocation(nameof(TlsOriginationAttribute.SubjectAltNames), i), "SubjectAltName '" + name + "'", ClassName, hosts,
                        "the sidecar accepts the server's certificate only if it names '" + name + "', and a server for these hosts presents a certificate for them, so the handshake fails (503 UF, CERTIFICATE_VERIFY_FAILED)");
                    break;
                }
            }
        }

        /// <summary>Whether a TLS name and a host of the service name the same server: either may be a wildcard.</summary>
        private static bool NamesAHost(ExternalServiceModel service, string name) =>
            service.Hosts.Any(host => HostNames.Matches(host, name) || HostNames.Matches(name, host));

        /// <summary>The pod labels of the gateways Istio installs, by the name of their Service: a selector naming other values for these keys selects none of its pods.</summary>
        private static readonly (string Service, Label[] Labels)[] InstalledGateways =
        {
            ("istio-egressgateway", new[] { new Label("istio", "egressgateway"), new Label("app", "istio-egressgateway") }),
            ("istio-ingressgateway", new[] { new Label("istio", "ingressgateway"), new Label("app", "istio-ingressgateway") }),
        };

        /// <summary>
        /// The Gateway resource binds to the pods its Selector picks, while the sidecars send to the gateway's Service: when
        /// the Service is one Istio installs and the Selector names other values of its pods' istio or app labels, the two
        /// are different pods, and the pods that get the traffic have no server for it (EGRESS065).
        /// </summary>
        private void CheckGatewaySelector(AttributeSnapshot root, GatewayModel gateway)
        {
            var serviceName = gateway.ServiceHost.Split('.')[0];
            var installed = InstalledGateways.FirstOrDefault(g => g.Service == serviceName);
            if (installed.Labels is null)
            {
                return;
            }

            for (var i = 0; i < gateway.Selector.Count; i++)
            {
                var label = gateway.Selector[i];
                var pod = installed.Labels.FirstOrDefault(l => l.Key == label.Key);
                if (pod is not null && pod.Value != label.Value)
                {
                    var location = root.Has(nameof(EgressGatewayAttribute.Selector))
                        ? root.ArgumentLocation(nameof(EgressGatewayAttribute.Selector), i)
                        : root.AttributeLocation();
                    Report(DiagnosticDescriptors.GatewaySelectorMissesService, location, label.Key + "=" + label.Value, gateway.ServiceHost,
                        string.Join(", ", installed.Labels.Select(l => l.Key + "=" + l.Value)), pod.Key + "=" + pod.Value);
                    return;
                }
            }
        }

        /// <summary>Where an [Endpoint]'s override of the named port is written.</summary>
        private ArgumentReference EndpointPortLocation(int endpoint, string portName)
        {
            var attribute = Attributes(AttributeNames.Endpoint).ElementAt(endpoint);
            var entries = attribute.Strings(nameof(EndpointAttribute.Ports));
            for (var i = 0; i < entries.Length; i++)
            {
                if (entries[i] is { } entry && entry.StartsWith(portName + "=", StringComparison.Ordinal))
                {
                    return attribute.ArgumentLocation(nameof(EndpointAttribute.Ports), i);
                }
            }

            return attribute.ArgumentLocation(nameof(EndpointAttribute.Ports));
        }

        private void CheckGateway(GatewayModel gateway)
        {
            if (Attributes(AttributeNames.EgressGatewayShort).FirstOrDefault() is { } root)
            {
                CheckGatewaySelector(root, gateway);
            }

            // The gateway Service's port protocols are not declared, so no port counts as HTTP for the name check.
            CheckDestinationRule(gateway.DestinationRule, gateway.ServiceHost, gateway.TargetPorts.Select(m => m.Port).ToList(), Array.Empty<int>());

            // IST0162: a server port that is neither a port nor a target port of the gateway's Service receives nothing.
            var servers = Attributes(AttributeNames.GatewayServer).ToList();
            var mappings = string.Join(", ", gateway.TargetPorts.Select(m => m.Port.ToString(CultureInfo.InvariantCulture) + "=" + m.TargetPort.ToString(CultureInfo.InvariantCulture)));
            for (var i = 0; i < gateway.Servers.Count && i < servers.Count; i++)
            {
                var port = gateway.Servers[i].Port;
                // An out-of-range port has its EGRESS003 already.
                if (port is > 0 and <= 65535 && !gateway.TargetPorts.Any(m => m.Port == port || m.TargetPort == port))
                {
                    Report(DiagnosticDescriptors.GatewayPortNotOnService, servers[i].ArgumentLocation(nameof(GatewayServerAttribute.Port)), port.ToString(CultureInfo.InvariantCulture), gateway.ServiceHost, mappings);
                }
            }
        }

        /// <summary>Istio's validation of a server's TLS (validateServer, validateTLSOptions) beyond what parsing checks.</summary>
        private void CheckServerTls(AttributeSnapshot attribute, PortProtocol protocol, ServerTlsMode tls, string? credentialName, string? serverCertificate, string? privateKey, string? caCertificates)
        {
            if (tls == ServerTlsMode.Unspecified)
            {
                return;
            }

            var certificateFields = new[] { (nameof(GatewayServerAttribute.CredentialName), credentialName), (nameof(GatewayServerAttribute.ServerCertificate), serverCertificate), (nameof(GatewayServerAttribute.PrivateKey), privateKey), (nameof(GatewayServerAttribute.CaCertificates), caCertificates) }
                .Where(f => f.Item2 is not null)
                .Select(f => f.Item1)
                .ToList();
            if (protocol is not (PortProtocol.Https or PortProtocol.Tls))
            {
                // A plain HTTP server may only carry a passthrough tls block without certificates; any other protocol none.
                var allowed = protocol is PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc && tls == ServerTlsMode.Passthrough && certificateFields.Count == 0;
                if (!allowed)
                {
                    Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Tls)),
                        EnumNames.Of(tls), nameof(GatewayServerAttribute.Tls),
                        "a " + EnumNames.Of(protocol) + " server cannot have TLS settings; use PortProtocol.Https or PortProtocol.Tls, or remove Tls");
                }

                return;
            }

            if (tls is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough)
            {
                foreach (var field in certificateFields)
                {
                    Report(DiagnosticDescriptors.PassthroughIgnoresCertificate, attribute.ArgumentLocation(field), field, EnumNames.Of(tls));
                }

                return;
            }

            if (tls == ServerTlsMode.IstioMutual)
            {
                // Certificates with ISTIO_MUTUAL are already rejected where the server is parsed.
                return;
            }

            if (credentialName is not null)
            {
                foreach (var field in new[] { (nameof(GatewayServerAttribute.ServerCertificate), serverCertificate), (nameof(GatewayServerAttribute.PrivateKey), privateKey) }.Where(f => f.Item2 is not null))
                {
                    Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field.Item1), field.Item2!, field.Item1, "CredentialName already supplies the server certificate; set one or the other");
                }
            }
            else if (tls is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual && caCertificates is null)
            {
                Report(DiagnosticDescriptors.MissingCertificate, attribute.ArgumentLocation(nameof(GatewayServerAttribute.Tls)), "A " + EnumNames.Of(tls) + " server's client CA", "set CaCertificates (the CA bundle that verifies clients), or CredentialName");
            }
        }

        /// <summary>
        /// Split weights: one destination (KIA1104), a total other than 100 (the attribute's contract; Istio accepts it
        /// since istio/istio#39544 and Envoy shares traffic by weight over the total, so 60/60 is 50/50, not what was
        /// written), or a destination with weight 0 (no Istio or Kiali check flags it). One report per Split: the total first, as it changes every share.
        /// </summary>
        private void CheckWeights(AttributeSnapshot attribute, IReadOnlyList<WeightedSubsetModel> destinations)
        {
            if (destinations.Count == 1)
            {
                Report(DiagnosticDescriptors.SingleWeightedDestination, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split), 0), destinations[0].Weight.ToString(CultureInfo.InvariantCulture), destinations[0].Subset ?? string.Empty);
                return;
            }

            var total = destinations.Sum(d => d.Weight);
            if (total != 100)
            {
                var shares = string.Join(", ", destinations.Select(d => (d.Subset ?? string.Empty) + " " + (100.0 * d.Weight / total).ToString("0.#", CultureInfo.InvariantCulture) + "%"));
                Report(DiagnosticDescriptors.SplitWeightsNot100, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), total.ToString(CultureInfo.InvariantCulture), shares);
                return;
            }

            for (var i = 0; i < destinations.Count; i++)
            {
                if (destinations[i].Weight == 0)
                {
                    Report(DiagnosticDescriptors.ZeroWeightDestination, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split), i), destinations[i].Subset ?? string.Empty);
                }
            }
        }
    }
}
