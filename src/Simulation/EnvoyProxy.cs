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
    sealed class EnvoyProxy
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

        // ---------------------------------------------------------------- HTTP

        // A sidecar's route configuration has a virtual host per service, and every request on its port looks at all their
        // domains: listed once per configuration, not once per request.
        private readonly ConditionalWeakTable<JsonValue, IReadOnlyList<IReadOnlyList<string>>> domainsByConfiguration = new();

        private static IReadOnlyList<IReadOnlyList<string>> DomainsOf(JsonValue configuration) =>
            configuration.Array("virtual_hosts").Select(v => (IReadOnlyList<string>)v.Array("domains").Select(d => d.Text ?? string.Empty).ToList()).ToList();

        private SimulationResult RouteHttp(JsonValue connectionManager, SimulatedRequest request, SimulationResult result)
        {
            JsonValue? configuration;
            string configurationName;
            if (connectionManager["route_config"] is { } inline)
            {
                configuration = inline;
                configurationName = inline.String("name") ?? "(inline)";
            }
            else
            {
                configurationName = connectionManager["rds"]?.String("route_config_name") ?? string.Empty;
                routeConfigurations.TryGetValue(configurationName, out configuration);
            }

            result.RouteConfiguration = configurationName;
            if (configuration is null)
            {
                return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "route configuration " + configurationName + " is not in the proxy's configuration (an RDS name with no RouteConfiguration routes nothing)");
            }

            var ignorePort = configuration.Bool("ignore_port_in_host_matching") || connectionManager.Bool("strip_any_host_port");
            var host = ignorePort ? EnvoyMatching.HostWithoutPort(request.Authority) : request.Authority;
            var virtualHosts = configuration.Array("virtual_hosts");
            var index = EnvoyMatching.FindVirtualHost(domainsByConfiguration.GetValue(configuration, DomainsOf), host);
            if (index < 0)
            {
                return result.Fail(SimulationOutcome.NoRoute, 404, "NR",
                    "route configuration " + configurationName + ": no virtual host has a domain matching " + EnvoyMatching.Quote(host)
                    + (ignorePort ? " (ports in the Host header are ignored)" : string.Empty));
            }

            var virtualHost = virtualHosts[index];
            result.VirtualHost = virtualHost.String("name") ?? "#" + Number(index);
            result.trace.Add("route configuration " + configurationName + ", virtual host " + result.VirtualHost + " for host " + EnvoyMatching.Quote(host)
                + (ignorePort && host != request.Authority ? " (port ignored)" : string.Empty));

            var path = connectionManager.Bool("normalize_path") ? EnvoyMatching.NormalizePath(request.Path) : request.Path;
            var routes = virtualHost.Array("routes");
            for (var i = 0; i < routes.Count; i++)
            {
                var route = routes[i];
                var match = route["match"] ?? JsonValue.Null;
                var undecidedBefore = result.undecided.Count;
                if (!RouteMatches(match, request, path, out var description, out var reason, result.undecided))
                {
                    var undecided = result.undecided.Count > undecidedBefore
                        ? " (counted as no match, but not decided: " + string.Join("; ", result.undecided.Skip(undecidedBefore)) + ")"
                        : string.Empty;
                    result.trace.Add("route #" + Number(i) + " (" + description + ") does not match: " + reason + undecided);
                    continue;
                }

                result.RouteIndex = i;
                result.RouteMatch = description;
                result.Route = route.String("name") ?? description;
                result.RouteOrigin = route["metadata"]?["filter_metadata"]?["istio"]?.String("config");
                result.trace.Add("route #" + Number(i) + (route.String("name") is { } name ? " '" + name + "'" : string.Empty) + " (" + description + ") matches");
                return RouteAction(route, request, result);
            }

            return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "no route of virtual host " + result.VirtualHost + " matches");
        }

        private SimulationResult RouteAction(JsonValue route, SimulatedRequest request, SimulationResult result)
        {
            if (route["route"] is { } action)
            {
                var targets = Targets(action);
                if (targets.Count == 0)
                {
                    if (action["cluster_header"] is not null || action["cluster_specifier_plugin"] is not null || action["inline_cluster_specifier_plugin"] is not null)
                    {
                        result.undecided.Add("the route chooses its cluster by cluster_header or a cluster specifier plugin, which the simulator does not follow");
                    }

                    return result.Fail(SimulationOutcome.ClusterNotFound, 503, "NC", "the route names no cluster (cluster_header and cluster_specifier_plugin are not simulated)");
                }

                return Upstream(targets, request, result);
            }

            if (route["direct_response"] is { } response)
            {
                var status = (int)(response.Integer("status") ?? 200);
                result.Outcome = SimulationOutcome.DirectResponse;
                result.StatusCode = status;
                result.ResponseFlags = null;
                result.trace.Add("the route answers directly with " + Number(status));
                return result;
            }

            if (route["redirect"] is { } redirect)
            {
                var code = redirect.String("response_code") switch
                {
                    "FOUND" => 302,
                    "SEE_OTHER" => 303,
                    "TEMPORARY_REDIRECT" => 307,
                    "PERMANENT_REDIRECT" => 308,
                    _ => 301,
                };
                result.Outcome = SimulationOutcome.DirectResponse;
                result.StatusCode = code;
                result.ResponseFlags = null;
                result.trace.Add("the route redirects with " + Number(code));
                return result;
            }

            return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "the route has no action");
        }

        /// <summary>
        /// A route's match (<c>RouteEntryImplBase::matchRoute</c>): the path specifier on the path without its query string (a
        /// prefix or path is case-sensitive unless <c>case_sensitive</c> is false; a regex must match the whole path), then
        /// every header matcher, then every query parameter matcher.
        /// </summary>
        private static bool RouteMatches(JsonValue match, SimulatedRequest request, string path, out string description, out string reason, ICollection<string> undecided)
        {
            var caseSensitive = match.Wrapped("case_sensitive")?.Text != "false";
            var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var pathOnly = EnvoyMatching.RemoveQueryAndFragment(path);
            var parts = new List<string>();
            bool pathMatches;
            if (match.String("prefix") is { } prefix)
            {
                parts.Add("prefix " + EnvoyMatching.Quote(prefix));
                pathMatches = pathOnly.StartsWith(prefix, comparison);
            }
            else if (match.String("path") is { } exact)
            {
                parts.Add("path " + EnvoyMatching.Quote(exact));
                pathMatches = string.Equals(pathOnly, exact, comparison);
            }
            else if (match["safe_regex"] is { } regex)
            {
                var pattern = regex.String("regex") ?? string.Empty;
                parts.Add("path regex " + EnvoyMatching.Quote(pattern));
                pathMatches = EnvoyMatching.FullMatch(pattern, pathOnly, undecided);
            }
            else if (match.String("path_separated_prefix") is { } separated)
            {
                parts.Add("path segments " + EnvoyMatching.Quote(separated));
                pathMatches = string.Equals(pathOnly, separated, comparison) || pathOnly.StartsWith(separated + "/", comparison);
            }
            else
            {
                parts.Add("an unsupported path matcher");
                var names = string.Join(", ", PathMatcherNames(match));
                undecided.Add(names.Length == 0 ? "the route has no path matcher, which Envoy requires" : "the route's path matcher (" + names + ") is not one the simulator evaluates");
                pathMatches = false;
            }

            var failures = new List<string>();
            if (!pathMatches)
            {
                failures.Add("path " + EnvoyMatching.Quote(pathOnly));
            }

            foreach (var header in match.Array("headers"))
            {
                var matched = EnvoyMatching.HeaderMatches(header, request, out var headerDescription, undecided);
                parts.Add(headerDescription);
                if (!matched)
                {
                    var name = (header.String("name") ?? string.Empty).ToLowerInvariant();
                    var value = request.Header(name);
                    failures.Add(value is null ? "header " + name + " is missing" : "header " + name + " is " + EnvoyMatching.Quote(value));
                }
            }

            foreach (var parameter in match.Array("query_parameters"))
            {
                var name = parameter.String("name") ?? string.Empty;
                var value = QueryParameter(path, name);
                bool matched;
                if (parameter["string_match"] is { } stringMatch)
                {
                    var stringMatched = EnvoyMatching.StringMatches(stringMatch, value ?? string.Empty, out var what, undecided);
                    matched = value is not null && stringMatched;
                    parts.Add("query " + name + " " + what);
                }
                else
                {
                    matched = value is not null;
                    parts.Add("query " + name + " present");
                }

                if (!matched)
                {
                    failures.Add(value is null ? "query parameter " + name + " is missing" : "query parameter " + name + " is " + EnvoyMatching.Quote(value));
                }
            }

            if (match["grpc"] is not null)
            {
                parts.Add("gRPC");
                if (!(request.Header("content-type") ?? string.Empty).StartsWith("application/grpc", StringComparison.Ordinal))
                {
                    failures.Add("the request is not gRPC");
                }
            }

            description = string.Join(", ", parts);
            reason = string.Join("; ", failures);
            return failures.Count == 0;
        }

        private static IEnumerable<string> PathMatcherNames(JsonValue match)
        {
            foreach (var name in new[] { "path_match_policy", "connect_matcher", "path_template" })
            {
                if (match[name] is not null)
                {
                    yield return name;
                }
            }
        }

        private static string? QueryParameter(string path, string name)
        {
            var question = path.IndexOf('?');
            if (question < 0)
            {
                return null;
            }

            var query = path.Substring(question + 1);
            var hash = query.IndexOf('#');
            if (hash >= 0)
            {
                query = query.Substring(0, hash);
            }

            foreach (var pair in query.Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = equals < 0 ? pair : pair.Substring(0, equals);
                if (key == name)
                {
                    return equals < 0 ? string.Empty : pair.Substring(equals + 1);
                }
            }

            return null;
        }

        /// <summary>The clusters of a route action or TCP proxy: <c>cluster</c>, or the entries of <c>weighted_clusters</c> with a weight
        /// above 0.</summary>
        private static List<WeightedCluster> Targets(JsonValue action)
        {
            var targets = new List<WeightedCluster>();
            if (action.String("cluster") is { } cluster)
            {
                targets.Add(new WeightedCluster(cluster, 0));
            }
            else if (action["weighted_clusters"] is { } weighted)
            {
                foreach (var entry in weighted.Array("clusters"))
                {
                    var weight = (int)(entry.Wrapped("weight") is { } value && long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0);
                    if (weight > 0 && entry.String("name") is { } name)
                    {
                        targets.Add(new WeightedCluster(name, weight));
                    }
                }
            }

            return targets;
        }

        // ---------------------------------------------------------------- clusters

        private SimulationResult Upstream(List<WeightedCluster> targets, SimulatedRequest request, SimulationResult result)
        {
            if (targets.Count == 0)
            {
                return result.Fail(SimulationOutcome.ClusterNotFound, 503, "NC", "no cluster is named");
            }

            result.Clusters = targets;

            // A split is described by its heaviest cluster (the first of equal weights); every cluster is in Clusters.
            var chosen = targets.OrderByDescending(t => t.Weight).First();
            result.Cluster = chosen.Name;
            if (!clusters.TryGetValue(chosen.Name, out var cluster))
            {
                return result.Fail(SimulationOutcome.ClusterNotFound, 503, "NC", "cluster " + chosen.Name + " is not among the proxy's clusters");
            }

            var type = TypeOf(cluster);
            result.ClusterType = type;
            var endpoints = EndpointsOf(cluster, type, chosen.Name, request, out var source);
            result.Endpoints = endpoints;
            result.Tls = UpstreamTlsOf(cluster, FirstEndpointMatchCriteria(cluster, type));
            result.trace.Add("cluster " + chosen.Name + " (" + type + ", " + source + ")"
                + (endpoints.Count == 0 ? string.Empty : ": " + string.Join(", ", endpoints.Select(e => e.ToString())))
                + (result.Tls is null ? ", plain text" : ", " + result.Tls));
            if (endpoints.Count == 0 && type != "ORIGINAL_DST")
            {
                return result.Fail(SimulationOutcome.NoHealthyUpstream, 503, "UH", "cluster " + chosen.Name + " has no endpoint");
            }

            return result.Forward();
        }

        private static string TypeOf(JsonValue cluster) =>
            cluster.String("type") ?? (cluster["cluster_type"] is null ? "STATIC" : "custom");

        /// <summary>
        /// Whether the proxy has the cluster and finds no endpoint for it, so every request sent there ends with 503 UH: what
        /// the model-level route check (EGRESS080) must agree with. An original-destination cluster forwards to the caller's
        /// address and always has one.
        /// </summary>
        internal bool HasNoEndpoint(string clusterName) =>
            clusters.TryGetValue(clusterName, out var cluster)
            && TypeOf(cluster) is var type && type != "ORIGINAL_DST"
            && EndpointsOf(cluster, type, clusterName, request: null, out _).Count == 0;

        private List<SimulatedEndpoint> EndpointsOf(JsonValue cluster, string type, string name, SimulatedRequest? request,
            out string source)
        {
            switch (type)
            {
                case "EDS":
                    var serviceName = cluster["eds_cluster_config"]?.String("service_name") ?? name;
                    loadAssignments.TryGetValue(serviceName, out var assignment);
                    source = assignment is null ? "EDS sent no ClusterLoadAssignment " + serviceName : "endpoints from EDS";
                    return assignment is null ? new List<SimulatedEndpoint>() : Endpoints(assignment, dns: false);
                case "ORIGINAL_DST":
                    source = "the connection's original destination"
                        + (request?.DestinationAddress is null ? " (not given in the request)" : string.Empty);
                    return request?.DestinationAddress is null
                        ? new List<SimulatedEndpoint>()
                        : new List<SimulatedEndpoint> { new(request.DestinationAddress, request.Port, 1, null, false) };
                default:
                    source = type is "STRICT_DNS" or "LOGICAL_DNS" ? "DNS names in the cluster" : "addresses in the cluster";
                    return cluster["load_assignment"] is { } inline
                        ? Endpoints(inline, dns: type is "STRICT_DNS" or "LOGICAL_DNS")
                        : new List<SimulatedEndpoint>();
            }
        }

        private static List<SimulatedEndpoint> Endpoints(JsonValue assignment, bool dns)
        {
            var endpoints = new List<SimulatedEndpoint>();
            foreach (var group in assignment.Array("endpoints"))
            {
                var locality = group["locality"] is { } place
                    ? string.Join("/", new[] { place.String("region"), place.String("zone"), place.String("sub_zone") }.Where(p => !string.IsNullOrEmpty(p)))
                    : string.Empty;
                foreach (var entry in group.Array("lb_endpoints"))
                {
                    if (entry.String("health_status") is "UNHEALTHY" or "DRAINING" or "TIMEOUT")
                    {
                        continue;
                    }

                    var address = entry["endpoint"]?["address"];
                    var weight = (int)(entry.Wrapped("load_balancing_weight") is { } value && long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1);
                    if (address?["socket_address"] is { } socket)
                    {
                        endpoints.Add(new SimulatedEndpoint(socket.String("address") ?? string.Empty, (int)(socket.Integer("port_value") ?? 0), weight, locality.Length == 0 ? null : locality, dns));
                    }
                    else if (address?["pipe"] is { } pipe)
                    {
                        endpoints.Add(new SimulatedEndpoint("unix://" + pipe.String("path"), 0, weight, locality.Length == 0 ? null : locality, false));
                    }
                }
            }

            return endpoints;
        }

        /// <summary>The <c>envoy.transport_socket_match</c> metadata of the first endpoint, which picks a transport socket match.</summary>
        private JsonValue? FirstEndpointMatchCriteria(JsonValue cluster, string type)
        {
            JsonValue? assignment = type == "EDS"
                ? (loadAssignments.TryGetValue(cluster["eds_cluster_config"]?.String("service_name") ?? cluster.String("name") ?? string.Empty, out var found) ? found : null)
                : cluster["load_assignment"];
            var first = assignment?.Array("endpoints").SelectMany(g => g.Array("lb_endpoints")).FirstOrDefault();
            return first?["metadata"]?["filter_metadata"]?["envoy.transport_socket_match"];
        }

        /// <summary>
        /// The cluster's upstream TLS: the first <c>transport_socket_matches</c> entry whose criteria the endpoint's metadata
        /// carries, else <c>transport_socket</c>; plus auto SNI and SAN validation from the HTTP protocol options.
        /// </summary>
        private static UpstreamTls? UpstreamTlsOf(JsonValue cluster, JsonValue? assignmentCriteria)
        {
            var socket = cluster["transport_socket"];
            string? matchName = null;
            foreach (var entry in cluster.Array("transport_socket_matches"))
            {
                var criteria = entry["match"];
                var applies = criteria is null || criteria.Members.All(member =>
                    assignmentCriteria?[member.Key] is { } value && value.Text == member.Value.Text);
                if (applies)
                {
                    socket = entry["transport_socket"];
                    matchName = entry.String("name");
                    break;
                }
            }

            var config = socket?["typed_config"];
            if (config is null || !(config.String("@type") ?? string.Empty).EndsWith(UpstreamTlsType, StringComparison.Ordinal))
            {
                return null;
            }

            var common = config["common_tls_context"] ?? JsonValue.Null;
            var certificate = common.Array("tls_certificates").Select(c => c["certificate_chain"]?.String("filename")).FirstOrDefault(f => f is not null)
                ?? common.Array("tls_certificate_sds_secret_configs").Select(c => c.String("name")).FirstOrDefault(n => n is not null);
            var combined = common["combined_validation_context"];
            var validation = common["validation_context"] ?? combined?["default_validation_context"];
            var trustedCa = common["validation_context"]?["trusted_ca"]?.String("filename")
                ?? combined?["default_validation_context"]?["trusted_ca"]?.String("filename")
                ?? combined?["validation_context_sds_secret_config"]?.String("name")
                ?? common["validation_context_sds_secret_config"]?.String("name");
            var names = new List<string>();
            if (validation is not null)
            {
                names.AddRange(validation.Array("match_subject_alt_names").Select(DescribeMatcher));
                names.AddRange(validation.Array("match_typed_subject_alt_names").Select(m => DescribeMatcher(m["matcher"] ?? JsonValue.Null)));
            }

            var options = cluster["typed_extension_protocol_options"]?[HttpProtocolOptionsName]?["upstream_http_protocol_options"];
            return new UpstreamTls(
                config.String("sni"),
                options?.Bool("auto_sni") ?? false,
                options?.Bool("auto_san_validation") ?? false,
                certificate,
                trustedCa,
                names,
                common.Array("alpn_protocols").Select(a => a.Text ?? string.Empty).ToList(),
                matchName);
        }

        private static string DescribeMatcher(JsonValue matcher) =>
            matcher.String("exact") ?? matcher.String("prefix") ?? matcher.String("suffix") ?? matcher.String("contains") ?? matcher["safe_regex"]?.String("regex") ?? string.Empty;

        private static bool IsType(JsonValue filter, string typeUrl, string name) =>
            (filter["typed_config"]?.String("@type") ?? string.Empty).EndsWith(typeUrl, StringComparison.Ordinal) || filter.String("name") == name;

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <inheritdoc />
        public override string ToString() =>
            Name + ": " + Number(listeners.Count) + " listener(s), " + Number(routeConfigurations.Count) + " route configuration(s), "
            + Number(clusters.Count) + " cluster(s), " + Number(loadAssignments.Count) + " load assignment(s)";
    }
}
