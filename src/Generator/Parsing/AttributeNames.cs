namespace EgressDsl.Generator.Parsing
{
    /// <summary>Metadata names of the DSL's attributes, as <c>ForAttributeWithMetadataName</c> takes them.</summary>
    internal static class AttributeNames
    {
        public const string Namespace = "EgressDsl";

        public const string ExternalService = "EgressDsl.ExternalServiceAttribute";
        public const string EgressGateway = "EgressDsl.EgressGatewayAttribute";
        public const string EgressRoute = "EgressDsl.EgressRouteAttribute";
        public const string MeshHost = "EgressDsl.MeshHostAttribute";
        public const string DirectEgress = "EgressDsl.DirectEgressAttribute";
        public const string SidecarTlsOrigination = "EgressDsl.SidecarTlsOriginationAttribute";
        public const string GatewayEgress = "EgressDsl.GatewayEgressAttribute";
        public const string ExternalProxy = "EgressDsl.ExternalProxyAttribute";
        public const string KubernetesEgressService = "EgressDsl.KubernetesEgressServiceAttribute";

        /// <summary>The intent attributes' metadata names: each expands to low-level models (Parsing/Intents).</summary>
        public static readonly string[] Intents = { DirectEgress, SidecarTlsOrigination, GatewayEgress, ExternalProxy, KubernetesEgressService };

        // Short names (without the Attribute suffix), as users write them and as messages show them.
        public const string ExternalServiceShort = "ExternalService";
        public const string EgressGatewayShort = "EgressGateway";
        public const string EgressRouteShort = "EgressRoute";
        public const string MeshHostShort = "MeshHost";
        public const string ServicePort = "ServicePort";
        public const string Endpoint = "Endpoint";
        public const string DestinationRule = "DestinationRule";
        public const string Subset = "Subset";
        public const string TlsOrigination = "TlsOrigination";
        public const string LoadBalancer = "LoadBalancer";
        public const string KubernetesService = "KubernetesService";
        public const string GatewayServer = "GatewayServer";
        public const string HttpRoute = "HttpRoute";
        public const string TlsRoute = "TlsRoute";
        public const string TcpRoute = "TcpRoute";
        public const string ExpectRoute = "ExpectRoute";
        public const string DirectEgressShort = "DirectEgress";
        public const string SidecarTlsOriginationShort = "SidecarTlsOrigination";
        public const string GatewayEgressShort = "GatewayEgress";
        public const string ExternalProxyShort = "ExternalProxy";
        public const string KubernetesEgressServiceShort = "KubernetesEgressService";

        /// <summary>True for the intent attributes, each a whole egress pattern ([DirectEgress], [GatewayEgress]...).</summary>
        public static bool IsIntent(string? shortName) =>
            shortName is DirectEgressShort or SidecarTlsOriginationShort or GatewayEgressShort or ExternalProxyShort or KubernetesEgressServiceShort;

        /// <summary>
        /// True for the attributes that give a class its role: [ExternalService], [MeshHost], [EgressGateway], [EgressRoute], and
        /// the intent attributes, which make the class a service (and, for some patterns, its route and gateway too).
        /// </summary>
        public static bool IsRole(string shortName) => shortName is ExternalServiceShort or MeshHostShort or EgressGatewayShort or EgressRouteShort || IsIntent(shortName);

        /// <summary>
        /// True for the roles a route can send to: [ExternalService], [MeshHost] (a host with policies and no ServiceEntry), and
        /// every intent attribute, whose class is the pattern's service.
        /// </summary>
        public static bool IsService(string? shortName) => shortName is ExternalServiceShort or MeshHostShort || IsIntent(shortName);

        /// <summary>The short name of an EgressDsl attribute class, or null for any other attribute.</summary>
        /// <remarks>Matched against the known names rather than cut from the class name: it runs for every attribute of every class on every edit.</remarks>
        public static string? ShortNameOf(Microsoft.CodeAnalysis.INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null || attributeClass.ContainingNamespace is not { Name: Namespace } ns || !ns.ContainingNamespace.IsGlobalNamespace)
            {
                return null;
            }

            return attributeClass.Name switch
            {
                "ExternalServiceAttribute" => ExternalServiceShort,
                "EgressGatewayAttribute" => EgressGatewayShort,
                "EgressRouteAttribute" => EgressRouteShort,
                "MeshHostAttribute" => MeshHostShort,
                "ServicePortAttribute" => ServicePort,
                "EndpointAttribute" => Endpoint,
                "DestinationRuleAttribute" => DestinationRule,
                "SubsetAttribute" => Subset,
                "TlsOriginationAttribute" => TlsOrigination,
                "LoadBalancerAttribute" => LoadBalancer,
                "KubernetesServiceAttribute" => KubernetesService,
                "GatewayServerAttribute" => GatewayServer,
                "HttpRouteAttribute" => HttpRoute,
                "TlsRouteAttribute" => TlsRoute,
                "TcpRouteAttribute" => TcpRoute,
                "ExpectRouteAttribute" => ExpectRoute,
                "DirectEgressAttribute" => DirectEgressShort,
                "SidecarTlsOriginationAttribute" => SidecarTlsOriginationShort,
                "GatewayEgressAttribute" => GatewayEgressShort,
                "ExternalProxyAttribute" => ExternalProxyShort,
                "KubernetesEgressServiceAttribute" => KubernetesEgressServiceShort,
                _ => null,
            };
        }
    }
}
