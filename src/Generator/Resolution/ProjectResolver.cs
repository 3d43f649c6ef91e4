using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Links classes to each other (a route to its service and gateway) and finds what no single class shows: a subset
    /// or port that does not exist, a gateway that does not accept the host, two classes writing the same resource, a
    /// broken two-hop chain. Classes with errors are left out, so no wrong manifest is written; warnings are kept as
    /// advice for the analyzer.
    /// </summary>
    internal static class ProjectResolver
    {
        public const string DefaultApiVersion = "v1";

        public static ResolvedProject Resolve(ImmutableArray<EgressClassModel> models, GeneratorOptions options)
        {
            models = GatewayApiForm.Apply(models, options);
            var byName = FirstByName(models);
            var sorted = SortedByName(byName);
            var issues = new IssueList();

            // Services and gateways first: a route through a gateway that is refused cannot be written either.
            GatewayApiChecks.CheckIntents(sorted, byName, issues);
            CrossClassChecks.CheckServices(sorted, issues);
            CrossClassChecks.CheckGateways(sorted, issues);
            PatternChecks.CheckGatewayServerTls(sorted, issues);
            CrossClassChecks.CheckOriginationHops(sorted, issues);
            GatewayApiChecks.CheckGateways(sorted, issues);
            GatewayApiChecks.CheckCertificateFiles(sorted, byName, issues);
            GatewayApiChecks.CheckOriginationSelectors(sorted, byName, issues);

            var classes = new List<ResolvedClass>(sorted.Length);
            foreach (var model in sorted)
            {
                if (model.Route is not { } route)
                {
                    classes.Add(new ResolvedClass(model, null, options.IstioApiVersion, GatewayApiForm.IsKubernetes(model, null, options)));
                    continue;
                }

                var resolved = ResolveRoute(model, route, byName, options, issues);
                if (resolved is not null)
                {
                    var kubernetes = GatewayApiForm.IsKubernetes(model, resolved, options);
                    classes.Add(new ResolvedClass(model, resolved, options.IstioApiVersion, kubernetes));
                    if (kubernetes && !issues.IsRefused(model.Identity.MetadataName))
                    {
                        GatewayApiChecks.CheckRoute(model.Identity.MetadataName, resolved, issues);
                    }

                    PatternChecks.CheckOriginationMatchPort(resolved, model.Identity.MetadataName, issues);
                }
            }

            PatternChecks.CheckSidecarOriginationPort(sorted, RoutedThroughGateway(sorted), issues);

            CheckMeshRouteConflicts(classes, issues);
            DuplicateResources.Find(classes, issues);

            // A route through a service or gateway refused above would point at resources that are not written.
            foreach (var resolved in classes)
            {
                if (resolved.Route is { } dependent && !issues.IsRefused(resolved.Class.Identity.MetadataName))
                {
                    if (issues.IsRefused(dependent.Route.ServiceMetadataName))
                    {
                        issues.Add(DiagnosticDescriptors.NotGenerated, resolved.Class.Identity.MetadataName, ResolutionIssue.RoleAttribute, "Service", null, dependent.Route.ServiceMetadataName, "errors in the routed service");
                    }
                    else if (dependent.Route.GatewayMetadataName is { } gatewayName && issues.IsRefused(gatewayName))
                    {
                        issues.Add(DiagnosticDescriptors.NotGenerated, resolved.Class.Identity.MetadataName, ResolutionIssue.RoleAttribute, "Through", null, gatewayName, "errors in the egress gateway");
                    }
                }
            }
            // With an unsupported API version no apiVersion can be written, so nothing is: the generator reports EGRESS100.
            var kept = options.InvalidApiVersion is not null || options.InvalidGatewayApi is not null
                ? EquatableArray<ResolvedClass>.Empty
                : ReferenceGrants.Assign(classes.Where(c => !issues.IsRefused(c.Class.Identity.MetadataName)).ToEquatableArray());
            return new ResolvedProject(kept, issues.Errors, options.IstioApiVersion, options.EmitEnvoy) { Advisories = issues.Advisories };
        }

        /// <summary>The services some route sends through an egress gateway (to, or forwarding to).</summary>
        private static HashSet<string> RoutedThroughGateway(EgressClassModel[] sorted)
        {
            var routed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var model in sorted)
            {
                if (model.Route is { GatewayMetadataName: not null } route)
                {
                    routed.Add(route.ServiceMetadataName);
                    if (route.ForwardToMetadataName is { } forwardTo)
                    {
                        routed.Add(forwardTo);
                    }
                }
            }

            return routed;
        }

        /// <summary>One model per metadata name, the first given: a class is declared once, whatever the driver hands over.</summary>
        private static Dictionary<string, EgressClassModel> FirstByName(ImmutableArray<EgressClassModel> models)
        {
            var byName = new Dictionary<string, EgressClassModel>(models.Length, StringComparer.Ordinal);
            foreach (var model in models)
            {
                if (!byName.ContainsKey(model.Identity.MetadataName))
                {
                    byName.Add(model.Identity.MetadataName, model);
                }
            }

            return byName;
        }

        /// <summary>The models in ordinal order of their metadata names, which are unique: every check and the output follow this order.</summary>
        private static EgressClassModel[] SortedByName(Dictionary<string, EgressClassModel> byName)
        {
            var names = new string[byName.Count];
            var sorted = new EgressClassModel[byName.Count];
            byName.Keys.CopyTo(names, 0);
            byName.Values.CopyTo(sorted, 0);

            // The generator's shared cache hands the models over already sorted: checking is linear, sorting again is not.
            for (var i = 1; i < names.Length; i++)
            {
                if (string.CompareOrdinal(names[i - 1], names[i]) > 0)
                {
                    Array.Sort(names, sorted, StringComparer.Ordinal);
                    break;
                }
            }

            return sorted;
        }

        private static ResolvedRoute? ResolveRoute(EgressClassModel model, RouteModel route, Dictionary<string, EgressClassModel> byName,
            GeneratorOptions options, IssueList issues)
        {
            var className = model.Identity.MetadataName;
            const int root = ResolutionIssue.RoleAttribute;
            if (!byName.TryGetValue(route.ServiceMetadataName, out var serviceClass) || serviceClass.Service is not { } service || issues.IsRefused(route.ServiceMetadataName))
            {
                // The service has errors of its own, reported there; a route to it cannot be written correctly.
                issues.Add(DiagnosticDescriptors.NotGenerated, className, root, "Service", null, route.ServiceMetadataName, "errors in the routed service");
                return null;
            }

            GatewayModel? gateway = null;
            if (route.GatewayMetadataName is not null)
            {
                if (!byName.TryGetValue(route.GatewayMetadataName, out var gatewayClass) || gatewayClass.Gateway is null || issues.IsRefused(route.GatewayMetadataName))
                {
                    issues.Add(DiagnosticDescriptors.NotGenerated, className, root, "Through", null, route.GatewayMetadataName, "errors in the egress gateway");
                    return null;
                }

                gateway = gatewayClass.Gateway;
            }

            ExternalServiceModel? upstream = null;
            if (route.ForwardToMetadataName is { } forwardName)
            {
                if (!byName.TryGetValue(forwardName, out var upstreamClass) || upstreamClass.Service is null || issues.IsRefused(forwardName))
                {
                    issues.Add(DiagnosticDescriptors.NotGenerated, className, root, "ForwardTo", null, forwardName, "errors in the service the gateway forwards to");
                    return null;
                }

                upstream = upstreamClass.Service;
            }

            // Subsets and destination ports belong to the service the last hop sends to.
            var lastHop = upstream ?? service;
            var destinationName = route.ForwardToMetadataName ?? route.ServiceMetadataName;
            var errorsBefore = issues.ErrorCount;
            // A Gateway API route is turned into one VirtualService per hostname (pilot/pkg/config/kube/gateway/route_collections.go,
            // "one VS per hostname with a single hostname"), so only a VirtualService written as such can have overlapping hosts.
            if (!GatewayApiForm.IsKubernetesRoute(gateway, options) || ResolvedRoute.MeshHopNeedsVirtualService(service, gateway))
            {
                CheckOverlappingHosts(className, route, service, issues);
            }

            var destinationPorts = new int[route.Rules.Count];
            var gatewayServers = new GatewayServerModel?[route.Rules.Count];
            for (var r = 0; r < route.Rules.Count; r++)
            {
                var rule = route.Rules[r];
                foreach (var destination in rule.Destinations)
                {
                    var target = lastHop;
                    if (destination.Subset is { } subset && !HasSubset(target.DestinationRule, subset))
                    {
                        var argument = rule.Destinations.Count > 1 ? "Split" : "Subset";
                        var element = rule.Destinations.Count > 1 ? rule.Destinations.IndexOf(destination) : (int?)null;
                        issues.Add(DiagnosticDescriptors.UnknownSubset, className, rule.AttributeOrdinal, argument, element, subset, ServiceHost(target), ShortName(destinationName));
                    }
                }

                for (var i = 0; i < rule.SniHosts.Count; i++)
                {
                    if (!IstioMatching.AnyHostMatches(service.Hosts, rule.SniHosts[i]))
                    {
                        issues.Add(DiagnosticDescriptors.SniHostOutsideService, className, rule.AttributeOrdinal, "SniHosts", i,
                            rule.SniHosts[i],
                            ShortName(route.ServiceMetadataName), string.Join(", ", service.Hosts),
                            GatewayApiForm.IsKubernetesRoute(gateway, options)
                                ? "a TLSRoute's hostnames are its SNI hosts, and Istio applies it only to the hosts of its parent (the "
                                    + "ServiceEntry, the Gateway's listener), so connections with this SNI never match it"
                                : "Istio rejects a TLS route whose sniHosts are not among the VirtualService's hosts");
                    }
                }

                destinationPorts[r] = ResolveDestinationPort(className, rule, lastHop, issues);
                if (gateway is not null)
                {
                    // The server depends on the rule's kind alone, so a rule goes where an earlier one of its kind went.
                    GatewayServerModel? server = null;
                    for (var earlier = 0; earlier < r && server is null; earlier++)
                    {
                        server = route.Rules[earlier].Kind == rule.Kind ? gatewayServers[earlier] : null;
                    }

                    gatewayServers[r] = server ?? ResolveGatewayServer(className, route, rule, service, gateway, issues);
                }
            }

            if (gateway is not null && route.GatewaySubset is { } gatewaySubset && !HasSubset(gateway.DestinationRule, gatewaySubset))
            {
                issues.Add(DiagnosticDescriptors.UnknownSubset, className, root, "GatewaySubset", null, gatewaySubset, gateway.ServiceHost, ShortName(route.GatewayMetadataName!));
            }

            if (gateway is not null && issues.ErrorCount == errorsBefore)
            {
                CheckGatewayHop(className, route, gateway, gatewayServers, issues);
            }

            var serverPorts = new int[gatewayServers.Length];
            for (var r = 0; r < gatewayServers.Length; r++)
            {
                serverPorts[r] = gatewayServers[r]?.Port ?? 0;
            }

            var gatewayServerPorts = EquatableArray<int>.Own(serverPorts);
            CheckMatchPorts(className, route, service, gateway, issues);
            CheckRuleHops(className, route, service, gateway, destinationPorts, issues);
            RuleCoverage.Check(className, route, service, gatewayServerPorts, issues);

            if (issues.ErrorCount != errorsBefore)
            {
                return null;
            }

            return new ResolvedRoute(route, service, gateway, EquatableArray<int>.Own(destinationPorts), gatewayServerPorts, upstream);
        }

        /// <summary>A VirtualService lists the service's hosts, and Istio rejects one whose hosts overlap (validation, IST0106).</summary>
        private static void CheckOverlappingHosts(string className, RouteModel route, ExternalServiceModel service, IssueList issues)
        {
            for (var i = 0; i < service.Hosts.Count; i++)
            {
                for (var j = i + 1; j < service.Hosts.Count; j++)
                {
                    if (HostNames.Matches(service.Hosts[i], service.Hosts[j]) || HostNames.Matches(service.Hosts[j], service.Hosts[i]))
                    {
                        issues.Add(DiagnosticDescriptors.OverlappingServiceHosts, className, ResolutionIssue.RoleAttribute, "Service", null, service.Hosts[i], service.Hosts[j], ShortName(route.ServiceMetadataName));
                        return;
                    }
                }
            }
        }

        private static int ResolveDestinationPort(string className, RouteRuleModel rule, ExternalServiceModel service, IssueList issues)
        {
            if (rule.DestinationPort != 0)
            {
                if (!HasPort(service, rule.DestinationPort))
                {
                    var ports = ServicePortList(service);
                    issues.Add(DiagnosticDescriptors.UnknownDestinationPort, className, rule.AttributeOrdinal, "DestinationPort", null,
                        Number(rule.DestinationPort), ServiceHost(service), ports.Length == 0 ? "none" : ports);
                }

                return rule.DestinationPort;
            }

            if (service.Ports.Count == 1)
            {
                return service.Ports[0].Number;
            }

            if (service.Ports.Count > 1)
            {
                issues.Add(DiagnosticDescriptors.DestinationPortRequired, className, rule.AttributeOrdinal, null, null, ServiceHost(service), ServicePortList(service));
            }

            // No declared port: the route names no port, which Istio accepts for a service with one implicit port.
            return 0;
        }

        private static GatewayServerModel? ResolveGatewayServer(string className, RouteModel route, RouteRuleModel rule, ExternalServiceModel service, GatewayModel gateway, IssueList issues)
        {
            // The first server that carries the rule and binds the route for a host of the service (on the wanted port, if any).
            // A server that binds a host also accepts it, so the servers that only list a host matter only for the message.
            var wanted = route.GatewayPort;
            foreach (var server in gateway.Servers)
            {
                if ((wanted == 0 || server.Port == wanted) && ProtocolHops.ServerCarries(server, rule.Kind) && IstioMatching.BindsAnyHost(server, service, gateway.Namespace, route.Namespace))
                {
                    return server;
                }
            }

            // On the rule's attribute when it has one (a written Through is on another attribute then, and the attribute is shown);
            // an intent's rule shares the intent's attribute, where Through is the intent's Gateway.
            issues.Add(DiagnosticDescriptors.NoGatewayServerForHost, className, rule.AttributeOrdinal < 0 ? ResolutionIssue.RoleAttribute : rule.AttributeOrdinal,
                "Through", null, GatewayServerMismatch.Explain(route, rule, service, gateway) ?? NoGatewayServerMessage(route, rule, service, gateway));
            return null;
        }

        /// <summary>EGRESS023 when no server of the gateway lists a host of the service (for this route's namespace).</summary>
        private static string NoGatewayServerMessage(RouteModel route, RouteRuleModel rule, ExternalServiceModel service, GatewayModel gateway) =>
            "No server of gateway '" + gateway.Name + "' accepts host '" + ServiceHost(service) + "'" + NoGatewayServerDetail(route, rule, service, gateway)
            + ": add the host to a [GatewayServer] so the egress chain is not broken";

        /// <summary>What the gateway lacks for the rule: a server on the wanted port for its traffic, or one its namespace may bind to.</summary>
        private static string NoGatewayServerDetail(RouteModel route, RouteRuleModel rule, ExternalServiceModel service, GatewayModel gateway)
        {
            var wanted = route.GatewayPort;
            var listing = gateway.Servers
                .Where(server => ProtocolHops.ServerCarries(server, rule.Kind) && IstioMatching.AcceptsAnyHost(server, service, gateway.Namespace))
                .ToList();
            var candidates = listing
                .Where(server => IstioMatching.BindsAnyHost(server, service, gateway.Namespace, route.Namespace))
                .ToList();

            var detail = (wanted != 0 ? " on port " + Number(wanted) : string.Empty) + " for " + rule.Kind.ToString().ToUpperInvariant() + " traffic";
            if (listing.Count > candidates.Count)
            {
                // The host is listed, but with a namespace part that keeps this route's VirtualService from binding to it.
                var namespaces = string.Join(", ", listing.Except(candidates).SelectMany(s => s.Hosts).Where(h => h.IndexOf('/') >= 0).Distinct());
                detail += " from namespace '" + (route.Namespace ?? "(default)") + "' (the server lists " + namespaces + ")";
            }

            return detail;
        }

        /// <summary>
        /// The links of the two-hop chain that no single resource shows: the sidecars send to the chosen server port of the
        /// gateway's Service, which must be a port of that Service, with the TLS the server terminates.
        /// </summary>
        private static void CheckGatewayHop(string className, RouteModel route, GatewayModel gateway, GatewayServerModel?[] servers, IssueList issues)
        {
            for (var s = 0; s < servers.Length; s++)
            {
                // Each distinct server once, where it first occurs: rules through one server share the hop.
                if (servers[s] is not { } server || Array.IndexOf(servers, server) < s)
                {
                    continue;
                }

                if (!HasTargetPort(gateway, server.Port))
                {
                    issues.Add(DiagnosticDescriptors.EgressChainBroken, className, ResolutionIssue.RoleAttribute, route.GatewayPort != 0 ? "GatewayPort" : "Through", null, ShortName(route.GatewayMetadataName!),
                        "the sidecars send to port " + Number(server.Port) + " of the gateway's Service '" + gateway.ServiceHost + "', which has only ports "
                        + PortList(gateway.TargetPorts.Select(m => m.Port)) + "; add the port to the gateway's TargetPorts, or serve the host on one of those ports");
                    continue;
                }

                var hopTls = ProtocolHops.EffectiveTls(gateway.DestinationRule, server.Port, route.GatewaySubset);
                if (server.Tls == ServerTlsMode.IstioMutual && hopTls is not null && hopTls.Mode != TlsMode.IstioMutual)
                {
                    issues.Add(DiagnosticDescriptors.EgressChainBroken, className, ResolutionIssue.RoleAttribute, route.GatewaySubset is null ? "Through" : "GatewaySubset", null, ShortName(route.GatewayMetadataName!),
                        "server '" + server.Name + "' terminates ISTIO_MUTUAL on port " + Number(server.Port) + ", but the gateway's DestinationRule makes the sidecars originate "
                        + EnumNames.Of(hopTls.Mode) + "; use [TlsOrigination(TlsMode.IstioMutual)] for that hop");
                }
                else if (hopTls?.Mode == TlsMode.IstioMutual && server.Tls == ServerTlsMode.Unspecified)
                {
                    issues.Add(DiagnosticDescriptors.EgressChainBroken, className, ResolutionIssue.RoleAttribute, route.GatewaySubset is null ? "Through" : "GatewaySubset", null, ShortName(route.GatewayMetadataName!),
                        "the gateway's DestinationRule makes the sidecars originate ISTIO_MUTUAL to port " + Number(server.Port) + ", but server '" + server.Name
                        + "' expects plain " + EnumNames.Of(server.Protocol) + "; set Tls = ServerTlsMode.IstioMutual on the server");
                }
            }
        }

        /// <summary>
        /// A match port on which nothing listens for the host never matches (no Istio or Kiali check finds it): the mesh hop
        /// needs a port of the service or of a gateway server for the host, the gateway hop a port of such a server.
        /// </summary>
        private static void CheckMatchPorts(string className, RouteModel route, ExternalServiceModel service, GatewayModel? gateway, IssueList issues)
        {
            // Listed only once a match port is not one of the service's, which is rare for rules and common for routes.
            List<int>? serverPorts = null;
            // The mesh hop: the route's port is matched by every rule, and the sidecar has the host on it if any rule applies there.
            if (route.Port != 0 && !service.Ports.IsEmpty && !route.Rules.Any(r => ProtocolHops.SidecarApplies(r.Kind, service, route.Port))
                && !(serverPorts ??= ServerPortsForHosts(gateway, service)).Contains(route.Port))
            {
                var what = gateway is null ? "a port of '" + ShortName(route.ServiceMetadataName) + "' (" + ServicePortList(service) + ")"
                    : "a port of '" + ShortName(route.ServiceMetadataName) + "' (" + ServicePortList(service) + ") nor of a server of '" + ShortName(route.GatewayMetadataName!) + "' for the host (" + PortList(serverPorts) + ")";
                issues.Add(DiagnosticDescriptors.MatchPortNotDeclared, className, ResolutionIssue.RoleAttribute, "Port", null, Number(route.Port), what, "route", "the port the applications call");
            }

            foreach (var rule in route.Rules)
            {
                if (rule.Port == 0)
                {
                    continue;
                }

                if (gateway is null && !service.Ports.IsEmpty && !ProtocolHops.SidecarApplies(rule.Kind, service, rule.Port))
                {
                    issues.Add(DiagnosticDescriptors.MatchPortNotDeclared, className, rule.AttributeOrdinal, "Port", null, Number(rule.Port),
                        "a port of '" + ShortName(route.ServiceMetadataName) + "' (" + ServicePortList(service) + ")", "rule", "one of those ports, or leave Port out");
                }
                else if (gateway is not null && (serverPorts ??= ServerPortsForHosts(gateway, service)).Count > 0 && !serverPorts.Contains(rule.Port))
                {
                    issues.Add(DiagnosticDescriptors.MatchPortNotDeclared, className, rule.AttributeOrdinal, "Port", null, Number(rule.Port),
                        "a port of a server of '" + ShortName(route.GatewayMetadataName!) + "' for the host (" + PortList(serverPorts) + ")", "rule", "one of those ports, or leave Port out");
                }
            }
        }

        /// <summary>
        /// What a rule carries against the ports it uses (<see cref="ProtocolHops.RuleCarries"/>). An HTTP rule's plain HTTP
        /// sent to a port declared HTTPS or TLS without origination is EGRESS054. A TLS rule carries the application's TLS; on a port declared HTTP the
        /// sidecar runs its HTTP listener instead, so the rule never sees the connection (its match port), or the stream is
        /// handled as HTTP on its way to the server (its destination port). Reported once per rule, on the port that says so.
        /// </summary>
        private static void CheckRuleHops(string className, RouteModel route, ExternalServiceModel service, GatewayModel? gateway, int[] destinationPorts, IssueList issues)
        {
            for (var r = 0; r < route.Rules.Count; r++)
            {
                var rule = route.Rules[r];
                if (rule.AttributeOrdinal < 0)
                {
                    continue;
                }

                // An HTTP rule sends the application's plain HTTP to its destination port. A port declared HTTPS or TLS
                // expects TLS from the application, so without an origination for it plain text reaches the TLS server.
                // Only a DestinationPort written on the rule is judged: a port declared HTTP is the parser's (EGRESS054).
                if (ProtocolHops.RuleCarries(rule.Kind) == HopBytes.PlainHttp && rule.DestinationPort != 0
                    && service.Ports.FirstOrDefault(p => p.Number == rule.DestinationPort) is { } sent && ProtocolHops.AppSends(sent) == HopBytes.AppTls
                    && !ProtocolHops.AnyOrigination(service.DestinationRule, sent.Number))
                {
                    issues.Add(DiagnosticDescriptors.PlainHttpToTlsPort, className, rule.AttributeOrdinal, "DestinationPort", null,
                        Number(sent.Number), sent.Name, "port " + Number(sent.Number) + " (declared " + (EnumNames.Of(sent.Protocol) is { Length: > 0 } d ? d : "TLS by its name") + ")",
                        "this [HttpRoute] sends the application's plain HTTP there,");
                    continue;
                }

                if (ProtocolHops.RuleCarries(rule.Kind) != HopBytes.AppTls)
                {
                    continue;
                }

                // Through a gateway a rule's own port is matched at the gateway, whose servers EGRESS023 checks; the route's port is the mesh hop's.
                var matchPort = rule.Port != 0 && gateway is null ? rule.Port : route.Port;
                if (matchPort != 0 && service.Ports.FirstOrDefault(p => p.Number == matchPort) is { } matched && ProtocolHops.AppSends(matched) == HopBytes.PlainHttp)
                {
                    var onRule = rule.Port != 0 && gateway is null;
                    issues.Add(DiagnosticDescriptors.TlsRuleOnHttpPort, className, onRule ? rule.AttributeOrdinal : ResolutionIssue.RoleAttribute, "Port", null,
                        "matches", Number(matchPort), ShortName(route.ServiceMetadataName), EnumNames.Of(matched.Protocol) is { Length: > 0 } p1 ? p1 : "HTTP", "connections never reach this rule");
                    continue;
                }

                if (destinationPorts[r] != 0 && service.Ports.FirstOrDefault(p => p.Number == destinationPorts[r]) is { } destination && ProtocolHops.AppSends(destination) == HopBytes.PlainHttp)
                {
                    issues.Add(DiagnosticDescriptors.TlsRuleOnHttpPort, className, rule.AttributeOrdinal, rule.DestinationPort != 0 ? "DestinationPort" : null, null,
                        "sends to", Number(destinationPorts[r]), ShortName(route.ServiceMetadataName), EnumNames.Of(destination.Protocol) is { Length: > 0 } p2 ? p2 : "HTTP", "is not forwarded to the server as the TLS stream it is");
                }
            }
        }

        /// <summary>The distinct ports of the gateway's servers that accept a host of the service; none without a gateway.</summary>
        private static List<int> ServerPortsForHosts(GatewayModel? gateway, ExternalServiceModel service)
        {
            var ports = new List<int>();
            foreach (var server in gateway?.Servers ?? EquatableArray<GatewayServerModel>.Empty)
            {
                if (!ports.Contains(server.Port) && IstioMatching.AcceptsAnyHost(server, service, gateway!.Namespace))
                {
                    ports.Add(server.Port);
                }
            }

            return ports;
        }

        /// <summary>What a route class writes for the sidecars, as EGRESS027 names it: the Istio form's VirtualService, or the
        /// Kubernetes form's routes of each kind of its rules.</summary>
        private static string MeshRouteKind(ResolvedClass resolved) => resolved.KubernetesForm
            ? string.Join(" and ", GatewayApiShapes.KindsOf(resolved.Route!.Route).Select(GatewayApiShapes.RouteKindName))
            : "VirtualService";

        /// <summary>
        /// Every route writes a route bound to the mesh for its service's hosts (a VirtualService, or in the Kubernetes form a
        /// route bound to the ServiceEntry); two of them for one host leave
        /// the sidecars' choice undefined (IST0109, KIA1106). The later class (by name) is refused.
        /// </summary>
        private static void CheckMeshRouteConflicts(List<ResolvedClass> classes, IssueList issues)
        {
            var routes = classes.Where(c => c.Route is not null).ToList();
            var routedHosts = new HostIndex();
            for (var later = 0; later < routes.Count; later++)
            {
                var b = routes[later].Route!;
                foreach (var earlier in routedHosts.Overlapping(b.Service.Hosts))
                {
                    var a = routes[earlier].Route!;
                    if (!IstioMatching.ExportScopesOverlap(a.Route.ExportTo, a.Route.Namespace, b.Route.ExportTo, b.Route.Namespace))
                    {
                        continue;
                    }

                    var shared = b.Service.Hosts.FirstOrDefault(hb => a.Service.Hosts.Any(ha => HostNames.Matches(ha, hb) || HostNames.Matches(hb, ha)));
                    if (shared is not null)
                    {
                        issues.Add(DiagnosticDescriptors.ConflictingMeshRoutes, routes[later].Class.Identity.MetadataName, ResolutionIssue.RoleAttribute, "Service", null,
                            ShortName(routes[earlier].Class.Identity.MetadataName), shared, MeshRouteKind(routes[later]),
                            MeshRouteKind(routes[earlier]));
                        break;
                    }
                }

                foreach (var host in b.Service.Hosts)
                {
                    routedHosts.Add(later, host);
                }
            }
        }

        private static bool HasSubset(DestinationRuleModel? rule, string name)
        {
            foreach (var subset in rule?.Subsets ?? EquatableArray<SubsetModel>.Empty)
            {
                if (subset.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasTargetPort(GatewayModel gateway, int port)
        {
            foreach (var mapping in gateway.TargetPorts)
            {
                if (mapping.Port == port)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasPort(ExternalServiceModel service, int number)
        {
            foreach (var port in service.Ports)
            {
                if (port.Number == number)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The host messages name a service by: its first host, or its name when it has none.</summary>
        internal static string ServiceHost(ExternalServiceModel service) => (service.Hosts.IsEmpty ? null : service.Hosts[0]) ?? service.Name;

        private static string ServicePortList(ExternalServiceModel service) => PortList(service.Ports.Select(p => p.Number));

        /// <summary>The class name a user reads, from a fully qualified metadata name.</summary>
        public static string ShortName(string serviceClassName)
        {
            var dot = serviceClassName.LastIndexOf('.');
            var name = dot >= 0 ? serviceClassName.Substring(dot + 1) : serviceClassName;
            return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
        }

        internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string PortList(IEnumerable<int> ports) => string.Join(", ", ports.Select(Number));
    }
}
