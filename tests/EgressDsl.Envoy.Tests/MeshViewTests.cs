using EgressDsl.Generator;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Resolution;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>The registry the proxies are built from: one service per host, gateways' Kubernetes Services among them.</summary>
public class MeshViewTests
{
    [Fact]
    public void Each_gateway_service_host_gives_one_service_unless_a_service_entry_already_declares_it()
    {
        var project = Resolve("""
            using EgressDsl;
            [ExternalService("api.example.com", Location = ServiceLocation.MeshExternal)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Api;

            [ExternalService("egress-a.istio-system.svc.cluster.local", Location = ServiceLocation.MeshInternal)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class DeclaredGatewayService;

            [EgressGateway(Name = "egress-a", Namespace = "istio-system", Selector = ["istio=egress-a"], Service = "egress-a.istio-system.svc.cluster.local")]
            [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
            public partial class GatewayA;

            [EgressGateway(Name = "egress-b", Namespace = "istio-system", Selector = ["istio=egress-b"], Service = "egress-b.istio-system.svc.cluster.local")]
            [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
            public partial class GatewayB;

            [EgressGateway(Name = "egress-b2", Namespace = "istio-system", Selector = ["istio=egress-b2"], Service = "EGRESS-B.istio-system.svc.cluster.local", TargetPorts = ["9090=19090"])]
            [GatewayServer(8080, "http-alt", PortProtocol.Http, "api.example.com")]
            public partial class GatewayB2;
            """);

        var view = MeshView.From(project);

        // Hosts compare without case, as Kubernetes names do: egress-b and EGRESS-B are one Service, with both gateways'
        // port mappings (egress-b's default 80 and 443, egress-b2's 9090).
        Assert.Equal(
            new[] { "api.example.com", "egress-a.istio-system.svc.cluster.local", "egress-b.istio-system.svc.cluster.local" },
            view.Services.Select(s => s.Host.ToLowerInvariant()).OrderBy(h => h, StringComparer.Ordinal));
        Assert.False(view.Service("api.example.com")!.IsGatewayService);
        Assert.False(view.Service("egress-a.istio-system.svc.cluster.local")!.IsGatewayService);
        Assert.True(view.Service("egress-b.istio-system.svc.cluster.local")!.IsGatewayService);
        Assert.Equal(new[] { 80, 443, 9090 }, view.Service("egress-b.istio-system.svc.cluster.local")!.Ports.Select(p => p.Number).OrderBy(p => p));
    }

    private static ResolvedProject Resolve(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Result.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return run.ResolvedProject;
    }
}
