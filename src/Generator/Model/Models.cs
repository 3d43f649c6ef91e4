using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Model
{
    // The parser turns attributes into these records. They hold only strings, numbers, enums and equatable arrays,
    // so incremental steps compare them by value and no symbol or syntax tree outlives the parse.

    /// <summary>A <c>key=value</c> label.</summary>
    internal sealed record Label(string Key, string Value);

    /// <summary>
    /// Where the class is declared, so the generator can add members to it. <paramref name="Keyword"/> is <c>class</c> or
    /// <c>record</c>; <paramref name="ContainingKeywords"/> gives the same for each of <paramref name="ContainingTypes"/>.
    /// </summary>
    internal sealed record ClassIdentity(
        string MetadataName,
        string Namespace,
        string Name,
        EquatableArray<string> ContainingTypes,
        bool CanReceiveMembers,
        string Keyword = "class",
        EquatableArray<string> ContainingKeywords = default);

    internal sealed record PortModel(int Number, string Name, PortProtocol Protocol, int TargetPort);

    internal sealed record EndpointPortModel(string PortName, int Number);

    internal sealed record EndpointModel(
        string Address,
        EquatableArray<Label> Labels,
        EquatableArray<EndpointPortModel> Ports,
        string? Network,
        string? Locality,
        int Weight,
        string? ServiceAccount);

    internal sealed record SubsetModel(string Name, EquatableArray<Label> Labels);

    internal sealed record TlsSettingsModel(
        TlsMode Mode,
        int Port,
        string? Subset,
        string? ClientCertificate,
        string? PrivateKey,
        string? CaCertificates,
        string? CredentialName,
        string? Sni,
        EquatableArray<string> SubjectAltNames,
        bool InsecureSkipVerify);

    internal sealed record LoadBalancerModel(LoadBalancerAlgorithm Algorithm, int Port, string? Subset);

    /// <summary>The DestinationRule of a service or of a gateway's Service. Empty lists mean the class declared none.</summary>
    internal sealed record DestinationRuleModel(
        string Name,
        string? Namespace,
        EquatableArray<string> ExportTo,
        EquatableArray<Label> WorkloadSelector,
        EquatableArray<SubsetModel> Subsets,
        EquatableArray<TlsSettingsModel> Tls,
        EquatableArray<LoadBalancerModel> LoadBalancers);

    internal sealed record KubernetesServiceModel(
        string Name,
        string? Namespace,
        EquatableArray<Label> Labels,
        EquatableArray<Label> Selector,
        string? ExternalName,
        EquatableArray<Label> Annotations,
        string? Protocol,
        EquatableArray<string> Endpoints,
        bool EndpointSlice);

    /// <summary>
    /// A service routes and policies refer to: an [ExternalService] (<paramref name="WritesServiceEntry"/> true) or a
    /// [MeshHost], a host another registry owns, for which only the DestinationRule (and optional Kubernetes Service) is written.
    /// </summary>
    internal sealed record ExternalServiceModel(
        string Name,
        string? Namespace,
        EquatableArray<string> Hosts,
        EquatableArray<string> Addresses,
        ServiceLocation Location,
        ServiceResolution Resolution,
        EquatableArray<string> ExportTo,
        EquatableArray<Label> WorkloadSelector,
        EquatableArray<string> SubjectAltNames,
        EquatableArray<PortModel> Ports,
        EquatableArray<EndpointModel> Endpoints,
        DestinationRuleModel? DestinationRule,
        KubernetesServiceModel? KubernetesService,
        bool WritesServiceEntry = true,
        EquatableArray<SubsetBackendModel> SubsetBackends = default)
    {
        private HashMemo hashMemo = HashMemo.None;

        /// <summary>Computed once per instance (<see cref="HashMemo"/>): build keys hold this model, often many times over.</summary>
        public override int GetHashCode() => HashMemo.Of(ref hashMemo, this, static m => FieldHash.Start
                .And(m.Name)
                .And(m.Namespace)
                .And(m.Hosts)
                .And(m.Addresses)
                .And(m.Location)
                .And(m.Resolution)
                .And(m.ExportTo)
                .And(m.WorkloadSelector)
                .And(m.SubjectAltNames)
                .And(m.Ports)
                .And(m.Endpoints)
                .And(m.DestinationRule)
                .And(m.KubernetesService)
                .And(m.WritesServiceEntry)
                .And(m.SubsetBackends)
                .Value);
    }

    internal sealed record PortMappingModel(int Port, int TargetPort);

    internal sealed record GatewayServerModel(
        int Port,
        string Name,
        PortProtocol Protocol,
        EquatableArray<string> Hosts,
        ServerTlsMode Tls,
        string? CredentialName,
        string? ServerCertificate,
        string? PrivateKey,
        string? CaCertificates);

    internal sealed record GatewayModel(
        string Name,
        string? Namespace,
        EquatableArray<Label> Selector,
        string ServiceHost,
        EquatableArray<PortMappingModel> TargetPorts,
        EquatableArray<GatewayServerModel> Servers,
        DestinationRuleModel? DestinationRule,
        GatewayApi Api = GatewayApi.Default,
        EquatableArray<string> IstioOnlyArguments = default,
        EquatableArray<string> RouteNamespaces = default)
    {
        private HashMemo hashMemo = HashMemo.None;

        /// <summary>Computed once per instance (<see cref="HashMemo"/>): build keys hold this model, often many times over.</summary>
        public override int GetHashCode() => HashMemo.Of(ref hashMemo, this, static m => FieldHash.Start
                .And(m.Name)
                .And(m.Namespace)
                .And(m.Selector)
                .And(m.ServiceHost)
                .And(m.TargetPorts)
                .And(m.Servers)
                .And(m.DestinationRule)
                .And((int)m.Api)
                .And(m.IstioOnlyArguments)
                .And(m.RouteNamespaces)
                .Value);
    }

    internal sealed record HeaderMatchModel(string Name, StringMatchKind Kind, string Value);

    internal sealed record UriMatchModel(StringMatchKind Kind, string Value);

    /// <summary>
    /// A destination of a rule. <paramref name="BackendHost"/>: in the Kubernetes Gateway API form, the host of the subset's own
    /// ServiceEntry (<see cref="SubsetBackendModel"/>) that the route sends to instead of the subset, which a backendRef cannot name.
    /// </summary>
    internal sealed record WeightedSubsetModel(string? Subset, int Weight, string? BackendHost = null);

    /// <summary>A route rule. <paramref name="AttributeOrdinal"/> points back at its attribute for diagnostics; -1 for the implicit catch-all rule.</summary>
    internal sealed record RouteRuleModel(
        RouteKind Kind,
        int AttributeOrdinal,
        string? Name,
        int Port,
        EquatableArray<HeaderMatchModel> Headers,
        UriMatchModel? Uri,
        EquatableArray<string> SniHosts,
        EquatableArray<WeightedSubsetModel> Destinations,
        int DestinationPort,
        string? Timeout);

    internal sealed record RouteModel(
        string ServiceMetadataName,
        string? GatewayMetadataName,
        int Port,
        int GatewayPort,
        string? GatewaySubset,
        bool Combined,
        string CombinedName,
        string MeshName,
        string GatewayName,
        string? Namespace,
        EquatableArray<string> ExportTo,
        EquatableArray<RouteRuleModel> Rules,
        RouteHops ExplicitWeightHops = RouteHops.None,
        string? ForwardToMetadataName = null,
        bool OmitSingleDestinationPort = false)
    {
        private HashMemo hashMemo = HashMemo.None;

        /// <summary>Computed once per instance (<see cref="HashMemo"/>): build keys hold this model, often many times over.</summary>
        public override int GetHashCode() => HashMemo.Of(ref hashMemo, this, static m => FieldHash.Start
                .And(m.ServiceMetadataName)
                .And(m.GatewayMetadataName)
                .And(m.Port)
                .And(m.GatewayPort)
                .And(m.GatewaySubset)
                .And(m.Combined)
                .And(m.CombinedName)
                .And(m.MeshName)
                .And(m.GatewayName)
                .And(m.Namespace)
                .And(m.ExportTo)
                .And(m.Rules)
                .And((int)m.ExplicitWeightHops)
                .And(m.ForwardToMetadataName)
                .And(m.OmitSingleDestinationPort)
                .Value);
    }

    /// <summary>One annotated class: exactly one of the three roles is set.</summary>
    internal sealed record EgressClassModel(
        ClassIdentity Identity,
        ExternalServiceModel? Service,
        GatewayModel? Gateway,
        RouteModel? Route)
    {
        /// <summary>
        /// For a model of a [GatewayEgress] expansion: the same role expanded into Istio's Gateway API recipe, which resolution
        /// takes instead of this model when the pattern's gateway is in the Kubernetes form (the form is a project option, and
        /// parsing never reads options).
        /// </summary>
        public IntentGatewayApiForm? GatewayApiForm { get; init; }
    }
}
