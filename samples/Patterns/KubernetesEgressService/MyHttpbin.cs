using EgressDsl;

namespace Patterns.KubernetesEgressService;

/// <summary>
/// Pattern f: the applications call http://my-httpbin.default.svc.cluster.local, an ExternalName Service for httpbin.org,
/// with Istio's mutual TLS turned off towards it.
/// </summary>
[KubernetesEgressService("httpbin.org", Name = "my-httpbin")]
[ExpectRoute(Path = "/headers", ReachesHost = "my-httpbin.default.svc.cluster.local")]
public partial class MyHttpbin;
