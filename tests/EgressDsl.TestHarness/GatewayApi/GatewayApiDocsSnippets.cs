namespace EgressDsl.TestHarness.GatewayApi;

/// <summary>
/// The Gateway API tabs of Istio's egress task pages (istio.io, Tasks &gt; Traffic Management &gt; Egress), one file per
/// snippet under GatewayApiDocs/&lt;page&gt;/&lt;n&gt;.yaml (n counts the YAML blocks of the page's Gateway API tab, the shared
/// ServiceEntries included), written in the DSL with the Kubernetes form chosen on the gateway class
/// (<c>Api = GatewayApi.Kubernetes</c>) or for the project (<c>EgressGatewayApi=kubernetes</c>).
/// </summary>
internal static class GatewayApiDocsSnippets
{
    /// <summary>
    /// A DSL source, the snippets it reproduces ("1+2+3"), the EgressGatewayApi property ("" for none) and the differences
    /// Istio's page has against the Gateway API v1.6.1 CRDs (<c>GatewayApiDocsCorpus.Corrections</c> in the generator tests lists them).
    /// </summary>
    public sealed record Case(string Page, string Snippet, string ProjectApi, string Source)
    {
        /// <summary>Whether the case is written with [GatewayEgress] rather than low-level attributes.</summary>
        public bool IsIntent => Source.Contains("[GatewayEgress(", StringComparison.Ordinal);

        /// <summary>The snippets' path, told apart from the low-level case of the same snippets.</summary>
        public string Name => Page + "/" + Snippet + (IsIntent ? " [GatewayEgress]" : string.Empty);
    }

    private const string Gateway = "egress-gateway";

    private const string GatewayTlsOrigination = "egress-gateway-tls-origination";

    private const string Wildcard = "wildcard-egress-hosts";

    private const string Control = "egress-control";

