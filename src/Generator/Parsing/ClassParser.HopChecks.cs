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
    // Checks that follow each hop of a service port (what the application sends, what the sidecar sends, what the server
    // expects), and of the TLS identity of the hosts.
    internal sealed partial class ClassParser
    {
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
    }
}
