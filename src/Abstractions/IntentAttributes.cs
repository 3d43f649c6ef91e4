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
    /// <summary>How traffic to a <see cref="GatewayEgressAttribute"/> host travels through the egress gateway.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum GatewayEgressTls
    {
        /// <summary>Plain HTTP from the application to the gateway and from the gateway to the host (Istio's egress-gateway task, HTTP).</summary>
        None = 0,

        /// <summary>The application's own HTTPS, routed by SNI and passed through the gateway untouched (egress-gateway task, HTTPS).</summary>
        Passthrough = 1,

        /// <summary>
        /// The application calls <c>http://</c>; the gateway originates TLS (<c>SIMPLE</c>) to the host's port 443 (egress-gateway-tls-origination task).
        /// </summary>
        Originate = 2,

        /// <summary>
        /// As <see cref="Originate"/>, with a client certificate (<c>MUTUAL</c>) from the Kubernetes Secret named by
        /// <see cref="GatewayEgressAttribute.CredentialName"/>, which this mode requires.
        /// </summary>
        OriginateMutual = 3,
    }

    /// <summary>
    /// Pattern a (and the direct half of d) of Istio's egress tasks: sidecars may call an external HTTP, HTTPS, TLS or TCP host
    /// directly. Writes the <c>ServiceEntry</c> Istio's egress-control task writes (<c>MESH_EXTERNAL</c>, <c>DNS</c>), or for a
    /// wildcard host such as <c>*.example.com</c> the one of the wildcard-egress-hosts task (no resolution: the application's
    /// own DNS answer is used); with <see cref="Timeout"/>, also the <c>VirtualService</c> that sets it.
    /// </summary>
    /// <remarks>
    /// Low-level attributes on the same class refine the expansion: a <see cref="ServicePortAttribute"/> with the same number
    /// replaces the port written here (to rename it), <see cref="HttpRouteAttribute"/>s write the VirtualService's rules.
    /// The class may be named with <c>typeof</c> wherever a service is, as in <c>[EgressRoute(typeof(Httpbin))]</c>.
    /// </remarks>
    /// <example><code>
    /// [DirectEgress("httpbin.org", Protocol = PortProtocol.Http, Timeout = "3s")]
    /// public partial class Httpbin;
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class DirectEgressAttribute : Attribute
    {
        /// <summary>Declares the external host.</summary>
        /// <param name="host">The DNS name, or a wildcard such as <c>*.wikipedia.org</c>.</param>
        public DirectEgressAttribute(string host) => Host = host;

        /// <summary>The host (<c>ServiceEntry.hosts</c>).</summary>
        public string Host { get; }

        /// <summary>The protocol the application speaks: <see cref="PortProtocol.Https"/> (default), <see cref="PortProtocol.Http"/>, <see cref="PortProtocol.Tls"/> or <see cref="PortProtocol.Tcp"/>.</summary>
        public PortProtocol Protocol { get; set; }

        /// <summary>The port the application calls. 0 (default): 443, or 80 for <see cref="PortProtocol.Http"/>.</summary>
        public int Port { get; set; }

        /// <summary>A request timeout such as <c>3s</c>, for <see cref="PortProtocol.Http"/> only: writes a VirtualService with it, as Istio's egress-control task does.</summary>
        public string? Timeout { get; set; }

        /// <summary>The name of the ServiceEntry (and VirtualService). Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The namespace of the resources. Default: none written, so <c>kubectl</c>'s namespace applies.</summary>
        public string? Namespace { get; set; }

        /// <summary>Namespaces the ServiceEntry is visible in (<c>exportTo</c>): <c>.</c>, <c>*</c> or namespace names.</summary>
        public string[]? ExportTo { get; set; }
    }

    /// <summary>
    /// Pattern b: the application calls <c>http://host</c> and its sidecar originates TLS to the host's TLS port, as in Istio's
    /// egress-tls-origination task. Writes a <c>ServiceEntry</c> with the plain port (<see cref="Port"/>, sent on to
    /// <see cref="TargetPort"/>) and the TLS port, and a <c>DestinationRule</c> that originates TLS on the plain port;
    /// <see cref="TlsMode.Mutual"/> with a <see cref="CredentialName"/> for the workloads of <see cref="WorkloadSelector"/>.
    /// </summary>
    /// <example><code>
    /// [SidecarTlsOrigination("edition.cnn.com")]
    /// public partial class EditionCnn;   // the app calls http://edition.cnn.com, the sidecar sends HTTPS to port 443
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class SidecarTlsOriginationAttribute : Attribute
    {
        /// <summary>Declares the host whose TLS the sidecar originates.</summary>
        /// <param name="host">The DNS name (no wildcard: TLS needs one server name).</param>
        public SidecarTlsOriginationAttribute(string host) => Host = host;

        /// <summary>The host.</summary>
        public string Host { get; }

        /// <summary><see cref="TlsMode.Simple"/> (default) or <see cref="TlsMode.Mutual"/>, which needs <see cref="CredentialName"/>.</summary>
        public TlsMode Mode { get; set; } = TlsMode.Simple;

        /// <summary>The plain-HTTP port the application calls. 0 (default): 80.</summary>
        public int Port { get; set; }

        /// <summary>The server's TLS port. 0 (default): 443.</summary>
        public int TargetPort { get; set; }

        /// <summary>The Kubernetes Secret with the client certificate (and CA), for <see cref="TlsMode.Mutual"/>: its name, never its content.</summary>
        public string? CredentialName { get; set; }

        /// <summary>The SNI sent in the TLS handshake. Default: none written (Istio sends the request's host).</summary>
        public string? Sni { get; set; }

        /// <summary>Path of the CA bundle in the sidecar that verifies the server. Default: Istio's system trust store.</summary>
        public string? CaCertificates { get; set; }

        /// <summary>Restricts the DestinationRule to these workloads, each <c>key=value</c>; Istio reads a <see cref="CredentialName"/> from a sidecar only with one.</summary>
        public string[]? WorkloadSelector { get; set; }

        /// <summary>
        /// True when the host is an in-cluster Kubernetes Service (like <see cref="MeshHostAttribute"/>): no ServiceEntry is
        /// written, and the application calls <c>http://host:TargetPort</c>, on which the sidecar originates TLS.
        /// </summary>
        public bool InCluster { get; set; }

        /// <summary>The name of the ServiceEntry and DestinationRule. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The namespace of the resources. Default: none written.</summary>
        public string? Namespace { get; set; }
    }

    /// <summary>
    /// Pattern c (and the gateway half of d): every request to the host leaves through the egress gateway, as Istio's
    /// egress-gateway and egress-gateway-tls-origination tasks configure it. Writes the <c>ServiceEntry</c>, the
    /// <c>Gateway</c> server for the host, the <c>DestinationRule</c> for the gateway's Service with a subset for the host,
    /// the <c>VirtualService</c> for both hops, and with <see cref="GatewayEgressTls.Originate"/> or
    /// <see cref="GatewayEgressTls.OriginateMutual"/> the <c>DestinationRule</c> that originates TLS at the gateway.
    /// When the gateway is in the Kubernetes Gateway API form (<c>EgressGatewayApi=kubernetes</c>, or a <see cref="Gateway"/>
    /// class with <see cref="EgressGatewayAttribute.Api"/> <see cref="GatewayApi.Kubernetes"/>), writes the Gateway API recipe of
    /// Istio's pages instead: a Gateway, two HTTPRoutes or TLSRoutes, no subset (EGRESS400 for what it has no equivalent of).
    /// </summary>
    /// <remarks>
    /// With <see cref="GatewayEgressTls.Originate"/> the application calls <c>http://host</c>, never <c>https://</c>: the
    /// gateway originates TLS, and HTTPS from the application would be TLS inside TLS.
    /// </remarks>
    /// <example><code>
    /// [GatewayEgress("api.payments.example", Tls = GatewayEgressTls.Originate, CredentialName = "payments-ca")]
    /// public partial class Payments;
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class GatewayEgressAttribute : Attribute
    {
        /// <summary>Declares the host reached through the egress gateway.</summary>
        /// <param name="host">The DNS name, or a wildcard such as <c>*.wikipedia.org</c> (with <see cref="GatewayEgressTls.Passthrough"/> and <see cref="ForwardTo"/>).</param>
        public GatewayEgressAttribute(string host) => Host = host;

        /// <summary>The host.</summary>
        public string Host { get; }

        /// <summary>How the traffic travels: <see cref="GatewayEgressTls.None"/> (plain HTTP, default), passthrough, or origination at the gateway.</summary>
        public GatewayEgressTls Tls { get; set; }

        /// <summary>
        /// The Kubernetes Secret the gateway reads, in the gateway's namespace: the client certificate for
        /// <see cref="GatewayEgressTls.OriginateMutual"/> (required), or the CA that verifies the host for
        /// <see cref="GatewayEgressTls.Originate"/>. Its name, never its content. With a credential the DestinationRule that
        /// originates TLS is written in <c>istio-system</c> with a workloadSelector for the gateway's pods
        /// (<c>istio=egressgateway</c>), the only proxies that can read the Secret.
        /// </summary>
        public string? CredentialName { get; set; }

        /// <summary>The SNI the gateway sends when it originates TLS. Default: none written (Istio sends the request's host).</summary>
        public string? Sni { get; set; }

        /// <summary>
        /// True: Istio's mutual TLS (<c>ISTIO_MUTUAL</c>) from the sidecars to the gateway, as the tasks' "mutual TLS enabled" tabs
        /// write. With <see cref="GatewayEgressTls.Passthrough"/> the gateway's TLS server terminates the mesh's TLS (SNI: the
        /// host) and forwards the application's own TLS inside it as a TCP stream, as the egress-gateway task's HTTPS section
        /// did up to Istio 1.4; not for a wildcard host.
        /// </summary>
        public bool MeshTls { get; set; }

        /// <summary>
        /// A class with <see cref="EgressGatewayAttribute"/> to share (it must serve the host). Default: Istio's standard
        /// <c>istio-egressgateway</c> (selector <c>istio=egressgateway</c>, Service <c>istio-egressgateway.istio-system.svc.cluster.local</c>),
        /// with a Gateway and a DestinationRule written for this class.
        /// </summary>
        public Type? Gateway { get; set; }

        /// <summary>
        /// The name of the Gateway written for this class. Default: <see cref="Name"/> followed by <c>-egressgateway</c>, or by
        /// <c>-egress-gateway</c> in the Kubernetes Gateway API form (as Istio's Gateway API tabs name it).
        /// </summary>
        public string? GatewayName { get; set; }

        /// <summary>
        /// True when the host is an in-cluster Kubernetes Service (like <see cref="MeshHostAttribute"/>) that the gateway
        /// originates TLS to, as the mutual TLS section of Istio's egress-gateway-tls-origination task does with its nginx:
        /// no ServiceEntry is written, the DestinationRule that originates TLS is named <c>originate-tls-for-Name</c> (or
        /// <c>originate-mtls-for-Name</c>) and sends the host as SNI, and with <see cref="MeshTls"/> the gateway's server
        /// listens on 443. Only with <see cref="GatewayEgressTls.Originate"/> or <see cref="GatewayEgressTls.OriginateMutual"/>.
        /// </summary>
        public bool InCluster { get; set; }

        /// <summary>
        /// For a wildcard host: the one upstream host the gateway sends every request to (such as <c>www.wikipedia.org</c>),
        /// as Istio's wildcard-egress-hosts task does. Writes its ServiceEntry too.
        /// </summary>
        public string? ForwardTo { get; set; }

        /// <summary>
        /// The base of the resources' names, as Istio's tasks name them: ServiceEntry <c>Name</c>, DestinationRule
        /// <c>egressgateway-for-Name</c> (subset <c>Name</c>), VirtualService <c>direct-Name-through-egress-gateway</c>.
        /// Default: the class name in kebab case.
        /// </summary>
        public string? Name { get; set; }

        /// <summary>The namespace of the resources. Default: none written.</summary>
        public string? Namespace { get; set; }
    }

    /// <summary>
    /// Pattern e: an external HTTPS proxy that the applications reach by address over TCP (Istio's egress http-proxy task):
    /// a <c>MESH_EXTERNAL</c> <c>ServiceEntry</c> with one TCP port and the proxy's addresses.
    /// </summary>
    /// <example><code>
    /// [ExternalProxy("my-company-proxy.com", 3128, Addresses = ["10.1.2.3/32"])]
    /// public partial class CompanyProxy;
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class ExternalProxyAttribute : Attribute
    {
        /// <summary>Declares the proxy.</summary>
        /// <param name="host">The proxy's name (Istio matches TCP traffic by address and port; the name documents it).</param>
        /// <param name="port">The proxy's TCP port, 1 to 65535.</param>
        public ExternalProxyAttribute(string host, int port)
        {
            Host = host;
            Port = port;
        }

        /// <summary>The proxy's host name.</summary>
        public string Host { get; }

        /// <summary>The proxy's port.</summary>
        public int Port { get; }

        /// <summary>The proxy's IP addresses or CIDR blocks (<c>ServiceEntry.addresses</c>), such as <c>10.1.2.3/32</c>.</summary>
        public string[]? Addresses { get; set; }

        /// <summary>The ServiceEntry's name. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The namespace. Default: none written.</summary>
        public string? Namespace { get; set; }
    }

    /// <summary>
    /// Pattern f: a Kubernetes Service for an external host (Istio's egress-kubernetes-services task): a Service of type
    /// <c>ExternalName</c> pointing at the host, or with <see cref="Endpoints"/> a Service without selector and its
    /// <c>Endpoints</c>; and always the <c>DestinationRule</c> with <c>tls.mode: DISABLE</c> for the Service's cluster host,
    /// so Istio does not send its mutual TLS to a server outside the mesh.
    /// </summary>
    /// <example><code>
    /// [KubernetesEgressService("httpbin.org", Name = "my-httpbin")]
    /// public partial class MyHttpbin;   // the app calls http://my-httpbin.default.svc.cluster.local
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class KubernetesEgressServiceAttribute : Attribute
    {
        /// <summary>Declares the Service.</summary>
        /// <param name="externalHost">The external host (the Service's <c>externalName</c>, unless <see cref="Endpoints"/> are given).</param>
        public KubernetesEgressServiceAttribute(string externalHost) => ExternalHost = externalHost;

        /// <summary>The external host.</summary>
        public string ExternalHost { get; }

        /// <summary>IP addresses of the external host: a Service without selector and its <c>Endpoints</c> instead of an <c>ExternalName</c>.</summary>
        public string[]? Endpoints { get; set; }

        /// <summary>The Service's port. 0 (default): 80.</summary>
        public int Port { get; set; }

        /// <summary>The port's name. Default: <c>http</c> for port 80, <c>tls</c> for 443, otherwise <c>tcp</c>.</summary>
        public string? PortName { get; set; }

        /// <summary>The Service's (and DestinationRule's) name. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The Service's namespace. Default: none written; its cluster host then uses <c>default</c>.</summary>
        public string? Namespace { get; set; }
    }
}
