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

    private const string GatewayApi = "out of scope: Gateway API (`gateway.networking.k8s.io`), issue 22";

    private const string NotNetworking = "out of scope: not an Istio networking kind, Service, Endpoints or EndpointSlice";

    private const string Install = "out of scope: an installation option, not an object";

    public static readonly Page[] All =
    {
        new("egress-control", "Accessing External Services", "snips.sh at istio.io 1144ff0",
            new LeftOut("before 1", "IstioOperator `meshConfig.outboundTrafficPolicy` fragment", Install),
            new LeftOut("after 3 (Gateway API tab)", "HTTPRoute httpbin-ext", GatewayApi)),
        new("egress-tls-origination", "Egress TLS Origination",
            "snips.sh at istio.io 0375f02 (the mutual TLS section's DestinationRule alone, on port 443, with workloadSelector app=sleep); older stored "
            + "versions (snips.sh 45d3718, index.md c71712c) differ: a VirtualService-based origination, or a ServiceEntry and port 80",
            new LeftOut("mutual TLS server", "Deployment my-nginx (with its Service, linked to egress-gateway-tls-origination)", NotNetworking)),
        new("egress-gateway", "Egress Gateways", "snips.sh at istio.io a8ddb0d",
            new LeftOut("before 1", "IstioOperator `components.egressGateways` fragment", Install),
            new LeftOut("after 2 (Gateway API tab)", "Gateway cnn-egress-gateway", GatewayApi),
            new LeftOut("after 3 (Gateway API tab)", "HTTPRoute direct-cnn-to-egress-gateway, HTTPRoute forward-cnn-from-egress-gateway", GatewayApi),
            new LeftOut("after 5 (Gateway API tab)", "Gateway cnn-egress-gateway, TLSRoute direct-cnn-to-egress-gateway, TLSRoute forward-cnn-from-egress-gateway", GatewayApi),
            new LeftOut("before 6 (network policies, two blocks)", "NetworkPolicy allow-egress-to-istio-system-and-kube-dns", NotNetworking)),
        new("egress-gateway-tls-origination", "Egress Gateways with TLS Origination", "snips.sh at istio.io 985554b",
            new LeftOut("with 4", "Deployment my-nginx", NotNetworking)),
        new("egress-gateway-tls-origination-sds", "Egress Gateways with TLS Origination (SDS)",
            "snips.sh at istio.io 4801cd6 (the page's last version; its credentialName flow now lives in egress-gateway-tls-origination)",
            new LeftOut("with 1 and with 5", "Deployment my-nginx", NotNetworking)),
        new("wildcard-egress-hosts", "Egress using Wildcard Hosts", "snips.sh at istio.io 0997aa8",
            new LeftOut("after 2 (Gateway API tab)", "Gateway wikipedia-egress-gateway, TLSRoute direct-wikipedia-to-egress-gateway, TLSRoute forward-wikipedia-from-egress-gateway, ServiceEntry wikipedia", GatewayApi)),
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
