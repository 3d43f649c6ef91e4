// Compiled into EgressDsl.Abstractions and EgressDsl.Tasks (the readers) and into the generator (the packer), so all three
// use these exact bytes: the generator's EGRESS_GENERATOR moves it into its own namespace, as with the simulator's sources.
#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Emit.Documents
#else
namespace EgressDsl
#endif
{
    /// <summary>
    /// The text a packed constant's deflate stream starts from (PackedFiles): typical packed files, whose words and lines a
    /// class's own text then refers back to instead of repeating.
    /// </summary>
    /// <remarks>
    /// A class's resources are a few kilobytes of YAML, most of it the same keys and values as every other class's; each
    /// deflated alone repeats them and its own code tables. With this text in front (written, not stored: the constant
    /// holds only what comes after it) a class's constant is less than half the size: about 0.4 MB less at a thousand
    /// services. Changing this text changes the format: the constant name must change with it, so an older reader finds
    /// nothing instead of misreading. The likeliest words come last, where their distances are shortest.
    /// </remarks>
    internal static class PackedFilesDictionary
    {
        public const string Text =
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  namespace: external\n  labels:\n    app: nginx\nspec:\n  type: ExternalName\n  externalName: \n  ports:\n  - port: 443\n    name: https\n    targetPort: 8443\n  selector:\n    app: nginx\n"
            + "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: istio-egressgateway\n  namespace: istio-system\nspec:\n  selector:\n    istio: egressgateway\n  servers:\n  - port:\n      number: 443\n      name: tls\n      protocol: TLS\n    hosts:\n    - edition.cnn.com\n    tls:\n      mode: ISTIO_MUTUAL\n      credentialName: \n"
            + "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: api\nspec:\n  hosts:\n  - api.example.com\n  addresses:\n  - 10.0.0.0/24\n  exportTo:\n  - \".\"\n  ports:\n  - number: 80\n    name: http\n    protocol: HTTP\n  - number: 443\n    name: https\n    protocol: HTTPS\n    targetPort: 443\n  location: MESH_EXTERNAL\n  resolution: DNS\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      https: 443\n    labels:\n      version: v1\n    network: \n    locality: \n    weight: \n"
            + "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\nspec:\n  host: api.example.com\n  exportTo:\n  - \".\"\n  workloadSelector:\n    matchLabels:\n      app: \n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n    portLevelSettings:\n    - port:\n        number: 443\n      tls:\n        mode: SIMPLE\n        sni: api.example.com\n        subjectAltNames:\n        - \n        insecureSkipVerify: true\n        credentialName: \n        clientCertificate: /etc/certs/tls.crt\n        privateKey: /etc/certs/tls.key\n        caCertificates: /etc/certs/ca.crt\n    tls:\n      mode: MUTUAL\n      clientCertificate: /etc/istio/egressgateway-certs/tls.crt\n      privateKey: /etc/istio/egressgateway-certs/tls.key\n      caCertificates: /etc/istio/egressgateway-ca-certs/ca.crt\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n    trafficPolicy:\n      tls:\n        mode: ISTIO_MUTUAL\n        sni: \n  - name: v2\n    labels:\n      version: v2\n"
            + "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: api-route\nspec:\n  hosts:\n  - api.example.com\n  exportTo:\n  - \".\"\n  tls:\n  - match:\n    - port: 443\n      sniHosts:\n      - api.example.com\n    route:\n    - destination:\n        host: api.example.com\n        port:\n          number: 443\n  tcp:\n  - match:\n    - port: \n  http:\n  - name: \n    match:\n    - uri:\n        prefix: /\n    - uri:\n        exact: /\n    - uri:\n        regex: \n    timeout: 5s\n    route:\n    - destination:\n        host: api.example.com\n        subset: v1\n        port:\n          number: 443\n      weight: 90\n"
            + "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: api-route-mesh\nspec:\n  hosts:\n  - api.example.com\n  gateways:\n  - mesh\n  http:\n  - match:\n    - port: 80\n      gateways:\n      - mesh\n    route:\n    - destination:\n        host: istio-egressgateway.istio-system.svc.cluster.local\n        subset: api\n        port:\n          number: 80\n"
            + "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: api-route-egress\nspec:\n  hosts:\n  - api.example.com\n  gateways:\n  - istio-system/egress\n  http:\n  - match:\n    - port: 80\n      gateways:\n      - istio-system/egress\n      headers:\n        want:\n          exact: v1\n        want:\n          prefix: v\n        want:\n          regex: \n    route:\n    - destination:\n        host: api.example.com\n        subset: v1\n        port:\n          number: 443\n"
            + "\0\0Path\0istio/service_\0Kind\0Service\0ApiVersion\0v1\0Name\0\0Namespace\0\0Yaml\0"
            + "\0\0Path\0istio/gateway_\0Kind\0Gateway\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0istio-system\0Yaml\0"
            + "\0\0Path\0istio/destination-rule_\0Kind\0DestinationRule\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0\0Yaml\0"
            + "\0\0Path\0istio/virtual-service_\0Kind\0VirtualService\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0\0Yaml\0"
            + "\0\0Path\0istio/service-entry_\0Kind\0ServiceEntry\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0\0Yaml\0";

        /// <summary>The flags of a constant whose stream starts from <see cref="Text"/>: a class's resources.</summary>
        public const int IstioFlags = 1;

        /// <summary>The flags of a constant whose stream starts from <see cref="EnvoyJson"/>: a proxy's Envoy configuration.</summary>
        public const int EnvoyFlags = 2;

        /// <summary>
        /// The text a proxy's compact JSON starts from: the compact JSON of the seed sample's egress gateway (one listener, its
        /// route configuration, clusters and their TLS), whose type URLs, filter names and keys every proxy repeats.
        /// </summary>
        /// <remarks>
        /// A gateway's JSON is about 100 KB at ten services, past deflate's 32 KB window for anything but its own start, so
        /// each deflated alone spells its first listener and clusters out again: with this text in front, a gateway of the
        /// benchmark's project packs to 2.1 KB instead of 3.9 KB, 0.18 MB less at a thousand services (one gateway per ten
        /// services). Fixed, like <see cref="Text"/>: the format of every Envoy constant depends on its bytes.
        /// </remarks>
        public const string EnvoyJson =
            "[{\"@type\":\"type.googleapis.com/envoy.config.listener.v3.Listener\",\"name\":\"0.0.0.0_8080\",\"address\":{\"sock"
            + "et_address\":{\"address\":\"0.0.0.0\",\"port_value\":8080}},\"filter_chains\":[{\"filters\":[{\"name\":\"envoy.filters"
            + ".network.http_connection_manager\",\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.filters."
            + "network.http_connection_manager.v3.HttpConnectionManager\",\"stat_prefix\":\"outbound_0.0.0.0_8080;\",\"rds\":{"
            + "\"config_source\":{\"ads\":{},\"initial_fetch_timeout\":\"0s\",\"resource_api_version\":\"V3\"},\"route_config_name\":"
            + "\"http.8080\"},\"http_filters\":[{\"name\":\"istio.metadata_exchange\",\"typed_config\":{\"@type\":\"type.googleapis."
            + "com/udpa.type.v1.TypedStruct\",\"type_url\":\"type.googleapis.com/io.istio.http.peer_metadata.Config\",\"value"
            + "\":{\"upstream_discovery\":[{\"istio_headers\":{}},{\"workload_discovery\":{}}],\"upstream_propagation\":[{\"istio"
            + "_headers\":{}}]}}},{\"name\":\"envoy.filters.http.grpc_stats\",\"typed_config\":{\"@type\":\"type.googleapis.com/e"
            + "nvoy.extensions.filters.http.grpc_stats.v3.FilterConfig\",\"emit_filter_state\":true,\"stats_for_all_methods"
            + "\":false}},{\"name\":\"istio.alpn\",\"typed_config\":{\"@type\":\"type.googleapis.com/istio.envoy.config.filter.ht"
            + "tp.alpn.v2alpha1.FilterConfig\",\"alpn_override\":[{\"alpn_override\":[\"istio-http/1.0\",\"istio\",\"http/1.0\"]},"
            + "{\"upstream_protocol\":\"HTTP11\",\"alpn_override\":[\"istio-http/1.1\",\"istio\",\"http/1.1\"]},{\"upstream_protocol"
            + "\":\"HTTP2\",\"alpn_override\":[\"istio-h2\",\"istio\",\"h2\"]}]}},{\"name\":\"envoy.filters.http.fault\",\"typed_config"
            + "\":{\"@type\":\"type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault\"}},{\"name\":\"envoy.filte"
            + "rs.http.cors\",\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors\"}}"
            + ",{\"name\":\"istio.stats\",\"typed_config\":{\"@type\":\"type.googleapis.com/stats.PluginConfig\"}},{\"name\":\"envoy"
            + ".filters.http.router\",\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.filters.http.router."
            + "v3.Router\"}}],\"use_remote_address\":true,\"upgrade_configs\":[{\"upgrade_type\":\"websocket\"}],\"stream_idle_ti"
            + "meout\":\"0s\",\"normalize_path\":true,\"path_with_escaped_slashes_action\":\"KEEP_UNCHANGED\",\"request_id_extens"
            + "ion\":{\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.request_id.uuid.v3.UuidRequestIdConf"
            + "ig\",\"use_request_id_for_trace_sampling\":true}},\"forward_client_cert_details\":\"SANITIZE_SET\",\"set_current"
            + "_client_cert_details\":{\"subject\":true,\"cert\":true,\"dns\":true,\"uri\":true},\"http_protocol_options\":{}}}],\""
            + "transport_socket_connect_timeout\":\"15s\"}],\"traffic_direction\":\"OUTBOUND\",\"max_connections_to_accept_per_"
            + "socket_event\":1},{\"@type\":\"type.googleapis.com/envoy.config.route.v3.RouteConfiguration\",\"name\":\"http.80"
            + "80\",\"virtual_hosts\":[{\"name\":\"nginx.external.svc.cluster.local:80\",\"domains\":[\"nginx.external.svc.cluste"
            + "r.local\"],\"routes\":[{\"match\":{\"prefix\":\"/\",\"case_sensitive\":true,\"headers\":[{\"name\":\"want\",\"string_match"
            + "\":{\"exact\":\"v1\"}}]},\"route\":{\"cluster\":\"outbound|443|v1|nginx.external.svc.cluster.local\",\"timeout\":\"0s\""
            + ",\"retry_policy\":{\"retry_on\":\"connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
            + "\",\"num_retries\":2,\"retry_host_predicate\":[{\"name\":\"envoy.retry_host_predicates.previous_hosts\",\"typed_co"
            + "nfig\":{\"@type\":\"type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"
            + "\"}}],\"host_selection_retry_max_attempts\":\"5\"},\"max_grpc_timeout\":\"0s\"},\"metadata\":{\"filter_metadata\":{\"i"
            + "stio\":{\"config\":\"/apis/networking.istio.io/v1/namespaces/default/virtual-service/vs-nginx-ext-egress\"}}}"
            + ",\"decorator\":{\"operation\":\"nginx.external.svc.cluster.local:443/*\"}},{\"match\":{\"prefix\":\"/\",\"case_sensit"
            + "ive\":true,\"headers\":[{\"name\":\"want\",\"string_match\":{\"exact\":\"v2\"}}]},\"route\":{\"cluster\":\"outbound|443|v2"
            + "|nginx.external.svc.cluster.local\",\"timeout\":\"0s\",\"retry_policy\":{\"retry_on\":\"connect-failure,refused-st"
            + "ream,unavailable,cancelled,retriable-status-codes\",\"num_retries\":2,\"retry_host_predicate\":[{\"name\":\"envo"
            + "y.retry_host_predicates.previous_hosts\",\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.re"
            + "try.host.previous_hosts.v3.PreviousHostsPredicate\"}}],\"host_selection_retry_max_attempts\":\"5\"},\"max_grpc"
            + "_timeout\":\"0s\"},\"metadata\":{\"filter_metadata\":{\"istio\":{\"config\":\"/apis/networking.istio.io/v1/namespace"
            + "s/default/virtual-service/vs-nginx-ext-egress\"}}},\"decorator\":{\"operation\":\"nginx.external.svc.cluster.l"
            + "ocal:443/*\"}}]}],\"validate_clusters\":false,\"max_direct_response_body_size_bytes\":1048576,\"ignore_port_in"
            + "_host_matching\":true},{\"@type\":\"type.googleapis.com/envoy.config.cluster.v3.Cluster\",\"name\":\"outbound|44"
            + "3||nginx.external.svc.cluster.local\",\"type\":\"EDS\",\"eds_cluster_config\":{\"eds_config\":{\"ads\":{},\"initial_"
            + "fetch_timeout\":\"0s\",\"resource_api_version\":\"V3\"},\"service_name\":\"outbound|443||nginx.external.svc.cluste"
            + "r.local\"},\"connect_timeout\":\"10s\",\"lb_policy\":\"LEAST_REQUEST\",\"circuit_breakers\":{\"thresholds\":[{\"max_co"
            + "nnections\":4294967295,\"max_pending_requests\":4294967295,\"max_requests\":4294967295,\"max_retries\":42949672"
            + "95,\"track_remaining\":true}]},\"common_lb_config\":{},\"alt_stat_name\":\"outbound|443||nginx.external.svc.clu"
            + "ster.local;\",\"metadata\":{\"filter_metadata\":{\"istio\":{\"services\":[{\"host\":\"nginx.external.svc.cluster.loc"
            + "al\",\"name\":\"nginx.external.svc.cluster.local\",\"namespace\":\"default\"}],\"config\":\"/apis/networking.istio.i"
            + "o/v1/namespaces/default/destination-rule/dr-nginx-ext\",\"alpn_override\":\"false\"}}},\"filters\":[{\"name\":\"is"
            + "tio.metadata_exchange\",\"typed_config\":{\"@type\":\"type.googleapis.com/udpa.type.v1.TypedStruct\",\"type_url\""
            + ":\"type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange\",\"value\":{\"protocol\":\"istio-pee"
            + "r-exchange\",\"enable_discovery\":true}}}],\"transport_socket\":{\"name\":\"envoy.transport_sockets.tls\",\"typed_"
            + "config\":{\"@type\":\"type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext\",\"com"
            + "mon_tls_context\":{\"tls_params\":{\"tls_minimum_protocol_version\":\"TLSv1_2\",\"tls_maximum_protocol_version\":"
            + "\"TLSv1_3\"},\"tls_certificate_sds_secret_configs\":[{\"name\":\"file-cert:/etc/istio/egressgateway-certs/tls.c"
            + "rt~/etc/istio/egressgateway-certs/tls.key\",\"sds_config\":{\"api_config_source\":{\"api_type\":\"GRPC\",\"set_nod"
            + "e_on_first_message_only\":true,\"transport_api_version\":\"V3\",\"grpc_services\":[{\"envoy_grpc\":{\"cluster_name"
            + "\":\"sds-grpc\"}}]},\"resource_api_version\":\"V3\"}}],\"combined_validation_context\":{\"default_validation_conte"
            + "xt\":{},\"validation_context_sds_secret_config\":{\"name\":\"file-root:/etc/istio/egressgateway-ca-certs/ca.cr"
            + "t\",\"sds_config\":{\"api_config_source\":{\"api_type\":\"GRPC\",\"set_node_on_first_message_only\":true,\"transport"
            + "_api_version\":\"V3\",\"grpc_services\":[{\"envoy_grpc\":{\"cluster_name\":\"sds-grpc\"}}]},\"resource_api_version\":"
            + "\"V3\"}}}}}},\"typed_extension_protocol_options\":{\"envoy.extensions.upstreams.http.v3.HttpProtocolOptions\":"
            + "{\"@type\":\"type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions\",\"upstream_http_pro"
            + "tocol_options\":{\"auto_sni\":true,\"auto_san_validation\":true},\"explicit_http_config\":{\"http_protocol_optio"
            + "ns\":{}}}}},{\"@type\":\"type.googleapis.com/envoy.config.cluster.v3.Cluster\",\"name\":\"outbound|443|v1|nginx."
            + "external.svc.cluster.local\",\"type\":\"EDS\",\"eds_cluster_config\":{\"eds_config\":{\"ads\":{},\"initial_fetch_tim"
            + "eout\":\"0s\",\"resource_api_version\":\"V3\"},\"service_name\":\"outbound|443|v1|nginx.external.svc.cluster.local"
            + "\"},\"connect_timeout\":\"10s\",\"lb_policy\":\"LEAST_REQUEST\",\"circuit_breakers\":{\"thresholds\":[{\"max_connectio"
            + "ns\":4294967295,\"max_pending_requests\":4294967295,\"max_requests\":4294967295,\"max_retries\":4294967295,\"tra"
            + "ck_remaining\":true}]},\"common_lb_config\":{},\"alt_stat_name\":\"outbound|443|v1|nginx.external.svc.cluster."
            + "local;\",\"metadata\":{\"filter_metadata\":{\"istio\":{\"services\":[{\"host\":\"nginx.external.svc.cluster.local\",\""
            + "name\":\"nginx.external.svc.cluster.local\",\"namespace\":\"default\"}],\"config\":\"/apis/networking.istio.io/v1/"
            + "namespaces/default/destination-rule/dr-nginx-ext\",\"alpn_override\":\"false\",\"subset\":\"v1\"}}},\"filters\":[{\""
            + "name\":\"istio.metadata_exchange\",\"typed_config\":{\"@type\":\"type.googleapis.com/udpa.type.v1.TypedStruct\",\""
            + "type_url\":\"type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange\",\"value\":{\"protocol\":\""
            + "istio-peer-exchange\",\"enable_discovery\":true}}}],\"transport_socket\":{\"name\":\"envoy.transport_sockets.tls"
            + "\",\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsCont"
            + "ext\",\"common_tls_context\":{\"tls_params\":{\"tls_minimum_protocol_version\":\"TLSv1_2\",\"tls_maximum_protocol_"
            + "version\":\"TLSv1_3\"},\"tls_certificate_sds_secret_configs\":[{\"name\":\"file-cert:/etc/istio/egressgateway-ce"
            + "rts/tls.crt~/etc/istio/egressgateway-certs/tls.key\",\"sds_config\":{\"api_config_source\":{\"api_type\":\"GRPC\""
            + ",\"set_node_on_first_message_only\":true,\"transport_api_version\":\"V3\",\"grpc_services\":[{\"envoy_grpc\":{\"clu"
            + "ster_name\":\"sds-grpc\"}}]},\"resource_api_version\":\"V3\"}}],\"combined_validation_context\":{\"default_validat"
            + "ion_context\":{},\"validation_context_sds_secret_config\":{\"name\":\"file-root:/etc/istio/egressgateway-ca-ce"
            + "rts/ca.crt\",\"sds_config\":{\"api_config_source\":{\"api_type\":\"GRPC\",\"set_node_on_first_message_only\":true,\""
            + "transport_api_version\":\"V3\",\"grpc_services\":[{\"envoy_grpc\":{\"cluster_name\":\"sds-grpc\"}}]},\"resource_api_"
            + "version\":\"V3\"}}}}}},\"typed_extension_protocol_options\":{\"envoy.extensions.upstreams.http.v3.HttpProtocol"
            + "Options\":{\"@type\":\"type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions\",\"upstream"
            + "_http_protocol_options\":{\"auto_sni\":true,\"auto_san_validation\":true},\"explicit_http_config\":{\"http_proto"
            + "col_options\":{}}}}},{\"@type\":\"type.googleapis.com/envoy.config.cluster.v3.Cluster\",\"name\":\"outbound|443|"
            + "v2|nginx.external.svc.cluster.local\",\"type\":\"EDS\",\"eds_cluster_config\":{\"eds_config\":{\"ads\":{},\"initial_"
            + "fetch_timeout\":\"0s\",\"resource_api_version\":\"V3\"},\"service_name\":\"outbound|443|v2|nginx.external.svc.clus"
            + "ter.local\"},\"connect_timeout\":\"10s\",\"lb_policy\":\"LEAST_REQUEST\",\"circuit_breakers\":{\"thresholds\":[{\"max_"
            + "connections\":4294967295,\"max_pending_requests\":4294967295,\"max_requests\":4294967295,\"max_retries\":429496"
            + "7295,\"track_remaining\":true}]},\"common_lb_config\":{},\"alt_stat_name\":\"outbound|443|v2|nginx.external.svc"
            + ".cluster.local;\",\"metadata\":{\"filter_metadata\":{\"istio\":{\"services\":[{\"host\":\"nginx.external.svc.cluster"
            + ".local\",\"name\":\"nginx.external.svc.cluster.local\",\"namespace\":\"default\"}],\"config\":\"/apis/networking.ist"
            + "io.io/v1/namespaces/default/destination-rule/dr-nginx-ext\",\"alpn_override\":\"false\",\"subset\":\"v2\"}}},\"fil"
            + "ters\":[{\"name\":\"istio.metadata_exchange\",\"typed_config\":{\"@type\":\"type.googleapis.com/udpa.type.v1.Typed"
            + "Struct\",\"type_url\":\"type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange\",\"value\":{\"pr"
            + "otocol\":\"istio-peer-exchange\",\"enable_discovery\":true}}}],\"transport_socket\":{\"name\":\"envoy.transport_so"
            + "ckets.tls\",\"typed_config\":{\"@type\":\"type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Upstre"
            + "amTlsContext\",\"common_tls_context\":{\"tls_params\":{\"tls_minimum_protocol_version\":\"TLSv1_2\",\"tls_maximum_"
            + "protocol_version\":\"TLSv1_3\"},\"tls_certificate_sds_secret_configs\":[{\"name\":\"file-cert:/etc/istio/egressg"
            + "ateway-certs/tls.crt~/etc/istio/egressgateway-certs/tls.key\",\"sds_config\":{\"api_config_source\":{\"api_typ"
            + "e\":\"GRPC\",\"set_node_on_first_message_only\":true,\"transport_api_version\":\"V3\",\"grpc_services\":[{\"envoy_gr"
            + "pc\":{\"cluster_name\":\"sds-grpc\"}}]},\"resource_api_version\":\"V3\"}}],\"combined_validation_context\":{\"defaul"
            + "t_validation_context\":{},\"validation_context_sds_secret_config\":{\"name\":\"file-root:/etc/istio/egressgate"
            + "way-ca-certs/ca.crt\",\"sds_config\":{\"api_config_source\":{\"api_type\":\"GRPC\",\"set_node_on_first_message_onl"
            + "y\":true,\"transport_api_version\":\"V3\",\"grpc_services\":[{\"envoy_grpc\":{\"cluster_name\":\"sds-grpc\"}}]},\"reso"
            + "urce_api_version\":\"V3\"}}}}}},\"typed_extension_protocol_options\":{\"envoy.extensions.upstreams.http.v3.Htt"
            + "pProtocolOptions\":{\"@type\":\"type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions\","
            + "\"upstream_http_protocol_options\":{\"auto_sni\":true,\"auto_san_validation\":true},\"explicit_http_config\":{\"h"
            + "ttp_protocol_options\":{}}}}},{\"@type\":\"type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignmen"
            + "t\",\"cluster_name\":\"outbound|443||nginx.external.svc.cluster.local\",\"endpoints\":[{\"locality\":{},\"lb_endpo"
            + "ints\":[{\"endpoint\":{\"address\":{\"socket_address\":{\"address\":\"40.76.65.115\",\"port_value\":443}}},\"metadata\""
            + ":{\"filter_metadata\":{\"istio\":{\"workload\":\"se-nginx-ext-0;default;se-nginx-ext-0;v1;Kubernetes\"}}},\"load_"
            + "balancing_weight\":1},{\"endpoint\":{\"address\":{\"socket_address\":{\"address\":\"23.96.117.176\",\"port_value\":44"
            + "3}}},\"metadata\":{\"filter_metadata\":{\"istio\":{\"workload\":\"se-nginx-ext-1;default;se-nginx-ext-1;v2;Kubern"
            + "etes\"}}},\"load_balancing_weight\":1}],\"load_balancing_weight\":2}]},{\"@type\":\"type.googleapis.com/envoy.co"
            + "nfig.endpoint.v3.ClusterLoadAssignment\",\"cluster_name\":\"outbound|443|v1|nginx.external.svc.cluster.local"
            + "\",\"endpoints\":[{\"locality\":{},\"lb_endpoints\":[{\"endpoint\":{\"address\":{\"socket_address\":{\"address\":\"40.76"
            + ".65.115\",\"port_value\":443}}},\"metadata\":{\"filter_metadata\":{\"istio\":{\"workload\":\"se-nginx-ext-0;default;"
            + "se-nginx-ext-0;v1;Kubernetes\"}}},\"load_balancing_weight\":1}],\"load_balancing_weight\":1}]},{\"@type\":\"type"
            + ".googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment\",\"cluster_name\":\"outbound|443|v2|nginx.ex"
            + "ternal.svc.cluster.local\",\"endpoints\":[{\"locality\":{},\"lb_endpoints\":[{\"endpoint\":{\"address\":{\"socket_ad"
            + "dress\":{\"address\":\"23.96.117.176\",\"port_value\":443}}},\"metadata\":{\"filter_metadata\":{\"istio\":{\"workload\""
            + ":\"se-nginx-ext-1;default;se-nginx-ext-1;v2;Kubernetes\"}}},\"load_balancing_weight\":1}],\"load_balancing_we"
            + "ight\":1}]}]";

        /// <summary>The text a stream with these flags starts from; null for a stream of its own (flags 0) or unknown flags.</summary>
        public static string? Of(int flags) => flags switch
        {
            IstioFlags => Text,
            EnvoyFlags => EnvoyJson,
            _ => null,
        };
    }
}
