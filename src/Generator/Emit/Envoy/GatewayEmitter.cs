using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// The xDS resources istiod sends an egress gateway (docs/istio-to-envoy.md, "The egress gateway"). The gateway listens on the target
    /// port of its Service (80 becomes 8080), routes what its Gateway servers accept with the VirtualServices bound to it, and
    /// gets the clusters those VirtualServices send to (what PILOT_FILTER_GATEWAY_CLUSTER_CONFIG keeps; without it istiod
    /// would also send every other cluster of the mesh).
    /// </summary>
    internal static class GatewayEmitter
    {
        public static IReadOnlyList<MappingNode> Emit(MeshView view, GatewayModel gateway)
        {
            var scope = ProxyScope.ForGateway(gateway);
            var virtualServices = view.GatewayVirtualServices(gateway).ToList();
            var listeners = new List<MappingNode>();
            var routeConfigurations = new List<MappingNode>();
            foreach (var group in gateway.Servers.GroupBy(s => MeshView.TargetPort(gateway, s.Port)).OrderBy(g => g.Key))
            {
                var listenerName = EnvoyNames.Listener("0.0.0.0", group.Key);
                var chains = new List<DocumentNode>();
                var inspectTls = false;

                var plainHttp = group.Where(IsPlainHttp).ToList();
                if (plainHttp.Count > 0)
                {
                    var routeName = EnvoyNames.GatewayHttpRouteConfiguration(group.Key);
                    chains.Add(ListenerBuilder.FilterChain(null, new[] { ListenerBuilder.HttpConnectionManager(listenerName, routeName,
                        gateway: true) }));
                    routeConfigurations.Add(RouteConfiguration(view, routeName, plainHttp, virtualServices));
                }

                foreach (var server in group.Where(IsTerminatedHttps))
                {
                    var routeName = EnvoyNames.GatewayHttpsRouteConfiguration(server.Port, server.Name, gateway.Name, gateway.Namespace
                        ?? EnvoyNames.DefaultNamespace);
                    chains.Add(ListenerBuilder.FilterChain(ServerNameMatch(MeshView.ServerHosts(server)),
                        new[] { ListenerBuilder.HttpConnectionManager(listenerName, routeName, gateway: true) },
                        TlsBuilder.ServerSocket(server)));
                    routeConfigurations.Add(RouteConfiguration(view, routeName, new[] { server }, virtualServices));
                    inspectTls = true;
                }

                var takenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var server in group.Where(IsPassthrough))
                {
                    inspectTls = true;
                    foreach (var virtualService in virtualServices)
                    {
                        foreach (var rule in virtualService.Rules.Where(r => r.Kind == RouteKind.Tls && r.AppliesTo(server.Port)))
                        {
                            var names = rule.SniHosts.Where(sni => IstioMatching.ServerAcceptsHost(server, sni, gateway.Namespace))
                                .Where(takenNames.Add).ToList();
                            if (names.Count > 0 && rule.LiveDestinations.Count > 0)
                            {
                                chains.Add(ListenerBuilder.FilterChain(ServerNameMatch(names),
                                    new[] { EnvoyNodes.TcpProxy(rule.LiveDestinations) }));
                            }
                        }
                    }
                }

                foreach (var server in group.Where(ProtocolHops.TerminatesTlsForTcp))
                {
                    var terminatedRule = virtualServices.SelectMany(v => v.Rules.Where(r => r.Kind == RouteKind.Tcp
                        && r.AppliesTo(server.Port)))
                        .FirstOrDefault(r => r.LiveDestinations.Count > 0);
                    if (terminatedRule is not null)
                    {
                        chains.Add(ListenerBuilder.FilterChain(ServerNameMatch(MeshView.ServerHosts(server)),
                            new[] { EnvoyNodes.TcpProxy(terminatedRule.LiveDestinations) }, TlsBuilder.ServerSocket(server)));
                        inspectTls = true;
                    }
                }

                var tcpRule = group.Where(IsTcp)
                    .SelectMany(server => virtualServices.SelectMany(v => v.Rules.Where(r => r.Kind == RouteKind.Tcp
                        && r.AppliesTo(server.Port))))
                    .FirstOrDefault(r => r.LiveDestinations.Count > 0);
                if (tcpRule is not null)
                {
                    chains.Add(ListenerBuilder.FilterChain(null, new[] { EnvoyNodes.TcpProxy(tcpRule.LiveDestinations) }));
                }

                if (chains.Count == 0)
                {
                    // Istio drops a listener that would have no filter chain (a server no VirtualService routes).
                    continue;
                }

                var listener = new MappingBuilder()
                    .Add("@type", EnvoyTypes.Listener)
                    .Add("name", listenerName)
                    .Add("address", ListenerBuilder.Address(group.Key))
                    .AddNodes("filter_chains", chains);
                if (inspectTls)
                {
                    listener.Add("listener_filters", Nodes.Sequence(ListenerBuilder.ListenerFilter(EnvoyTypes.TlsInspectorName,
                        EnvoyTypes.TlsInspector)));
                }

                listeners.Add(listener
                    .Add("traffic_direction", "OUTBOUND")
                    .Add("max_connections_to_accept_per_socket_event", 1)
                    .Build());
            }

            var plans = ClusterPlans(view, virtualServices, scope);
            var resources = new List<MappingNode>();
            resources.AddRange(listeners);
            resources.AddRange(routeConfigurations);
            resources.AddRange(plans.Select(p => ClusterBuilder.Cluster(p, scope, view.ApiVersion)));
            resources.AddRange(plans.Where(p => ClusterBuilder.DiscoveryType(p.Service, scope) == "EDS")
                .Select(ClusterBuilder.ClusterLoadAssignment));
            return resources;
        }

        /// <summary>The gateway's clusters: those of the hosts its VirtualServices send to (PILOT_FILTER_GATEWAY_CLUSTER_CONFIG).</summary>
        public static List<ClusterBuilder.ClusterPlan> ClusterPlans(MeshView view, GatewayModel gateway) =>
            ClusterPlans(view, view.GatewayVirtualServices(gateway), ProxyScope.ForGateway(gateway));

        private static List<ClusterBuilder.ClusterPlan> ClusterPlans(MeshView view, IEnumerable<VirtualServiceView> virtualServices,
            ProxyScope scope)
        {
            var destinationHosts = new HashSet<string>(
                virtualServices.SelectMany(v => v.Rules).SelectMany(r => r.Destinations).Select(d => d.Host),
                StringComparer.OrdinalIgnoreCase);
            return destinationHosts
                .Select(view.Service)
                .Where(s => s is not null)
                .Select(s => s!)
                .OrderBy(s => s.Host, StringComparer.Ordinal)
                .SelectMany(s => ClusterBuilder.Plan(s, scope))
                .ToList();
        }

        private static bool IsPlainHttp(GatewayServerModel server) =>
            Traffic.Of(server.Protocol, server.Name) == TrafficKind.Http && server.Tls == ServerTlsMode.Unspecified;

        /// <summary>HTTPS (or HTTP) that the gateway decrypts and then routes as HTTP.</summary>
        private static bool IsTerminatedHttps(GatewayServerModel server) =>
            server.Protocol != PortProtocol.Tls
            && server.Tls is ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.IstioMutual or ServerTlsMode.OptionalMutual;

        private static bool IsPassthrough(GatewayServerModel server)
            => server.Tls is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough;

        private static bool IsTcp(GatewayServerModel server) =>
            server.Protocol is PortProtocol.Tcp or PortProtocol.Mongo || (server.Protocol == PortProtocol.Tls
                && server.Tls == ServerTlsMode.Unspecified);

        /// <summary>A chain match on SNI; none when a server accepts any host.</summary>
        private static MappingBuilder? ServerNameMatch(IEnumerable<string> hosts)
        {
            var names = hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return names.Count == 0 || names.Contains("*") ? null : new MappingBuilder().Add("server_names", Nodes.Strings(names));
        }

        /// <summary>
        /// A gateway route configuration (<c>buildGatewayHTTPRouteConfig</c>): a virtual host <c>host:serverPort</c> for each host a
        /// bound VirtualService and a server share, with the rules that match the server port. With none, Istio writes a virtual
        /// host that answers every request with 404.
        /// </summary>
        private static MappingNode RouteConfiguration(MeshView view, string name, IReadOnlyList<GatewayServerModel> servers,
            IReadOnlyList<VirtualServiceView> virtualServices)
        {
            var virtualHosts = new List<DocumentNode>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var server in servers)
            {
                foreach (var virtualService in virtualServices)
                {
                    var rules = virtualService.Rules.Where(r => r.Kind == RouteKind.Http && r.AppliesTo(server.Port)).ToList();
                    if (rules.Count == 0)
                    {
                        continue;
                    }

                    foreach (var host in virtualService.Hosts.Where(h => IstioMatching.ServerAcceptsHost(server, h, null)))
                    {
                        var virtualHostName = EnvoyNames.VirtualHost(host, server.Port);
                        if (!names.Add(virtualHostName) || !domains.Add(host))
                        {
                            continue;
                        }

                        var routes = rules.Select(r => (DocumentNode)RouteBuilder.Route(r, virtualService, server.Port, view.ApiVersion))
                            .ToList();
                        virtualHosts.Add(RouteBuilder.VirtualHost(virtualHostName, new[] { host }, routes));
                    }
                }
            }

            if (virtualHosts.Count == 0)
            {
                // An empty route list: Envoy answers every request with 404 NR.
                virtualHosts.Add(RouteBuilder.VirtualHost("blackhole:" + EnvoyNames.Number(servers[0].Port), new[] { "*" },
                    Array.Empty<DocumentNode>()));
            }

            return RouteBuilder.RouteConfiguration(name, virtualHosts);
        }
    }
}
