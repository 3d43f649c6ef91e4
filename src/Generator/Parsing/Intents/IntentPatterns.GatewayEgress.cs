using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing.Intents
{
    // Pattern c, the largest of the five, with what its Kubernetes Gateway API form cannot write.
    internal static partial class IntentPatterns
    {
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
                RefuseWithoutGatewayApiEquivalent(x, tls, meshTls, sharedGateway is not null && credential is not null);
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
                    // A Gateway API gateway runs in its Gateway's namespace, its pods labelled with the Gateway's name; the
                    // page's Gateway API tab writes no selector for the in-cluster case either.
                    rule = x.GatewayApi
                        ? rule.With(nameof(DestinationRuleAttribute.Namespace), ns)
                            .With(nameof(DestinationRuleAttribute.WorkloadSelector),
                            inCluster ? null : new[] { GatewayApiShapes.GatewayNameLabel + "=" + gatewayName })
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

            // The Gateway API tab's in-cluster rule: in the Gateway's namespace, beside the Secret, without selector.
            var roles = new IntentRoles(service) { OriginatesBesideGateway = x.GatewayApi && inCluster && credential is not null };
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
        private static void RefuseWithoutGatewayApiEquivalent(IntentExpansion x, int tls, bool meshTls, bool credentialWithSharedGateway)
        {
            if (meshTls && tls == GatewayPassthrough)
            {
                x.RefuseInGatewayApi(nameof(GatewayEgressAttribute.MeshTls), "MeshTls with Tls = GatewayEgressTls.Passthrough",
                    "a Gateway API listener either passes TLS through or terminates it; none terminates the mesh's mutual TLS and passes the application's TLS on inside it; remove MeshTls");
            }
            else if (credentialWithSharedGateway)
            {
                x.RefuseInGatewayApi(nameof(GatewayEgressAttribute.CredentialName), "CredentialName with Gateway",
                    "the DestinationRule that reads the Secret selects the gateway's pods by their Gateway's name, which the intent does not know for a gateway class of your own; declare the TLS origination with [DestinationRule], [TlsOrigination] and a WorkloadSelector on the service class instead");
            }
        }
    }
}
