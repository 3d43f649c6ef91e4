using System.Diagnostics.CodeAnalysis;
using EgressDsl;

namespace SeedEgress;

// The seed article's scenario: a sleep pod calls http://nginx.external.svc.cluster.local; its sidecar sends the request to
// the egress gateway, which picks subset v1 or v2 by the `want` header and originates mutual TLS to the nginx VMs.

/// <summary>The two nginx VMs outside the cluster, and how the egress gateway reaches them.</summary>
[ExternalService("nginx.external.svc.cluster.local", Name = "se-nginx-ext",
    Location = ServiceLocation.MeshInternal, Resolution = ServiceResolution.Static)]
[ServicePort(443, "http-tls", PortProtocol.Http)]
[Endpoint("40.76.65.115", Labels = ["version=v1"], Ports = ["http-tls=443"])]
[Endpoint("23.96.117.176", Labels = ["version=v2"], Ports = ["http-tls=443"])]
[DestinationRule(Name = "dr-nginx-ext")]
[Subset("v1", "version=v1")]
[Subset("v2", "version=v2")]
[TlsOrigination(TlsMode.Mutual, Port = 443,
    ClientCertificate = "/etc/istio/egressgateway-certs/tls.crt",
    PrivateKey = "/etc/istio/egressgateway-certs/tls.key",
    CaCertificates = "/etc/istio/egressgateway-ca-certs/ca.crt")]
// The article also declares a Kubernetes Service for the same host, which gives it a cluster DNS name.
[KubernetesService(Name = "nginx", Namespace = "external", Labels = ["app=nginx"], Selector = ["app=nginx"])]
[SuppressMessage("EgressDsl.Configuration", "EGRESS034:Kubernetes Service and ServiceEntry declare the same host",
    Justification = "The seed article declares both on purpose: the Service only gives the calling pod a DNS record for the host, "
        + "the ServiceEntry carries the VM endpoints and labels that the gateway routes to.")]
public partial class NginxExternal;

/// <summary>The egress gateway's listener for the nginx host.</summary>
[EgressGateway(Name = "eg-nginx-ext")]
[GatewayServer(80, "http", PortProtocol.Http, "nginx.external.svc.cluster.local")]
public partial class NginxEgressGateway;

/// <summary>Sidecar to gateway on port 80, then gateway to subset v1 or v2 by the `want` header.</summary>
[EgressRoute(typeof(NginxExternal), Through = typeof(NginxEgressGateway), Port = 80,
    MeshName = "vs-nginx-ext-mesh", GatewayName = "vs-nginx-ext-egress")]
[HttpRoute(Headers = ["want=v1"], Subset = "v1")]
[HttpRoute(Headers = ["want=v2"], Subset = "v2")]
// Checked at build time against the Envoy configuration Istio would build: sidecar, then gateway, then the subset's VM.
[ExpectRoute(Headers = ["want=v1"], ReachesSubset = "v1")]
[ExpectRoute(Headers = ["want=v2"], ReachesSubset = "v2")]
[ExpectRoute(NoRoute = true)]
public partial class NginxRoute;
