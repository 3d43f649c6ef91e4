using System;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    // Checks of a gateway: its selector, its servers' ports and their TLS.
    internal sealed partial class ClassParser
    {
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
    }
}
