namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// Every page of Istio's egress tasks (istio/istio.io, content/en/docs/tasks/traffic-management/egress/), the version its
/// YAML was taken from, and each YAML block the corpus leaves out, with why. The corpus cases (<see cref="IstioDocsSnippets"/>)
/// and these lists together are docs/istio-coverage.md, which <see cref="IstioCoverageTests"/> keeps in step.
/// </summary>
internal static class IstioDocsPages
{
    /// <summary>
    /// A page: its folder under the egress tasks, its title, where its YAML came from, and the blocks left out. A page with no
    /// corpus folder says in <paramref name="Source"/> why (a page that is no longer in Istio's docs).
    /// </summary>
    public sealed record Page(string Name, string Title, string Source, params LeftOut[] LeftOut);

    /// <summary>A YAML block of the page that is not in the corpus: where it is, what it holds, and why it is left out.</summary>
    public sealed record LeftOut(string Where, string Objects, string Reason);

    private const string GatewayApi = "in the Gateway API corpus instead (`GatewayApiDocs/`, docs/gateway-api.md), issue 22";

    private const string NotNetworking = "out of scope: not an Istio networking kind, Service, Endpoints or EndpointSlice";

    private const string Install = "out of scope: an installation option, not an object";

    public static readonly Page[] All =
    {
        new("egress-control", "Accessing External Services",
            "the page's networking.istio.io/v1 version, as its translation in content/es carries it (index.md 00a2e80); snips.sh 1144ff0 "
            + "and a8ddb0d have the same blocks in v1alpha3",
            new LeftOut("before 1", "IstioOperator `meshConfig.outboundTrafficPolicy` fragment", Install),
            new LeftOut("after 3 (Gateway API tab)", "HTTPRoute httpbin-ext", GatewayApi)),
        new("egress-tls-origination", "Egress TLS Origination",
            "the page's networking.istio.io/v1 version (index.md: the mutual TLS server's Service exported to its own namespace, the "
            + "sidecars' ServiceEntry for its host with port 80 sent to 443); older stored versions (snips.sh 0375f02, 45d3718) differ",
            new LeftOut("with 3", "Deployment my-nginx", NotNetworking)),
        new("egress-gateway", "Egress Gateways",
            "the page's networking.istio.io/v1 version, as its translation in content/es carries it; snips.sh a8ddb0d has the same "
            + "blocks in v1alpha3",
            new LeftOut("before 1", "IstioOperator `components.egressGateways` fragment", Install),
            new LeftOut("after 2 (Gateway API tab)", "Gateway cnn-egress-gateway", GatewayApi),
            new LeftOut("after 3 (Gateway API tab)", "HTTPRoute direct-cnn-to-egress-gateway, HTTPRoute forward-cnn-from-egress-gateway",
                GatewayApi),
            new LeftOut("after 5 (Gateway API tab)",
                "Gateway cnn-egress-gateway, TLSRoute direct-cnn-to-egress-gateway, TLSRoute forward-cnn-from-egress-gateway", GatewayApi),
            new LeftOut("before 6 (network policies, two blocks)", "NetworkPolicy allow-egress-to-istio-system-and-kube-dns",
                NotNetworking)),
        new("egress-gateway-tls-origination", "Egress Gateways with TLS Origination",
            "the page's networking.istio.io/v1 version, as its translation in content/zh carries it (snips.sh 985554b has blocks 1 to 5 "
            + "and 7 to 9 in v1alpha3, the first section's VirtualService and DestinationRule in one block); block 6 writes `sni_hosts`, "
            + "the field's proto name, which Istio reads as `sniHosts`, written so here",
            new LeftOut("after 2 (Gateway API tab)",
                "Gateway cnn-egress-gateway, DestinationRule egressgateway-for-cnn (for cnn-egress-gateway-istio)", GatewayApi),
            new LeftOut("after 3 (Gateway API tab)", "HTTPRoute direct-cnn-to-egress-gateway, HTTPRoute forward-cnn-from-egress-gateway",
                GatewayApi),
            new LeftOut("with 5", "Deployment my-nginx", NotNetworking),
            new LeftOut("after 7 (Gateway API tab)", "Gateway nginx-egressgateway, DestinationRule egressgateway-for-nginx", GatewayApi),
            new LeftOut("after 7 (Gateway API tab)", "Role and RoleBinding nginx-egressgateway-istio-sds", NotNetworking),
            new LeftOut("after 8 (Gateway API tab)",
                "VirtualService direct-nginx-to-egress-gateway, HTTPRoute forward-nginx-from-egress-gateway, ReferenceGrant my-nginx-reference-grant",
                GatewayApi),
            new LeftOut("after 9 (Gateway API tab)", "DestinationRule originate-mtls-for-nginx (in the client's namespace)", GatewayApi)),
        new("egress-gateway-tls-origination-sds", "Egress Gateways with TLS Origination (SDS)",
            "snips.sh at istio.io 4801cd6 (the page's last version: it was merged into egress-gateway-tls-origination, whose aliases now include its address)",
            new LeftOut("with 1 and with 5", "Deployment my-nginx", NotNetworking)),
        new("wildcard-egress-hosts", "Egress using Wildcard Hosts",
            "the page's networking.istio.io/v1 version (istio.io 1.24); snips.sh 0997aa8 has the same blocks in v1alpha3",
            new LeftOut("after 2 (Gateway API tab)",
                "Gateway wikipedia-egress-gateway, TLSRoute direct-wikipedia-to-egress-gateway, TLSRoute forward-wikipedia-from-egress-gateway, ServiceEntry wikipedia", GatewayApi)),
        new("egress-kubernetes-services", "Kubernetes Services for Egress Traffic", "snips.sh at istio.io dcdd5c8"),
        new("http-proxy", "Using an External HTTPS Proxy",
            "snips.sh at istio.io 9140d52 ($PROXY_IP is 172.30.109.95, the proxy's address in the page's own log line; $PROXY_PORT is 3128)",
            new LeftOut("before 1", "Deployment squid", NotNetworking)),
        new("egress_sni_monitoring_and_policies", "Monitoring and Policies for TLS Egress",
            "no longer in Istio's docs: it configured Mixer's telemetry and policies (removed in Istio 1.8); its routing is wildcard-egress-hosts'"),
        new("proxy", "Istio as a Proxy for External Services",
            "no longer in Istio's docs (an Istio 1.1 page about the ingress gateway as a proxy, index.md ee69585)"),
    };
}
