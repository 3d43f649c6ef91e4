namespace EgressDsl.TestHarness.IstioDocs;

/// <summary>The DSL version of each snippet of Istio's egress task pages (the generator tests' <c>IstioDocsCorpus</c> reads them).</summary>
internal static class IstioDocsSnippets
{
    /// <summary>
    /// A DSL source and the snippet files it reproduces ("4", or "2+3" for snippets applied together). <paramref name="Known"/>
    /// lists the differences the DSL cannot avoid, each the start of a difference line, with the reason in a comment at the case;
    /// empty for an exact reproduction.
    /// </summary>
    public sealed record Case(string Page, string Snippet, string ApiVersion, string Source, params string[] Known);

    private const string KubernetesServices = "egress-kubernetes-services";

    private const string GatewayTlsOrigination = "egress-gateway-tls-origination";

    private const string Wildcard = "wildcard-egress-hosts";

    private const string TlsOrigination = "egress-tls-origination";

    private const string Control = "egress-control";

    private const string Gateway = "egress-gateway";

    private const string GatewayTlsOriginationSds = "egress-gateway-tls-origination-sds";

    private const string HttpProxy = "http-proxy";

    /// <summary>The in-cluster nginx Service that the TLS-origination pages deploy (their Deployment is not a networking kind).</summary>
    private const string MyNginxService = """
        [MeshHost("my-nginx.mesh-external.svc.cluster.local")]
        [ServicePort(443, "")]
        [KubernetesService(Name = "my-nginx", Namespace = "mesh-external", Labels = ["run=my-nginx"], Selector = ["run=my-nginx"], Protocol = "TCP")]
        public partial class MyNginx;
        """;

    /// <summary>
    /// HTTP from the sidecars to the egress gateway over Istio's mutual TLS, then TLS (SIMPLE or MUTUAL, with the Secret
    /// <c>client-credential</c> in istio-system) from the gateway to the in-cluster nginx: the SDS pattern of the gateway TLS
    /// origination pages. The Service itself is applied before (<see cref="MyNginxService"/>).
    /// </summary>
    private static string NginxThroughGateway(string originationName, string mode) => $$"""
        [MeshHost("my-nginx.mesh-external.svc.cluster.local")]
        [ServicePort(443, "")]
        [DestinationRule(Name = "{{originationName}}", Namespace = "istio-system")]
        [LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
        [TlsOrigination({{mode}}, Port = 443, CredentialName = "client-credential", Sni = "my-nginx.mesh-external.svc.cluster.local")]
        public partial class MyNginx;

        [EgressGateway(Name = "istio-egressgateway")]
        [GatewayServer(443, "https", PortProtocol.Https, "my-nginx.mesh-external.svc.cluster.local", Tls = ServerTlsMode.IstioMutual)]
        [DestinationRule(Name = "egressgateway-for-nginx")]
        [Subset("nginx")]
        [LoadBalancer(LoadBalancerAlgorithm.RoundRobin, Subset = "nginx")]
        [TlsOrigination(TlsMode.IstioMutual, Subset = "nginx", Port = 443, Sni = "my-nginx.mesh-external.svc.cluster.local")]
        public partial class EgressGateway;

        [EgressRoute(typeof(MyNginx), Through = typeof(EgressGateway), Port = 80, GatewaySubset = "nginx", Combined = true,
            Name = "direct-nginx-through-egress-gateway", ExplicitWeights = true)]
        [HttpRoute(DestinationPort = 443)]
        public partial class DirectNginx;
        """;

