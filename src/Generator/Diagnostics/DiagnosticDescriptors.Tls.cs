using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // TLS origination and gateway TLS: EGRESS050-055, the protocol of each hop: EGRESS060-062, TLS identity: EGRESS063-064. Key material is EGRESS012.
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
            "Plain HTTP reaches a TLS server through port {0} ('{1}'): {3} and no [TlsOrigination] covers the port, but the server on {2} expects TLS, so it gets plain text and resets the connection or answers 400; add [TlsOrigination(TlsMode.Simple, Port = {0})] so the sidecar encrypts, or, if the application speaks TLS itself, declare and route the port as TLS");

        public static readonly DiagnosticDescriptor PassthroughIgnoresCertificate = Warning("EGRESS055", Security,
            "Certificate on a server that does not terminate TLS",
            "{0} has no effect on a {1} server, which forwards the TLS stream without terminating it; remove it");

        public static readonly DiagnosticDescriptor TlsToPlainPort = Warning("EGRESS060", Security,
            "TLS originated to a plain-HTTP port",
            "The sidecar originates {0} TLS for port {1} of '{2}', but the server on {3} expects plain HTTP: the TLS handshake fails and requests get 503 (upstream connect error); {4}");

        public static readonly DiagnosticDescriptor TlsInsideTls = Warning("EGRESS061", CrossClass,
            "TLS originated around the application's own TLS",
            "Port {0} ('{1}') is {2}, so the application already sends TLS there, and no route sends it plain HTTP, yet this {3} origination makes the sidecar wrap the application's TLS in a second TLS session: the server reads a TLS handshake inside TLS and the connection fails; declare the port PortProtocol.Http so the application sends plain HTTP for the sidecar to encrypt, or remove the [TlsOrigination]");

        public static readonly DiagnosticDescriptor TlsRuleOnHttpPort = Warning("EGRESS062", CrossClass,
            "TLS route on a port declared HTTP",
            "This TLS rule {0} port {1} of '{2}', which is declared {3}: the sidecar handles port {1} as plain HTTP, so the application's TLS {4}; use a port declared PortProtocol.Https or PortProtocol.Tls, or declare port {1} so");

        public static readonly DiagnosticDescriptor TlsNameOutsideHosts = Warning("EGRESS063", Security,
            "TLS name outside the service's hosts",
            "{0} of the TLS the sidecar originates to '{1}' matches none of its hosts ({2}): {3}; use one of the hosts, or leave it out to use the host the request names");

        public static readonly DiagnosticDescriptor IstioMutualToExternal = Warning("EGRESS064", Security,
            "ISTIO_MUTUAL to a service outside the mesh",
            "ISTIO_MUTUAL makes the sidecar present the mesh's own certificate and expect one issued by the mesh CA, but '{0}' is {1}: no server outside the mesh has such a certificate or trusts that CA, so every handshake fails (503 UF); use TlsMode.Simple (or Mutual with the server's client certificate), or Location = ServiceLocation.MeshInternal if the endpoints are mesh workloads");
    }
}
