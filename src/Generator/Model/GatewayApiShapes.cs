using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Generator.Model
{
    /// <summary>
    /// How the resolved model maps onto the Kubernetes Gateway API, in one place for the emitter and for the checks that
    /// refuse what has no equivalent (GatewayApiChecks): whatever this cannot map, the checks report, so the emitter never
    /// meets it.
    /// </summary>
    internal static class GatewayApiShapes
    {
        public const string Group = "gateway.networking.k8s.io";

        public const string ApiVersion = Group + "/v1";

        /// <summary>The annotation Istio's Gateway API docs put on an egress gateway, so its Service is not a load balancer.</summary>
        public const string ServiceTypeAnnotation = "networking.istio.io/service-type";

        /// <summary>The listener TLS option by which Istio terminates the mesh's own mutual TLS (ISTIO_MUTUAL) at the gateway.</summary>
        public const string TerminateModeOption = "gateway.istio.io/tls-terminate-mode";

        /// <summary>
        /// The name Istio gives the Deployment, ServiceAccount and Service it creates for a Gateway of class istio
        /// (pilot/pkg/config/kube/gateway, the deployment controller's <c>&lt;name&gt;-&lt;class&gt;</c>).
        /// </summary>
        public static string DeploymentName(string gatewayName) => gatewayName + "-istio";

        /// <summary>The gateway's generated Service; a Gateway without namespace is applied, as Istio's pages apply it, to
        /// <c>default</c>.</summary>
        public static string ServiceHost(string gatewayName, string? gatewayNamespace) =>
            DeploymentName(gatewayName) + "." + (gatewayNamespace ?? "default") + ".svc.cluster.local";

        /// <summary>The label Istio puts on the gateway's pods, which its Service selects.</summary>
        public const string GatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

        /// <summary>The label Kubernetes puts on every namespace, with its name: what a listener's namespace selector matches.</summary>
        public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

        /// <summary>One listener of a server: the server's name, or with several hosts the name and the host's position.</summary>
        internal sealed record Listener(string Name, string? Hostname, int Port, string Protocol, string? TlsMode,
            GatewayServerModel Server);

        /// <summary>The listeners of a server, one per host (a listener has one hostname), one without hostname for TCP; none when it has
        /// no equivalent.</summary>
        public static IEnumerable<Listener> Listeners(GatewayServerModel server)
        {
            if (ServerProblem(server) is not null)
            {
                yield break;
            }

            var (protocol, tlsMode) = ListenerProtocol(server);
            if (protocol == "TCP")
            {
                // A TCP listener takes no hostname (the CRD's rule): the connection carries none to match.
                yield return new Listener(server.Name, null, server.Port, protocol, tlsMode, server);
                yield break;
            }

            for (var i = 0; i < server.Hosts.Count; i++)
            {
                var name = server.Hosts.Count == 1 ? server.Name : server.Name + "-" + (i + 1)
                    .ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return new Listener(name, server.Hosts[i] == "*" ? null : server.Hosts[i], server.Port, protocol, tlsMode, server);
            }
        }

        /// <summary>Why a server has no Gateway API listener, or null: the argument it is about and the reason.</summary>
        public static (string Argument, int? Element, string Reason)? ServerProblem(GatewayServerModel server)
        {
            for (var i = 0; i < server.Hosts.Count; i++)
            {
                if (server.Hosts[i].IndexOf('/') >= 0)
                {
                    return ("Hosts", i,
                        "a listener's hostname has no namespace part; the Gateway's listeners accept routes from its own namespace");
                }
            }

            if (server.ServerCertificate is not null || server.PrivateKey is not null || server.CaCertificates is not null)
            {
                var argument = server.ServerCertificate is not null ? "ServerCertificate"
                    : server.PrivateKey is not null ? "PrivateKey" : "CaCertificates";
                return (argument, null, "a listener reads its certificate from a Secret only; use CredentialName");
            }

            if (server.CredentialName is { } credential && credential.IndexOf(':') >= 0)
            {
                return ("CredentialName", null,
                    "a listener's certificateRefs name a Secret of the Gateway's namespace; give the Secret's name");
            }

            return server.Protocol switch
            {
                PortProtocol.Http when server.Tls == ServerTlsMode.Unspecified => null,
                PortProtocol.Tcp when server.Tls == ServerTlsMode.Unspecified => null,
                PortProtocol.Https or PortProtocol.Tls when server.Tls == ServerTlsMode.Passthrough => null,
                PortProtocol.Https when server.Tls == ServerTlsMode.IstioMutual => null,
                PortProtocol.Https when server.Tls == ServerTlsMode.Simple && server.CredentialName is not null => null,
                PortProtocol.Http or PortProtocol.Tcp => ("Tls", null, "an HTTP or TCP listener has no TLS settings"),
                PortProtocol.Https or PortProtocol.Tls => ("Tls", null,
                    "a listener passes TLS through (Passthrough), terminates it with a Secret (Simple and CredentialName) or terminates "
                        + "the mesh's mutual TLS (IstioMutual); "
                    + EnumNames.Of(server.Tls == ServerTlsMode.Unspecified ? ServerTlsMode.Simple : server.Tls)
                        + " on " + EnumNames.Of(server.Protocol) + " is none of them"),
                _ => ("Protocol", null, "a listener's protocol is HTTP, HTTPS, TLS or TCP"),
            };
        }

        private static (string Protocol, string? TlsMode) ListenerProtocol(GatewayServerModel server) => server.Tls switch
        {
            ServerTlsMode.Passthrough => ("TLS", "Passthrough"),
            ServerTlsMode.IstioMutual or ServerTlsMode.Simple => ("HTTPS", "Terminate"),
            _ => (server.Protocol == PortProtocol.Tcp ? "TCP" : "HTTP", null),
        };

        /// <summary>The route kind each listener protocol takes: HTTPRoute on HTTP and HTTPS, TLSRoute on TLS, TCPRoute on TCP.</summary>
        public static RouteKind RouteKindOf(Listener listener) => listener.Protocol switch
        {
            "TLS" => RouteKind.Tls,
            "TCP" => RouteKind.Tcp,
            _ => RouteKind.Http,
        };

        public static string RouteKindName(RouteKind kind) => kind switch
        {
            RouteKind.Tls => "TLSRoute",
            RouteKind.Tcp => "TCPRoute",
            _ => "HTTPRoute",
        };

        /// <summary>The Gateway API form of a Go-style duration: whole numbers of h, m, s or ms, at most four
        /// (<c>^([0-9]{1,5}(h|m|s|ms)){1,4}$</c>).</summary>
        public static bool IsGatewayApiDuration(string value)
        {
            var parts = 0;
            var i = 0;
            while (i < value.Length)
            {
                var digits = 0;
                while (i < value.Length && value[i] >= '0' && value[i] <= '9')
                {
                    i++;
                    digits++;
                }

                if (digits is 0 or > 5 || i == value.Length)
                {
                    return false;
                }

                if (value[i] == 'm' && i + 1 < value.Length && value[i + 1] == 's')
                {
                    i += 2;
                }
                else if (value[i] is 'h' or 'm' or 's')
                {
                    i++;
                }
                else
                {
                    return false;
                }

                parts++;
            }

            return parts is >= 1 and <= 4;
        }

        /// <summary>The route kinds a route's rules use, in the order Http, Tls, Tcp.</summary>
        public static IEnumerable<RouteKind> KindsOf(RouteModel route) =>
            new[] { RouteKind.Http, RouteKind.Tls, RouteKind.Tcp }.Where(kind => route.Rules.Any(r => r.Kind == kind));
    }
}
