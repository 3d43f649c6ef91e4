using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// The app's address (<c>Egress.Address</c>) of each intent attribute's class (issue 17): the scheme and port Istio's task
/// for that pattern has the application call. <c>http://</c> wherever the mesh (sidecar or gateway) originates TLS, since
/// the application's own HTTPS there would be TLS inside TLS; <c>https://</c> where the application opens TLS itself.
/// </summary>
public class IntentAppBindingTests
{
    [Theory]
    // Pattern a: direct egress. HTTPS by default, the application opens TLS; HTTP on request; a non-default port is kept.
    [InlineData("""[DirectEgress("api.example.com")]""", "https://api.example.com")]
    [InlineData("""[DirectEgress("api.example.com", Protocol = PortProtocol.Http)]""", "http://api.example.com")]
    [InlineData("""[DirectEgress("api.example.com", Protocol = PortProtocol.Http, Timeout = "3s")]""", "http://api.example.com")]
    [InlineData("""[DirectEgress("api.example.com", Protocol = PortProtocol.Http, Port = 8080)]""", "http://api.example.com:8080")]
    [InlineData("""[DirectEgress("api.example.com", Protocol = PortProtocol.Tls, Port = 8443)]""", "https://api.example.com:8443")]
    // Pattern b: the sidecar originates TLS, so the application calls plain HTTP on the plain port.
    [InlineData("""[SidecarTlsOrigination("api.example.com")]""", "http://api.example.com")]
    [InlineData("""[SidecarTlsOrigination("api.example.com", Port = 8080)]""", "http://api.example.com:8080")]
    [InlineData("""[SidecarTlsOrigination("api.example.com", Mode = TlsMode.Mutual, CredentialName = "client-cert", WorkloadSelector = new[] { "app=sleep" })]""", "http://api.example.com")]
    // Pattern c: through the egress gateway. Plain HTTP and origination at the gateway are called over http://;
    // passthrough carries the application's own TLS.
    [InlineData("""[GatewayEgress("api.example.com")]""", "http://api.example.com")]
    [InlineData("""[GatewayEgress("api.example.com", MeshTls = true)]""", "http://api.example.com")]
    [InlineData("""[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Passthrough)]""", "https://api.example.com")]
    [InlineData("""[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate)]""", "http://api.example.com")]
    [InlineData("""[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate, CredentialName = "api-ca")]""",
        "http://api.example.com")]
    [InlineData("""[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate, MeshTls = true)]""", "http://api.example.com")]
    [InlineData("""[GatewayEgress("api.example.com", Tls = GatewayEgressTls.OriginateMutual, CredentialName = "client-cert")]""",
        "http://api.example.com")]
    // An in-cluster Service the gateway originates TLS to: the application calls its host over http://, on port 80.
    [InlineData("""[GatewayEgress("api.backend.svc.cluster.local", InCluster = true, Tls = GatewayEgressTls.OriginateMutual, CredentialName = "client-cert", MeshTls = true)]""", "http://api.backend.svc.cluster.local")]
    [InlineData("""[GatewayEgress("api.backend.svc.cluster.local", InCluster = true, Tls = GatewayEgressTls.Originate)]""",
        "http://api.backend.svc.cluster.local")]
    public void Intent_class_address_is_the_one_its_pattern_has_the_app_call(string intent, string expected)
    {
        var run = GeneratorHarness.Run($$"""
            using EgressDsl;
            {{intent}}
            public partial class Api;
            """);

        Assert.Empty(run.CompilationErrors);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal(expected, run.Constant("Api+Egress", "Address"));
    }

    [Theory]
    // Wildcards name no host to call; TCP and a proxy reached over TCP have no URL.
    [InlineData("""[DirectEgress("*.example.com")]""")]
    [InlineData("""[DirectEgress("db.example.com", Protocol = PortProtocol.Tcp, Port = 5432)]""")]
    [InlineData("""[ExternalProxy("proxy.corp.example", 3128, Addresses = new[] { "10.1.2.3/32" })]""")]
    public void Intent_class_without_an_http_host_has_no_address(string intent)
    {
        var run = GeneratorHarness.Run($$"""
            using EgressDsl;
            {{intent}}
            public partial class Api;
            """);

        Assert.Empty(run.CompilationErrors);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Api+Egress"));
        Assert.Empty(run.Output.GetTypeByMetadataName("Api+Egress")!.GetMembers("Address"));
    }
}
