using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // The Kubernetes Gateway API form (EgressGatewayApi=kubernetes, [EgressGateway(Api = GatewayApi.Kubernetes)]): EGRESS400-429.
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor NoGatewayApiEquivalent = Error("EGRESS400", Istio,
            "No equivalent in the Kubernetes Gateway API",
            "{0} has no equivalent in the Kubernetes Gateway API form of '{1}': {2}");

        public static readonly DiagnosticDescriptor InvalidGatewayApi = Error("EGRESS401", Generation,
            "Unsupported EgressGatewayApi value",
            "EgressGatewayApi '{0}' is not supported: use istio (the default) or kubernetes");

        public static readonly DiagnosticDescriptor RouteNamespaceNotAllowed = Error("EGRESS402", Istio,
            "Route in a namespace the gateway's listeners do not allow",
            "The route is in namespace '{0}' but the listeners of Gateway '{1}' allow routes from its own namespace '{2}' only "
                + "(allowedRoutes.namespaces.from: Same): Istio does not attach the route, and the gateway returns 404 for its hosts; put "
                + "the route in '{2}'");

        public static readonly DiagnosticDescriptor CertificateFileAtDeployedGateway = Warning("EGRESS403", Istio,
            "Certificate file at a gateway Istio deploys",
            "{0} '{1}' is a file, and the traffic policy applies at gateway '{2}', which Istio deploys itself in the Kubernetes Gateway "
                + "API form ('{3}'): nothing mounts that file into its pods, so the TLS origination fails; use CredentialName (a Secret "
                + "in the gateway's namespace) or mount the file with the Gateway's deployment customisation");
    }
}
