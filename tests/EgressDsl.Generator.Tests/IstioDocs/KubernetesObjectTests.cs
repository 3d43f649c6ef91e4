using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>
/// Issue 18: Kubernetes Services on their own ([MeshHost] with [KubernetesService]) with annotations, an explicit port
/// protocol, an unnamed port, and the Endpoints or EndpointSlice of a Service without selector, each validated strictly
/// with KubernetesClient.
/// </summary>
public class KubernetesObjectTests
{
    private static IReadOnlyDictionary<string, string> Generate(string source)
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + source);
        Assert.Empty(GeneratorHarness.Analyze(compilation).Select(d => d.ToString()));
        var run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.Diagnostics);
        return run.Files;
    }

    [Theory]
    [InlineData(false, "istio/endpoints_mesh-external_my-nginx.yaml", "kind: Endpoints")]
    [InlineData(true, "istio/endpoint-slice_mesh-external_my-nginx.yaml", "kind: EndpointSlice")]
    public void A_selector_less_Service_and_its_endpoints_are_valid_Kubernetes_objects(bool slice, string endpointsPath, string kind)
    {
        var files = Generate($$"""
            [MeshHost("my-nginx.mesh-external.svc.cluster.local", Namespace = "mesh-external")]
            [ServicePort(443, "", TargetPort = 8443)]
            [KubernetesService(Name = "my-nginx", Protocol = "TCP", Annotations = ["networking.istio.io/exportTo=."],
                Endpoints = ["10.0.0.7", "10.0.0.8"], EndpointSlice = {{(slice ? "true" : "false")}})]
            public partial class MyNginx;
            """);

        var service = files["istio/service_mesh-external_my-nginx.yaml"];
        Assert.Empty(KubernetesServiceValidator.Validate(service));
        Assert.Equal(".", EgressDsl.Testing.YamlTree.Parse(service).At("metadata.annotations[\"networking.istio.io/exportTo\"]").AsString);
        Assert.Contains("protocol: TCP", service, StringComparison.Ordinal);
        Assert.DoesNotContain("name: \"\"", service, StringComparison.Ordinal);

        var endpoints = files[endpointsPath];
        Assert.Contains(kind, endpoints, StringComparison.Ordinal);
        Assert.Empty(KubernetesEndpointsValidator.Validate(endpoints));
        Assert.Contains("port: 8443", endpoints, StringComparison.Ordinal);
        Assert.DoesNotContain(files.Keys, path => path.StartsWith("istio/service-entry", StringComparison.Ordinal));
    }

    [Fact]
    public void The_endpoints_validator_rejects_what_the_API_server_rejects()
    {
        Assert.NotEmpty(KubernetesEndpointsValidator.Validate("""
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: a
            subsets:
            - addresses:
              - ip: not-an-ip
              ports:
              - port: 70000
              - port: 80
                protocol: HTTP
            """));
        Assert.NotEmpty(KubernetesEndpointsValidator.Validate("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: a
            addressType: IPv4
            endpoints:
            - addresses: ["fd00::1"]
            unknownField: 1
            """));
    }

    [Theory]
    [InlineData("""[MeshHost("a.default.svc.cluster.local")][ServicePort(80, "http")][KubernetesService(Selector = ["app=a"], {|Endpoints = ["10.0.0.1"]|})] public partial class A;""", "EGRESS500")]
    [InlineData("""[MeshHost("a.default.svc.cluster.local")][ServicePort(80, "http")][KubernetesService(Endpoints = ["10.0.0.1", "a.example.com"])] public partial class A;""", "EGRESS002")]
    [InlineData("""[MeshHost("a.default.svc.cluster.local")][ServicePort(80, "http")][KubernetesService(Protocol = "tcp")] public partial class A;""", "EGRESS009")]
    [InlineData("""[MeshHost("a.default.svc.cluster.local")][ServicePort(80, "http")][KubernetesService(Annotations = ["no value"])] public partial class A;""", "EGRESS006")]
    [InlineData("""[ExternalService("a.example.com")][ServicePort(80, "", PortProtocol.Http)] public partial class A;""", "EGRESS005")]
    public void Wrong_Kubernetes_values_get_one_error(string source, string id)
    {
        var diagnostics = GeneratorHarness.Analyze(GeneratorHarness.Compile("using EgressDsl;\n" + source.Replace("{|", string.Empty).Replace("|}", string.Empty)));
        Assert.Equal(id, Assert.Single(diagnostics).Id);
    }
}
