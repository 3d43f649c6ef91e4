// Compiled into EgressDsl.Abstractions and EgressDsl.Tasks (the readers) and into the generator (the packer), so all three
// use these exact bytes: the generator's EGRESS_GENERATOR moves it into its own namespace, as with the simulator's sources.
#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Emit.Documents
#else
namespace EgressDsl
#endif
{
    /// <summary>
    /// The text a packed constant's deflate stream starts from (PackedFiles): typical packed files, whose words and lines a
    /// class's own text then refers back to instead of repeating.
    /// </summary>
    /// <remarks>
    /// A class's resources are a few kilobytes of YAML, most of it the same keys and values as every other class's; each
    /// deflated alone repeats them and its own code tables. With this text in front (written, not stored: the constant
    /// holds only what comes after it) a class's constant is less than half the size: about 0.4 MB less at a thousand
    /// services. Changing this text changes the format: the constant name must change with it, so an older reader finds
    /// nothing instead of misreading. The likeliest words come last, where their distances are shortest.
    /// </remarks>
    internal static class PackedFilesDictionary
    {
        public const string Text =
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  namespace: external\n  labels:\n    app: nginx\nspec:\n  type: ExternalName\n  externalName: \n  ports:\n  - port: 443\n    name: https\n    targetPort: 8443\n  selector:\n    app: nginx\n"
            + "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: istio-egressgateway\n  namespace: istio-system\nspec:\n  selector:\n    istio: egressgateway\n  servers:\n  - port:\n      number: 443\n      name: tls\n      protocol: TLS\n    hosts:\n    - edition.cnn.com\n    tls:\n      mode: ISTIO_MUTUAL\n      credentialName: \n"
            + "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: api\nspec:\n  hosts:\n  - api.example.com\n  addresses:\n  - 10.0.0.0/24\n  exportTo:\n  - \".\"\n  ports:\n  - number: 80\n    name: http\n    protocol: HTTP\n  - number: 443\n    name: https\n    protocol: HTTPS\n    targetPort: 443\n  location: MESH_EXTERNAL\n  resolution: DNS\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      https: 443\n    labels:\n      version: v1\n    network: \n    locality: \n    weight: \n"
            + "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\nspec:\n  host: api.example.com\n  exportTo:\n  - \".\"\n  workloadSelector:\n    matchLabels:\n      app: \n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n    portLevelSettings:\n    - port:\n        number: 443\n      tls:\n        mode: SIMPLE\n        sni: api.example.com\n        subjectAltNames:\n        - \n        insecureSkipVerify: true\n        credentialName: \n        clientCertificate: /etc/certs/tls.crt\n        privateKey: /etc/certs/tls.key\n        caCertificates: /etc/certs/ca.crt\n    tls:\n      mode: MUTUAL\n      clientCertificate: /etc/istio/egressgateway-certs/tls.crt\n      privateKey: /etc/istio/egressgateway-certs/tls.key\n      caCertificates: /etc/istio/egressgateway-ca-certs/ca.crt\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n    trafficPolicy:\n      tls:\n        mode: ISTIO_MUTUAL\n        sni: \n  - name: v2\n    labels:\n      version: v2\n"
            + "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: api-route\nspec:\n  hosts:\n  - api.example.com\n  exportTo:\n  - \".\"\n  tls:\n  - match:\n    - port: 443\n      sniHosts:\n      - api.example.com\n    route:\n    - destination:\n        host: api.example.com\n        port:\n          number: 443\n  tcp:\n  - match:\n    - port: \n  http:\n  - name: \n    match:\n    - uri:\n        prefix: /\n    - uri:\n        exact: /\n    - uri:\n        regex: \n    timeout: 5s\n    route:\n    - destination:\n        host: api.example.com\n        subset: v1\n        port:\n          number: 443\n      weight: 90\n"
            + "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: api-route-mesh\nspec:\n  hosts:\n  - api.example.com\n  gateways:\n  - mesh\n  http:\n  - match:\n    - port: 80\n      gateways:\n      - mesh\n    route:\n    - destination:\n        host: istio-egressgateway.istio-system.svc.cluster.local\n        subset: api\n        port:\n          number: 80\n"
            + "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: api-route-egress\nspec:\n  hosts:\n  - api.example.com\n  gateways:\n  - istio-system/egress\n  http:\n  - match:\n    - port: 80\n      gateways:\n      - istio-system/egress\n      headers:\n        want:\n          exact: v1\n        want:\n          prefix: v\n        want:\n          regex: \n    route:\n    - destination:\n        host: api.example.com\n        subset: v1\n        port:\n          number: 443\n"
            + "\0\0Path\0istio/service_\0Kind\0Service\0ApiVersion\0v1\0Name\0\0Namespace\0\0Yaml\0"
            + "\0\0Path\0istio/gateway_\0Kind\0Gateway\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0istio-system\0Yaml\0"
            + "\0\0Path\0istio/destination-rule_\0Kind\0DestinationRule\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0\0Yaml\0"
            + "\0\0Path\0istio/virtual-service_\0Kind\0VirtualService\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0\0Yaml\0"
            + "\0\0Path\0istio/service-entry_\0Kind\0ServiceEntry\0ApiVersion\0networking.istio.io/v1\0Name\0\0Namespace\0\0Yaml\0";
    }
}
