namespace EgressDsl.TestHarness.IstioDocs;

/// <summary>
/// Issue 17's patterns, each written with its intent attribute, against the same snippets of Istio's egress task pages that
/// <see cref="IstioDocsSnippets"/> writes with low-level attributes. <c>Name</c> (and <c>GatewayName</c>) give the pages'
/// names; a low-level attribute on the class refines the expansion where one page names a port differently from the others.
/// </summary>
internal static class IntentPatternSnippets
{
    /// <summary>A pattern's docs page (slug under docs/patterns/), and its case in the corpus.</summary>
    public sealed record Pattern(string Slug, IstioDocsSnippets.Case Case);

    public static readonly Pattern[] All =
    {
        // a. Direct HTTPS from the sidecars.
        new("direct-egress", new("egress-control", "2", "v1", """
            [DirectEgress("www.google.com", Name = "google")]
            public partial class Google;
            """)),
        // a. Direct HTTP with a timeout.
        new("direct-egress", new("egress-control", "1+3", "v1", """
            [DirectEgress("httpbin.org", Protocol = PortProtocol.Http, Timeout = "3s", Name = "httpbin-ext")]
            public partial class HttpbinExt;
            """,
            // As for the low-level case: the DSL always writes the destination port, which the page leaves out; the same route.
            "networking.istio.io/v1 VirtualService ?/httpbin-ext: spec.http[0].route[0].destination.port: unexpected")),
        // b. SIMPLE TLS originated by the sidecar; the app calls http://edition.cnn.com.
        new("sidecar-tls-origination", new("egress-tls-origination", "2", "v1", """
            [SidecarTlsOrigination("edition.cnn.com", Name = "edition-cnn-com")]
            public partial class EditionCnn;
            """)),
        // b. MUTUAL TLS from a Secret, for the sleep workloads only, to a server the sidecars see as external; the page also
        // balances round robin.
        new("sidecar-tls-origination", new("egress-tls-origination", "4", "v1", """
            [SidecarTlsOrigination("my-nginx.mesh-external.svc.cluster.local", Mode = TlsMode.Mutual, CredentialName = "client-credential",
                Sni = "my-nginx.mesh-external.svc.cluster.local", WorkloadSelector = ["app=sleep"], Name = "originate-mtls-for-nginx")]
            [LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
            public partial class MyNginx;
            """)),
        // c. Plain HTTP through the egress gateway; this page names the ServiceEntry's port 80 http-port.
        new("gateway-egress", new("egress-gateway", "1+2+3", "v1", """
            [GatewayEgress("edition.cnn.com", Name = "cnn", GatewayName = "istio-egressgateway")]
            [ServicePort(80, "http-port", PortProtocol.Http)]
            public partial class Cnn;
            """)),
        // c. HTTPS passed through the gateway, routed by SNI.
        new("gateway-egress", new("egress-gateway", "4+5", "v1", """
            [GatewayEgress("edition.cnn.com", Tls = GatewayEgressTls.Passthrough, Name = "cnn", GatewayName = "istio-egressgateway")]
            public partial class Cnn;
            """,
            // As for the low-level case: the page writes weight 100 on the gateway hop only.
            "networking.istio.io/v1 VirtualService ?/direct-cnn-through-egress-gateway: spec.tls[0].route[0].weight: unexpected")),
        // c. TLS originated by the gateway (SIMPLE), with ISTIO_MUTUAL from the sidecars to it; the app calls http://edition.cnn.com.
        new("gateway-egress", new("egress-gateway-tls-origination", "1+2+3+4", "v1", """
            [GatewayEgress("edition.cnn.com", Tls = GatewayEgressTls.Originate, MeshTls = true, Name = "cnn", GatewayName = "istio-egressgateway")]
            public partial class Cnn;
            """)),
        // c. Mutual TLS originated by the gateway to an in-cluster server (no ServiceEntry: its Kubernetes Service is applied
        // before), with ISTIO_MUTUAL from the sidecars; the app calls http://my-nginx.mesh-external.svc.cluster.local.
        new("gateway-egress", new("egress-gateway-tls-origination", "7+8+9", "v1", """
            [GatewayEgress("my-nginx.mesh-external.svc.cluster.local", InCluster = true, Tls = GatewayEgressTls.OriginateMutual,
                CredentialName = "client-credential", MeshTls = true, Name = "nginx", GatewayName = "istio-egressgateway")]
            public partial class MyNginx;
            """)),
        // c. The same with SIMPLE TLS whose CA the gateway reads from the Secret (the SDS page's first section).
        new("gateway-egress", new("egress-gateway-tls-origination-sds", "2+3+4", "v1alpha3", """
            [GatewayEgress("my-nginx.mesh-external.svc.cluster.local", InCluster = true, Tls = GatewayEgressTls.Originate,
                CredentialName = "client-credential", MeshTls = true, Name = "nginx", GatewayName = "istio-egressgateway")]
            public partial class MyNginx;
            """)),
        // d. Any *.wikipedia.org through the gateway, forwarded to www.wikipedia.org.
        new("wildcard-hosts", new("wildcard-egress-hosts", "1+2+3", "v1", """
            [GatewayEgress("*.wikipedia.org", Tls = GatewayEgressTls.Passthrough, ForwardTo = "www.wikipedia.org", Name = "wikipedia", GatewayName = "istio-egressgateway")]
            public partial class Wikipedia;
            """)),
        // e. An external HTTPS proxy reached over TCP.
        new("external-proxy", new("http-proxy", "1", "v1", """
            [ExternalProxy("my-company-proxy.com", 3128, Addresses = ["172.30.109.95/32"], Name = "proxy")]
            public partial class CompanyProxy;
            """)),
        // f. An ExternalName Service for httpbin.org, mesh TLS off towards it.
        new("kubernetes-egress-service", new("egress-kubernetes-services", "1+2", "v1", """
            [KubernetesEgressService("httpbin.org", Name = "my-httpbin")]
            public partial class MyHttpbin;
            """)),
        // f. A Service without selector and its Endpoints (two Wikipedia addresses).
        new("kubernetes-egress-service", new("egress-kubernetes-services", "3+4+5", "v1", """
            [KubernetesEgressService("www.wikipedia.org", Name = "my-wikipedia", Port = 443, Endpoints = ["198.35.26.96", "208.80.153.224"])]
            public partial class MyWikipedia;
            """)),
    };
}
