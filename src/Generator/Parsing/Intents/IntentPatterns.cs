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
    internal static class IntentPatterns
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

        /// <summary>
        /// Pattern c (egress-gateway and egress-gateway-tls-origination tasks) and the gateway half of d (wildcard-egress-hosts):
        /// the ServiceEntry, the gateway's server for the host, the gateway Service's DestinationRule with a subset for the
        /// host (ISTIO_MUTUAL with <c>MeshTls</c>), one VirtualService for both hops, and the DestinationRule that originates
        /// TLS at the gateway; with ForwardTo, the upstream's ServiceEntry.
        /// </summary>
        private static IntentRoles? GatewayEgress(IntentExpansion x)
        {
            var host = x.Host(nameof(GatewayEgressAttribute.Host), allowWildcard: true);
            var wildcard = IsWildcard(host);
            var tls = x.Enum(nameof(GatewayEgressAttribute.Tls), GatewayEgressTls.None);
            var originates = tls is GatewayOriginate or GatewayOriginateMutual;
            var credential = x.String(nameof(GatewayEgressAttribute.CredentialName));
            var meshTls = x.Bool(nameof(GatewayEgressAttribute.MeshTls));
            var forwardTo = x.String(nameof(GatewayEgressAttribute.ForwardTo));
            var sharedGateway = x.Type(nameof(GatewayEgressAttribute.Gateway));
            var inCluster = x.Bool(nameof(GatewayEgressAttribute.InCluster));
            var tlsShown = "Tls = GatewayEgressTls." + (tls == GatewayPassthrough ? "Passthrough" : "None");
            if (!originates && credential is not null && !x.HasErrors)
            {
                x.NotForPattern(nameof(GatewayEgressAttribute.CredentialName), "CredentialName with " + tlsShown, tls == GatewayPassthrough
                    ? "the application's own TLS passes through the gateway, which holds no certificate for it; for TLS originated by the gateway from this Secret, use Tls = GatewayEgressTls.Originate (or OriginateMutual) and call http://"
                    : "the gateway sends plain HTTP and reads no certificate; to originate TLS at the gateway, use Tls = GatewayEgressTls.Originate (or OriginateMutual)");
            }

            if (!originates && x.Has(nameof(GatewayEgressAttribute.Sni)) && !x.HasErrors)
            {
                x.NotForPattern(nameof(GatewayEgressAttribute.Sni), "Sni with " + tlsShown,
                    "the SNI is what the gateway sends when it originates TLS; with passthrough the application's own SNI routes the request");
            }

            if (tls == GatewayOriginateMutual && credential is null)
            {
                x.Report(DiagnosticDescriptors.IntentNeedsCredential, nameof(GatewayEgressAttribute.Tls),
                    "Tls = GatewayEgressTls.OriginateMutual");
            }

            if (meshTls && tls == GatewayPassthrough && wildcard && !x.HasErrors)
            {
                x.NotForPattern(nameof(GatewayEgressAttribute.MeshTls), "MeshTls with a wildcard host",
                    "the sidecars' mutual TLS to the gateway carries one SNI, the host's, by which the gateway's server picks the requests up, and '" + host
                    + "' names no single host; remove MeshTls, or use [GatewayEgress] with MeshTls for each host");
            }

            if (inCluster && !originates && !x.HasErrors)
            {
                x.NotForPattern(nameof(GatewayEgressAttribute.InCluster), "InCluster with " + tlsShown,
                    "an in-cluster Service reached through the egress gateway is Istio's TLS origination case (egress-gateway-tls-origination, mutual TLS to the in-cluster nginx); use Tls = GatewayEgressTls.Originate or OriginateMutual, or call the Service directly without [GatewayEgress]");
            }

            if (forwardTo is not null)
            {
                if (!wildcard)
                {
                    x.Report(DiagnosticDescriptors.ForwardToNeedsWildcard, nameof(GatewayEgressAttribute.ForwardTo), forwardTo,
                        ParentDomain(host), host);
                }
                else
                {
                    x.Host(nameof(GatewayEgressAttribute.ForwardTo), allowWildcard: false);
                }
            }
            else if (wildcard && !x.HasErrors)
            {
                x.NotForPattern(nameof(GatewayEgressAttribute.Host), "A wildcard host without ForwardTo",
                    "the gateway needs one upstream to send the requests of every host '" + host + "' matches; set ForwardTo to it (such as www" + host.Substring(1) + "), as Istio's wildcard-egress-hosts task does");
            }

            if (wildcard && tls != GatewayPassthrough && !x.HasErrors)
            {
                x.NotForPattern(nameof(GatewayEgressAttribute.Tls),
                    "Tls = GatewayEgressTls." + (tls == GatewayNone ? "None" : tls == GatewayOriginate ? "Originate" : "OriginateMutual")
                    + " with a wildcard host",
                    "requests for a wildcard host are routed through the gateway by their SNI; use Tls = GatewayEgressTls.Passthrough");
            }

            if (sharedGateway is not null)
            {
                if (!sharedGateway.IsEgressGateway)
                {
                    x.Report(DiagnosticDescriptors.NotAnEgressClass, nameof(GatewayEgressAttribute.Gateway), sharedGateway.Name,
                        "an egress gateway", nameof(GatewayEgressAttribute.Gateway),
                        AttributeNames.EgressGatewayShort);
                }
                else if (x.Has(nameof(GatewayEgressAttribute.GatewayName)))
                {
                    x.NotForPattern(nameof(GatewayEgressAttribute.GatewayName), "GatewayName with Gateway",
                        "the class Gateway names writes its own Gateway, named by its [EgressGateway]; remove GatewayName");
                }
                else if (meshTls)
                {
                    x.NotForPattern(nameof(GatewayEgressAttribute.MeshTls), "MeshTls with Gateway",
                        "the hop to a gateway class of your own is described on that class ([Subset] and [TlsOrigination(TlsMode.IstioMutual, ...)]); remove MeshTls");
                }
            }

            var name = x.BaseName(dnsLabel: true);
            var ns = x.Namespace();
            // Istio's Gateway API tabs name the gateway <name>-egress-gateway (its Service becomes <name>-egress-gateway-istio).
            var gatewayName = x.String(nameof(GatewayEgressAttribute.GatewayName))
                ?? name + (x.GatewayApi ? "-egress-gateway" : "-egressgateway");
            if (x.Has(nameof(GatewayEgressAttribute.GatewayName)) && Validation.CheckDnsSubdomain(gatewayName) is { } gatewayNameReason)
            {
                x.Report(DiagnosticDescriptors.InvalidName, nameof(GatewayEgressAttribute.GatewayName), "Gateway name", gatewayName,
                    gatewayNameReason);
            }

            if (x.HasErrors)
            {
                return null;
            }

            if (x.GatewayApi)
            {
                RefuseWithoutGatewayApiEquivalent(x, tls, meshTls, inCluster, sharedGateway is not null && credential is not null);
                if (x.GatewayApiRefusal is not null)
                {
                    return null;
                }
            }

            var passthrough = tls == GatewayPassthrough;
            var service = x.ServiceRole();
            if (inCluster)
            {
                // The Kubernetes Service is the host's registry entry; its port is unnamed, as the page's nginx Service writes it.
                service.Add(x.Synthetic(AttributeNames.MeshHostShort).With(nameof(MeshHostAttribute.Host), host)
                    .With(nameof(MeshHostAttribute.Namespace), ns));
                service.Add(Port(x, 443, string.Empty, 0));
            }
            else
            {
                var entry = x.Synthetic(AttributeNames.ExternalServiceShort).With(nameof(ExternalServiceAttribute.Hosts), new[] { host })
                    .With(nameof(ExternalServiceAttribute.Name), name)
                    .With(nameof(ExternalServiceAttribute.Namespace), ns);
                if (!wildcard)
                {
                    entry.WithEnum(nameof(ExternalServiceAttribute.Resolution), ResolutionDns);
                }

                service.Add(entry);
                if (passthrough)
                {
                    // Istio's pages name the port after what the application sends: TLS for one host, HTTPS for a wildcard's.
                    service.Add(wildcard ? Port(x, 443, "https", Https) : Port(x, 443, "tls", Tls));
                }
                else
                {
                    service.Add(Port(x, 80, "http", Http));
                    service.Add(Port(x, 443, "https", Https));
                }
            }

            if (originates)
            {
                var mutual = tls == GatewayOriginateMutual;
                // Istio's pages name the rule after the host's resources, except the external SIMPLE case (after the host).
                var ruleName = mutual ? "originate-mtls-for-" + name : inCluster ? "originate-tls-for-" + name : "originate-tls-for-" + host.Replace('.', '-');
                var rule = x.Synthetic(AttributeNames.DestinationRule).With(nameof(DestinationRuleAttribute.Name), ruleName);
                if (credential is not null)
                {
                    // Only the gateway can read the Secret: the rule lives in the gateway's namespace (as Istio's page applies
                    // it with -n istio-system) and, for an external host, selects the gateway's pods so the sidecars never try
                    // to originate with it. The page's in-cluster case writes no selector: its sidecars never originate to the
                    // host, whose every request the VirtualService sends to the gateway.
                    // A Gateway API gateway runs in its Gateway's namespace, its pods labelled with the Gateway's name.
                    rule = x.GatewayApi
                        ? rule.With(nameof(DestinationRuleAttribute.Namespace), ns)
                            .With(nameof(DestinationRuleAttribute.WorkloadSelector),
                            new[] { Emit.GatewayApi.GatewayApiShapes.GatewayNameLabel
                            + "=" + gatewayName })
                        : rule.With(nameof(DestinationRuleAttribute.Namespace), GatewayNamespace)
                            .With(nameof(DestinationRuleAttribute.WorkloadSelector), inCluster ? null : new[] { GatewaySelector });
                }

                service.Add(rule);
                service.Add(x.Synthetic(AttributeNames.LoadBalancer).WithEnum(nameof(LoadBalancerAttribute.Algorithm), RoundRobin));
                service.Add(x.Synthetic(AttributeNames.TlsOrigination)
                    .WithEnum(nameof(TlsOriginationAttribute.Mode), mutual ? TlsMutual : TlsSimple)
                    .With(nameof(TlsOriginationAttribute.Port), 443)
                    .With(nameof(TlsOriginationAttribute.CredentialName), credential)
                    .With(nameof(TlsOriginationAttribute.Sni),
                        x.String(nameof(GatewayEgressAttribute.Sni)) ?? (mutual || inCluster ? host : null)));
            }

            var roles = new IntentRoles(service);
            // Istio's pages give mesh TLS to the gateway port 443, except the external host's origination case, which keeps 80.
            var gatewayServerPort = passthrough || (meshTls && (tls == GatewayNone || inCluster)) ? 443 : 80;
            if (sharedGateway is null)
            {
                var gateway = x.CompanionRole(IntentParser.GatewaySuffix);
                gateway.Add(x.Synthetic(AttributeNames.EgressGatewayShort).With(nameof(EgressGatewayAttribute.Name), gatewayName)
                    .With(nameof(EgressGatewayAttribute.Namespace), ns));
                // With MeshTls, passthrough is the egress-gateway page's "mutual TLS enabled" tab of its HTTPS section (Istio
                // 1.1 to 1.4, then with the mesh's certificate files that ISTIO_MUTUAL now stands for): the server terminates
                // the mesh's TLS and forwards the application's own TLS inside it as a stream.
                var server = passthrough && meshTls
                    ? x.Synthetic(AttributeNames.GatewayServer).With(nameof(GatewayServerAttribute.Port), 443)
                        .With(nameof(GatewayServerAttribute.Name), "tls-" + name).WithEnum(nameof(GatewayServerAttribute.Protocol), Tls)
                        .WithEnum(nameof(GatewayServerAttribute.Tls), ServerIstioMutual)
                    : passthrough
                    // The Gateway API tab of the wildcard page declares a TLS listener where the Istio tab's server says HTTPS.
                    ? x.Synthetic(AttributeNames.GatewayServer).With(nameof(GatewayServerAttribute.Port), 443)
                        .With(nameof(GatewayServerAttribute.Name), wildcard && !x.GatewayApi ? "https" : "tls")
                        .WithEnum(nameof(GatewayServerAttribute.Protocol), wildcard && !x.GatewayApi ? Https : Tls)
                        .WithEnum(nameof(GatewayServerAttribute.Tls), ServerPassthrough)
                    : meshTls
                        ? x.Synthetic(AttributeNames.GatewayServer).With(nameof(GatewayServerAttribute.Port), gatewayServerPort)
                            .With(nameof(GatewayServerAttribute.Name), originates
                            && !inCluster ? (x.GatewayApi ? "https-listener-for-tls-origination" : "https-port-for-tls-origination") : "https").WithEnum(nameof(GatewayServerAttribute.Protocol), Https).WithEnum(nameof(GatewayServerAttribute.Tls), ServerIstioMutual)
                        : x.Synthetic(AttributeNames.GatewayServer).With(nameof(GatewayServerAttribute.Port), 80)
                            .With(nameof(GatewayServerAttribute.Name),
                            originates ? "http-port-for-tls-origination" : "http").WithEnum(nameof(GatewayServerAttribute.Protocol), Http);
                gateway.Add(server.With(nameof(GatewayServerAttribute.Hosts), new[] { host }));
                if (x.GatewayApi)
                {
                    // The Gateway's own deployment serves only this pattern: no subset to pick its pods, and a DestinationRule
                    // only for the sidecars' mutual TLS to it.
                    if (meshTls)
                    {
                        gateway.Add(x.Synthetic(AttributeNames.DestinationRule)
                            .With(nameof(DestinationRuleAttribute.Name), "egressgateway-for-" + name));
                        gateway.Add(x.Synthetic(AttributeNames.LoadBalancer).WithEnum(nameof(LoadBalancerAttribute.Algorithm), RoundRobin));
                        gateway.Add(x.Synthetic(AttributeNames.TlsOrigination)
                            .WithEnum(nameof(TlsOriginationAttribute.Mode), TlsIstioMutual).With(nameof(TlsOriginationAttribute.Port),
                            gatewayServerPort).With(nameof(TlsOriginationAttribute.Sni), host));
                    }
                }
                else
                {
                    gateway.Add(x.Synthetic(AttributeNames.DestinationRule)
                        .With(nameof(DestinationRuleAttribute.Name), "egressgateway-for-" + name));
                    gateway.Add(x.Synthetic(AttributeNames.Subset).With(nameof(SubsetAttribute.Name), name));
                    if (meshTls)
                    {
                        gateway.Add(x.Synthetic(AttributeNames.LoadBalancer).WithEnum(nameof(LoadBalancerAttribute.Algorithm), RoundRobin)
                            .With(nameof(LoadBalancerAttribute.Subset), name));
                        gateway.Add(x.Synthetic(AttributeNames.TlsOrigination)
                            .WithEnum(nameof(TlsOriginationAttribute.Mode), TlsIstioMutual)
                            .With(nameof(TlsOriginationAttribute.Subset), name)
                            .With(nameof(TlsOriginationAttribute.Port), gatewayServerPort).With(nameof(TlsOriginationAttribute.Sni), host));
                    }
                }

                roles.Gateway = gateway;
            }

            if (forwardTo is not null)
            {
                var upstream = x.CompanionRole(IntentParser.UpstreamSuffix);
                upstream.Add(x.Synthetic(AttributeNames.ExternalServiceShort)
                    .With(nameof(ExternalServiceAttribute.Hosts), new[] { forwardTo }).With(nameof(ExternalServiceAttribute.Name),
                    UpstreamName(forwardTo)).With(nameof(ExternalServiceAttribute.Namespace), ns)
                        .WithEnum(nameof(ExternalServiceAttribute.Resolution), ResolutionDns));
                upstream.Add(Port(x, 443, "https", Https));
                roles.Upstream = upstream;
            }

            var route = x.CompanionRole(IntentParser.RouteSuffix);
            var applicationPort = passthrough ? 443 : 80;
            var egressRoute = x.Synthetic(AttributeNames.EgressRouteShort)
                .With(nameof(EgressRouteAttribute.Service), x.Self)
                .With(nameof(EgressRouteAttribute.Through),
                    sharedGateway ?? x.Companion(IntentParser.GatewaySuffix, isService: false, isGateway: true))
                .With(nameof(EgressRouteAttribute.ForwardTo),
                    forwardTo is null ? null : x.Companion(IntentParser.UpstreamSuffix, isService: true, isGateway: false))
                .With(nameof(EgressRouteAttribute.Port), applicationPort);
            // A Gateway API route has one kind of parent: the sidecars' hop and the gateway's are two routes.
            _ = x.GatewayApi
                ? egressRoute.With(nameof(EgressRouteAttribute.MeshName), "direct-" + name + "-to-egress-gateway")
                    .With(nameof(EgressRouteAttribute.GatewayName), "forward-" + name
                    + "-from-egress-gateway").With(nameof(EgressRouteAttribute.Namespace), ns)
                : egressRoute.With(nameof(EgressRouteAttribute.Combined), true)
                    .With(nameof(EgressRouteAttribute.Name), "direct-" + name + "-through-egress-gateway")
                    .With(nameof(EgressRouteAttribute.Namespace), ns)
                    .With(nameof(EgressRouteAttribute.ExplicitWeights), true);

            if (sharedGateway is null && !x.GatewayApi)
            {
                egressRoute.With(nameof(EgressRouteAttribute.GatewaySubset), name);
                if (gatewayServerPort != applicationPort)
                {
                    egressRoute.With(nameof(EgressRouteAttribute.GatewayPort), gatewayServerPort);
                }
            }

            route.Add(egressRoute);
            if (passthrough)
            {
                route.Add(x.Synthetic(AttributeNames.TlsRoute));
            }
            else
            {
                route.DefaultDestinationPort = originates ? 443 : 80;
                route.Add(x.Synthetic(AttributeNames.HttpRoute)
                    .With(nameof(HttpRouteAttribute.DestinationPort), route.DefaultDestinationPort));
            }

            roles.Route = route;
            return roles;
        }

        /// <summary>
        /// What [GatewayEgress] can ask for that Istio's Gateway API recipe has no equivalent of, recorded on the argument that
        /// asks (EGRESS400 where the Kubernetes form is chosen; the Istio form writes it).
        /// </summary>
        private static void RefuseWithoutGatewayApiEquivalent(IntentExpansion x, int tls, bool meshTls, bool inCluster,
            bool credentialWithSharedGateway)
        {
            if (meshTls && tls == GatewayPassthrough)
            {
                x.RefuseInGatewayApi(nameof(GatewayEgressAttribute.MeshTls), "MeshTls with Tls = GatewayEgressTls.Passthrough",
                    "a Gateway API listener either passes TLS through or terminates it; none terminates the mesh's mutual TLS and passes the application's TLS on inside it; remove MeshTls");
            }
            else if (inCluster)
            {
                x.RefuseInGatewayApi(nameof(GatewayEgressAttribute.InCluster), nameof(GatewayEgressAttribute.InCluster),
                    "Istio's Gateway API tab writes the sidecars' hop to the in-cluster Service as a VirtualService, and a Gateway API route from the sidecars is bound to a ServiceEntry or a [KubernetesService], which this pattern has not; use the Istio form for this gateway");
            }
            else if (credentialWithSharedGateway)
            {
                x.RefuseInGatewayApi(nameof(GatewayEgressAttribute.CredentialName), "CredentialName with Gateway",
                    "the DestinationRule that reads the Secret selects the gateway's pods by their Gateway's name, which the intent does not know for a gateway class of your own; declare the TLS origination with [DestinationRule], [TlsOrigination] and a WorkloadSelector on the service class instead");
            }
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
