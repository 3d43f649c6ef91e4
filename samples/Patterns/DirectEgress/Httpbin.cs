using EgressDsl;

namespace Patterns.DirectEgress;

/// <summary>Pattern a: the sidecars call http://httpbin.org directly, with a 3-second timeout.</summary>
[DirectEgress("httpbin.org", Protocol = PortProtocol.Http, Timeout = "3s")]
[ExpectRoute(Path = "/delay/1", ReachesHost = "httpbin.org", ReachesPort = 80)]
public partial class Httpbin;

/// <summary>Pattern a: the sidecars call https://www.google.com directly; the application's own TLS passes through.</summary>
[DirectEgress("www.google.com")]
[ExpectRoute(Sni = "www.google.com", ReachesHost = "www.google.com", ReachesPort = 443)]
public partial class Google;
