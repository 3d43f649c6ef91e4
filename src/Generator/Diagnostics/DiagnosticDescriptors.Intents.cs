using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // Intent attributes ([DirectEgress], [SidecarTlsOrigination], [GatewayEgress], [ExternalProxy], [KubernetesEgressService]):
    // EGRESS200-219. Each misuse is one error on the intent's argument, found before the pattern is expanded, so none of the
    // low-level rules runs on a pattern that cannot be right.
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor IntentWithRoleAttribute = Error("EGRESS200", Usage,
            "Intent attribute combined with another role",
            "[{0}] on '{1}' cannot be combined with [{2}]: an intent attribute declares the whole pattern (its service, and its gateway and routes when it has them); remove [{2}], or write the pattern with low-level attributes only");

        public static readonly DiagnosticDescriptor IntentOptionNotForPattern = Error("EGRESS201", Usage,
            "Intent option not valid for this pattern",
            "{0} cannot be used here: {1}");

        public static readonly DiagnosticDescriptor IntentNeedsCredential = Error("EGRESS202", Security,
            "Mutual TLS origination without a credential",
            "{0} needs CredentialName: the name of the Kubernetes Secret that holds the client certificate and key (tls.crt, tls.key, and ca.crt to verify the server)");

        public static readonly DiagnosticDescriptor ForwardToNeedsWildcard = Error("EGRESS203", Usage,
            "ForwardTo without a wildcard host",
            "ForwardTo = \"{0}\" needs a wildcard host such as '*.{1}': the gateway forwards every host the wildcard matches to one upstream; for the single host '{2}', remove ForwardTo");

        public static readonly DiagnosticDescriptor IntentRefinementConflict = Error("EGRESS204", Usage,
            "Low-level attribute conflicts with the intent",
            "[{0}] conflicts with [{1}] on '{2}': {3}");
    }
}
