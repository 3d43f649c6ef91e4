using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    // Checks of a DestinationRule: its subsets, port-level settings and TLS verification.
    internal sealed partial class ClassParser
    {
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
    }
}
