using System;
using System.Diagnostics;

// The generator compiles this file too (EGRESS_GENERATOR), as internal types, to name the arguments it reads with nameof:
// renaming a property here then fails the generator's build instead of silently dropping the argument.
#if EGRESS_GENERATOR
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Parsing.Attributes
#else
namespace EgressDsl
#endif
{
    /// <summary>
    /// Declares an egress gateway: the class becomes an Istio <c>Gateway</c> with the servers of its
    /// <see cref="GatewayServerAttribute"/>s. <see cref="SubsetAttribute"/> and <see cref="TlsOriginationAttribute"/> on the same class
    /// describe the hop from the sidecars to the gateway, as a DestinationRule for <see cref="Service"/>.
    /// </summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class EgressGatewayAttribute : Attribute
    {
        /// <summary>The Gateway's name. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The Gateway's namespace.</summary>
        public string? Namespace { get; set; }

        /// <summary>The labels of the gateway pods (<c>Gateway.selector</c>), each <c>key=value</c>. Default: <c>istio=egressgateway</c>.</summary>
        public string[]? Selector { get; set; }

        /// <summary>The gateway's Kubernetes Service host, the destination of the mesh hop. Default: <c>istio-egressgateway.istio-system.svc.cluster.local</c>.</summary>
        public string? Service { get; set; }

        /// <summary>
        /// How the gateway Service maps its ports to the pod's ports, each <c>port=targetPort</c>. The gateway's Envoy listens on the
        /// target port. Default: Istio's chart, <c>80=8080</c> and <c>443=8443</c>.
        /// </summary>
        public string[]? TargetPorts { get; set; }

        /// <summary>
        /// The API this gateway, and the routes through it, are written in. Default: the project's <c>EgressGatewayApi</c>
        /// property (<c>istio</c> unless set). With <see cref="GatewayApi.Kubernetes"/> Istio deploys the gateway itself, so
        /// <see cref="Selector"/>, <see cref="Service"/> and <see cref="TargetPorts"/> have no meaning and are refused (EGRESS400).
        /// </summary>
        public GatewayApi Api { get; set; }
    }

    /// <summary>A server of an egress gateway (<c>Gateway.servers</c>).</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class GatewayServerAttribute : Attribute
    {
        /// <summary>Declares a server.</summary>
        /// <param name="port">The port number the server listens on, 1 to 65535.</param>
        /// <param name="name">The port name.</param>
        /// <param name="protocol">The protocol.</param>
        /// <param name="hosts">The hosts the server accepts, optionally <c>namespace/host</c>.</param>
        public GatewayServerAttribute(int port, string name, PortProtocol protocol, params string[] hosts)
        {
            Port = port;
            Name = name;
            Protocol = protocol;
            Hosts = hosts;
        }

        /// <summary>The port number.</summary>
        public int Port { get; }

        /// <summary>The port name.</summary>
        public string Name { get; }

        /// <summary>The protocol.</summary>
        public PortProtocol Protocol { get; }

        /// <summary>The hosts.</summary>
        public string[] Hosts { get; }

        /// <summary>The server's TLS mode; <see cref="ServerTlsMode.Unspecified"/> writes no <c>tls</c> block.</summary>
        public ServerTlsMode Tls { get; set; }

        /// <summary>The Secret with the server certificate, for SIMPLE or MUTUAL: its name, or a form Istio reads such as <c>kubernetes://[namespace/]name</c>.</summary>
        public string? CredentialName { get; set; }

        /// <summary>Path of the server certificate file.</summary>
        public string? ServerCertificate { get; set; }

        /// <summary>Path of the server private key file.</summary>
        public string? PrivateKey { get; set; }

        /// <summary>Path of the CA bundle that verifies clients, for MUTUAL.</summary>
        public string? CaCertificates { get; set; }
    }

    /// <summary>
    /// Routes traffic for an external service: the class becomes the VirtualService(s) for <see cref="Service"/>. With
    /// <see cref="Through"/>, traffic goes through an egress gateway in two hops (sidecar to gateway, gateway to service),
    /// written as two VirtualServices, or as one when <see cref="Combined"/> is set. The rules are the class's
    /// <see cref="HttpRouteAttribute"/>, <see cref="TlsRouteAttribute"/> and <see cref="TcpRouteAttribute"/>s, in source order.
    /// </summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class EgressRouteAttribute : Attribute
    {
        /// <summary>Routes traffic for a service.</summary>
        /// <param name="service">A class with <see cref="ExternalServiceAttribute"/> or <see cref="MeshHostAttribute"/>.</param>
        public EgressRouteAttribute(Type service) => Service = service;

        /// <summary>The routed service: a class with <see cref="ExternalServiceAttribute"/> or <see cref="MeshHostAttribute"/>.</summary>
        public Type Service { get; }

        /// <summary>A class with <see cref="EgressGatewayAttribute"/> the traffic goes through.</summary>
        public Type? Through { get; set; }

        /// <summary>
        /// The service the gateway sends the traffic to, when it is not the routed one: a class with
        /// <see cref="ExternalServiceAttribute"/> or <see cref="MeshHostAttribute"/>. Istio's wildcard pattern accepts
        /// <c>*.wikipedia.org</c> at the gateway and forwards everything to <c>www.wikipedia.org</c>, its one upstream. Needs
        /// <see cref="Through"/>; rules' <c>Subset</c>, <c>Split</c> and <c>DestinationPort</c> then refer to this service.
        /// </summary>
        public Type? ForwardTo { get; set; }

        /// <summary>The port the applications call, matched on the mesh hop (<c>match.port</c>). 0: no port match.</summary>
        public int Port { get; set; }

        /// <summary>The gateway server port the mesh hop goes to. Default: the port of the gateway server that lists the host.</summary>
        public int GatewayPort { get; set; }

        /// <summary>The subset of the gateway's DestinationRule for the mesh hop, e.g. one with ISTIO_MUTUAL.</summary>
        public string? GatewaySubset { get; set; }

        /// <summary>Writes one VirtualService bound to <c>mesh</c> and the gateway, as Istio's documentation does.</summary>
        public bool Combined { get; set; }

        /// <summary>
        /// Writes <c>weight: 100</c> on every destination that is the only one of its rule, on both hops, as Istio's task pages
        /// do. Default: left out, which Istio reads the same way (a single destination gets all traffic). Splits
        /// (<see cref="HttpRouteAttribute.Split"/>) always write their weights. For one hop only, see <see cref="ExplicitWeightHops"/>.
        /// </summary>
        public bool ExplicitWeights { get; set; }

        /// <summary>
        /// Writes <c>weight: 100</c> on the single destinations of the chosen hops only, for Istio pages that write it on one hop
        /// and not the other (the egress gateway task's TLS route writes it on <see cref="RouteHops.Service"/> alone). Default:
        /// <see cref="RouteHops.None"/>. Set this or <see cref="ExplicitWeights"/>, not both; <see cref="RouteHops.Mesh"/> needs
        /// <see cref="Through"/>.
        /// </summary>
        public RouteHops ExplicitWeightHops { get; set; }

        /// <summary>
        /// Leaves out <c>destination.port</c> on the hop that reaches the service, for rules without a <c>DestinationPort</c> whose
        /// service declares exactly one port, as Istio's pages do (egress-control's timeout route). Istio then sends to that one
        /// port: the same route, the same Envoy configuration. Default: the port is written. A rule with an explicit
        /// <c>DestinationPort</c>, a service with several ports and the sidecar's hop to a gateway always keep it.
        /// </summary>
        public bool OmitSingleDestinationPort { get; set; }

        /// <summary>The name of the combined VirtualService, or of the only one without a gateway. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The name of the mesh-hop VirtualService. Default: the class name in kebab case, then <c>-mesh</c>.</summary>
        public string? MeshName { get; set; }

        /// <summary>The name of the gateway-hop VirtualService. Default: the class name in kebab case, then <c>-gateway</c>.</summary>
        public string? GatewayName { get; set; }

        /// <summary>The namespace of the VirtualServices.</summary>
        public string? Namespace { get; set; }

        /// <summary>Namespaces the VirtualServices are visible in (<c>exportTo</c>).</summary>
        public string[]? ExportTo { get; set; }
    }

    /// <summary>
    /// An HTTP rule of an <see cref="EgressRouteAttribute"/> (<c>VirtualService.http</c>). Match fields left unset match anything.
    /// </summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class HttpRouteAttribute : Attribute
    {
        /// <summary>The rule's name.</summary>
        public string? Name { get; set; }

        /// <summary>Matches the port of the request; 0: the route's <see cref="EgressRouteAttribute.Port"/>.</summary>
        public int Port { get; set; }

        /// <summary>
        /// Header matches, all of which must hold: <c>name=value</c> (exact), <c>name^=value</c> (prefix) or <c>name~=regex</c> (RE2).
        /// </summary>
        public string[]? Headers { get; set; }

        /// <summary>Matches the exact path.</summary>
        public string? UriExact { get; set; }

        /// <summary>Matches a path prefix.</summary>
        public string? UriPrefix { get; set; }

        /// <summary>Matches the path with an RE2 regular expression.</summary>
        public string? UriRegex { get; set; }

        /// <summary>The destination subset.</summary>
        public string? Subset { get; set; }

        /// <summary>
        /// Splits traffic across subsets, each <c>subset=weight</c>; the weights add up to 100. Use instead of <see cref="Subset"/>.
        /// </summary>
        public string[]? Split { get; set; }

        /// <summary>The destination port of the service. 0: the service's only port.</summary>
        public int DestinationPort { get; set; }

        /// <summary>The request timeout, such as <c>5s</c> or <c>250ms</c>: from <c>1ms</c> to <c>2562047h</c>, the range Istio's CRD and Kubernetes accept.</summary>
        public string? Timeout { get; set; }
    }

    /// <summary>A TLS rule routed on SNI (<c>VirtualService.tls</c>), for TLS that is not terminated.</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class TlsRouteAttribute : Attribute
    {
        /// <summary>Declares a TLS rule.</summary>
        /// <param name="sniHosts">The SNI names matched; default: the service's hosts.</param>
        public TlsRouteAttribute(params string[] sniHosts) => SniHosts = sniHosts;

        /// <summary>The SNI names matched.</summary>
        public string[] SniHosts { get; }

        /// <summary>Matches the port; 0: the route's port.</summary>
        public int Port { get; set; }

        /// <summary>The destination subset.</summary>
        public string? Subset { get; set; }

        /// <summary>Splits traffic across subsets, each <c>subset=weight</c>.</summary>
        public string[]? Split { get; set; }

        /// <summary>The destination port of the service. 0: the service's only port.</summary>
        public int DestinationPort { get; set; }
    }

    /// <summary>A TCP rule (<c>VirtualService.tcp</c>).</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class TcpRouteAttribute : Attribute
    {
        /// <summary>Matches the port; 0: the route's port.</summary>
        public int Port { get; set; }

        /// <summary>The destination subset.</summary>
        public string? Subset { get; set; }

        /// <summary>Splits traffic across subsets, each <c>subset=weight</c>.</summary>
        public string[]? Split { get; set; }

        /// <summary>The destination port of the service. 0: the service's only port.</summary>
        public int DestinationPort { get; set; }
    }
}
