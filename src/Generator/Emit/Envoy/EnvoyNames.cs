using System.Globalization;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// The names Istio gives Envoy resources (docs/istio-to-envoy.md, "Names"). Every rule is here once, so the sidecar,
    /// the gateways, the simulator's tests and the route expectations agree on them.
    /// </summary>
    internal static class EnvoyNames
    {
        /// <summary>The namespace a resource without one lands in: <c>kubectl</c>'s default namespace.</summary>
        public const string DefaultNamespace = "default";

        /// <summary>Istio's passthrough cluster: ALLOW_ANY traffic to hosts the mesh does not know.</summary>
        public const string PassthroughCluster = "PassthroughCluster";

        /// <summary>The cluster istio-agent serves SDS secrets on.</summary>
        public const string SdsCluster = "sds-grpc";

        /// <summary>The workload certificate and the mesh root, as istio-agent names them over SDS.</summary>
        public const string WorkloadCertificate = "default";

        public const string MeshRootCertificate = "ROOTCA";

        /// <summary>The system trust store as an SDS name (<c>security.FileRootSystemCACert</c>), used when SIMPLE TLS names no CA.</summary>
        public const string SystemRootCertificate = "file-root:system";

        /// <summary>The cluster id istiod writes into endpoint metadata for a single-cluster mesh.</summary>
        public const string ClusterId = "Kubernetes";

        /// <summary><c>model.BuildSubsetKey</c>: <c>outbound|port|subset|host</c>.</summary>
        public static string Cluster(int port, string? subset, string host) =>
            "outbound|" + Number(port) + "|" + (subset ?? string.Empty) + "|" + host;

        /// <summary><c>model.BuildDNSSrvSubsetKey</c>: the SNI of Istio's mutual TLS, <c>outbound_.port_.subset_.host</c>.</summary>
        public static string IstioMutualSni(int port, string? subset, string host) =>
            "outbound_." + Number(port) + "_." + (subset ?? string.Empty) + "_." + host;

        /// <summary>A listener: <c>bind_port</c>.</summary>
        public static string Listener(string bind, int port) => bind + "_" + Number(port);

        /// <summary>The sidecar's route configuration for a listener port.</summary>
        public static string SidecarRouteConfiguration(int port) => Number(port);

        /// <summary>A gateway's plain HTTP route configuration, named by the port the gateway pod listens on.</summary>
        public static string GatewayHttpRouteConfiguration(int targetPort) => "http." + Number(targetPort);

        /// <summary>A gateway's route configuration for a server that terminates TLS.</summary>
        public static string GatewayHttpsRouteConfiguration(int serverPort, string portName, string gatewayName, string gatewayNamespace) =>
            "https." + Number(serverPort) + "." + portName + "." + gatewayName + "." + gatewayNamespace;

        /// <summary>A virtual host: the host and the service or server port, never the target port.</summary>
        public static string VirtualHost(string host, int port) => host + ":" + Number(port);

        /// <summary>The HTTP connection manager's statistics prefix.</summary>
        public static string StatPrefix(string listenerName) => "outbound_" + listenerName + ";";

        public static string AlternativeStatName(string clusterName) => clusterName + ";";

        /// <summary>Where istiod says a resource came from: <c>/apis/networking.istio.io/v1/namespaces/ns/kind/name</c>.</summary>
        public static string ConfigurationPath(string apiVersion, string? ns, string kebabKind, string name) =>
            "/apis/networking.istio.io/" + apiVersion + "/namespaces/" + (ns ?? DefaultNamespace) + "/" + kebabKind + "/" + name;

        /// <summary>SDS names of file-mounted certificates, which istio-agent reads and rotates.</summary>
        public static string FileCertificate(string certificate, string key) => "file-cert:" + certificate + "~" + key;

        public static string FileRoot(string caCertificates) => "file-root:" + caCertificates;

        /// <summary>SDS names of a Kubernetes Secret named by credentialName, served by istiod over ADS.</summary>
        public static string KubernetesSecret(string credentialName) => "kubernetes://" + credentialName;

        public static string KubernetesCaSecret(string credentialName) => "kubernetes://" + credentialName + "-cacert";

        public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Type URLs of the Envoy v3 messages the emitters write.</summary>
    internal static class EnvoyTypes
    {
        private const string Prefix = "type.googleapis.com/";

        public const string Listener = Prefix + "envoy.config.listener.v3.Listener";
        public const string RouteConfiguration = Prefix + "envoy.config.route.v3.RouteConfiguration";
        public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";
        public const string ClusterLoadAssignment = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";
        public const string HttpConnectionManager = Prefix + "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
        public const string TcpProxy = Prefix + "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
        public const string Router = Prefix + "envoy.extensions.filters.http.router.v3.Router";
        public const string UpstreamTlsContext = Prefix + "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
        public const string DownstreamTlsContext = Prefix + "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";
        public const string RawBuffer = Prefix + "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer";
        public const string HttpProtocolOptions = Prefix + "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
        public const string HttpInspector = Prefix + "envoy.extensions.filters.listener.http_inspector.v3.HttpInspector";
        public const string TlsInspector = Prefix + "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector";
        public const string PreviousHostsPredicate = Prefix + "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate";
        public const string TypedStruct = Prefix + "udpa.type.v1.TypedStruct";
        public const string GrpcStats = Prefix + "envoy.extensions.filters.http.grpc_stats.v3.FilterConfig";
        public const string Fault = Prefix + "envoy.extensions.filters.http.fault.v3.HTTPFault";
        public const string Cors = Prefix + "envoy.extensions.filters.http.cors.v3.Cors";
        public const string IstioAlpn = Prefix + "istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig";
        public const string IstioStats = Prefix + "stats.PluginConfig";
        public const string PeerMetadata = Prefix + "io.istio.http.peer_metadata.Config";
        public const string TcpMetadataExchange = Prefix + "envoy.tcp.metadataexchange.config.MetadataExchange";
        public const string UuidRequestId = Prefix + "envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig";

        // Filter and extension names.
        public const string HttpConnectionManagerName = "envoy.filters.network.http_connection_manager";
        public const string TcpProxyName = "envoy.filters.network.tcp_proxy";
        public const string RouterName = "envoy.filters.http.router";
        public const string TlsTransportSocketName = "envoy.transport_sockets.tls";
        public const string RawBufferTransportSocketName = "envoy.transport_sockets.raw_buffer";
        public const string HttpProtocolOptionsName = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
        public const string HttpInspectorName = "envoy.filters.listener.http_inspector";
        public const string TlsInspectorName = "envoy.filters.listener.tls_inspector";
    }
}
