using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// The xDS resources istiod sends the client's sidecar (docs/istio-to-envoy.md, "The client's sidecar"): an outbound listener and route
    /// configuration per HTTP port, SNI- and address-matched TCP listeners for TLS and TCP ports, and a cluster (with its
    /// endpoints) for every service port and subset the sidecar can see.
    /// </summary>
    internal static class SidecarEmitter
    {
        /// <summary>
        /// The sidecar's resources, each as compact JSON (<see cref="JsonWriter.Compact"/>; the listeners and route
        /// configurations, which list every host, in pieces), in Istio's order: listeners, route configurations, every
        /// service's clusters, the passthrough cluster, then the endpoints of the EDS clusters.
        /// <paramref name="clustersOf"/> gives a service's clusters and endpoints (<see cref="Clusters"/>, or what a build kept),
        /// <paramref name="virtualHostOf"/> a virtual host's text (<see cref="SidecarVirtualHost.Write"/>, or what a build kept).
        /// </summary>
        /// <remarks>
        /// The resources come one at a time, and the caller writes each before asking for the next: at a thousand services
        /// the sidecar has thousands of clusters, and holding all their trees at once made the collector promote and walk
        /// them (a third of the Envoy step's time).
        /// </remarks>
        public static IEnumerable<CompactJson> Emit(MeshView view, Func<RegistryService, ProxyScope, ServiceClusters> clustersOf, Func<SidecarVirtualHost, string> virtualHostOf)
        {
            var httpPorts = HttpPorts(view);
            var streamListeners = StreamListeners(view, httpPorts);
            foreach (var port in httpPorts.Union(streamListeners.Keys).OrderBy(p => p))
            {
                yield return JsonWriter.CompactPieces(httpPorts.Contains(port) ? HttpListener(port) : streamListeners[port]);
            }

            foreach (var port in httpPorts)
            {
                yield return RouteConfiguration(view, port, virtualHostOf);
            }

            var scope = ProxyScope.ForSidecar(view.Gateways);
            var services = view.Services.Select(s => clustersOf(s, scope)).ToList();
            foreach (var service in services)
            {
                foreach (var cluster in service.Clusters)
                {
                    yield return cluster;
                }
            }

            yield return JsonWriter.Compact(ClusterBuilder.PassthroughCluster());
            foreach (var service in services)
            {
                foreach (var loadAssignment in service.LoadAssignments)
                {
                    yield return loadAssignment;
                }
            }
        }

        /// <summary>A service's clusters as the sidecar sees them, and the endpoints of those that are EDS clusters, as compact JSON.</summary>
        public static ServiceClusters Clusters(RegistryService service, ProxyScope scope, string apiVersion)
        {
            var plans = ClusterBuilder.Plan(service, scope).ToList();
            return new ServiceClusters(
                EquatableArray<string>.Own(plans.Select(plan => JsonWriter.Compact(ClusterBuilder.Cluster(plan, scope, apiVersion))).ToArray()),
                EquatableArray<string>.Own(plans
                    .Where(plan => ClusterBuilder.DiscoveryType(plan.Service, scope) == "EDS")
                    .Select(plan => JsonWriter.Compact(ClusterBuilder.ClusterLoadAssignment(plan)))
                    .ToArray()));
        }

        /// <summary>Ports that get an HTTP listener: every HTTP service port, and every port an HTTP rule of a mesh VirtualService matches.</summary>
        private static SortedSet<int> HttpPorts(MeshView view)
        {
            var ports = new SortedSet<int>();
            foreach (var service in view.Services)
            {
                foreach (var port in service.Ports.Where(p => p.Kind == TrafficKind.Http))
                {
                    ports.Add(port.Number);
                }
            }

            foreach (var virtualService in view.MeshVirtualServices)
            {
                foreach (var rule in virtualService.Rules.Where(r => r.Kind == RouteKind.Http))
                {
                    foreach (var port in RulePorts(view, virtualService, rule, TrafficKind.Http))
                    {
                        ports.Add(port);
                    }
                }
            }

            return ports;
        }

        /// <summary>The ports a rule applies to: its own, else the ports of that kind of the VirtualService's hosts.</summary>
        private static IEnumerable<int> RulePorts(MeshView view, VirtualServiceView virtualService, RoutingRule rule, TrafficKind kind)
        {
            if (rule.Port != 0)
            {
                return new[] { rule.Port };
            }

            return virtualService.Hosts
                .Select(view.Service)
                .Where(s => s is not null)
                .SelectMany(s => s!.Ports.Where(p => p.Kind == kind).Select(p => p.Number))
                .Distinct();
        }

        // ---------------------------------------------------------------- HTTP

        private static MappingNode HttpListener(int port)
        {
            var name = EnvoyNames.Listener("0.0.0.0", port);

            // Wildcard HTTP listeners only take what http_inspector recognises as HTTP; anything else falls through to the passthrough chain.
            var match = new MappingBuilder()
                .Add("transport_protocol", "raw_buffer")
                .Add("application_protocols", Nodes.Strings(new[] { "http/1.1", "h2c" }));
            var chain = ListenerBuilder.FilterChain(match, new[] { ListenerBuilder.HttpConnectionManager(name, EnvoyNames.SidecarRouteConfiguration(port), gateway: false) });
            return new MappingBuilder()
                .Add("@type", EnvoyTypes.Listener)
                .Add("name", name)
                .Add("address", ListenerBuilder.Address(port))
                .Add("filter_chains", Nodes.Sequence(chain))
                .Add("default_filter_chain", ListenerBuilder.PassthroughFilterChain())
                .Add("listener_filters", Nodes.Sequence(ListenerBuilder.ListenerFilter(EnvoyTypes.HttpInspectorName, EnvoyTypes.HttpInspector)))
                .Add("listener_filters_timeout", "0s")
                .Add("continue_on_listener_filters_timeout", true)
                .Add("traffic_direction", "OUTBOUND")
                .Add("bind_to_port", false)
                .Build();
        }

        /// <summary>Stands for the virtual hosts in their route configuration: no value of a route configuration without them.</summary>
        private const string VirtualHostsPlaceholder = "egressdsl: the virtual hosts";

        /// <summary>
        /// Route configuration <c>port</c>: a virtual host per VirtualService host, the services' own virtual hosts, sorted by name,
        /// then <c>allow_any</c>. A VirtualService host gets a virtual host only on a port its service has, or on port 80.
        /// </summary>
        /// <remarks>
        /// It lists every host, and a build after any model change writes it again; each virtual host's text comes from
        /// <paramref name="virtualHostOf"/>, which a build keeps by what the virtual host is made from, and is set into the
        /// rest of the route configuration, written around a placeholder.
        /// </remarks>
        private static CompactJson RouteConfiguration(MeshView view, int port, Func<SidecarVirtualHost, string> virtualHostOf)
        {
            var plans = new List<SidecarVirtualHost>();
            var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var virtualService in view.MeshVirtualServices)
            {
                List<RoutingRule>? rules = null;
                foreach (var rule in virtualService.Rules)
                {
                    if (rule.Kind == RouteKind.Http && rule.AppliesTo(port))
                    {
                        (rules ??= new List<RoutingRule>()).Add(rule);
                    }
                }

                if (rules is null)
                {
                    continue;
                }

                foreach (var host in virtualService.Hosts)
                {
                    var registered = view.Service(host)?.Port(port) is { Kind: TrafficKind.Http };
                    if (covered.Contains(host) || (!registered && port != ProtocolHops.SidecarHttpCatchAllPort))
                    {
                        continue;
                    }

                    covered.Add(host);
                    var domains = registered ? ServiceDomains(host) : new List<string> { host };
                    plans.Add(new SidecarVirtualHost(EnvoyNames.VirtualHost(host, port), domains, port, virtualService.Source,
                        () => rules.Select(r => (DocumentNode)RouteBuilder.Route(r, virtualService, port, view.ApiVersion)).ToList()));
                }
            }

            foreach (var service in view.Services)
            {
                if (service.Port(port) is { Kind: TrafficKind.Http } && !covered.Contains(service.Host))
                {
                    plans.Add(new SidecarVirtualHost(EnvoyNames.VirtualHost(service.Host, port), ServiceDomains(service.Host), port, null, () => new[] { RouteBuilder.DefaultRoute(service, port) }));
                }
            }

            var virtualHosts = VirtualHosts(plans.OrderBy(p => p.Name, StringComparer.Ordinal));
            var name = EnvoyNames.SidecarRouteConfiguration(port);
            var texts = new List<string>(virtualHosts.Count + 1);
            foreach (var virtualHost in virtualHosts)
            {
                texts.Add(virtualHostOf(virtualHost));
            }

            texts.Add(JsonWriter.Compact(RouteBuilder.AllowAnyVirtualHost()));
            var skeleton = JsonWriter.Compact(RouteBuilder.RouteConfiguration(name, new DocumentNode[] { ScalarNode.Text(VirtualHostsPlaceholder) }));
            return JsonWriter.Splice(skeleton, VirtualHostsPlaceholder, texts)
                ?? JsonWriter.CompactPieces(RouteBuilder.RouteConfiguration(name, new StreamedSequenceNode(
                    virtualHosts.Select(v => (DocumentNode)v.Tree()).Append(RouteBuilder.AllowAnyVirtualHost()))));
        }

        /// <summary>The virtual hosts of <paramref name="plans"/>, in order, each with the domains it keeps; none that keeps no domain.</summary>
        internal static List<SidecarVirtualHost> VirtualHosts(IEnumerable<SidecarVirtualHost> plans)
        {
            // Envoy rejects a domain listed by two virtual hosts: the first (by name) keeps it.
            var virtualHosts = new List<SidecarVirtualHost>();
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var plan in plans)
            {
                // Nearly every plan keeps all its domains: a list of the kept ones is made only when one is taken already.
                List<string>? kept = null;
                for (var i = 0; i < plan.Domains.Count; i++)
                {
                    if (taken.Add(plan.Domains[i]))
                    {
                        kept?.Add(plan.Domains[i]);
                    }
                    else if (kept is null)
                    {
                        kept = new List<string>(plan.Domains.Count);
                        for (var j = 0; j < i; j++)
                        {
                            kept.Add(plan.Domains[j]);
                        }
                    }
                }

                if (kept is null)
                {
                    if (plan.Domains.Count > 0)
                    {
                        virtualHosts.Add(plan);
                    }
                }
                else if (kept.Count > 0)
                {
                    virtualHosts.Add(plan.WithDomains(kept));
                }
            }

            return virtualHosts;
        }

        /// <summary>
        /// The domains of a service's own virtual host (<c>generateVirtualHostDomains</c>): the host, the absolute name with a final
        /// dot, and for cluster-local names the short forms a pod in <c>default</c> can use. Sidecars ignore the port in the Host header.
        /// </summary>
        public static List<string> ServiceDomains(string host)
        {
            var domains = new List<string> { host };
            if (host.StartsWith("*", StringComparison.Ordinal))
            {
                return domains;
            }

            domains.Add(host + ".");
            const string ClusterSuffix = ".svc.cluster.local";
            if (host.EndsWith(ClusterSuffix, StringComparison.OrdinalIgnoreCase))
            {
                var nameAndNamespace = host.Substring(0, host.Length - ClusterSuffix.Length);
                domains.Add(nameAndNamespace);
                domains.Add(nameAndNamespace + ".svc");
                var parts = nameAndNamespace.Split('.');
                if (parts.Length == 2 && parts[1] == EnvoyNames.DefaultNamespace)
                {
                    domains.Add(parts[0]);
                }
            }

            return domains;
        }

        // ---------------------------------------------------------------- TLS and TCP

        private sealed class StreamChain
        {
            public StreamChain(List<string> serverNames, List<string> prefixRanges, IReadOnlyList<RoutingDestination> destinations)
            {
                ServerNames = serverNames;
                PrefixRanges = prefixRanges;
                Destinations = destinations;
            }

            public List<string> ServerNames { get; }

            public List<string> PrefixRanges { get; }

            public IReadOnlyList<RoutingDestination> Destinations { get; }
        }

        /// <summary>
        /// TLS and TCP listeners on ports without HTTP: TLS is matched on SNI, TCP on the service's addresses. Mesh VirtualService
        /// rules come first, then the services' own chains; what no chain takes falls through to the passthrough chain.
        /// </summary>
        private static Dictionary<int, MappingNode> StreamListeners(MeshView view, SortedSet<int> httpPorts)
        {
            var chains = new SortedDictionary<int, List<StreamChain>>();
            void Add(int port, StreamChain chain)
            {
                if (httpPorts.Contains(port) || chain.Destinations.Count == 0)
                {
                    return;
                }

                if (!chains.TryGetValue(port, out var list))
                {
                    chains[port] = list = new List<StreamChain>();
                }

                list.Add(chain);
            }

            // Every build walks every mesh VirtualService here, and most have only HTTP rules: nothing is made for those.
            foreach (var virtualService in view.MeshVirtualServices)
            {
                // TCP rules match only on the port: the first rule for a port takes all of its traffic.
                HashSet<int>? tcpPorts = null;
                foreach (var rule in virtualService.Rules)
                {
                    if (rule.Kind == RouteKind.Tls)
                    {
                        foreach (var port in RulePorts(view, virtualService, rule, TrafficKind.Tls))
                        {
                            Add(port, new StreamChain(rule.SniHosts.ToList(), new List<string>(), rule.LiveDestinations));
                        }
                    }
                    else if (rule.Kind == RouteKind.Tcp)
                    {
                        tcpPorts ??= new HashSet<int>();
                        foreach (var port in RulePorts(view, virtualService, rule, TrafficKind.Tcp))
                        {
                            if (tcpPorts.Add(port))
                            {
                                Add(port, new StreamChain(new List<string>(), virtualService.Service.Addresses.ToList(), rule.LiveDestinations));
                            }
                        }
                    }
                }
            }

            foreach (var service in view.Services.Where(s => !s.IsGatewayService))
            {
                foreach (var port in service.Ports)
                {
                    var destination = new[] { new RoutingDestination(service.Host, port.Number, null, 0) };
                    if (port.Kind == TrafficKind.Tls)
                    {
                        Add(port.Number, new StreamChain(new List<string> { service.Host }, new List<string>(), destination));
                    }
                    else if (port.Kind == TrafficKind.Tcp)
                    {
                        Add(port.Number, new StreamChain(new List<string>(), service.Addresses.ToList(), destination));
                    }
                }
            }

            var listeners = new Dictionary<int, MappingNode>();
            foreach (var pair in chains)
            {
                var listener = StreamListener(pair.Key, pair.Value);
                if (listener is not null)
                {
                    listeners[pair.Key] = listener;
                }
            }

            return listeners;
        }

        private static MappingNode? StreamListener(int port, List<StreamChain> chains)
        {
            // Envoy rejects two chains with the same match: a server name, or an address set, is taken by the first chain that claims it.
            var filterChains = new List<DocumentNode>();
            var takenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var takenRanges = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chain in chains)
            {
                var match = new MappingBuilder();
                if (chain.ServerNames.Count > 0)
                {
                    var names = chain.ServerNames.Where(takenNames.Add).ToList();
                    if (names.Count == 0)
                    {
                        continue;
                    }

                    match.Add("server_names", Nodes.Strings(names));
                }
                else
                {
                    var key = string.Join(",", chain.PrefixRanges.OrderBy(r => r, StringComparer.Ordinal));
                    if (!takenRanges.Add(key))
                    {
                        continue;
                    }

                    match.AddNodes("prefix_ranges", chain.PrefixRanges.Select(PrefixRange).ToList());
                }

                filterChains.Add(ListenerBuilder.FilterChain(match, new[] { EnvoyNodes.TcpProxy(chain.Destinations) }));
            }

            if (filterChains.Count == 0)
            {
                return null;
            }

            var name = EnvoyNames.Listener("0.0.0.0", port);
            var listener = new MappingBuilder()
                .Add("@type", EnvoyTypes.Listener)
                .Add("name", name)
                .Add("address", ListenerBuilder.Address(port))
                .AddNodes("filter_chains", filterChains)
                .Add("default_filter_chain", ListenerBuilder.PassthroughFilterChain());
            if (takenNames.Count > 0)
            {
                listener
                    .Add("listener_filters", Nodes.Sequence(ListenerBuilder.ListenerFilter(EnvoyTypes.TlsInspectorName, EnvoyTypes.TlsInspector)))
                    .Add("listener_filters_timeout", "0s")
                    .Add("continue_on_listener_filters_timeout", true);
            }

            return listener
                .Add("traffic_direction", "OUTBOUND")
                .Add("bind_to_port", false)
                .Build();
        }

        /// <summary>A CIDR block or address as a CidrRange: a single IPv4 address is a /32, an IPv6 address a /128.</summary>
        public static DocumentNode PrefixRange(string address)
        {
            var slash = address.IndexOf('/');
            var ip = slash >= 0 ? address.Substring(0, slash) : address;
            var length = slash >= 0 ? int.Parse(address.Substring(slash + 1), System.Globalization.CultureInfo.InvariantCulture) : ip.Contains(":") ? 128 : 32;
            return new MappingBuilder().Add("address_prefix", ip).Add("prefix_len", length).Build();
        }
    }

    /// <summary>One service's clusters in a sidecar's configuration and the endpoints of its EDS clusters, each as compact JSON.</summary>
    internal sealed record ServiceClusters(EquatableArray<string> Clusters, EquatableArray<string> LoadAssignments);

    /// <summary>A virtual host of the sidecar's route configuration before it is written: what it is made from, and how.</summary>
    internal sealed class SidecarVirtualHost
    {
        private readonly Func<IReadOnlyCollection<DocumentNode>> routes;

        public SidecarVirtualHost(string name, IReadOnlyList<string> domains, int port, ResolvedRoute? route, Func<IReadOnlyCollection<DocumentNode>> routes)
        {
            Name = name;
            Domains = domains;
            Port = port;
            Route = route;
            this.routes = routes;
        }

        public string Name { get; }

        public IReadOnlyList<string> Domains { get; }

        public int Port { get; }

        /// <summary>
        /// The route class whose mesh VirtualService gives the routes; null for a service's own virtual host, whose one
        /// route its name (host and port) says all of.
        /// </summary>
        public ResolvedRoute? Route { get; }

        public SidecarVirtualHost WithDomains(IReadOnlyList<string> domains) => new(Name, domains, Port, Route, routes);

        public MappingNode Tree() => RouteBuilder.VirtualHost(Name, Domains, routes());

        /// <summary>The virtual host as compact JSON.</summary>
        public string Write() => JsonWriter.Compact(Tree());
    }
}
