namespace EgressDsl.Generator.Parsing
{
    /// <summary>Metadata names of the DSL's attributes, as <c>ForAttributeWithMetadataName</c> takes them.</summary>
    internal static class AttributeNames
    {
        public const string Namespace = "EgressDsl";

        public const string ExternalService = "EgressDsl.ExternalServiceAttribute";
        public const string EgressGateway = "EgressDsl.EgressGatewayAttribute";
        public const string EgressRoute = "EgressDsl.EgressRouteAttribute";

        // Short names (without the Attribute suffix), as users write them and as messages show them.
        public const string ExternalServiceShort = "ExternalService";
        public const string EgressGatewayShort = "EgressGateway";
        public const string EgressRouteShort = "EgressRoute";
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

        /// <summary>The short name of an EgressDsl attribute class, or null for any other attribute.</summary>
        public static string? ShortNameOf(Microsoft.CodeAnalysis.INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null || attributeClass.ContainingNamespace is not { Name: Namespace } ns || !ns.ContainingNamespace.IsGlobalNamespace)
            {
                return null;
            }

            var name = attributeClass.Name;
            return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : null;
        }
    }
}
