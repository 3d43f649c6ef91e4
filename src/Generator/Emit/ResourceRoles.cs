using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Emit
{
    /// <summary>
    /// The roles a class's resources play, each the name of its nested class in the generated constants: the one list of
    /// them, which the Istio emitter writes and the placeholder of a class with errors declares (<see cref="ErrorPlaceholder"/>).
    /// </summary>
    internal static class ResourceRoles
    {
        public const string ServiceEntry = nameof(ServiceEntry);

        public const string DestinationRule = nameof(DestinationRule);

        public const string KubernetesService = nameof(KubernetesService);

        /// <summary>The Endpoints or EndpointSlice of a Kubernetes Service without selector.</summary>
        public const string KubernetesEndpoints = nameof(KubernetesEndpoints);

        public const string Gateway = nameof(Gateway);

        /// <summary>The one VirtualService of a route without a gateway, or of a combined route.</summary>
        public const string VirtualService = nameof(VirtualService);

        public const string MeshVirtualService = nameof(MeshVirtualService);

        public const string GatewayVirtualService = nameof(GatewayVirtualService);

        /// <summary>What an [ExternalService] or [MeshHost] class can have.</summary>
        public static readonly EquatableArray<string> Service = EquatableArray<string>.Own(new[] { ServiceEntry, DestinationRule, KubernetesService, KubernetesEndpoints });

        /// <summary>What an [EgressGateway] class can have.</summary>
        public static readonly EquatableArray<string> EgressGateway = EquatableArray<string>.Own(new[] { Gateway, DestinationRule });

        /// <summary>What an [EgressRoute] class can have.</summary>
        public static readonly EquatableArray<string> Route = EquatableArray<string>.Own(new[] { VirtualService, MeshVirtualService, GatewayVirtualService });
    }
}
