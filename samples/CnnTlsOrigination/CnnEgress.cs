using EgressDsl;

namespace CnnTlsOrigination;

// Istio's current task "Egress gateways with TLS origination": applications call http://edition.cnn.com; the sidecar
// sends the request over the mesh's mutual TLS to the egress gateway, which originates mutual TLS to edition.cnn.com
// with a client certificate from a Kubernetes Secret.

/// <summary>edition.cnn.com, resolved by DNS, with mutual TLS origination from the egress gateway.</summary>
[ExternalService("edition.cnn.com", Location = ServiceLocation.MeshExternal, Resolution = ServiceResolution.Dns)]
[ServicePort(80, "http", PortProtocol.Http)]
[ServicePort(443, "https", PortProtocol.Https)]
// Istio's task applies this rule in istio-system; the WorkloadSelector confines it to the egress gateway, the only proxy
// that originates TLS to CNN and the only one that can read the Secret (sidecars ignore credentialName, EGRESS053).
[DestinationRule(Name = "originate-mtls-for-cnn", Namespace = "istio-system", WorkloadSelector = ["istio=egressgateway"])]
[LoadBalancer(LoadBalancerAlgorithm.RoundRobin)]
// credentialName is read by the gateway from the Secret in its own namespace (tls.crt, tls.key and ca.crt, which also
// verifies the server): no key ever appears in the manifests.
[TlsOrigination(TlsMode.Mutual, Port = 443, CredentialName = "client-credential", Sni = "edition.cnn.com")]
public partial class Cnn;

/// <summary>The egress gateway terminates the mesh's mutual TLS from the sidecars on port 80.</summary>
[EgressGateway(Name = "istio-egressgateway", Namespace = "istio-system")]
[GatewayServer(80, "https-port-for-tls-origination", PortProtocol.Https, "edition.cnn.com", Tls = ServerTlsMode.IstioMutual)]
[DestinationRule(Name = "egressgateway-for-cnn", Namespace = "istio-system")]
[Subset("cnn")]
[TlsOrigination(TlsMode.IstioMutual, Subset = "cnn", Port = 80, Sni = "edition.cnn.com")]
public partial class EgressGateway;

/// <summary>One VirtualService for both hops, bound to the mesh and to the gateway, as Istio's documentation writes it.</summary>
[EgressRoute(typeof(Cnn), Through = typeof(EgressGateway), Port = 80, GatewaySubset = "cnn", Combined = true,
    Name = "direct-cnn-through-egress-gateway")]
[HttpRoute(DestinationPort = 443)]
public partial class CnnRoute;
