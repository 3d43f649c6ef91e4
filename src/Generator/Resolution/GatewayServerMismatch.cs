using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// EGRESS023 when the gateway does list the routed host, on another port or with a protocol or TLS mode that cannot
    /// carry the rule: the message says what differs and what to change, never that no server accepts the host (issue 17).
    /// </summary>
    internal static class GatewayServerMismatch
    {
        /// <summary>The message, or null when no server lists a host of the service (the plain EGRESS023 message applies).</summary>
        public static string? Explain(RouteModel route, RouteRuleModel rule, ExternalServiceModel service, GatewayModel gateway)
        {
            var listing = gateway.Servers.Where(server => IstioMatching.AcceptsAnyHost(server, service, gateway.Namespace)).ToList();
            var wanted = route.GatewayPort;
            var carrying = listing.Where(server => ProtocolHops.ServerCarries(server, rule.Kind)).ToList();
            if (listing.Count == 0 || (carrying.Count > 0 && (wanted == 0 || carrying.Any(s => s.Port == wanted))))
            {
                // Nothing lists the host, or only a namespace prefix keeps the route from binding: the plain message says which.
                return null;
            }

            var host = ProjectResolver.ServiceHost(service);
            var kind = rule.Kind.ToString().ToUpperInvariant();
            var lead = "Gateway '" + gateway.Name + "' lists host '" + host + "' only on " + string.Join(" and ", listing.Select(Describe))
                + ", which does not take this " + kind + " rule's traffic" + (wanted != 0 ? " on port " + Number(wanted) : string.Empty);

            if (carrying.Count > 0)
            {
                // Right protocol, other port.
                return lead + ": the server carries " + kind + " on port " + Number(carrying[0].Port)
                    + "; set GatewayPort = " + Number(carrying[0].Port) + ", or move the server to port " + Number(wanted);
            }

            var originated = service.DestinationRule?.Tls.Any(t => t.Mode is TlsMode.Simple or TlsMode.Mutual) == true;
            if (rule.Kind == RouteKind.Http && originated)
            {
                return lead + ": the gateway originates TLS for '" + host + "' ([TlsOrigination] on the service), so the sidecar sends it plain HTTP and the gateway's server for it is "
                    + "Protocol = Http on port 80 (not HTTPS or PASSTHROUGH), with the route's port 80 sent to the TLS port by DestinationPort; that is "
                    + PatternPages.GatewayOrigination(host);
            }

            return lead + ": " + Needs(rule.Kind) + "; change the server's protocol or TLS mode, or the rule's kind";
        }

        /// <summary>"port 443 (HTTPS, TLS PASSTHROUGH)".</summary>
        public static string Describe(GatewayServerModel server) =>
            "port " + Number(server.Port) + " (" + EnumNames.Of(server.Protocol)
            + (server.Tls == ServerTlsMode.Unspecified ? string.Empty : ", TLS " + EnumNames.Of(server.Tls)) + ")";

        private static string Needs(RouteKind kind) => kind switch
        {
            RouteKind.Http => "an HTTP rule needs a server of protocol Http, Http2 or Grpc, or Https that terminates TLS (not PASSTHROUGH)",
            RouteKind.Tls => "a TLS rule needs a server of protocol Tls or Https with Tls = Passthrough",
            _ => "a TCP rule needs a server of protocol Tcp, Tls or Mongo",
        };

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
