using System.Collections.Generic;
using EgressDsl.Generator.Emit.Documents;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// The listener pieces istiod writes for outbound traffic (docs/istio-to-envoy.md, the listeners of the sidecar and the gateway): the HTTP
    /// connection manager with Istio's filter chain, TCP proxies, and the sidecar's passthrough chain.
    /// </summary>
    internal static class ListenerBuilder
    {
        /// <summary>An HTTP connection manager that takes its routes over RDS, with Istio's HTTP filters in Istio's order.</summary>
        public static MappingNode HttpConnectionManager(string listenerName, string routeConfigurationName, bool gateway)
        {
            var rds = new MappingBuilder()
                .Add("config_source", new MappingBuilder().Add("ads", EnvoyNodes.EmptyObject).Add("initial_fetch_timeout", "0s").Add("resource_api_version", "V3"))
                .Add("route_config_name", routeConfigurationName);
            var fields = new MappingBuilder()
                .Add("stat_prefix", EnvoyNames.StatPrefix(listenerName))
                .Add("rds", rds)
                .Add("http_filters", HttpFilters())
                // A gateway is the edge: it trusts the connection's address, a sidecar the forwarded header chain.
                .Add("use_remote_address", gateway)
                .Add("upgrade_configs", Nodes.Sequence(Nodes.Map("upgrade_type", "websocket")))
                .Add("stream_idle_timeout", "0s")
                .Add("normalize_path", true)
                .Add("path_with_escaped_slashes_action", "KEEP_UNCHANGED")
                .Add("request_id_extension", Nodes.Map("typed_config", EnvoyNodes.Any(EnvoyTypes.UuidRequestId, new MappingBuilder().Add("use_request_id_for_trace_sampling", true))));
            if (gateway)
            {
                fields
                    .Add("forward_client_cert_details", "SANITIZE_SET")
                    .Add("set_current_client_cert_details", new MappingBuilder().Add("subject", true).Add("cert", true).Add("dns", true).Add("uri", true))
                    .Add("http_protocol_options", EnvoyNodes.EmptyObject);
            }

            return EnvoyNodes.Extension(EnvoyTypes.HttpConnectionManagerName, EnvoyTypes.HttpConnectionManager, fields);
        }

        /// <summary>Peer metadata, gRPC statistics, ALPN override, fault injection, CORS, Istio statistics, then the router, which must be last.</summary>
        private static SequenceNode HttpFilters()
        {
            var peerMetadata = new MappingBuilder()
                .Add("type_url", EnvoyTypes.PeerMetadata)
                .Add("value", new MappingBuilder()
                    .Add("upstream_discovery", Nodes.Sequence(Nodes.Map("istio_headers", EnvoyNodes.EmptyObject), Nodes.Map("workload_discovery", EnvoyNodes.EmptyObject)))
                    .Add("upstream_propagation", Nodes.Sequence(Nodes.Map("istio_headers", EnvoyNodes.EmptyObject))));
            var alpn = new MappingBuilder().Add("alpn_override", Nodes.Sequence(
                Nodes.Map("alpn_override", Nodes.Strings(new[] { "istio-http/1.0", "istio", "http/1.0" })),
                new MappingBuilder().Add("upstream_protocol", "HTTP11").Add("alpn_override", Nodes.Strings(new[] { "istio-http/1.1", "istio", "http/1.1" })).Build(),
                new MappingBuilder().Add("upstream_protocol", "HTTP2").Add("alpn_override", Nodes.Strings(new[] { "istio-h2", "istio", "h2" })).Build()));
            return Nodes.Sequence(
                EnvoyNodes.Extension("istio.metadata_exchange", EnvoyTypes.TypedStruct, peerMetadata),
                EnvoyNodes.Extension("envoy.filters.http.grpc_stats", EnvoyTypes.GrpcStats, new MappingBuilder().Add("emit_filter_state", true).Add("stats_for_all_methods", false)),
                EnvoyNodes.Extension("istio.alpn", EnvoyTypes.IstioAlpn, alpn),
                EnvoyNodes.Extension("envoy.filters.http.fault", EnvoyTypes.Fault),
                EnvoyNodes.Extension("envoy.filters.http.cors", EnvoyTypes.Cors),
                EnvoyNodes.Extension("istio.stats", EnvoyTypes.IstioStats),
                EnvoyNodes.Extension(EnvoyTypes.RouterName, EnvoyTypes.Router));
        }

        /// <summary>A filter chain: its match (left out when empty), its filters and Istio's 15 s TLS handshake limit.</summary>
        public static MappingNode FilterChain(MappingBuilder? match, IReadOnlyCollection<DocumentNode> filters, MappingNode? transportSocket = null) =>
            new MappingBuilder()
                .Add("filter_chain_match", match)
                .AddNodes("filters", filters)
                .Add("transport_socket", transportSocket)
                .Add("transport_socket_connect_timeout", "15s")
                .Build();

        /// <summary>The sidecar's fall-through chain: what no other chain takes goes to the original destination.</summary>
        public static MappingNode PassthroughFilterChain()
        {
            var proxy = EnvoyNodes.Extension(EnvoyTypes.TcpProxyName, EnvoyTypes.TcpProxy,
                new MappingBuilder().Add("stat_prefix", EnvoyNames.PassthroughCluster).Add("cluster", EnvoyNames.PassthroughCluster));
            return new MappingBuilder()
                .Add("filter_chain_match", EnvoyNodes.EmptyObject)
                .Add("name", "PassthroughFilterChain")
                .Add("filters", Nodes.Sequence(proxy))
                .Build();
        }

        public static MappingNode ListenerFilter(string name, string typeUrl) => EnvoyNodes.Extension(name, typeUrl);

        public static MappingNode Address(int port) => EnvoyNodes.Address("0.0.0.0", port);
    }
}
