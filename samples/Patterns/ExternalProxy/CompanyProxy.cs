using EgressDsl;

namespace Patterns.ExternalProxy;

/// <summary>Pattern e: the applications reach the company's HTTPS proxy at 10.0.0.5:3128 over TCP (HTTPS_PROXY=10.0.0.5:3128).</summary>
[ExternalProxy("my-company-proxy.com", 3128, Addresses = ["10.0.0.5/32"])]
[ExpectRoute(Tcp = true, DestinationAddress = "10.0.0.5", ReachesHost = "my-company-proxy.com", ReachesPort = 3128)]
public partial class CompanyProxy;
