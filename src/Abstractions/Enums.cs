using System;

// The one definition of the attributes' enums. The generator compiles this file too (EGRESS_GENERATOR), as internal types
// in its model's namespace: it reads attribute arguments as the enums' integers and cannot load this assembly inside the
// compiler, and a member added here is then known to the parser's range checks without a copy to keep in step.
#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Model
#else
namespace EgressDsl
#endif
{
    /// <summary>The protocol of a port, as Istio names it (<c>ServicePort.protocol</c>, <c>Port.protocol</c>).</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum PortProtocol
    {
        /// <summary>Not written: Istio infers the protocol from the port name.</summary>
        Unspecified = 0,
        /// <summary><c>HTTP</c>: HTTP/1.1 or plain-text HTTP/2.</summary>
        Http = 1,
        /// <summary><c>HTTPS</c>: HTTP over TLS that the proxy does not terminate.</summary>
        Https = 2,
        /// <summary><c>GRPC</c>.</summary>
        Grpc = 3,
        /// <summary><c>HTTP2</c>.</summary>
        Http2 = 4,
        /// <summary><c>MONGO</c>.</summary>
        Mongo = 5,
        /// <summary><c>TCP</c>: opaque TCP.</summary>
        Tcp = 6,
        /// <summary><c>TLS</c>: TLS routed on SNI without termination.</summary>
        Tls = 7,
    }

    /// <summary>Whether a ServiceEntry's service is part of the mesh (<c>ServiceEntry.location</c>).</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum ServiceLocation
    {
        /// <summary>Not written: Istio's default, <c>MESH_EXTERNAL</c>, applies.</summary>
        Unspecified = 0,
        /// <summary><c>MESH_EXTERNAL</c>: the service is outside the mesh; mutual TLS is not used by default.</summary>
        MeshExternal = 1,
        /// <summary><c>MESH_INTERNAL</c>: the service is treated as part of the mesh.</summary>
        MeshInternal = 2,
    }

    /// <summary>How the proxy resolves the addresses of a ServiceEntry's endpoints (<c>ServiceEntry.resolution</c>).</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum ServiceResolution
    {
        /// <summary>Not written: Istio's default, <c>NONE</c>, applies.</summary>
        Unspecified = 0,
        /// <summary><c>NONE</c>: forward to the original destination address (Envoy ORIGINAL_DST).</summary>
        None = 1,
        /// <summary><c>STATIC</c>: use the IP addresses of the endpoints (Envoy EDS).</summary>
        Static = 2,
        /// <summary><c>DNS</c>: resolve every address asynchronously (Envoy STRICT_DNS).</summary>
        Dns = 3,
        /// <summary><c>DNS_ROUND_ROBIN</c>: use the first resolved address of each connection (Envoy LOGICAL_DNS).</summary>
        DnsRoundRobin = 4,
    }

    /// <summary>The TLS the client side of a connection originates (<c>ClientTLSSettings.mode</c>).</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum TlsMode
    {
        /// <summary><c>DISABLE</c>: plain text.</summary>
        Disable = 0,
        /// <summary><c>SIMPLE</c>: TLS that verifies the server.</summary>
        Simple = 1,
        /// <summary><c>MUTUAL</c>: TLS with a client certificate.</summary>
        Mutual = 2,
        /// <summary><c>ISTIO_MUTUAL</c>: mutual TLS with the certificates Istio issues; every other TLS field is ignored.</summary>
        IstioMutual = 3,
    }

    /// <summary>The TLS a gateway server terminates or passes through (<c>ServerTLSSettings.mode</c>).</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum ServerTlsMode
    {
        /// <summary>No <c>tls</c> block is written.</summary>
        Unspecified = 0,
        /// <summary><c>PASSTHROUGH</c>: route on SNI and forward the TLS stream untouched.</summary>
        Passthrough = 1,
        /// <summary><c>SIMPLE</c>: terminate TLS with a server certificate.</summary>
        Simple = 2,
        /// <summary><c>MUTUAL</c>: terminate TLS and require a client certificate.</summary>
        Mutual = 3,
        /// <summary><c>AUTO_PASSTHROUGH</c>: route on the SNI's encoded cluster name.</summary>
        AutoPassthrough = 4,
        /// <summary><c>ISTIO_MUTUAL</c>: terminate the mesh's mutual TLS (the usual sidecar-to-egress-gateway hop).</summary>
        IstioMutual = 5,
        /// <summary><c>OPTIONAL_MUTUAL</c>: terminate TLS and accept a client certificate if one is sent.</summary>
        OptionalMutual = 6,
    }

    /// <summary>The load-balancing algorithm of a DestinationRule (<c>LoadBalancerSettings.simple</c>).</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum LoadBalancerAlgorithm
    {
        /// <summary><c>UNSPECIFIED</c>: Istio picks its default.</summary>
        Unspecified = 0,
        /// <summary><c>ROUND_ROBIN</c>.</summary>
        RoundRobin = 1,
        /// <summary><c>LEAST_REQUEST</c>.</summary>
        LeastRequest = 2,
        /// <summary><c>RANDOM</c>.</summary>
        Random = 3,
        /// <summary><c>PASSTHROUGH</c>: forward to the address the caller asked for.</summary>
        Passthrough = 4,
    }

    /// <summary>
    /// The hops of an <see cref="EgressRouteAttribute"/>, for <see cref="EgressRouteAttribute.ExplicitWeightHops"/>. A route through a
    /// gateway has two: the sidecar's hop to the gateway (<see cref="Mesh"/>) and the hop that reaches the service
    /// (<see cref="Service"/>); a route without a gateway has only the second.
    /// </summary>
    [Flags]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum RouteHops
    {
        /// <summary>No hop.</summary>
        None = 0,
        /// <summary>The sidecar's hop to the egress gateway's Service; needs <see cref="EgressRouteAttribute.Through"/>.</summary>
        Mesh = 1,
        /// <summary>The hop that reaches the routed service: from the gateway, or from the sidecar when there is no gateway.</summary>
        Service = 2,
        /// <summary>Both hops.</summary>
        All = Mesh | Service,
    }

    /// <summary>
    /// Which API an egress gateway is written in, for <see cref="EgressGatewayAttribute.Api"/>. The project's default is the
    /// MSBuild property <c>EgressGatewayApi</c> (<c>istio</c>, the default, or <c>kubernetes</c>).
    /// </summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum GatewayApi
    {
        /// <summary>The project's <c>EgressGatewayApi</c> property decides.</summary>
        Default = 0,

        /// <summary>
        /// Istio's API: a <c>networking.istio.io</c> <c>Gateway</c> on the shared egress gateway pods and <c>VirtualService</c>s for
        /// both hops.
        /// </summary>
        Istio = 1,

        /// <summary>
        /// The Kubernetes Gateway API: a <c>gateway.networking.k8s.io/v1</c> <c>Gateway</c> of class <c>istio</c>, which Istio deploys as
        /// <c>&lt;name&gt;-istio</c>, and <c>HTTPRoute</c>, <c>TLSRoute</c> or <c>TCPRoute</c> objects for both hops (docs/gateway-api.md).
        /// </summary>
        Kubernetes = 2,
    }
}
