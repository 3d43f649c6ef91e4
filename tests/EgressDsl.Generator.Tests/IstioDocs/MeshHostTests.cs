using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>Issue 18: [MeshHost], policies and routes for a host another registry owns, with no ServiceEntry.</summary>
public class MeshHostTests
{
    private const string Nginx = """
        using EgressDsl;

        // Istio's egress-tls-origination (mutual TLS to an in-cluster server): the Service my-nginx exists already.
        [MeshHost("my-nginx.mesh-external.svc.cluster.local")]
        [ServicePort(80, "http", PortProtocol.Http)]
        [DestinationRule(Name = "originate-mtls-for-nginx")]
        [TlsOrigination(TlsMode.Mutual, Port = 80, CredentialName = "client-credential", Sni = "my-nginx.mesh-external.svc.cluster.local")]
        public partial class MyNginx;

        [EgressRoute(typeof(MyNginx), Name = "nginx")]
        [HttpRoute(Timeout = "5s")]
        public partial class NginxRoute;
        """;

    [Fact]
    public void A_mesh_host_writes_its_DestinationRule_and_routes_to_it_but_no_ServiceEntry()
    {
        var compilation = GeneratorHarness.Compile(Nginx);
        // EGRESS053 is right here: the rule is in no namespace and selects no workload, so sidecars would skip the Secret.
        var diagnostics = GeneratorHarness.Analyze(compilation).Where(d => d.Id != "EGRESS053").ToList();
        Assert.Empty(diagnostics);

        var run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(run.Files.Keys, path => path.StartsWith("istio/service-entry", StringComparison.Ordinal));
        Assert.Contains(run.Files.Keys, path => path.StartsWith("istio/destination-rule_", StringComparison.Ordinal));
        var virtualService = Assert.Single(run.Files, f => f.Key.StartsWith("istio/virtual-service", StringComparison.Ordinal)).Value;
        Assert.Contains("my-nginx.mesh-external.svc.cluster.local", virtualService, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_on_a_mesh_host_has_no_role() =>
        Assert.Contains(
            GeneratorHarness.Analyze(GeneratorHarness.Compile("""using EgressDsl; [MeshHost("a.default.svc.cluster.local")][Endpoint("10.0.0.1")] public partial class A;""")),
            d => d.Id == "EGRESS011");

    [Fact]
    public void An_invalid_mesh_host_gets_EGRESS001_and_a_ServiceEntry_for_another_host_does_not_clash_with_it()
    {
        var invalid = GeneratorHarness.Analyze(GeneratorHarness.Compile("""using EgressDsl; [MeshHost("a..b")][TlsOrigination(TlsMode.Disable)] public partial class A;"""));
        Assert.Equal("EGRESS001", Assert.Single(invalid).Id);

        // Only ServiceEntries clash on a host and port (EGRESS040); a mesh host writes none.
        var both = GeneratorHarness.Analyze(GeneratorHarness.Compile("""
            using EgressDsl;
            [ExternalService("a.example.com", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)] public partial class A;
            [MeshHost("a.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class B;
            """));
        Assert.DoesNotContain(both, d => d.Id is "EGRESS040" or "EGRESS041");
    }
}
