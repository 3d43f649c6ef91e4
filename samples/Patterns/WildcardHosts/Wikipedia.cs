using EgressDsl;

namespace Patterns.WildcardHosts;

/// <summary>Pattern d, directly: the sidecars may call any https://*.wikipedia.org host.</summary>
[DirectEgress("*.wikipedia.org")]
[ExpectRoute(Sni = "en.wikipedia.org", ReachesHost = "*.wikipedia.org")]
public partial class Wikipedia;

/// <summary>Pattern d, through the egress gateway: any *.wikimedia.org host, all forwarded to upload.wikimedia.org.</summary>
[GatewayEgress("*.wikimedia.org", Tls = GatewayEgressTls.Passthrough, ForwardTo = "upload.wikimedia.org")]
[ExpectRoute(Sni = "commons.wikimedia.org", ReachesHost = "upload.wikimedia.org")]
public partial class Wikimedia;
