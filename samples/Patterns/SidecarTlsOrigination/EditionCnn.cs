using EgressDsl;

namespace Patterns.SidecarTlsOrigination;

/// <summary>Pattern b: the application calls http://edition.cnn.com; its sidecar originates TLS to port 443.</summary>
[SidecarTlsOrigination("edition.cnn.com")]
[ExpectRoute(Path = "/politics", ReachesHost = "edition.cnn.com")]
public partial class EditionCnn;
