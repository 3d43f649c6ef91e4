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
    // The [EgressGateway] role: the Gateway and its servers.
    internal sealed partial class ClassParser
    {
        /// <summary>The [EgressGateway] arguments that describe Istio's shared gateway deployment, which the Kubernetes form has
        /// not.</summary>
        private static readonly string[] IstioOnlyGatewayArguments =
        {
            nameof(EgressGatewayAttribute.Selector), nameof(EgressGatewayAttribute.Service), nameof(EgressGatewayAttribute.TargetPorts),
        };

        private const string DefaultGatewayNamespace = "istio-system";

        private const string DefaultGatewayService = "istio-egressgateway." + DefaultGatewayNamespace + ".svc.cluster.local";

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

                if (reason is null && host != "*" && !IpAddresses.IsIpAddress(host))
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
    }
}
