using EgressDsl;

namespace Patterns.GatewayEgress;

/// <summary>
/// Pattern c: every request to the payments API leaves through the egress gateway, which originates TLS and verifies the
/// server with the CA in the Secret <c>payments-ca</c> (in istio-system). The application calls http://api.payments.example.
/// </summary>
[GatewayEgress("api.payments.example", Tls = GatewayEgressTls.Originate, CredentialName = "payments-ca")]
[ExpectRoute(Path = "/v1/charges", ReachesHost = "api.payments.example", ReachesPort = 443)]
public partial class Payments;