    public static readonly Case[] All =
    {
        // An ExternalName Service for httpbin.org, and Istio's mutual TLS turned off for its host: the Service is the host's
        // registry entry, so a [MeshHost] (no ServiceEntry) carries both.
        new(KubernetesServices, "1+2", "v1", """
            [MeshHost("my-httpbin.default.svc.cluster.local")]
            [ServicePort(80, "http")]
            [KubernetesService(Name = "my-httpbin", ExternalName = "httpbin.org", Protocol = "TCP")]
            [DestinationRule(Name = "my-httpbin")]
            [TlsOrigination(TlsMode.Disable)]
            public partial class MyHttpbin;
            """),
        // A Service without selector, its Endpoints (two Wikipedia addresses) and the DestinationRule for its host.
        new(KubernetesServices, "3+4+5", "v1", """
            [MeshHost("my-wikipedia.default.svc.cluster.local")]
            [ServicePort(443, "tls")]
            [KubernetesService(Name = "my-wikipedia", Protocol = "TCP", Endpoints = ["198.35.26.96", "208.80.153.224"])]
            [DestinationRule(Name = "my-wikipedia")]
            [TlsOrigination(TlsMode.Disable)]
            public partial class MyWikipedia;
            """),
        // HTTP from the sidecar to the gateway over Istio's mutual TLS (subset cnn of its Service), TLS originated by the
        // gateway on port 443.
        new(GatewayTlsOrigination, "1+2+3+4", "v1", """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(Name = "originate-tls-for-edition-cnn-com")]
            [LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
            [TlsOrigination(TlsMode.Simple, Port = 443)]
            public partial class Cnn;

            [EgressGateway(Name = "istio-egressgateway")]
            [GatewayServer(80, "https-port-for-tls-origination", PortProtocol.Https, "edition.cnn.com", Tls = ServerTlsMode.IstioMutual)]
            [DestinationRule(Name = "egressgateway-for-cnn")]
            [Subset("cnn")]
            [LoadBalancer(LoadBalancerAlgorithm.RoundRobin, Subset = "cnn")]
            [TlsOrigination(TlsMode.IstioMutual, Subset = "cnn", Port = 80, Sni = "edition.cnn.com")]
            public partial class EgressGateway;

            [EgressRoute(typeof(Cnn), Through = typeof(EgressGateway), Port = 80, GatewaySubset = "cnn", Combined = true,
                Name = "direct-cnn-through-egress-gateway", ExplicitWeights = true)]
            [HttpRoute(DestinationPort = 443)]
            public partial class DirectCnn;
            """),
        // The mutual-TLS server's Service (its Deployment is not a networking kind): one unnamed port, with a selector.
        new(GatewayTlsOrigination, "5", "v1", MyNginxService),
        // nginx.example.com resolved to the in-cluster server, TLS passed through on 443.
        new(GatewayTlsOrigination, "6", "v1", """
            [ExternalService("nginx.example.com", Name = "nginx", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [Endpoint("my-nginx.mesh-external.svc.cluster.local", Ports = ["https=443"])]
            public partial class Nginx;

            [EgressRoute(typeof(Nginx), Name = "nginx", ExplicitWeights = true)]
            [TlsRoute("nginx.example.com", Port = 443, DestinationPort = 443)]
            public partial class NginxRoute;
            """),
        // Mutual TLS originated by the gateway with the client certificate of a Secret in istio-system (credentialName), to the
        // in-cluster server's own host: the DestinationRule for a Kubernetes Service's host sits in the gateway's namespace.
        new(GatewayTlsOrigination, "7+8+9", "v1", NginxThroughGateway("originate-mtls-for-nginx", "TlsMode.Mutual")),
        // Any *.wikipedia.org through the gateway, which forwards everything to www.wikipedia.org, the one upstream.
        new(Wildcard, "1+2+3", "v1", """
            [ExternalService("*.wikipedia.org", Name = "wikipedia")]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Wikipedia;

            [ExternalService("www.wikipedia.org", Name = "www-wikipedia", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class WwwWikipedia;

            [EgressGateway(Name = "istio-egressgateway")]
            [GatewayServer(443, "https", PortProtocol.Https, "*.wikipedia.org", Tls = ServerTlsMode.Passthrough)]
            [DestinationRule(Name = "egressgateway-for-wikipedia")]
            [Subset("wikipedia")]
            public partial class EgressGateway;

            [EgressRoute(typeof(Wikipedia), Through = typeof(EgressGateway), ForwardTo = typeof(WwwWikipedia), Port = 443, GatewaySubset = "wikipedia",
                Combined = true, Name = "direct-wikipedia-through-egress-gateway", ExplicitWeights = true)]
            [TlsRoute]
            [ExpectRoute(Sni = "en.wikipedia.org", Port = 443, ReachesHost = "www.wikipedia.org")]
            public partial class DirectWikipedia;
            """),
        new(TlsOrigination, "1", "v1", """
            [ExternalService("edition.cnn.com", Name = "edition-cnn-com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http-port", PortProtocol.Http)]
            [ServicePort(443, "https-port", PortProtocol.Https)]
            public partial class EditionCnn;
            """),
        // SIMPLE origination on the port the application calls, with no CA: Istio 1.20+ checks the server against its
        // system trust store and the request's host (EGRESS050 stays quiet).
        new(TlsOrigination, "2", "v1", """
            [ExternalService("edition.cnn.com", Name = "edition-cnn-com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http-port", PortProtocol.Http, TargetPort = 443)]
            [ServicePort(443, "https-port", PortProtocol.Https)]
            [TlsOrigination(TlsMode.Simple, Port = 80)]
            public partial class EditionCnn;
            """),
        // The mutual-TLS server's Service, kept to its namespace (exportTo ".") so that the mesh sees it as external.
        new(TlsOrigination, "3", "v1", """
            [MeshHost("my-nginx.mesh-external.svc.cluster.local")]
            [ServicePort(443, "")]
            [KubernetesService(Name = "my-nginx", Namespace = "mesh-external", Labels = ["run=my-nginx"], Selector = ["run=my-nginx"], Protocol = "TCP",
                Annotations = ["networking.istio.io/exportTo=."])]
            public partial class MyNginx;
            """),
        // Mutual TLS from the sleep pods' sidecars to the in-cluster server: the sidecars' own ServiceEntry for its host (the
        // Service is not exported to them), port 80 sent to 443, with a workload-selected DestinationRule for the Secret.
        new(TlsOrigination, "4", "v1", """
            [ExternalService("my-nginx.mesh-external.svc.cluster.local", Name = "originate-mtls-for-nginx", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http-port", PortProtocol.Http, TargetPort = 443)]
            [ServicePort(443, "https-port", PortProtocol.Https)]
            [DestinationRule(Name = "originate-mtls-for-nginx", WorkloadSelector = ["app=sleep"])]
            [LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
            [TlsOrigination(TlsMode.Mutual, Port = 80, CredentialName = "client-credential", Sni = "my-nginx.mesh-external.svc.cluster.local")]
            public partial class MyNginx;
            """),
        new(Control, "1+3", "v1", """
            [ExternalService("httpbin.org", Name = "httpbin-ext", Resolution = ServiceResolution.Dns, Location = ServiceLocation.MeshExternal)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class HttpbinExt;

            [EgressRoute(typeof(HttpbinExt), Name = "httpbin-ext", ExplicitWeights = true, OmitSingleDestinationPort = true)]
            [HttpRoute(Timeout = "3s")]
            public partial class HttpbinTimeout;
            """),
        new(Control, "2", "v1", """
            [ExternalService("www.google.com", Name = "google", Resolution = ServiceResolution.Dns, Location = ServiceLocation.MeshExternal)]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Google;
            """),
        // HTTP through the egress gateway.
        new(Gateway, "1+2+3", "v1", """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http-port", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Cnn;

            [EgressGateway(Name = "istio-egressgateway")]
            [GatewayServer(80, "http", PortProtocol.Http, "edition.cnn.com")]
            [DestinationRule(Name = "egressgateway-for-cnn")]
            [Subset("cnn")]
            public partial class EgressGateway;

            [EgressRoute(typeof(Cnn), Through = typeof(EgressGateway), Port = 80, GatewaySubset = "cnn", Combined = true,
                Name = "direct-cnn-through-egress-gateway", ExplicitWeights = true)]
            [HttpRoute(DestinationPort = 80)]
            public partial class DirectCnn;
            """),
        // TLS passed through the egress gateway.
        new(Gateway, "4+5", "v1", """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "tls", PortProtocol.Tls)]
            public partial class Cnn;

            [EgressGateway(Name = "istio-egressgateway")]
            [GatewayServer(443, "tls", PortProtocol.Tls, "edition.cnn.com", Tls = ServerTlsMode.Passthrough)]
            [DestinationRule(Name = "egressgateway-for-cnn")]
            [Subset("cnn")]
            public partial class EgressGateway;

            [EgressRoute(typeof(Cnn), Through = typeof(EgressGateway), Port = 443, GatewaySubset = "cnn", Combined = true,
                Name = "direct-cnn-through-egress-gateway", ExplicitWeightHops = RouteHops.Service)]
            [TlsRoute]
            public partial class DirectCnn;
            """),
        // The gateway Service's DestinationRule alone, in the client's namespace (network policies section): a gateway
        // class with no server writes no Gateway.
        new(Gateway, "6", "v1", """
            [EgressGateway(Name = "istio-egressgateway")]
            [DestinationRule(Name = "egressgateway-for-cnn", Namespace = "test-egress")]
            [Subset("cnn")]
            public partial class EgressGatewayForTestEgress;
            """),
        // The SDS page: the same in-cluster server, first with SIMPLE TLS whose CA comes from client-credential-cacert (named
        // without the suffix), then with mutual TLS.
        new(GatewayTlsOriginationSds, "1", "v1alpha3", MyNginxService),
        new(GatewayTlsOriginationSds, "2+3+4", "v1alpha3", NginxThroughGateway("originate-tls-for-nginx", "TlsMode.Simple")),
        new(GatewayTlsOriginationSds, "5", "v1alpha3", MyNginxService),
        new(GatewayTlsOriginationSds, "6+7+8", "v1alpha3", NginxThroughGateway("originate-mtls-for-nginx", "TlsMode.Mutual")),
        // An HTTPS proxy outside the cluster, reached by its address ($PROXY_IP, here the pod address of the page's log line;
        // $PROXY_PORT is 3128): the host is only a name, TCP to the address is what the sidecar matches.
        new(HttpProxy, "1", "v1", """
            [ExternalService("my-company-proxy.com", Name = "proxy", Addresses = ["172.30.109.95/32"], Location = ServiceLocation.MeshExternal)]
            [ServicePort(3128, "tcp", PortProtocol.Tcp)]
            public partial class Proxy;
            """),
    };
}
