using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // The Kubernetes Gateway API form (EgressGatewayApi=kubernetes, [EgressGateway(Api = GatewayApi.Kubernetes)]): EGRESS400-429.
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor NoGatewayApiEquivalent = Error("EGRESS400", CrossClass,
            "No equivalent in the Kubernetes Gateway API",
            "{0} has no equivalent in the Kubernetes Gateway API form of '{1}': {2}");

        public static readonly DiagnosticDescriptor InvalidGatewayApi = Error("EGRESS401", Generation,
            "Unsupported EgressGatewayApi value",
            "EgressGatewayApi '{0}' is not supported: use istio (the default) or kubernetes");

        public static readonly DiagnosticDescriptor CertificateFileAtDeployedGateway = Warning("EGRESS403", CrossClass,
            "Certificate file at a gateway Istio deploys",
            "{0} '{1}' is a file, and the traffic policy applies at gateway '{2}', which Istio deploys itself in the Kubernetes Gateway "
                + "API form ('{3}'): nothing mounts that file into its pods, so the TLS origination fails; use CredentialName (a Secret "
                + "in the gateway's namespace) or mount the file with the Gateway's deployment customisation");

        public static readonly DiagnosticDescriptor OriginationMissesDeployedGateway = Warning("EGRESS404", CrossClass,
            "TLS origination scoped to pods other than the gateway Istio deploys",
            "The DestinationRule's WorkloadSelector '{0}' does not select the pods of gateway '{1}', which Istio deploys in the "
                + "Kubernetes Gateway API form with the label {2}: the gateway does not originate the TLS; select {2}, or leave "
                + "WorkloadSelector out");
    }
}
