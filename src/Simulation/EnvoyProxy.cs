using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;

#if EGRESS_GENERATOR
using EgressDsl.Generator.Simulation.Json;

namespace EgressDsl.Generator.Simulation
#else
using EgressDsl.Simulation.Json;

namespace EgressDsl.Simulation
#endif
{
    /// <summary>
    /// One proxy's Envoy configuration, read from JSON: an array of xDS resources with <c>@type</c> (the form EgressDsl writes
    /// and <c>envoy-check</c> reads), a discovery response (<c>{"resources": [...]}</c>), or a bootstrap with
    /// <c>static_resources</c>. <see cref="Simulate"/> tells what Envoy would do with a request, following Envoy's own rules.
    /// </summary>
    /// <example><code>
    /// var sidecar = EnvoyProxy.Parse(EgressCatalog.Envoy.SidecarJson, "sidecar");
    /// var result = sidecar.Simulate(SimulatedRequest.Http("nginx.external.svc.cluster.local", 80).WithHeader("want", "v1"));
    /// Console.WriteLine(result);   // listener, route, cluster, endpoints, TLS
    /// </code></example>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed partial class EnvoyProxy
    {
        private const string TypePrefix = "type.googleapis.com/";
        private const string ListenerType = "envoy.config.listener.v3.Listener";
        private const string RouteConfigurationType = "envoy.config.route.v3.RouteConfiguration";
        private const string ClusterType = "envoy.config.cluster.v3.Cluster";
        private const string LoadAssignmentType = "envoy.config.endpoint.v3.ClusterLoadAssignment";
        private const string HttpConnectionManagerType = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
        private const string TcpProxyType = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
        private const string UpstreamTlsType = "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
        private const string HttpProtocolOptionsName = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

        private readonly List<JsonValue> listeners = new();
        private readonly Dictionary<string, JsonValue> routeConfigurations = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonValue> clusters = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonValue> loadAssignments = new(StringComparer.Ordinal);

        private EnvoyProxy(string name, string? serviceHost)
        {
            Name = name;
            ServiceHost = string.IsNullOrEmpty(serviceHost) ? null : serviceHost;
        }

        /// <summary>The proxy's name, used in results and messages.</summary>
        public string Name { get; }

        /// <summary>
        /// For an egress gateway, the Kubernetes Service host in front of it. <see cref="ProxyChain"/> uses it to follow a sidecar's
        /// request to this gateway (the sidecar's cluster names that host).
        /// </summary>
        public string? ServiceHost { get; }

        /// <summary>The listeners' names, in the configuration's order.</summary>
        public IReadOnlyList<string> ListenerNames => listeners.Select(l => l.String("name") ?? string.Empty).ToList();

        /// <summary>The route configurations' names.</summary>
        public IReadOnlyList<string> RouteConfigurationNames => routeConfigurations.Keys.ToList();

        /// <summary>The clusters' names.</summary>
        public IReadOnlyList<string> ClusterNames => clusters.Keys.ToList();

        /// <summary>Reads a proxy's configuration; throws <see cref="FormatException"/> when the text is not JSON of a known
        /// shape.</summary>
        /// <param name="json">A JSON array of <c>@type</c> resources, a discovery response, or a bootstrap.</param>
        /// <param name="name">The proxy's name, for results and messages.</param>
        /// <param name="serviceHost">For a gateway, its Service host (see <see cref="ServiceHost"/>).</param>
        public static EnvoyProxy Parse(string json, string name = "proxy", string? serviceHost = null)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            var root = JsonValue.Parse(json);
            var proxy = new EnvoyProxy(name, serviceHost);
            if (root.Kind == JsonKind.Array)
            {
                proxy.AddResources(root.Items);
            }
            else if (root.IsObject && root["resources"] is { Kind: JsonKind.Array } resources)
            {
                proxy.AddResources(resources.Items);
            }
            else if (root.IsObject && root["static_resources"] is { } staticResources)
            {
                foreach (var listener in staticResources.Array("listeners"))
                {
                    proxy.listeners.Add(listener);
                }

                foreach (var cluster in staticResources.Array("clusters"))
                {
                    proxy.AddCluster(cluster);
                }
            }
            else if (root.IsObject && root.String("@type") is not null)
            {
                proxy.AddResources(new[] { root });
            }
            else
            {
                throw new FormatException("Expected a JSON array of xDS resources, a discovery response or a bootstrap with static_resources.");
            }

            return proxy;
        }

        private void AddResources(IEnumerable<JsonValue> resources)
        {
            foreach (var resource in resources)
            {
                var type = resource.String("@type") ?? string.Empty;
                if (type.StartsWith(TypePrefix, StringComparison.Ordinal))
                {
                    type = type.Substring(TypePrefix.Length);
                }

                switch (type)
                {
                    case ListenerType:
                        listeners.Add(resource);
                        break;
                    case RouteConfigurationType:
                        routeConfigurations[resource.String("name") ?? string.Empty] = resource;
                        break;
                    case ClusterType:
                        AddCluster(resource);
                        break;
                    case LoadAssignmentType:
                        loadAssignments[resource.String("cluster_name") ?? string.Empty] = resource;
                        break;
                }
            }
        }

        private void AddCluster(JsonValue cluster) => clusters[cluster.String("name") ?? string.Empty] = cluster;

        // ---------------------------------------------------------------- simulation

        /// <summary>What Envoy would do with the request: listener, filter chain, virtual host, route, cluster, endpoints and
        /// TLS.</summary>
        public SimulationResult Simulate(SimulatedRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var result = new SimulationResult(Name, request);
            var listener = SelectListener(request, result);
            if (listener is null)
            {
                return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "no listener on port " + Number(request.Port));
            }

            var chain = SelectFilterChain(listener, request, result);
            if (chain is null)
            {
                return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "no filter chain of listener " + result.Listener + " takes the connection, and it has no default filter chain");
            }

            var filters = chain.Array("filters");
            var connectionManager = filters.FirstOrDefault(f => IsType(f, HttpConnectionManagerType, "envoy.filters.network.http_connection_manager"));
            if (connectionManager is not null)
            {
                var downstreamTls = chain["transport_socket"] is not null;
                if (request.Protocol != RequestProtocol.Http || (request.IsTls && !downstreamTls))
                {
                    return result.Fail(SimulationOutcome.ProtocolError, 400, "DPE",
                        "the filter chain's HTTP connection manager cannot read " + (request.IsTls ? "TLS it does not terminate" : "a non-HTTP stream"));
                }

                if (downstreamTls)
                {
                    result.trace.Add("the filter chain terminates TLS" + (request.Sni is null ? string.Empty : " (SNI " + request.Sni + ")"));
                }

                return RouteHttp(connectionManager["typed_config"] ?? JsonValue.Null, request, result);
            }

            var tcpProxy = filters.FirstOrDefault(f => IsType(f, TcpProxyType, "envoy.filters.network.tcp_proxy"));
            if (tcpProxy is not null)
            {
                var config = tcpProxy["typed_config"] ?? JsonValue.Null;
                var targets = Targets(config);
                result.trace.Add("TCP proxy " + (config.String("stat_prefix") ?? string.Empty) + " to " + string.Join(", ", targets.Select(t => t.ToString())));
                return Upstream(targets, request, result);
            }

            return result.Fail(SimulationOutcome.ProtocolError, 400, null, "the filter chain has neither an HTTP connection manager nor a TCP proxy");
        }

        /// <summary>
        /// False only when <see cref="Simulate"/> would certainly find no route for the request (404 NR): no listener on its
        /// port, or, for HTTP, no filter chain on that port leading to a virtual host whose domains match its authority.
        /// <see cref="ProxyChain"/> asks it before simulating each of the gateways behind one Service, most of which have no
        /// route for a given request; true does not mean the request is routed.
        /// </summary>
        internal bool MayRoute(SimulatedRequest request)
        {
            foreach (var listener in listeners)
            {
                if (ListenerPort(listener) != request.Port)
                {
                    continue;
                }

                if (request.Protocol != RequestProtocol.Http)
                {
                    return true;
                }

                var chains = listener.Array("filter_chains");
                if (listener["default_filter_chain"] is { } fallback)
                {
                    chains = chains.Concat(new[] { fallback }).ToList();
                }

                foreach (var chain in chains)
                {
                    // Not an HTTP connection manager, or one that cannot read the TLS: the request ends some other way.
                    var connectionManager = chain.Array("filters").FirstOrDefault(f => IsType(f, HttpConnectionManagerType, "envoy.filters.network.http_connection_manager"));
                    if (connectionManager is null || (request.IsTls && chain["transport_socket"] is null))
                    {
                        return true;
                    }

                    var managerConfig = connectionManager["typed_config"] ?? JsonValue.Null;
                    var configuration = managerConfig["route_config"];
                    if (configuration is null)
                    {
                        routeConfigurations.TryGetValue(managerConfig["rds"]?.String("route_config_name") ?? string.Empty, out configuration);
                    }

                    if (configuration is null)
                    {
                        continue;
                    }

                    // With or without the port: whichever the configuration's ignore-port settings make RouteHttp look up.
                    var domains = domainsByConfiguration.GetValue(configuration, DomainsOf);
                    if (EnvoyMatching.FindVirtualHost(domains, request.Authority) >= 0
                        || EnvoyMatching.FindVirtualHost(domains, EnvoyMatching.HostWithoutPort(request.Authority)) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private JsonValue? SelectListener(SimulatedRequest request, SimulationResult result)
        {
            var candidates = listeners.Where(l => ListenerPort(l) == request.Port).ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            // A listener bound to the destination address wins over a wildcard one, as the sidecar's original-destination hand-off does.
            var listener = candidates.FirstOrDefault(l => request.DestinationAddress is not null && ListenerAddress(l) == request.DestinationAddress)
                ?? candidates.FirstOrDefault(l => ListenerAddress(l) is "0.0.0.0" or "::")
                ?? candidates[0];
            result.Listener = listener.String("name") ?? ListenerAddress(listener) + ":" + Number(request.Port);
            result.trace.Add("listener " + result.Listener + " (" + ListenerAddress(listener) + ":" + Number(request.Port) + ")");
            return listener;
        }

        private static int ListenerPort(JsonValue listener) => (int)(listener["address"]?["socket_address"]?.Integer("port_value") ?? -1);

        private static string ListenerAddress(JsonValue listener) => listener["address"]?["socket_address"]?.String("address") ?? string.Empty;

        /// <summary>
        /// Envoy's filter chain selection (<c>FilterChainManagerImpl::findFilterChain</c>): destination port, then destination IP
        /// (longest prefix), then server name (exact, longest wildcard, none), transport protocol, application protocols. At
        /// each level the most specific chains win and Envoy never backtracks, except from a destination-port match to chains
        /// without a port. The server name and ALPN are known only with tls_inspector, plain-text HTTP only with http_inspector.
        /// </summary>
        private static JsonValue? SelectFilterChain(JsonValue listener, SimulatedRequest request, SimulationResult result)
        {
            var listenerFilters = listener.Array("listener_filters");
            var tlsInspector = listenerFilters.Any(f => (f.String("name") ?? string.Empty).EndsWith("tls_inspector", StringComparison.Ordinal));
            var httpInspector = listenerFilters.Any(f => (f.String("name") ?? string.Empty).EndsWith("http_inspector", StringComparison.Ordinal));
            var transport = request.IsTls && tlsInspector ? "tls" : "raw_buffer";
            var serverName = request.IsTls && tlsInspector ? request.Sni ?? string.Empty : string.Empty;
            var applicationProtocols = request.Protocol == RequestProtocol.Http && !request.IsTls && httpInspector ? new[] { "http/1.1" } : new string[0];

            var chains = listener.Array("filter_chains").Select((chain, index) => (Chain: chain, Index: index)).ToList();
            var withPort = chains.Where(c => c.Chain["filter_chain_match"]?.Integer("destination_port") == request.Port).ToList();
            var chosen = withPort.Count > 0 ? ByDestinationAddress(withPort, request, serverName, transport, applicationProtocols) : null;
            chosen ??= ByDestinationAddress(chains.Where(c => c.Chain["filter_chain_match"]?.Integer("destination_port") is null).ToList(), request, serverName, transport, applicationProtocols);

            if (chosen is { } found)
            {
                var name = found.Chain.String("name");
                result.FilterChain = name ?? "#" + Number(found.Index) + DescribeChainMatch(found.Chain["filter_chain_match"]);
                result.trace.Add("filter chain " + result.FilterChain + " takes the connection (" + transport
                    + (serverName.Length > 0 ? ", SNI " + serverName : string.Empty)
                    + (applicationProtocols.Length > 0 ? ", ALPN " + string.Join(",", applicationProtocols) : string.Empty) + ")");
                return found.Chain;
            }

            if (listener["default_filter_chain"] is { } fallback)
            {
                result.FilterChain = fallback.String("name") ?? "default";
                result.trace.Add("no filter chain matches (connection: " + transport + (serverName.Length > 0 ? ", SNI " + serverName : string.Empty)
                    + "): the default filter chain " + result.FilterChain + " takes it");
                return fallback;
            }

            return null;
        }

        private static (JsonValue Chain, int Index)? ByDestinationAddress(List<(JsonValue Chain, int Index)> chains, SimulatedRequest request, string serverName, string transport, string[] applicationProtocols)
        {
            if (chains.Count == 0)
            {
                return null;
            }

            // Chains without prefix ranges stand for 0.0.0.0/0 and ::/0: the longest matching prefix wins.
            var ranked = new List<((JsonValue Chain, int Index) Chain, int Length)>();
            foreach (var chain in chains)
            {
                var ranges = chain.Chain["filter_chain_match"]?.Array("prefix_ranges") ?? new JsonValue[0];
                if (ranges.Count == 0)
                {
                    ranked.Add((chain, 0));
                    continue;
                }

                if (request.DestinationAddress is null)
                {
                    continue;
                }

                var best = -1;
                foreach (var range in ranges)
                {
                    var length = (int)(range.Wrapped("prefix_len") is { } value && long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0);
                    if (EnvoyMatching.InRange(request.DestinationAddress, range.String("address_prefix") ?? string.Empty, length))
                    {
                        best = Math.Max(best, length);
                    }
                }

                if (best >= 0)
                {
                    ranked.Add((chain, best));
                }
            }

            if (ranked.Count == 0)
            {
                return null;
            }

            var longest = ranked.Max(r => r.Length);
            var byAddress = ranked.Where(r => r.Length == longest).Select(r => r.Chain).ToList();

            // Server name: exact, then the longest wildcard, then chains that list none.
            var named = byAddress.Select(c => (Chain: c, Rank: EnvoyMatching.ServerNameMatch(ServerNames(c.Chain), serverName, out var length), Length: length)).ToList();
            var byName = serverName.Length == 0 ? new List<(JsonValue, int)>() : named.Where(n => n.Rank == 2).Select(n => n.Chain).ToList();
            if (byName.Count == 0 && serverName.Length > 0)
            {
                var wildcards = named.Where(n => n.Rank == 1).ToList();
                if (wildcards.Count > 0)
                {
                    var longestName = wildcards.Max(w => w.Length);
                    byName = wildcards.Where(w => w.Length == longestName).Select(w => w.Chain).ToList();
                }
            }

            if (byName.Count == 0)
            {
                byName = byAddress.Where(c => ServerNames(c.Chain).Count == 0).ToList();
            }

            // Transport protocol: the detected one, else chains that name none.
            var byTransport = byName.Where(c => c.Item1["filter_chain_match"]?.String("transport_protocol") == transport).ToList();
            if (byTransport.Count == 0)
            {
                byTransport = byName.Where(c => string.IsNullOrEmpty(c.Item1["filter_chain_match"]?.String("transport_protocol"))).ToList();
            }

            // Application protocols: the first of the connection's that a chain lists, else chains that list none.
            foreach (var protocol in applicationProtocols)
            {
                var match = byTransport.Where(c => ApplicationProtocols(c.Item1).Contains(protocol)).ToList();
                if (match.Count > 0)
                {
                    return match[0];
                }
            }

            var any = byTransport.Where(c => ApplicationProtocols(c.Item1).Count == 0).ToList();
            return any.Count > 0 ? any[0] : null;
        }

        private static IReadOnlyList<string> ServerNames(JsonValue chain) =>
            (chain["filter_chain_match"]?.Array("server_names") ?? new JsonValue[0]).Select(n => n.Text ?? string.Empty).ToList();

        private static IReadOnlyList<string> ApplicationProtocols(JsonValue chain) =>
            (chain["filter_chain_match"]?.Array("application_protocols") ?? new JsonValue[0]).Select(n => n.Text ?? string.Empty).ToList();

        private static string DescribeChainMatch(JsonValue? match)
        {
            if (match is null || match.Members.Count == 0)
            {
                return string.Empty;
            }

            var parts = new List<string>();
            if (match.Integer("destination_port") is { } port)
            {
                parts.Add("port " + port.ToString(CultureInfo.InvariantCulture));
            }

            var ranges = match.Array("prefix_ranges").Select(r => (r.String("address_prefix") ?? string.Empty) + "/" + (r.Wrapped("prefix_len")?.Text ?? "0")).ToList();
            if (ranges.Count > 0)
            {
                parts.Add("addresses " + string.Join(", ", ranges));
            }

            var names = match.Array("server_names").Select(n => n.Text ?? string.Empty).ToList();
            if (names.Count > 0)
            {
                parts.Add("SNI " + string.Join(", ", names));
            }

            if (match.String("transport_protocol") is { } transport)
            {
                parts.Add("transport " + transport);
            }

            var protocols = match.Array("application_protocols").Select(n => n.Text ?? string.Empty).ToList();
            if (protocols.Count > 0)
            {
                parts.Add("ALPN " + string.Join(", ", protocols));
            }

            return parts.Count == 0 ? string.Empty : " (" + string.Join("; ", parts) + ")";
        }

        private static bool IsType(JsonValue filter, string typeUrl, string name) =>
            (filter["typed_config"]?.String("@type") ?? string.Empty).EndsWith(typeUrl, StringComparison.Ordinal) || filter.String("name") == name;

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <inheritdoc />
        public override string ToString() =>
            Name + ": " + Number(listeners.Count) + " listener(s), " + Number(routeConfigurations.Count) + " route configuration(s), "
            + Number(clusters.Count) + " cluster(s), " + Number(loadAssignments.Count) + " load assignment(s)";
    }
}