    public static readonly Case[] All =
    {
        // HTTP through a Gateway API gateway: the gateway's own deployment, no subset, no DestinationRule.
        new(Gateway, "1+2+3", "", """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http-port", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Cnn;

            [EgressGateway(Name = "cnn-egress-gateway", Api = GatewayApi.Kubernetes)]
            [GatewayServer(80, "http", PortProtocol.Http, "edition.cnn.com")]
            public partial class CnnEgressGateway;

            [EgressRoute(typeof(Cnn), Through = typeof(CnnEgressGateway), Port = 80,
                MeshName = "direct-cnn-to-egress-gateway", GatewayName = "forward-cnn-from-egress-gateway")]
            [HttpRoute(DestinationPort = 80)]
            [ExpectRoute(Port = 80, ReachesHost = "edition.cnn.com", ReachesPort = 80)]
            public partial class DirectCnn;
            """),
        // TLS passed through the gateway: TLSRoutes, the same classes as the Istio tab's with the form chosen for the project.
        new(Gateway, "4+5", "kubernetes", """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "tls", PortProtocol.Tls)]
            public partial class Cnn;

            [EgressGateway(Name = "cnn-egress-gateway")]
            [GatewayServer(443, "tls", PortProtocol.Tls, "edition.cnn.com", Tls = ServerTlsMode.Passthrough)]
            public partial class CnnEgressGateway;

            [EgressRoute(typeof(Cnn), Through = typeof(CnnEgressGateway), Port = 443,
                MeshName = "direct-cnn-to-egress-gateway", GatewayName = "forward-cnn-from-egress-gateway")]
            [TlsRoute]
            [ExpectRoute(Sni = "edition.cnn.com", Port = 443, ReachesHost = "edition.cnn.com")]
            public partial class DirectCnn;
            """),
        // TLS originated at the gateway: ISTIO_MUTUAL from the sidecars to the gateway's generated Service, which the
        // gateway's DestinationRule names; SIMPLE from the gateway to edition.cnn.com.
        new(GatewayTlsOrigination, "1+2+3+4", "", """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(Name = "originate-tls-for-edition-cnn-com")]
            [LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
            [TlsOrigination(TlsMode.Simple, Port = 443)]
            public partial class Cnn;

            [EgressGateway(Name = "cnn-egress-gateway", Api = GatewayApi.Kubernetes)]
            [GatewayServer(80, "https-listener-for-tls-origination", PortProtocol.Https, "edition.cnn.com", Tls = ServerTlsMode.IstioMutual)]
            [DestinationRule(Name = "egressgateway-for-cnn")]
            [LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
            [TlsOrigination(TlsMode.IstioMutual, Port = 80, Sni = "edition.cnn.com")]
            public partial class CnnEgressGateway;

            [EgressRoute(typeof(Cnn), Through = typeof(CnnEgressGateway), Port = 80,
                MeshName = "direct-cnn-to-egress-gateway", GatewayName = "forward-cnn-from-egress-gateway")]
            [HttpRoute(DestinationPort = 443)]
            [ExpectRoute(Port = 80, ReachesHost = "edition.cnn.com", ReachesPort = 443)]
            public partial class DirectCnn;
            """),
        // Any *.wikipedia.org through the gateway, which forwards everything to www.wikipedia.org.
        new(Wildcard, "1+2", "kubernetes", """
            [ExternalService("*.wikipedia.org", Name = "wikipedia")]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Wikipedia;

            [ExternalService("www.wikipedia.org", Name = "www-wikipedia", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class WwwWikipedia;

            [EgressGateway(Name = "wikipedia-egress-gateway")]
            [GatewayServer(443, "tls", PortProtocol.Tls, "*.wikipedia.org", Tls = ServerTlsMode.Passthrough)]
            public partial class WikipediaEgressGateway;

            [EgressRoute(typeof(Wikipedia), Through = typeof(WikipediaEgressGateway), ForwardTo = typeof(WwwWikipedia), Port = 443,
                MeshName = "direct-wikipedia-to-egress-gateway", GatewayName = "forward-wikipedia-from-egress-gateway")]
            [TlsRoute]
            [ExpectRoute(Sni = "en.wikipedia.org", Port = 443, ReachesHost = "www.wikipedia.org")]
            public partial class DirectWikipedia;
            """),
        // The same pages with [GatewayEgress] in the Kubernetes form: the pattern's Gateway API recipe gives the tab's objects,
        // the gateway named <Name>-egress-gateway, its two routes direct-<Name>-to-egress-gateway and forward-<Name>-from-egress-gateway.
        // HTTP; this page names the ServiceEntry's port 80 http-port.
        new(Gateway, "1+2+3", "kubernetes", """
            [GatewayEgress("edition.cnn.com", Name = "cnn")]
            [ServicePort(80, "http-port", PortProtocol.Http)]
            [ExpectRoute(Port = 80, ReachesHost = "edition.cnn.com", ReachesPort = 80)]
            public partial class Cnn;
            """),
        // TLS passed through the gateway.
        new(Gateway, "4+5", "kubernetes", """
            [GatewayEgress("edition.cnn.com", Tls = GatewayEgressTls.Passthrough, Name = "cnn")]
            [ExpectRoute(Sni = "edition.cnn.com", Port = 443, ReachesHost = "edition.cnn.com")]
            public partial class Cnn;
            """),
        // TLS originated at the gateway (SIMPLE), ISTIO_MUTUAL from the sidecars to the gateway's Service.
        new(GatewayTlsOrigination, "1+2+3+4", "kubernetes", """
            [GatewayEgress("edition.cnn.com", Tls = GatewayEgressTls.Originate, MeshTls = true, Name = "cnn")]
            [ExpectRoute(Port = 80, ReachesHost = "edition.cnn.com", ReachesPort = 443)]
            public partial class Cnn;
            """),
        // Mutual TLS originated by the gateway to an in-cluster Service, ISTIO_MUTUAL from the sidecars: the tab writes the
        // sidecars' hop as a VirtualService (a route from the sidecars needs a ServiceEntry or Service of its own as parent),
        // the gateway's as an HTTPRoute to the Service in mesh-external, with the ReferenceGrant there.
        new(GatewayTlsOrigination, "5+6+7", "kubernetes", """
            [GatewayEgress("my-nginx.mesh-external.svc.cluster.local", InCluster = true, Tls = GatewayEgressTls.OriginateMutual,
                CredentialName = "client-credential", MeshTls = true, Name = "nginx", GatewayName = "nginx-egressgateway")]
            public partial class MyNginx;
            """),
        // Any *.wikipedia.org through the gateway, forwarded to www.wikipedia.org.
        new(Wildcard, "1+2", "kubernetes", """
            [GatewayEgress("*.wikipedia.org", Tls = GatewayEgressTls.Passthrough, ForwardTo = "www.wikipedia.org", Name = "wikipedia")]
            [ExpectRoute(Sni = "en.wikipedia.org", Port = 443, ReachesHost = "www.wikipedia.org")]
            public partial class Wikipedia;
            """),
        // A 3s timeout on httpbin.org, straight from the sidecars: an HTTPRoute bound to the ServiceEntry.
        new(Control, "1+2", "kubernetes", """
            [ExternalService("httpbin.org", Name = "httpbin-ext", Resolution = ServiceResolution.Dns, Location = ServiceLocation.MeshExternal)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class HttpbinExt;

            [EgressRoute(typeof(HttpbinExt), Name = "httpbin-ext")]
            [HttpRoute(Timeout = "3s")]
            public partial class HttpbinTimeout;
            """),
    };
}
