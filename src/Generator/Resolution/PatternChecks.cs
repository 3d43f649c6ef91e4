using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Istio's documented egress patterns written half way with the low-level attributes (issue 17): each message names the
    /// pattern, what is missing, and the pattern's page. They look across classes (a gateway server and the services it
    /// lists, a route and the TLS origination of its destination), so they run with the resolver.
    /// </summary>
    internal static class PatternChecks
    {
        /// <summary>
        /// An HTTPS or TLS gateway server without <c>Tls</c>. When a service it lists has its TLS originated (SIMPLE or
        /// MUTUAL), that is the gateway-egress pattern with origination half done (EGRESS221: the server must be plain HTTP);
        /// otherwise the mode is simply missing (EGRESS014, which may then suggest PASSTHROUGH).
        /// </summary>
        public static void CheckGatewayServerTls(IReadOnlyList<EgressClassModel> sorted, IssueList issues)
        {
            List<EgressClassModel>? originating = null;
            foreach (var model in sorted)
            {
                if (model.Gateway is not { } gateway)
                {
                    continue;
                }

                for (var s = 0; s < gateway.Servers.Count; s++)
                {
                    var server = gateway.Servers[s];
                    if (server.Protocol is not (PortProtocol.Https or PortProtocol.Tls) || server.Tls != ServerTlsMode.Unspecified)
                    {
                        continue;
                    }

                    originating ??= sorted.Where(m => m.Service?.DestinationRule?.Tls.Any(t => t.Mode is TlsMode.Simple or TlsMode.Mutual) == true).ToList();
                    var service = originating.FirstOrDefault(m => IstioMatching.AcceptsAnyHost(server, m.Service!, gateway.Namespace));
                    if (service is null)
                    {
                        issues.AddAt(DiagnosticDescriptors.MissingValue, model.Identity.MetadataName, AttributeNames.GatewayServer, s, "Protocol", null,
                            "Tls on an HTTPS or TLS server",
                            "set Tls = ServerTlsMode.Passthrough when the application sends its own TLS through the gateway (routed by SNI), or ServerTlsMode.IstioMutual when the sidecars send mesh TLS to it");
                        continue;
                    }

                    var host = ProjectResolver.ServiceHost(service.Service!);
                    issues.AddAt(DiagnosticDescriptors.GatewayOriginationServerNotHttp, model.Identity.MetadataName, AttributeNames.GatewayServer, s, "Protocol", null,
                        GatewayServerMismatch.Describe(server), host, ProjectResolver.ShortName(service.Identity.MetadataName),
                        PatternPages.GatewayOrigination(host));
                }
            }
        }

        /// <summary>
        /// EGRESS222: an HTTP rule that matches port 443 (or a port named for TLS) and sends to a port whose TLS the mesh
        /// originates. The application would call plain HTTP on the TLS port; Istio's recipe has it call port 80 and the route
        /// send port 80 to 443. Only the route's or rule's own Port is judged, where the user wrote 443.
        /// </summary>
        public static void CheckOriginationMatchPort(ResolvedRoute resolved, string className, IssueList issues)
        {
            var route = resolved.Route;
            for (var i = 0; i < route.Rules.Count; i++)
            {
                var rule = route.Rules[i];
                // Through a gateway a rule's own port is matched at the gateway; the route's port is the application's.
                var onRule = rule.Port != 0 && resolved.Gateway is null && rule.AttributeOrdinal >= 0;
                var match = onRule ? rule.Port : route.Port;
                var destination = i < resolved.DestinationPorts.Count ? resolved.DestinationPorts[i] : 0;
                if (rule.Kind != RouteKind.Http || match == 0 || destination == 0
                    || resolved.Destination.Ports.FirstOrDefault(p => p.Number == match) is not { } matched
                    || ProtocolHops.ServerExpects(matched.Number, matched.Name) != HopBytes.AppTls
                    || resolved.Destination.DestinationRule?.Tls.Any(t => t.Mode is TlsMode.Simple or TlsMode.Mutual && (t.Port == 0 || t.Port == destination)) != true)
                {
                    continue;
                }

                var host = ProjectResolver.ServiceHost(resolved.Destination);
                var pattern = resolved.Gateway is null
                    ? PatternPages.SidecarOrigination(host)
                    : PatternPages.GatewayOrigination(host);
                issues.Add(DiagnosticDescriptors.OriginationMatchesTlsPort, className, onRule ? rule.AttributeOrdinal : ResolutionIssue.RoleAttribute, "Port", null,
                    ProjectResolver.Number(match), host, ProjectResolver.Number(destination), pattern);
                return;
            }
        }

        /// <summary>
        /// EGRESS223: sidecar TLS origination on a port the application calls as 443 (declared plain HTTP, no TargetPort),
        /// with no route through a gateway to the service. It works, but the application has to call <c>http://host:443</c>;
        /// Istio's pattern has it call port 80 with TargetPort 443.
        /// </summary>
        public static void CheckSidecarOriginationPort(IReadOnlyList<EgressClassModel> sorted, HashSet<string> routedThroughGateway, IssueList issues)
        {
            foreach (var model in sorted)
            {
                if (model.Service is not { DestinationRule: { } rule } service || !service.WritesServiceEntry || routedThroughGateway.Contains(model.Identity.MetadataName))
                {
                    continue;
                }

                for (var p = 0; p < service.Ports.Count; p++)
                {
                    var port = service.Ports[p];
                    if (port.Number != 443 || port.TargetPort != 0 || ProtocolHops.AppSends(port) != HopBytes.PlainHttp
                        || !rule.Tls.Any(t => t.Mode is TlsMode.Simple or TlsMode.Mutual && t.Subset is null && (t.Port == 0 || t.Port == 443))
                        || service.Ports.Any(other => other.TargetPort == 443))
                    {
                        continue;
                    }

                    var host = ProjectResolver.ServiceHost(service);
                    issues.AddAt(DiagnosticDescriptors.SidecarOriginationOnTlsPort, model.Identity.MetadataName, AttributeNames.ServicePort, p, "Number", null,
                        host, PatternPages.SidecarOrigination(host));
                }
            }
        }
    }
}
