using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// A standalone Envoy bootstrap (docs/istio-to-envoy.md, "The standalone bootstrap") that does the project's egress routing without Istio:
    /// one Envoy in the role of the egress gateway, with static listeners and clusters. It keeps the routing (listeners by port,
    /// virtual hosts by host, header, URI and SNI rules, one cluster per subset) and replaces what only a mesh provides: endpoints
    /// are listed in the clusters (STATIC for IP addresses, STRICT_DNS for names) and certificates are read from files.
    /// </summary>
    internal static partial class BootstrapEmitter
    {
        /// <summary>Where the standalone Envoy expects the files of a Kubernetes Secret named by credentialName (mount the Secret there).</summary>
        public const string CredentialDirectory = "/etc/egress/credentials/";

        /// <summary>The system trust store of Envoy's Debian-based image, for SIMPLE TLS that names no CA.</summary>
        public const string SystemTrustStore = "/etc/ssl/certs/ca-certificates.crt";

        private const string ConnectTimeout = "10s";

        /// <summary>Stands for the clusters in <see cref="Skeleton"/>: a value no document of this emitter holds (it is not a host, name or path).</summary>
        public const string ClustersPlaceholder = "egressdsl: the clusters";

        /// <summary>The column of the cluster list's items (<c>static_resources.clusters</c>), which kept clusters are written for.</summary>
        public const int ClustersColumn = 2;

        /// <summary>
        /// The column of an HTTP listener's virtual hosts (<c>static_resources.listeners[].filter_chains[].filters[].typed_config.route_config.virtual_hosts</c>),
        /// which kept virtual hosts are written for.
        /// </summary>
        public const int VirtualHostsColumn = 12;

        /// <summary>Stands for the virtual hosts of the HTTP listener on <paramref name="port"/> in <see cref="Skeleton"/>; like <see cref="ClustersPlaceholder"/>, no value of the document.</summary>
        public static string VirtualHostsPlaceholder(int port) => "egressdsl: the virtual hosts of port " + EnvoyNames.Number(port);

        /// <summary>The whole bootstrap.</summary>
        public static MappingNode Emit(MeshView view) => Build(view, placeholders: false).Document;

        /// <summary>
        /// The bootstrap with its cluster list holding only <see cref="ClustersPlaceholder"/> and each HTTP listener's virtual
        /// hosts only <see cref="VirtualHostsPlaceholder"/>, and what they stand for, in order: the clusters (each made by
        /// <see cref="Cluster"/>) and the virtual hosts (<see cref="BootstrapVirtualHost"/>). Together they are nearly all of
        /// the document, and each changes only with its service or its route, so a build writes each once and keeps its text;
        /// what is left is a tree of a few nodes per listener.
        /// </summary>
        public static BootstrapSkeleton Skeleton(MeshView view) => Build(view, placeholders: true);

        private static BootstrapSkeleton Build(MeshView view, bool placeholders)
        {
            // The rules that reach services: gateway VirtualServices, and mesh VirtualServices that do not go to a gateway.
            // Loops rather than LINQ from here on: the skeleton is built in every build, over every route of the project.
            var gatewayHosts = new HashSet<string>(view.Services.Where(s => s.IsGatewayService).Select(s => s.Host), StringComparer.OrdinalIgnoreCase);
            var clusters = new ClusterNames(view);
            var byPort = new SortedDictionary<int, List<ListenerRule>>();
            foreach (var virtualService in view.VirtualServices)
            {
                if (GoesTo(virtualService, gatewayHosts))
                {
                    continue;
                }

                for (var index = 0; index < virtualService.Rules.Count; index++)
                {
                    var rule = virtualService.Rules[index];
                    if (!clusters.AllExist(rule.LiveDestinations))
                    {
                        // A destination Envoy cannot reach without a mesh (a wildcard host with no endpoints) has no route.
                        continue;
                    }

                    if (rule.Port != 0)
                    {
                        Add(byPort, rule.Port, new ListenerRule(virtualService, rule, index));
                        continue;
                    }

                    foreach (var port in Ports(view, virtualService, rule))
                    {
                        Add(byPort, port, new ListenerRule(virtualService, rule, index));
                    }
                }
            }

            var listeners = new List<DocumentNode>();
            var virtualHosts = placeholders ? new List<BootstrapListenerVirtualHosts>() : null;
            foreach (var pair in byPort)
            {
                var listener = Listener(pair.Key, pair.Value, clusters, virtualHosts);
                if (listener is not null)
                {
                    listeners.Add(listener);
                }
            }

            var used = clusters.Used;
            var staticResources = new MappingBuilder()
                .AddNodes("listeners", listeners)
                .AddNodes("clusters", placeholders && used.Count > 0
                    ? new DocumentNode[] { ScalarNode.Text(ClustersPlaceholder) }
                    : used.Select(c => (DocumentNode)Cluster(view, c.Name, c.Destination)).ToList());
            var document = new MappingBuilder()
                .Add("node", new MappingBuilder().Add("id", "egress-envoy-0").Add("cluster", "egress-envoy"))
                .Add("admin", Nodes.Map("address", EnvoyNodes.Address("127.0.0.1", 9901)))
                .Add("static_resources", staticResources.IsEmpty ? EnvoyNodes.EmptyObject : staticResources.Build())
                .Build();
            return new BootstrapSkeleton(document, used, (IReadOnlyList<BootstrapListenerVirtualHosts>?)virtualHosts ?? Array.Empty<BootstrapListenerVirtualHosts>());
        }

        /// <summary>A rule of a VirtualService that a listener serves, with its position among the VirtualService's rules.</summary>
        private readonly record struct ListenerRule(VirtualServiceView VirtualService, RoutingRule Rule, int Index);

        private static void Add(SortedDictionary<int, List<ListenerRule>> byPort, int port, ListenerRule rule)
        {
            if (!byPort.TryGetValue(port, out var list))
            {
                byPort[port] = list = new List<ListenerRule>();
            }

            list.Add(rule);
        }

        /// <summary>Whether a rule of the VirtualService sends to one of <paramref name="hosts"/> (the gateways' Services): then it is not a final hop.</summary>
        private static bool GoesTo(VirtualServiceView virtualService, HashSet<string> hosts)
        {
            foreach (var rule in virtualService.Rules)
            {
                foreach (var destination in rule.Destinations)
                {
                    if (hosts.Contains(destination.Host))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The ports a rule that names none (<see cref="RoutingRule.Port"/> 0) applies to: its hosts' ports of its kind of traffic.</summary>
        private static IEnumerable<int> Ports(MeshView view, VirtualServiceView virtualService, RoutingRule rule)
        {
            var kind = Traffic.Of(rule.Kind);
            return virtualService.Hosts.Select(view.Service).Where(s => s is not null)
                .SelectMany(s => s!.Ports.Where(p => p.Kind == kind).Select(p => p.Number))
                .Distinct();
        }

        // ---------------------------------------------------------------- listeners

        private static MappingNode? Listener(int port, List<ListenerRule> rules, ClusterNames clusters, List<BootstrapListenerVirtualHosts>? virtualHosts)
        {
            if (rules.Any(r => r.Rule.Kind == RouteKind.Http))
            {
                return HttpListener(port, rules.Where(r => r.Rule.Kind == RouteKind.Http).ToList(), clusters, virtualHosts);
            }

            var chains = new List<DocumentNode>();
            var takenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (_, rule, _) in rules.Where(r => r.Rule.Kind == RouteKind.Tls))
            {
                var names = rule.SniHosts.Where(takenNames.Add).ToList();
                if (names.Count > 0)
                {
                    chains.Add(new MappingBuilder()
                        .Add("filter_chain_match", Nodes.Map("server_names", Nodes.Strings(names)))
                        .Add("filters", Nodes.Sequence(EnvoyNodes.TcpProxy(rule.LiveDestinations, clusters.Name)))
                        .Build());
                }
            }

            var tcp = rules.FirstOrDefault(r => r.Rule.Kind == RouteKind.Tcp).Rule;
            if (tcp is not null && takenNames.Count == 0)
            {
                chains.Add(Nodes.Map("filters", Nodes.Sequence(EnvoyNodes.TcpProxy(tcp.LiveDestinations, clusters.Name))));
            }

            if (chains.Count == 0)
            {
                return null;
            }

            var name = (takenNames.Count > 0 ? "egress_tls_" : "egress_tcp_") + EnvoyNames.Number(port);
            var listener = new MappingBuilder()
                .Add("name", name)
                .Add("address", EnvoyNodes.Address("0.0.0.0", port));
            if (takenNames.Count > 0)
            {
                listener.Add("listener_filters", Nodes.Sequence(EnvoyNodes.Extension(EnvoyTypes.TlsInspectorName, EnvoyTypes.TlsInspector)));
            }

            return listener.AddNodes("filter_chains", chains).Build();
        }

        // With placeholders (kept not null), the virtual hosts are handed to the caller and one placeholder stands for them;
        // their routes name their clusters here either way, so the clusters come in the same order.
        private static MappingNode HttpListener(int port, List<ListenerRule> rules, ClusterNames clusters, List<BootstrapListenerVirtualHosts>? kept)
        {
            var portText = EnvoyNames.Number(port);
            var name = "egress_http_" + portText;
            var virtualHosts = new List<BootstrapVirtualHost>();
            var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            Func<RoutingDestination, string> clusterName = clusters.Name;

            // A VirtualService's rules are next to each other in the list (Build adds them one VirtualService at a time).
            for (var start = 0; start < rules.Count;)
            {
                var virtualService = rules[start].VirtualService;
                var end = start + 1;
                while (end < rules.Count && rules[end].VirtualService == virtualService)
                {
                    end++;
                }

                List<BootstrapRoute>? routes = null;
                foreach (var host in virtualService.Hosts)
                {
                    var hostDomains = new List<string>(2);
                    foreach (var domain in new[] { host, host + ":" + portText })
                    {
                        if (domains.Add(domain))
                        {
                            hostDomains.Add(domain);
                        }
                    }

                    if (hostDomains.Count == 0)
                    {
                        continue;
                    }

                    // The routes are the same for each host; they name their clusters the first time they are made.
                    if (routes is null)
                    {
                        routes = new List<BootstrapRoute>(end - start);
                        for (var i = start; i < end; i++)
                        {
                            routes.Add(new BootstrapRoute(rules[i].Rule, rules[i].Index, clusterName));
                        }
                    }

                    virtualHosts.Add(new BootstrapVirtualHost(EnvoyNames.VirtualHost(host, port), hostDomains, port, virtualService, routes));
                }

                start = end;
            }

            IReadOnlyCollection<DocumentNode> virtualHostNodes;
            if (kept is not null && virtualHosts.Count > 0)
            {
                var placeholder = VirtualHostsPlaceholder(port);
                kept.Add(new BootstrapListenerVirtualHosts(placeholder, virtualHosts));
                virtualHostNodes = new DocumentNode[] { ScalarNode.Text(placeholder) };
            }
            else
            {
                virtualHostNodes = virtualHosts.Select(v => (DocumentNode)v.Tree()).ToList();
            }

            var connectionManager = new MappingBuilder()
                .Add("stat_prefix", name)
                .Add("codec_type", "AUTO")
                .Add("route_config", new MappingBuilder().Add("name", "egress_routes_" + portText).AddNodes("virtual_hosts", virtualHostNodes))
                .Add("http_filters", Nodes.Sequence(EnvoyNodes.Extension(EnvoyTypes.RouterName, EnvoyTypes.Router)));
            var chain = Nodes.Map("filters", Nodes.Sequence(EnvoyNodes.Extension(EnvoyTypes.HttpConnectionManagerName, EnvoyTypes.HttpConnectionManager, connectionManager)));
            return new MappingBuilder()
                .Add("name", name)
                .Add("address", EnvoyNodes.Address("0.0.0.0", port))
                .Add("filter_chains", Nodes.Sequence(chain))
                .Build();
        }
    }

    /// <summary>
    /// The standalone bootstrap around placeholders (<see cref="BootstrapEmitter.Skeleton"/>): the document, the clusters
    /// its cluster list stands for, and the virtual hosts each HTTP listener's list stands for, in the document's order.
    /// </summary>
    internal sealed record BootstrapSkeleton(
        MappingNode Document,
        IReadOnlyList<(string Name, RoutingDestination Destination)> Clusters,
        IReadOnlyList<BootstrapListenerVirtualHosts> VirtualHosts);

    /// <summary>The virtual hosts of one HTTP listener of the bootstrap, and the placeholder that stands for them in the skeleton.</summary>
    internal sealed record BootstrapListenerVirtualHosts(string Placeholder, IReadOnlyList<BootstrapVirtualHost> Items);

    /// <summary>
    /// A virtual host of the bootstrap before it is written: its name, its domains (the first virtual host of a listener
    /// keeps a domain, so they depend on the others), its port, the VirtualService its routes come from, and the routes.
    /// </summary>
    internal sealed class BootstrapVirtualHost
    {
        public BootstrapVirtualHost(string name, IReadOnlyList<string> domains, int port, VirtualServiceView virtualService, IReadOnlyList<BootstrapRoute> routes)
        {
            Name = name;
            Domains = domains;
            Port = port;
            VirtualService = virtualService;
            Routes = routes;
        }

        public string Name { get; }

        public IReadOnlyList<string> Domains { get; }

        public int Port { get; }

        public VirtualServiceView VirtualService { get; }

        public IReadOnlyList<BootstrapRoute> Routes { get; }

        public MappingNode Tree() => RouteBuilder.VirtualHost(Name, Domains, Routes.Select(r => (DocumentNode)r.Tree()).ToList());

        /// <summary>The virtual host as YAML, an item of its listener's list (<see cref="BootstrapEmitter.VirtualHostsColumn"/>).</summary>
        public string Write() => YamlWriter.WriteItem(Tree(), BootstrapEmitter.VirtualHostsColumn);
    }

    /// <summary>
    /// A route of the bootstrap: a rule of a VirtualService, its position among that VirtualService's rules, and the
    /// clusters its live destinations go to, named when the route is made (the names depend on the whole mesh, and the
    /// bootstrap lists its clusters in the order they are first named).
    /// </summary>
    internal sealed class BootstrapRoute
    {
        private readonly IReadOnlyList<RoutingDestination> destinations;

        public BootstrapRoute(RoutingRule rule, int index, Func<RoutingDestination, string> clusterName)
        {
            Rule = rule;
            Index = index;
            destinations = rule.LiveDestinations;
            var clusters = new string[destinations.Count];
            for (var i = 0; i < clusters.Length; i++)
            {
                clusters[i] = clusterName(destinations[i]);
            }

            Clusters = clusters;
        }

        public RoutingRule Rule { get; }

        public int Index { get; }

        public IReadOnlyList<string> Clusters { get; }

        public MappingNode Tree()
        {
            var action = new MappingBuilder()
                .AddDestinations(destinations, Clusters)
                .Add("timeout", Rule.Timeout is { } timeout ? EnvoyDuration.From(timeout) : "0s");
            return new MappingBuilder()
                .Add("name", Rule.Name)
                .Add("match", RouteBuilder.Match(Rule))
                .Add("route", action)
                .Build();
        }
    }
}
