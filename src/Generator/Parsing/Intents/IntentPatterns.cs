using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing.Intents
{
    /// <summary>
    /// The five intent attributes, each expanded to the low-level attributes that write what Istio's egress task pages write
    /// for its pattern (istio.io, Tasks &gt; Traffic Management &gt; Egress), with their names: the one place that knows the
    /// patterns. Misuse is checked first, one error on the argument; a pattern with an error expands to nothing.
    /// </summary>
    internal static partial class IntentPatterns
    {
        // The enums' values as Roslyn holds them.
        private const int Http = (int)PortProtocol.Http, Https = (int)PortProtocol.Https;
        private const int Tcp = (int)PortProtocol.Tcp, Tls = (int)PortProtocol.Tls;
        private const int TlsDisable = (int)TlsMode.Disable, TlsSimple = (int)TlsMode.Simple, TlsMutual = (int)TlsMode.Mutual;
        private const int TlsIstioMutual = (int)TlsMode.IstioMutual;
        private const int ServerPassthrough = (int)ServerTlsMode.Passthrough, ServerIstioMutual = (int)ServerTlsMode.IstioMutual;
        private const int MeshExternal = (int)ServiceLocation.MeshExternal, ResolutionDns = (int)ServiceResolution.Dns;
        private const int RoundRobin = (int)LoadBalancerAlgorithm.RoundRobin;
        private const int GatewayNone = (int)GatewayEgressTls.None, GatewayPassthrough = (int)GatewayEgressTls.Passthrough;
        private const int GatewayOriginate = (int)GatewayEgressTls.Originate;
        private const int GatewayOriginateMutual = (int)GatewayEgressTls.OriginateMutual;

        // Istio's standard egress gateway, which [GatewayEgress] uses unless Gateway names another.
        private const string GatewayNamespace = "istio-system";
        private const string GatewaySelector = "istio=egressgateway";

        public static IntentRoles? Expand(IntentExpansion expansion) => expansion.Intent.ShortName switch
        {
            AttributeNames.DirectEgressShort => DirectEgress(expansion),
            AttributeNames.SidecarTlsOriginationShort => SidecarTlsOrigination(expansion),
            AttributeNames.GatewayEgressShort => GatewayEgress(expansion),
            AttributeNames.ExternalProxyShort => ExternalProxy(expansion),
            AttributeNames.KubernetesEgressServiceShort => KubernetesEgressService(expansion),
            _ => null,
        };

        /// <summary>
        /// Pattern a (egress-control task; the direct half of d, wildcard-egress-hosts): a MESH_EXTERNAL ServiceEntry resolved
        /// by DNS, or for a wildcard host one with neither (Istio's defaults, MESH_EXTERNAL and NONE, as the wildcard page
        /// writes it); with a timeout, the VirtualService that sets it.
        /// </summary>
        private static IntentRoles? DirectEgress(IntentExpansion x)
        {
            var host = x.Host(nameof(DirectEgressAttribute.Host), allowWildcard: true);
            var protocol = x.Enum(nameof(DirectEgressAttribute.Protocol), PortProtocol.Unspecified);
            if (protocol == 0)
            {
                protocol = Https;
            }
            else if (protocol is not (Http or Https or Tls or Tcp) && !x.HasErrors)
            {
                x.NotForPattern(nameof(DirectEgressAttribute.Protocol), "Protocol = PortProtocol." + ProtocolName(protocol),
                    "[DirectEgress] takes Http, Https, Tls or Tcp; declare other protocols with [ExternalService] and [ServicePort]");
            }

            var port = x.Port(nameof(DirectEgressAttribute.Port), protocol == Http ? 80 : 443);
            var timeout = x.String(nameof(DirectEgressAttribute.Timeout));
            if (timeout is not null)
            {
                if (protocol != Http)
                {
                    x.NotForPattern(nameof(DirectEgressAttribute.Timeout), nameof(DirectEgressAttribute.Timeout),
                        "a timeout is set on HTTP requests, and with Protocol = PortProtocol." + ProtocolName(protocol) + " the sidecar only sees " + (protocol == Tcp ? "TCP" : "TLS")
                        + " connections; use Protocol = PortProtocol.Http (the application then calls http://), or remove Timeout");
                }
                else if (Validation.CheckDuration(timeout) is { } reason)
                {
                    x.Report(DiagnosticDescriptors.InvalidTimeout, nameof(DirectEgressAttribute.Timeout), timeout,
                        nameof(DirectEgressAttribute.Timeout), reason);
                }
            }

            var name = x.BaseName(dnsLabel: false);
            var ns = x.Namespace();
            if (x.HasErrors)
            {
                return null;
            }

            var service = x.ServiceRole();
            var entry = x.Synthetic(AttributeNames.ExternalServiceShort).With(nameof(ExternalServiceAttribute.Hosts), new[] { host })
                .With(nameof(ExternalServiceAttribute.Name), name).With(nameof(ExternalServiceAttribute.Namespace),
                ns).With(nameof(ExternalServiceAttribute.ExportTo), x.Strings(nameof(DirectEgressAttribute.ExportTo)));
            if (!IsWildcard(host))
            {
                entry.WithEnum(nameof(ExternalServiceAttribute.Location), MeshExternal)
                    .WithEnum(nameof(ExternalServiceAttribute.Resolution), ResolutionDns);
            }

            service.Add(entry);
            service.Add(Port(x, port, PortName(protocol), protocol));
            var roles = new IntentRoles(service);
            if (timeout is not null)
            {
                var route = x.NewDirectRoute(name, ns);
                route.Add(x.Synthetic(AttributeNames.HttpRoute).With(nameof(HttpRouteAttribute.Timeout), timeout));
                route.DefaultTimeout = timeout;
                roles.Route = route;
            }

            return roles;
        }

        /// <summary>
        /// Pattern b (egress-tls-origination task): the application's plain port sent on to the server's TLS port, and the
        /// DestinationRule that originates TLS on the plain port; for an in-cluster host no ServiceEntry, and TLS originated
        /// on the Service's own port, as the page's mutual-TLS section does.
        /// </summary>
        private static IntentRoles? SidecarTlsOrigination(IntentExpansion x)
        {
            var host = x.Host(nameof(SidecarTlsOriginationAttribute.Host), allowWildcard: false);
            var mode = x.Enum(nameof(SidecarTlsOriginationAttribute.Mode), TlsMode.Simple);
            if (mode is TlsDisable or TlsIstioMutual && !x.HasErrors)
            {
                x.NotForPattern(nameof(SidecarTlsOriginationAttribute.Mode),
                    "Mode = TlsMode." + (mode == TlsDisable ? "Disable" : "IstioMutual"),
                    "the sidecar originates TLS to a server outside the mesh, so the mode is Simple (server verified) or Mutual (with a client certificate)");
            }

            var credential = x.String(nameof(SidecarTlsOriginationAttribute.CredentialName));
            if (mode == TlsMutual && credential is null)
            {
                x.Report(DiagnosticDescriptors.IntentNeedsCredential,
                    x.Has(nameof(SidecarTlsOriginationAttribute.Mode)) ? nameof(SidecarTlsOriginationAttribute.Mode) : null,
                    "Mode = TlsMode.Mutual");
            }
            else if (credential is not null && x.Strings(nameof(SidecarTlsOriginationAttribute.WorkloadSelector)).Length == 0
                && !x.HasErrors)
            {
                x.NotForPattern(nameof(SidecarTlsOriginationAttribute.CredentialName), "CredentialName without WorkloadSelector",
                    "a sidecar reads the Secret only when the DestinationRule selects its workload (Istio otherwise ignores credentialName and originates without the certificate); set WorkloadSelector to the workloads that call the host, such as [\"app=sleep\"]");
            }

            var inCluster = x.Bool(nameof(SidecarTlsOriginationAttribute.InCluster));
            var port = x.Port(nameof(SidecarTlsOriginationAttribute.Port), 80);
            var targetPort = x.Port(nameof(SidecarTlsOriginationAttribute.TargetPort), 443);
            if (inCluster && x.Has(nameof(SidecarTlsOriginationAttribute.Port)))
            {
                x.NotForPattern(nameof(SidecarTlsOriginationAttribute.Port), nameof(SidecarTlsOriginationAttribute.Port),
                    "with InCluster = true the application calls the Service's own port, TargetPort, and the sidecar originates TLS on it; remove Port");
            }
            else if (!inCluster && port == targetPort && !x.HasErrors)
            {
                x.NotForPattern(
                    x.Has(nameof(SidecarTlsOriginationAttribute.Port))
                        ? nameof(SidecarTlsOriginationAttribute.Port) : nameof(SidecarTlsOriginationAttribute.TargetPort),
                    "Port = TargetPort = " + port.ToString(CultureInfo.InvariantCulture),
                    "the application's plain HTTP and the server's TLS need two ports: the application calls http:// on Port, and the sidecar sends TLS to TargetPort");
            }

            var name = x.BaseName(dnsLabel: false);
            var ns = x.Namespace();
            if (x.HasErrors)
            {
                return null;
            }

            var service = x.ServiceRole();
            if (inCluster)
            {
                service.Add(x.Synthetic(AttributeNames.MeshHostShort).With(nameof(MeshHostAttribute.Host), host)
                    .With(nameof(MeshHostAttribute.Namespace), ns));
            }
            else
            {
                service.Add(x.Synthetic(AttributeNames.ExternalServiceShort).With(nameof(ExternalServiceAttribute.Hosts), new[] { host })
                    .With(nameof(ExternalServiceAttribute.Name), name)
                    .With(nameof(ExternalServiceAttribute.Namespace), ns)
                    .WithEnum(nameof(ExternalServiceAttribute.Resolution), ResolutionDns));
                service.Add(Port(x, port, "http-port", Http).With(nameof(ServicePortAttribute.TargetPort), targetPort));
                service.Add(Port(x, targetPort, "https-port", Https));
            }

            service.Add(x.Synthetic(AttributeNames.DestinationRule).With(nameof(DestinationRuleAttribute.Name), name)
                .With(nameof(DestinationRuleAttribute.WorkloadSelector),
                x.Strings(nameof(SidecarTlsOriginationAttribute.WorkloadSelector))));
            service.Add(x.Synthetic(AttributeNames.TlsOrigination).WithEnum(nameof(TlsOriginationAttribute.Mode), mode)
                .With(nameof(TlsOriginationAttribute.Port), inCluster ? targetPort : port)
                .With(nameof(TlsOriginationAttribute.CredentialName), credential)
                .With(nameof(TlsOriginationAttribute.Sni), x.String(nameof(SidecarTlsOriginationAttribute.Sni)))
                .With(nameof(TlsOriginationAttribute.CaCertificates), x.String(nameof(SidecarTlsOriginationAttribute.CaCertificates))));
            return new IntentRoles(service);
        }

        /// <summary>Pattern e (egress http-proxy task): the proxy as a MESH_EXTERNAL ServiceEntry with its addresses and one TCP
        /// port.</summary>
        private static IntentRoles? ExternalProxy(IntentExpansion x)
        {
            var host = x.Host(nameof(ExternalProxyAttribute.Host), allowWildcard: false);
            var port = x.Port(nameof(ExternalProxyAttribute.Port), 0);
            var name = x.BaseName(dnsLabel: false);
            var ns = x.Namespace();
            if (x.HasErrors)
            {
                return null;
            }

            var service = x.ServiceRole();
            service.Add(x.Synthetic(AttributeNames.ExternalServiceShort).With(nameof(ExternalServiceAttribute.Hosts), new[] { host })
                .With(nameof(ExternalServiceAttribute.Name), name).With(nameof(ExternalServiceAttribute.Namespace),
                ns)
                .With(nameof(ExternalServiceAttribute.Addresses), x.Strings(nameof(ExternalProxyAttribute.Addresses)))
                .WithEnum(nameof(ExternalServiceAttribute.Location), MeshExternal));
            service.Add(Port(x, port, "tcp", Tcp));
            return new IntentRoles(service);
        }

        /// <summary>
        /// Pattern f (egress-kubernetes-services task): an ExternalName Service, or a Service without selector and its
        /// Endpoints, and the DestinationRule that turns Istio's mutual TLS off for the Service's cluster host.
        /// </summary>
        private static IntentRoles? KubernetesEgressService(IntentExpansion x)
        {
            var externalHost = x.Host(nameof(KubernetesEgressServiceAttribute.ExternalHost), allowWildcard: false);
            var port = x.Port(nameof(KubernetesEgressServiceAttribute.Port), 80);
            var portName = x.String(nameof(KubernetesEgressServiceAttribute.PortName))
                ?? (port == 80 ? "http" : port == 443 ? "tls" : "tcp");
            if (Validation.CheckDnsLabel(portName) is { } portNameReason)
            {
                x.Report(DiagnosticDescriptors.InvalidName, nameof(KubernetesEgressServiceAttribute.PortName), "Port name", portName,
                    portNameReason);
            }

            var name = x.BaseName(dnsLabel: true);
            var ns = x.Namespace();
            if (x.HasErrors)
            {
                return null;
            }

            var endpoints = x.Strings(nameof(KubernetesEgressServiceAttribute.Endpoints));
            var service = x.ServiceRole();
            service.Add(x.Synthetic(AttributeNames.MeshHostShort)
                .With(nameof(MeshHostAttribute.Host), name + "." + (ns ?? "default") + ".svc.cluster.local")
                .With(nameof(MeshHostAttribute.Namespace), ns));
            service.Add(Port(x, port, portName, 0));
            service.Add(x.Synthetic(AttributeNames.KubernetesService).With(nameof(KubernetesServiceAttribute.Name), name)
                .With(nameof(KubernetesServiceAttribute.ExternalName),
                endpoints.Length == 0 ? externalHost : null)
                .With(nameof(KubernetesServiceAttribute.Protocol), "TCP").With(nameof(KubernetesServiceAttribute.Endpoints), endpoints));
            service.Add(x.Synthetic(AttributeNames.DestinationRule).With(nameof(DestinationRuleAttribute.Name), name));
            service.Add(x.Synthetic(AttributeNames.TlsOrigination).WithEnum(nameof(TlsOriginationAttribute.Mode), TlsDisable));
            return new IntentRoles(service);
        }

        private static SyntheticAttribute Port(IntentExpansion x, int number, string name, int protocol)
        {
            var port = x.Synthetic(AttributeNames.ServicePort).With(nameof(ServicePortAttribute.Number), number)
                .With(nameof(ServicePortAttribute.Name), name);
            return protocol == 0 ? port : port.WithEnum(nameof(ServicePortAttribute.Protocol), protocol);
        }

        private static bool IsWildcard(string host) => host.StartsWith("*", System.StringComparison.Ordinal);

        /// <summary>The port name Istio's pages give a protocol.</summary>
        private static string PortName(int protocol) => protocol switch
        {
            Http => "http",
            Tls => "tls",
            Tcp => "tcp",
            _ => "https",
        };

        private static string ProtocolName(int protocol) => protocol switch
        {
            1 => "Http",
            2 => "Https",
            3 => "Grpc",
            4 => "Http2",
            5 => "Mongo",
            6 => "Tcp",
            7 => "Tls",
            _ => protocol.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary><c>api.example.com</c> gives <c>example.com</c>, for the wildcard a message suggests.</summary>
        private static string ParentDomain(string host)
        {
            var dot = host.IndexOf('.');
            return dot > 0 && host.IndexOf('.', dot + 1) > 0 ? host.Substring(dot + 1) : host;
        }

        /// <summary>The upstream's ServiceEntry name as Istio's wildcard page writes it: <c>www.wikipedia.org</c> gives
        /// <c>www-wikipedia</c>.</summary>
        private static string UpstreamName(string host)
        {
            var labels = host.Split('.');
            return string.Join("-", labels.Length > 1 ? labels.Take(labels.Length - 1) : labels);
        }
    }
}
