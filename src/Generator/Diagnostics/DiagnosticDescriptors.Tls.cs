using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // TLS origination and gateway TLS: EGRESS050-055. Key material is EGRESS012.
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor ServerNotVerified = Warning("EGRESS050", Security,
            "TLS origination without a CA to verify the server",
            "{0} TLS to '{1}'{2} sets neither CaCertificates nor CredentialName, and nothing gives the server's name: the proxy checks the certificate only against its system trust store, so any public certificate for any host passes (and none at all before Istio 1.20 or where VERIFY_CERTIFICATE_AT_CLIENT is off); set CaCertificates or a CredentialName whose Secret holds ca.crt, or SubjectAltNames");

        public static readonly DiagnosticDescriptor InsecureSkipVerify = Warning("EGRESS051", Security,
            "Server verification turned off",
            "InsecureSkipVerify turns off verification of the certificate of '{0}': anyone on the path can impersonate the service; remove it and set CaCertificates or CredentialName");

        public static readonly DiagnosticDescriptor IstioMutualIgnoresField = Warning("EGRESS052", Security,
            "ISTIO_MUTUAL ignores this TLS field",
            "ISTIO_MUTUAL uses the certificates Istio issues and ignores {0}; remove it (only Sni and SubjectAltNames are read with ISTIO_MUTUAL)");

        public static readonly DiagnosticDescriptor CredentialNameWithoutWorkloadSelector = Warning("EGRESS053", Security,
            "credentialName outside a gateway without a workloadSelector",
            "CredentialName '{0}' is read only by gateways, because the DestinationRule of '{1}' has no WorkloadSelector: sidecars that send to '{2}' ignore it and originate {3} without its certificates; add [DestinationRule(WorkloadSelector = [...])] selecting the proxies that should use the Secret, for example the egress gateway's labels");

        public static readonly DiagnosticDescriptor PlainHttpToTlsPort = Warning("EGRESS054", Security,
            "Plain HTTP to a port that says TLS",
            "Port {0} ('{1}') looks like a TLS port by its {2}, but is declared {3} and no [TlsOrigination] covers it: requests would reach a TLS server as plain text; declare PortProtocol.Https or PortProtocol.Tls if the application speaks TLS, or add [TlsOrigination(TlsMode.Simple, Port = {0})]");

        public static readonly DiagnosticDescriptor PassthroughIgnoresCertificate = Warning("EGRESS055", Security,
            "Certificate on a server that does not terminate TLS",
            "{0} has no effect on a {1} server, which forwards the TLS stream without terminating it; remove it");
    }
}
