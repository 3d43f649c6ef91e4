using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EgressDsl.Generator.Model
{
    /// <summary>How a port carries traffic, which decides the listener and filter chain Envoy builds for it.</summary>
    internal enum TrafficKind { Http, Tls, Tcp }

    internal static class Traffic
    {
        /// <summary>
        /// Istio's protocol selection: the declared protocol, else the port name's prefix before the first <c>-</c>
        /// (<c>http-tls</c> is HTTP). Names Istio does not know are sniffed at run time; they are treated as TCP here.
        /// </summary>
        public static TrafficKind Of(PortProtocol protocol, string portName) => protocol switch
        {
            PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc => TrafficKind.Http,
            PortProtocol.Https or PortProtocol.Tls => TrafficKind.Tls,
            PortProtocol.Tcp or PortProtocol.Mongo => TrafficKind.Tcp,
            _ => NamePrefix(portName) switch
            {
                "http" or "http2" or "grpc" or "grpc-web" => TrafficKind.Http,
                "https" or "tls" => TrafficKind.Tls,
                _ => TrafficKind.Tcp,
            },
        };

        /// <summary>Whether the upstream speaks HTTP/2, so the cluster needs HTTP/2 protocol options.</summary>
        public static bool IsHttp2(PortProtocol protocol, string portName) =>
            protocol is PortProtocol.Http2 or PortProtocol.Grpc
            || (protocol == PortProtocol.Unspecified && NamePrefix(portName) is "http2" or "grpc");

        public static TrafficKind Of(RouteKind kind) => kind switch
        {
            RouteKind.Http => TrafficKind.Http,
            RouteKind.Tls => TrafficKind.Tls,
            _ => TrafficKind.Tcp,
        };

        private static string NamePrefix(string portName)
        {
            var dash = portName.IndexOf('-');
            return (dash < 0 ? portName : portName.Substring(0, dash)).ToLowerInvariant();
        }
    }

    /// <summary>What the bytes are on one hop of a request.</summary>
    internal enum HopBytes
    {
        /// <summary>Plain-text HTTP.</summary>
        PlainHttp,

        /// <summary>TLS the application opened itself; the proxies only see the SNI.</summary>
        AppTls,

        /// <summary>TLS the sending proxy opened (DestinationRule TLS origination).</summary>
        OriginatedTls,

        /// <summary>A TCP stream the proxy does not look into.</summary>
        Opaque,
    }

    /// <summary>
    /// Where the traffic of one service port lands on the upstream side: a port number, and what chose it, so a message
    /// can name the attribute argument (the port itself, its TargetPort, or an endpoint's port override).
    /// </summary>
    internal readonly struct UpstreamPort
    {
        public UpstreamPort(int number, bool byTargetPort, int endpoint)
        {
            Number = number;
            ByTargetPort = byTargetPort;
            Endpoint = endpoint;
        }

        public int Number { get; }

        /// <summary>The service port's TargetPort chose the number.</summary>
        public bool ByTargetPort { get; }

        /// <summary>The index of the [Endpoint] whose Ports override chose the number; -1 when none did.</summary>
        public int Endpoint { get; }
    }

    /// <summary>
    /// The one place that decides what each hop of a request carries: app → sidecar → (egress gateway) → upstream
    /// endpoint. The parser's port checks, the resolver's route checks and the sidecar emitter all ask here, so a
    /// warning and the generated Envoy configuration never disagree about a port.
    /// </summary>
    internal static class ProtocolHops
    {
        /// <summary>
        /// Istio gives a VirtualService host a virtual host in the sidecar's port-80 HTTP route configuration even when its
        /// service has no port 80 (route.go, "gross HACK"), so HTTP rules matching port 80 do match there.
        /// </summary>
        public const int SidecarHttpCatchAllPort = 80;

        /// <summary>The TLS a DestinationRule applies to one port of one subset: subset before rule, port-level before
        /// policy-level.</summary>
        public static TlsSettingsModel? EffectiveTls(DestinationRuleModel? rule, int port, string? subset)
        {
            if (rule is null)
            {
                return null;
            }

            TlsSettingsModel? Find(string? s, int p) => rule.Tls.FirstOrDefault(t => t.Subset == s && t.Port == p);
            return (subset is null ? null : Find(subset, port) ?? Find(subset, 0)) ?? Find(null, port) ?? Find(null, 0);
        }

        /// <summary>Whether any [TlsOrigination] (of any subset) originates TLS on the port: a check that would report a missing
        /// origination gives it the benefit of the doubt.</summary>
        public static bool AnyOrigination(DestinationRuleModel? rule, int port) =>
            rule is not null && rule.Tls.Any(t => t.Mode != TlsMode.Disable && (t.Port == 0 || t.Port == port));

        /// <summary>What the application sends to a service port, by the protocol Istio selects for it.</summary>
        public static HopBytes AppSends(PortModel port) => Traffic.Of(port.Protocol, port.Name) switch
        {
            TrafficKind.Http => HopBytes.PlainHttp,
            TrafficKind.Tls => HopBytes.AppTls,
            _ => HopBytes.Opaque,
        };

        /// <summary>What a route rule of this kind carries from the application.</summary>
        public static HopBytes RuleCarries(RouteKind kind) => kind switch
        {
            RouteKind.Http => HopBytes.PlainHttp,
            RouteKind.Tls => HopBytes.AppTls,
            _ => HopBytes.Opaque,
        };

        /// <summary>
        /// The upstream ports a service port's traffic reaches: each [Endpoint] that maps the port's name to a number, and
        /// the TargetPort (or the port itself) for endpoints without an override and for a service without endpoints.
        /// </summary>
        public static List<UpstreamPort> UpstreamPorts(ExternalServiceModel service, PortModel port)
        {
            var ports = new List<UpstreamPort>();

            // A [MeshHost]'s servers sit behind a Service another registry owns (Istio's mutual TLS origination task maps the
            // Service's port 80 to nginx's 443): unless the class declares that Service or the port's TargetPort, the port the
            // server listens on is not known here, and a guess from the service port's number would be a false alarm.
            if (!service.WritesServiceEntry && service.KubernetesService is null && port.TargetPort == 0)
            {
                return ports;
            }

            var plain = service.Endpoints.IsEmpty;
            for (var e = 0; e < service.Endpoints.Count; e++)
            {
                var mapped = service.Endpoints[e].Ports.FirstOrDefault(p => p.PortName == port.Name);
                if (mapped is null)
                {
                    plain = true;
                }
                else
                {
                    ports.Add(new UpstreamPort(mapped.Number, false, e));
                }
            }

            if (plain)
            {
                ports.Insert(0, new UpstreamPort(port.TargetPort != 0 ? port.TargetPort : port.Number, port.TargetPort != 0, -1));
            }

            return ports;
        }

        /// <summary>
        /// What a server on an upstream port expects, as far as the number (and the service port's own name) says: TLS on
        /// 443 or a name with an https, tls or ssl part, plain HTTP on 80; null when nothing says.
        /// </summary>
        public static HopBytes? ServerExpects(int number, string? name)
        {
            if (number == 443 || (name is not null && name.Split('-').Any(part => part is "https" or "tls" or "ssl")))
            {
                return HopBytes.AppTls;
            }

            return number == 80 ? HopBytes.PlainHttp : null;
        }

        /// <summary>
        /// Whether the sidecar has a route configuration for the service on <paramref name="port"/> where a rule of this kind
        /// matching that port can apply: any port of the service, and for an HTTP rule also the catch-all port 80.
        /// </summary>
        public static bool SidecarApplies(RouteKind kind, ExternalServiceModel service, int port)
        {
            if (kind == RouteKind.Http && port == SidecarHttpCatchAllPort)
            {
                return true;
            }

            return service.Ports.Any(p => p.Number == port);
        }

        /// <summary>The gateway hop: which gateway servers can carry a rule's traffic: HTTP rules need a server that sees HTTP, TLS and TCP
        /// rules one that forwards the stream.</summary>
        public static bool ServerCarries(GatewayServerModel server, RouteKind kind) => kind switch
        {
            RouteKind.Http => server.Protocol is PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc
                || (server.Protocol == PortProtocol.Https && server.Tls is not (ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough)),
            RouteKind.Tls => (server.Protocol is PortProtocol.Tls or PortProtocol.Https && server.Tls is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough)
                || TerminatesTlsForTcp(server),
            _ => server.Protocol is PortProtocol.Tcp or PortProtocol.Tls or PortProtocol.Mongo,
        };

        /// <summary>
        /// A TLS server that terminates TLS (any mode but passthrough): Istio forwards what it decrypts with the VirtualService's
        /// <c>tcp</c> routes only (gateway.go, "TCP with TLS termination and forwarding"), so the application's TLS that the
        /// sidecar wrapped in the mesh's reaches the gateway hop as a stream.
        /// </summary>
        public static bool TerminatesTlsForTcp(GatewayServerModel server) =>
            server.Protocol == PortProtocol.Tls && server.Tls is ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.IstioMutual or ServerTlsMode.OptionalMutual;

        /// <summary>The kind a rule is written as on the gateway hop: a TLS rule through a server that terminates TLS is a TCP rule
        /// there.</summary>
        public static RouteKind GatewayHopKind(RouteKind kind, GatewayModel gateway, int serverPort) =>
            kind == RouteKind.Tls && gateway.Servers.Any(s => s.Port == serverPort && TerminatesTlsForTcp(s)) ? RouteKind.Tcp : kind;

        /// <summary>How a message names an upstream port and what chose it: "port 443", "port 443 (its TargetPort)", "port 443 (endpoint
        /// '10.0.0.1' maps it there)".</summary>
        public static string Describe(UpstreamPort upstream, ExternalServiceModel service)
        {
            var text = "port " + upstream.Number.ToString(CultureInfo.InvariantCulture);
            if (upstream.Endpoint >= 0)
            {
                return text + " (endpoint '" + service.Endpoints[upstream.Endpoint].Address + "' maps it there)";
            }

            return upstream.ByTargetPort ? text + " (its TargetPort)" : text;
        }
    }
}
