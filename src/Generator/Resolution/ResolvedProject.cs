using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// A problem found by looking across classes. It points at an attribute argument by class, attribute ordinal and
    /// argument name: the analyzer turns that into the exact source location, the generator into its refusal to emit.
    /// Models keep no ordinals for ports, servers or subsets, so an issue about one of those names the attribute by its
    /// short name and its index among the class's attributes of that name (<paramref name="AttributeShortName"/>,
    /// <paramref name="AttributeIndex"/>) instead, and leaves the ordinal at <see cref="ByShortName"/>.
    /// </summary>
    internal sealed record ResolutionIssue(
        string Id,
        string ClassMetadataName,
        int AttributeOrdinal,
        string? ArgumentName,
        int? Element,
        EquatableArray<string> Arguments,
        string? AttributeShortName = null,
        int AttributeIndex = 0)
    {
        /// <summary>The ordinal that stands for the class's role attribute ([ExternalService], [EgressGateway] or [EgressRoute]).</summary>
        public const int RoleAttribute = -2;

        /// <summary>The ordinal of an issue located by <see cref="AttributeShortName"/> and <see cref="AttributeIndex"/>.</summary>
        public const int ByShortName = -3;
    }

    /// <summary>A route with the service and gateway it names, so emitting it needs nothing else.</summary>
    internal sealed record ResolvedRoute(
        RouteModel Route,
        ExternalServiceModel Service,
        GatewayModel? Gateway,
        EquatableArray<int> DestinationPorts,
        EquatableArray<int> GatewayServerPorts,
        ExternalServiceModel? Upstream = null)
    {
        /// <summary>The service the last hop sends to: <see cref="RouteModel.ForwardToMetadataName"/>'s, else the routed one.</summary>
        public ExternalServiceModel Destination => Upstream ?? Service;

        /// <summary>
        /// The Kubernetes Service the last hop's backendRefs name in the Gateway API form: a [MeshHost]'s [KubernetesService], or
        /// the Service a cluster-local [MeshHost] names (<c>my-nginx.mesh-external.svc.cluster.local</c>: <c>my-nginx</c> in
        /// <c>mesh-external</c>, as Istio's Gateway API tab writes it); none where they name a host (a ServiceEntry's, Istio's
        /// <c>Hostname</c> backend).
        /// </summary>
        public ServiceReference? BackendService => Destination switch
        {
            { WritesServiceEntry: false, KubernetesService: { } kubernetes } => new ServiceReference(kubernetes.Name, kubernetes.Namespace),
            { WritesServiceEntry: false } meshHost => ServiceReference.ClusterLocal(meshHost.Hosts[0]),
            _ => null,
        };

        /// <summary>
        /// Whether the Gateway API form writes the sidecars' hop as a VirtualService: a route from the sidecars is bound to a
        /// ServiceEntry or a Kubernetes Service, and a [MeshHost] without [KubernetesService] has neither, so Istio's own
        /// Gateway API tab for an in-cluster Service (egress-gateway-tls-origination, mutual TLS to my-nginx) writes that hop as
        /// a VirtualService bound to the mesh, and the gateway's hop as an HTTPRoute.
        /// </summary>
        public bool MeshHopIsVirtualService => MeshHopNeedsVirtualService(Service, Gateway);

        /// <summary><see cref="MeshHopIsVirtualService"/> before the route is resolved.</summary>
        public static bool MeshHopNeedsVirtualService(ExternalServiceModel service, GatewayModel? gateway) =>
            gateway is not null && service is { WritesServiceEntry: false, KubernetesService: null };

        private HashMemo hashMemo = HashMemo.None;

        /// <summary>Computed once per instance (<see cref="HashMemo"/>): build keys hold this model, often many times over.</summary>
        public override int GetHashCode() => HashMemo.Of(ref hashMemo, this, static m => FieldHash.Start
                .And(m.Route)
                .And(m.Service)
                .And(m.Gateway)
                .And(m.DestinationPorts)
                .And(m.GatewayServerPorts)
                .And(m.Upstream)
                .Value);
    }

    /// <summary>
    /// One class ready to emit: its model and, for a route, what the route refers to. <paramref name="KubernetesForm"/>: its
    /// gateway or routes are written in the Kubernetes Gateway API (docs/gateway-api.md).
    /// </summary>
    internal sealed record ResolvedClass(EgressClassModel Class, ResolvedRoute? Route, string IstioApiVersion, bool KubernetesForm = false)
    {
        /// <summary>The ReferenceGrants this class writes: those its routes need and no class before it (by name) writes
        /// (Resolution/ReferenceGrants.cs).</summary>
        public EquatableArray<ReferenceGrantModel> ReferenceGrants { get; init; } = EquatableArray<ReferenceGrantModel>.Empty;
    }

    /// <summary>
    /// The classes to emit and what resolution found. <see cref="Issues"/> are errors: each one keeps its class out of
    /// the output, and the generator reports EGRESS900 for them. <see cref="Advisories"/> are warnings and infos about
    /// manifests that are valid but risky; they never stop generation and only the analyzer reports them.
    /// </summary>
    internal sealed record ResolvedProject(
        EquatableArray<ResolvedClass> Classes,
        EquatableArray<ResolutionIssue> Issues,
        string IstioApiVersion,
        bool EmitEnvoy)
    {
        public EquatableArray<ResolutionIssue> Advisories { get; init; } = EquatableArray<ResolutionIssue>.Empty;
    }
}
