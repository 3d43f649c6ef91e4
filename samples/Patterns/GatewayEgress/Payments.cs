using EgressDsl;

namespace Patterns.GatewayEgress;

/// <summary>
/// Pattern c: every request to the payments API leaves through the egress gateway, which originates TLS and verifies the
/// server with the CA in the Secret <c>payments-ca</c> (in istio-system). The application calls http://api.payments.example.
/// </summary>
[GatewayEgress("api.payments.example", Tls = GatewayEgressTls.Originate, CredentialName = "payments-ca")]
[ExpectRoute(Path = "/v1/charges", ReachesHost = "api.payments.example", ReachesPort = 443)]
public partial class Payments;

/// <summary>
/// Pattern c with mutual TLS at both hops: Istio's mutual TLS from the sidecars to the gateway (MeshTls), and the partner's
/// client certificate, from the Secret <c>partner-client</c>, from the gateway to the partner's API.
/// </summary>
[GatewayEgress("api.partner.example", Tls = GatewayEgressTls.OriginateMutual, CredentialName = "partner-client", MeshTls = true)]
[ExpectRoute(ReachesHost = "api.partner.example", ReachesPort = 443)]
public partial class Partner;

/// <summary>Pattern c in plain HTTP: the gateway forwards http://reports.example.com as it is, reached over Istio's mutual TLS.</summary>
[GatewayEgress("reports.example.com", MeshTls = true)]
[ExpectRoute(Path = "/daily", ReachesHost = "reports.example.com", ReachesPort = 80)]
public partial class Reports;

/// <summary>Pattern c for HTTPS the application encrypts itself: the gateway routes it by SNI, untouched.</summary>
[GatewayEgress("api.github.com", Tls = GatewayEgressTls.Passthrough)]
[ExpectRoute(Sni = "api.github.com", ReachesHost = "api.github.com", ReachesPort = 443)]
public partial class GitHub;
