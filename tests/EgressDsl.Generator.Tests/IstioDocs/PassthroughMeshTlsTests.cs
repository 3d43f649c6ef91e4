using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// [GatewayEgress(Tls = Passthrough, MeshTls = true)]: the application's HTTPS wrapped by its sidecar in Istio's mutual TLS to
/// the gateway, which terminates the mesh's TLS and forwards the application's TLS inside it as a stream. The egress-gateway
/// page wrote it in its HTTPS section's "mutual TLS enabled" tab up to Istio 1.4 (istio.io content/en and content/zh of that
/// time); the current page no longer shows it, so the corpus has no file for it and the page's objects are here, with the
/// gateway's mesh certificate files (<c>MUTUAL</c> with /etc/certs, gone since Istio 1.5) written as ISTIO_MUTUAL, which
/// stands for them, and networking.istio.io/v1.
/// </summary>
public class PassthroughMeshTlsTests
{
    private const string PageObjects = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: cnn
        spec:
          hosts:
          - edition.cnn.com
          ports:
          - number: 443
            name: tls
            protocol: TLS
          resolution: DNS
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: istio-egressgateway
        spec:
          selector:
            istio: egressgateway
          servers:
          - port:
              number: 443
              name: tls-cnn
              protocol: TLS
            hosts:
            - edition.cnn.com
            tls:
              mode: ISTIO_MUTUAL
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: egressgateway-for-cnn
        spec:
          host: istio-egressgateway.istio-system.svc.cluster.local
          subsets:
          - name: cnn
            trafficPolicy:
              loadBalancer:
                simple: ROUND_ROBIN
              portLevelSettings:
              - port:
                  number: 443
                tls:
                  mode: ISTIO_MUTUAL
                  sni: edition.cnn.com
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: direct-cnn-through-egress-gateway
        spec:
          hosts:
          - edition.cnn.com
          gateways:
          - mesh
          - istio-egressgateway
          tls:
          - match:
            - gateways:
              - mesh
              port: 443
              sniHosts:
              - edition.cnn.com
            route:
            - destination:
                host: istio-egressgateway.istio-system.svc.cluster.local
                subset: cnn
                port:
                  number: 443
          tcp:
          - match:
            - gateways:
              - istio-egressgateway
              port: 443
            route:
            - destination:
                host: edition.cnn.com
                port:
                  number: 443
              weight: 100

        """;

    [Fact]
    public void Passthrough_with_mesh_tls_gives_the_pages_objects_and_the_simulated_request_reaches_the_host() =>
        IstioDocsCorpus.AssertReproducesText("egress-gateway (Istio 1.4) HTTPS, mutual TLS enabled", PageObjects, "v1", """
            [GatewayEgress("edition.cnn.com", Tls = GatewayEgressTls.Passthrough, MeshTls = true, Name = "cnn", GatewayName = "istio-egressgateway")]
            [ExpectRoute(Sni = "edition.cnn.com", Port = 443, ReachesHost = "edition.cnn.com", ReachesPort = 443)]
            public partial class Cnn;
            """,
            // As for the passthrough case without mesh TLS (egress-gateway 4+5): the page writes weight 100 on the gateway hop only.
            new[] { "networking.istio.io/v1 VirtualService ?/direct-cnn-through-egress-gateway: spec.tls[0].route[0].weight: unexpected" });
}
