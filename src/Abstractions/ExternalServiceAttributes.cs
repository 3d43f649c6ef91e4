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
    /// <summary>Whether EgressDsl's attributes stay in the compiled assembly.</summary>
    /// <remarks>
    /// The attributes are read at compile time only: the generator and analyzers read them from the source, and nothing
    /// reads them from an assembly. Kept in metadata they cost a thousand-service project about 0.8 MB of its DLL (an enum
    /// argument written by name stores its type's assembly-qualified name), so every EgressDsl attribute is
    /// <see cref="ConditionalAttribute"/>: the compiler checks it and leaves it out of the assembly unless the project
    /// defines <see cref="KeepSymbol"/> to read them by reflection
    /// (<c>&lt;DefineConstants&gt;$(DefineConstants);EGRESSDSL_KEEP_ATTRIBUTES&lt;/DefineConstants&gt;</c>).
    /// </remarks>
    internal static class AttributeMetadata
    {
        /// <summary>The compilation symbol that keeps EgressDsl's attributes in the assembly.</summary>
        public const string KeepSymbol = "EGRESSDSL_KEEP_ATTRIBUTES";
    }

    /// <summary>
    /// Declares an external service: the class becomes an Istio <c>ServiceEntry</c>, and, when it also carries
    /// <see cref="SubsetAttribute"/>, <see cref="TlsOriginationAttribute"/>, <see cref="LoadBalancerAttribute"/> or
    /// <see cref="DestinationRuleAttribute"/>, a <c>DestinationRule</c> for its first host.
    /// </summary>
    /// <example><code>
    /// [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
    /// [ServicePort(443, "https", PortProtocol.Https)]
    /// public partial class ExampleApi;
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class ExternalServiceAttribute : Attribute
    {
        /// <summary>Declares the service with its host names (<c>ServiceEntry.hosts</c>). A host may start with <c>*.</c>.</summary>
        /// <param name="hosts">One or more DNS names; the first is the host the DestinationRule and routes use.</param>
        public ExternalServiceAttribute(params string[] hosts) => Hosts = hosts;

        /// <summary>The host names (<c>ServiceEntry.hosts</c>).</summary>
        public string[] Hosts { get; }

        /// <summary>The ServiceEntry's name. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The namespace of the ServiceEntry and DestinationRule. Default: none written, so <c>kubectl</c>'s namespace applies.</summary>
        public string? Namespace { get; set; }

        /// <summary>Virtual IP addresses or CIDR blocks of the service (<c>ServiceEntry.addresses</c>).</summary>
        public string[]? Addresses { get; set; }

        /// <summary>Whether the service is inside or outside the mesh (<c>ServiceEntry.location</c>).</summary>
        public ServiceLocation Location { get; set; }

        /// <summary>How endpoints are resolved (<c>ServiceEntry.resolution</c>).</summary>
        public ServiceResolution Resolution { get; set; }

        /// <summary>Namespaces the ServiceEntry is visible in (<c>ServiceEntry.exportTo</c>): <c>.</c>, <c>*</c> or namespace names.</summary>
        public string[]? ExportTo { get; set; }

        /// <summary>
        /// Selects mesh workloads as the endpoints instead of <see cref="EndpointAttribute"/> (<c>ServiceEntry.workloadSelector.labels</c>),
        /// each entry <c>key=value</c>.
        /// </summary>
        public string[]? WorkloadSelector { get; set; }

        /// <summary>Service accounts allowed to run the service's workloads (<c>ServiceEntry.subjectAltNames</c>).</summary>
        public string[]? SubjectAltNames { get; set; }
    }

    /// <summary>
    /// A host that some other registry already owns (an in-cluster Kubernetes Service such as
    /// <c>my-nginx.mesh-external.svc.cluster.local</c>, the egress gateway's Service, an <c>ExternalName</c> or selector-less
    /// Service), described only to attach policies to it: no <c>ServiceEntry</c> is written. <see cref="DestinationRuleAttribute"/>,
    /// <see cref="SubsetAttribute"/>, <see cref="TlsOriginationAttribute"/> and <see cref="LoadBalancerAttribute"/> on the class
    /// write the <c>DestinationRule</c> for the host; <see cref="ServicePortAttribute"/>s tell routes and port-level settings the
    /// host's ports; <see cref="KubernetesServiceAttribute"/> also writes the Kubernetes Service itself; and an
    /// <see cref="EgressRouteAttribute"/> may name the class with <c>typeof</c>.
    /// </summary>
    /// <remarks>
    /// Use <see cref="ExternalServiceAttribute"/> for a host Istio does not know yet: a ServiceEntry for a host a Kubernetes
    /// Service already declares changes which of the two Istio uses.
    /// </remarks>
    /// <example><code>
    /// // Istio's egress-kubernetes-services task: plain traffic to an ExternalName Service, without Istio's mutual TLS.
    /// [MeshHost("my-httpbin.default.svc.cluster.local")]
    /// [DestinationRule(Name = "my-httpbin")]
    /// [TlsOrigination(TlsMode.Disable)]
    /// public partial class MyHttpbin;
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class MeshHostAttribute : Attribute
    {
        /// <summary>Declares the host.</summary>
        /// <param name="host">The DNS name, as the DestinationRule's <c>host</c>, such as <c>my-nginx.mesh-external.svc.cluster.local</c>.</param>
        public MeshHostAttribute(string host) => Host = host;

        /// <summary>The host (<c>DestinationRule.host</c>).</summary>
        public string Host { get; }

        /// <summary>The namespace of the DestinationRule (and of the Kubernetes Service, unless it names its own). Default: none written.</summary>
        public string? Namespace { get; set; }
    }

    /// <summary>A port of an external service (<c>ServiceEntry.ports</c>), also used for its optional Kubernetes Service.</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class ServicePortAttribute : Attribute
    {
        /// <summary>Declares a port.</summary>
        /// <param name="number">The port number, 1 to 65535.</param>
        /// <param name="name">
        /// The port name, a DNS label such as <c>https</c> or <c>http-tls</c>. On a <see cref="MeshHostAttribute"/> class with a single
        /// port it may be empty: the Kubernetes Service's port is then unnamed.
        /// </param>
        /// <param name="protocol">The protocol; <see cref="PortProtocol.Unspecified"/> leaves it out.</param>
        public ServicePortAttribute(int number, string name, PortProtocol protocol = PortProtocol.Unspecified)
        {
            Number = number;
            Name = name;
            Protocol = protocol;
        }

        /// <summary>The port number.</summary>
        public int Number { get; }

        /// <summary>The port name.</summary>
        public string Name { get; }

        /// <summary>The protocol.</summary>
        public PortProtocol Protocol { get; }

        /// <summary>The port the endpoints listen on when it differs from <see cref="Number"/> (<c>ServicePort.targetPort</c>). 0 leaves it out.</summary>
        public int TargetPort { get; set; }
    }

    /// <summary>An endpoint of a <c>STATIC</c> or <c>DNS</c> external service (<c>ServiceEntry.endpoints</c>).</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class EndpointAttribute : Attribute
    {
        /// <summary>Declares an endpoint.</summary>
        /// <param name="address">An IP address, a DNS name (for <c>DNS</c> resolution) or <c>unix://</c> socket path.</param>
        public EndpointAttribute(string address) => Address = address;

        /// <summary>The endpoint's address.</summary>
        public string Address { get; }

        /// <summary>The endpoint's labels, each <c>key=value</c>; subsets select endpoints with them.</summary>
        public string[]? Labels { get; set; }

        /// <summary>Per-port overrides, each <c>portName=number</c>, e.g. <c>http-tls=443</c>.</summary>
        public string[]? Ports { get; set; }

        /// <summary>The network the endpoint is in, for multi-network meshes; at most 2,048 characters (the CRD's limit).</summary>
        public string? Network { get; set; }

        /// <summary>The endpoint's locality, <c>region/zone/subzone</c>; at most 2,048 characters (the CRD's limit).</summary>
        public string? Locality { get; set; }

        /// <summary>
        /// The load-balancing weight, 1 or more; 0 leaves it out (it then counts 1). The weights of a service's endpoints
        /// together may not pass 4,294,967,295, the most Envoy takes.
        /// </summary>
        public int Weight { get; set; }

        /// <summary>The service account of the workload behind the endpoint.</summary>
        public string? ServiceAccount { get; set; }
    }

    /// <summary>
    /// Names and scopes the <c>DestinationRule</c> of an external service or of an egress gateway.
    /// Optional: the rule is also generated when subsets, TLS or load-balancer settings are declared.
    /// </summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class DestinationRuleAttribute : Attribute
    {
        /// <summary>The DestinationRule's name. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The namespace. Default: the namespace of the ServiceEntry or gateway.</summary>
        public string? Namespace { get; set; }

        /// <summary>Namespaces the rule applies in (<c>DestinationRule.exportTo</c>).</summary>
        public string[]? ExportTo { get; set; }

        /// <summary>Restricts the rule to the workloads with these labels (<c>DestinationRule.workloadSelector</c>), each <c>key=value</c>.</summary>
        public string[]? WorkloadSelector { get; set; }
    }

    /// <summary>A named subset of the endpoints (<c>DestinationRule.subsets</c>); routes refer to it by name.</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class SubsetAttribute : Attribute
    {
        /// <summary>Declares a subset.</summary>
        /// <param name="name">The subset name, a DNS label such as <c>v1</c>.</param>
        /// <param name="labels">The endpoint labels the subset selects, each <c>key=value</c>.</param>
        public SubsetAttribute(string name, params string[] labels)
        {
            Name = name;
            Labels = labels;
        }

        /// <summary>The subset name.</summary>
        public string Name { get; }

        /// <summary>The labels, each <c>key=value</c>.</summary>
        public string[] Labels { get; }
    }

    /// <summary>
    /// TLS that the proxy originates towards the service (<c>trafficPolicy.tls</c>): for the whole service, for one
    /// <see cref="Port"/>, for one <see cref="Subset"/>, or for one port of one subset.
    /// </summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class TlsOriginationAttribute : Attribute
    {
        /// <summary>Declares TLS origination.</summary>
        /// <param name="mode">The TLS mode.</param>
        public TlsOriginationAttribute(TlsMode mode) => Mode = mode;

        /// <summary>The TLS mode.</summary>
        public TlsMode Mode { get; }

        /// <summary>Applies the setting to this port only (<c>portLevelSettings</c>). 0: every port.</summary>
        public int Port { get; set; }

        /// <summary>Applies the setting to this subset only (<c>subsets[].trafficPolicy</c>). Default: the whole service.</summary>
        public string? Subset { get; set; }

        /// <summary>Path of the client certificate file, for <see cref="TlsMode.Mutual"/>.</summary>
        public string? ClientCertificate { get; set; }

        /// <summary>Path of the client private key file, for <see cref="TlsMode.Mutual"/>. Never the key itself.</summary>
        public string? PrivateKey { get; set; }

        /// <summary>Path of the CA bundle that verifies the server.</summary>
        public string? CaCertificates { get; set; }

        /// <summary>
        /// The Kubernetes Secret holding the certificates, instead of file paths: its name, or <c>kubernetes://[namespace/]name</c>
        /// (also <c>kubernetes-gateway://</c>, <c>configmap://</c>, <c>builtin://</c>, <c>sds://</c>) as Istio reads them.
        /// The name of the Secret, never its content.
        /// </summary>
        public string? CredentialName { get; set; }

        /// <summary>The SNI sent in the TLS handshake: a host name (no IP address, no wildcard).</summary>
        public string? Sni { get; set; }

        /// <summary>Names the server certificate must carry.</summary>
        public string[]? SubjectAltNames { get; set; }

        /// <summary>Turns off server verification. Avoid: it allows a man in the middle.</summary>
        public bool InsecureSkipVerify { get; set; }
    }

    /// <summary>The load balancer for the service, one port or one subset (<c>trafficPolicy.loadBalancer.simple</c>).</summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class LoadBalancerAttribute : Attribute
    {
        /// <summary>Declares the load balancer.</summary>
        /// <param name="algorithm">The algorithm.</param>
        public LoadBalancerAttribute(LoadBalancerAlgorithm algorithm) => Algorithm = algorithm;

        /// <summary>The algorithm.</summary>
        public LoadBalancerAlgorithm Algorithm { get; }

        /// <summary>Applies to this port only. 0: every port.</summary>
        public int Port { get; set; }

        /// <summary>Applies to this subset only. Default: the whole service.</summary>
        public string? Subset { get; set; }
    }

    /// <summary>
    /// Also generates a Kubernetes <c>Service</c> (API v1) with the external service's ports, which gives the host a
    /// cluster DNS name, or, with <see cref="ExternalName"/>, a DNS alias.
    /// </summary>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class KubernetesServiceAttribute : Attribute
    {
        /// <summary>The Service's name. Default: the class name in kebab case.</summary>
        public string? Name { get; set; }

        /// <summary>The Service's namespace.</summary>
        public string? Namespace { get; set; }

        /// <summary>Labels on the Service's metadata, each <c>key=value</c>.</summary>
        public string[]? Labels { get; set; }

        /// <summary>The pod selector (<c>spec.selector</c>), each <c>key=value</c>.</summary>
        public string[]? Selector { get; set; }

        /// <summary>Makes the Service <c>type: ExternalName</c>, a DNS alias for this name (lower case, as Kubernetes requires).</summary>
        public string? ExternalName { get; set; }

        /// <summary>
        /// Annotations on the Service's metadata, each <c>key=value</c> (the value may be any text), such as
        /// <c>networking.istio.io/exportTo=.</c>, which keeps the Service visible to its own namespace only.
        /// </summary>
        public string[]? Annotations { get; set; }

        /// <summary>
        /// The protocol written on every port (<c>ports[].protocol</c>): <c>TCP</c>, <c>UDP</c> or <c>SCTP</c>. Default: none
        /// written, and Kubernetes reads <c>TCP</c>. Istio takes the application protocol from the port name, not from this.
        /// </summary>
        public string? Protocol { get; set; }

        /// <summary>
        /// The IP addresses behind a Service without <see cref="Selector"/>: also writes its endpoints, by default as a core
        /// <c>v1</c> <c>Endpoints</c> object named like the Service, with the Service's ports (their target ports when set).
        /// </summary>
        public string[]? Endpoints { get; set; }

        /// <summary>
        /// Writes <see cref="Endpoints"/> as a <c>discovery.k8s.io/v1</c> <c>EndpointSlice</c> (named like the Service, with the
        /// <c>kubernetes.io/service-name</c> label), which current Kubernetes reads; core <c>Endpoints</c> are deprecated since
        /// Kubernetes 1.33 but still what Istio's task pages write.
        /// </summary>
        public bool EndpointSlice { get; set; }
    }
}
