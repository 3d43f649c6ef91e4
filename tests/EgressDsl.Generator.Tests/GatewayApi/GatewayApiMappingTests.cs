using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// Issue 22: what the Kubernetes Gateway API form writes for the routing features it maps (matches, timeouts, rule names,
/// HTTPS and TCP listeners, a backend Service in another namespace with its ReferenceGrant), each output checked against
/// the v1.6.1 CRDs; the property's default and its bad values.
/// </summary>
public class GatewayApiMappingTests
{
    internal static readonly Dictionary<string, string> Kubernetes = new() { ["EgressGatewayApi"] = "kubernetes" };

    private static GeneratorRun Run(string source, IReadOnlyDictionary<string, string>? properties = null)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + source), properties);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        return run;
    }

    internal static YamlTree Document(string yaml, string kind, string name) =>
        YamlTree.ParseAll(yaml).Single(d => d["kind"]?.AsString == kind && d["metadata"]?["name"]?.AsString == name);

    [Fact]
    public void Matches_timeouts_and_rule_names_map_onto_the_gateway_hop()
    {
        var run = Run("""
            [ExternalService("api.example.com", Name = "api", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Api;

            [EgressGateway(Name = "api-egress", Namespace = "egress")]
            [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
            public partial class ApiGateway;

            [EgressRoute(typeof(Api), Through = typeof(ApiGateway), Port = 80, Namespace = "egress", MeshName = "api-to-gateway", GatewayName = "api-from-gateway")]
            [HttpRoute(Name = "eu", Headers = ["x-tenant=eu", "x-trace~=^[0-9a-f]{8}$"], UriExact = "/orders", Timeout = "1500ms")]
            [HttpRoute(Name = "reports", UriRegex = "/reports/[0-9]+")]
            [HttpRoute(UriPrefix = "/", Timeout = "3s")]
            public partial class ApiRoute;
            """, Kubernetes);

        var yaml = run.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);
        Assert.DoesNotContain("VirtualService", yaml, StringComparison.Ordinal);

        var gateway = Document(yaml, "Gateway", "api-egress");
        Assert.Equal("gateway.networking.k8s.io/v1", gateway["apiVersion"]!.AsString);
        Assert.Equal("egress", gateway["metadata"]!["namespace"]!.AsString);

        var mesh = Document(yaml, "HTTPRoute", "api-to-gateway");
        var backend = mesh["spec"]!["rules"]!.Items.Single()["backendRefs"]!.Items.Single();
        Assert.Equal("api-egress-istio", backend["name"]!.AsString);
        Assert.Null(backend["namespace"]);

        var rules = Document(yaml, "HTTPRoute", "api-from-gateway")["spec"]!["rules"]!.Items;
        Assert.Equal(3, rules.Count);
        Assert.Equal("eu", rules[0]["name"]!.AsString);
        var eu = rules[0]["matches"]!.Items.Single();
        Assert.Equal("Exact", eu["path"]!["type"]!.AsString);
        Assert.Equal("/orders", eu["path"]!["value"]!.AsString);
        Assert.Null(eu["headers"]!.Items[0]["type"]);
        Assert.Equal("RegularExpression", eu["headers"]!.Items[1]["type"]!.AsString);
        Assert.Equal("1500ms", rules[0]["timeouts"]!["request"]!.AsString);
        Assert.Equal("RegularExpression", rules[1]["matches"]!.Items.Single()["path"]!["type"]!.AsString);
        Assert.Equal("PathPrefix", rules[2]["matches"]!.Items.Single()["path"]!["type"]!.AsString);
        Assert.All(rules, r => Assert.Equal("Hostname", r["backendRefs"]!.Items.Single()["kind"]!.AsString));
    }

    [Fact]
    public void Https_and_tcp_listeners_and_a_tcp_route_pass_the_crds()
    {
        var run = Run("""
            [ExternalService("db.example.com", Name = "db", Resolution = ServiceResolution.Dns)]
            [ServicePort(5432, "tcp-postgres", PortProtocol.Tcp)]
            public partial class Db;

            [EgressGateway(Name = "db-egress", Api = GatewayApi.Kubernetes)]
            [GatewayServer(5432, "tcp", PortProtocol.Tcp, "db.example.com")]
            [GatewayServer(443, "https", PortProtocol.Https, "portal.example.com", Tls = ServerTlsMode.Simple, CredentialName = "portal-cert")]
            public partial class DbGateway;

            [EgressRoute(typeof(Db), Through = typeof(DbGateway), Port = 5432)]
            [TcpRoute]
            public partial class DbRoute;
            """);

        var yaml = run.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);
        var listeners = Document(yaml, "Gateway", "db-egress")["spec"]!["listeners"]!.Items;
        Assert.Equal("TCP", listeners[0]["protocol"]!.AsString);
        Assert.Null(listeners[0]["hostname"]);
        Assert.Equal("HTTPS", listeners[1]["protocol"]!.AsString);
        Assert.Equal("portal-cert", listeners[1]["tls"]!["certificateRefs"]!.Items.Single()["name"]!.AsString);
        var tcp = YamlTree.ParseAll(yaml).Where(d => d["kind"]?.AsString == "TCPRoute").ToList();
        Assert.Equal(2, tcp.Count);
        Assert.All(tcp, r => Assert.Null(r["spec"]!["hostnames"]));
    }

    [Fact]
    public void A_backend_service_in_another_namespace_gets_its_reference_grant()
    {
        var run = Run("""
            [MeshHost("my-nginx.mesh-external.svc.cluster.local")]
            [ServicePort(443, "https", PortProtocol.Https)]
            [KubernetesService(Name = "my-nginx", Namespace = "mesh-external", Selector = ["run=my-nginx"])]
            public partial class MyNginx;

            [EgressGateway(Name = "nginx-egressgateway", Api = GatewayApi.Kubernetes)]
            [GatewayServer(443, "https", PortProtocol.Https, "my-nginx.mesh-external.svc.cluster.local", Tls = ServerTlsMode.IstioMutual)]
            [TlsOrigination(TlsMode.IstioMutual, Port = 443, Sni = "my-nginx.mesh-external.svc.cluster.local")]
            public partial class NginxGateway;

            [EgressRoute(typeof(MyNginx), Through = typeof(NginxGateway), Port = 443, GatewayName = "forward-nginx-from-egress-gateway")]
            [HttpRoute(DestinationPort = 443)]
            public partial class NginxRoute;
            """);

        var yaml = run.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);
        var forward = Document(yaml, "HTTPRoute", "forward-nginx-from-egress-gateway");
        var backend = forward["spec"]!["rules"]!.Items.Single()["backendRefs"]!.Items.Single();
        Assert.Equal("my-nginx", backend["name"]!.AsString);
        Assert.Equal("mesh-external", backend["namespace"]!.AsString);
        var grant = Document(yaml, "ReferenceGrant", "my-nginx-reference-grant");
        Assert.Equal("mesh-external", grant["metadata"]!["namespace"]!.AsString);
        Assert.Equal("default", grant["spec"]!["from"]!.Items.Single()["namespace"]!.AsString);
        Assert.Equal("HTTPRoute", grant["spec"]!["from"]!.Items.Single()["kind"]!.AsString);
        Assert.Equal("my-nginx", grant["spec"]!["to"]!.Items.Single()["name"]!.AsString);

        // The sidecar's hop is bound to the Kubernetes Service; the gateway's DestinationRule names the generated Service.
        var parent = Document(yaml, "HTTPRoute", "nginx-route-mesh")["spec"]!["parentRefs"]!.Items.Single();
        Assert.Equal("Service", parent["kind"]!.AsString);
        Assert.Equal("mesh-external", parent["namespace"]!.AsString);
        Assert.Equal("nginx-egressgateway-istio.default.svc.cluster.local", YamlTree.ParseAll(yaml).Single(d
            => d["kind"]?.AsString == "DestinationRule")["spec"]!["host"]!.AsString);
    }

    [Fact]
    public void The_istio_value_and_no_value_write_the_same_files()
    {
        var source = GeneratorHarness.SampleSource("CnnEgress.cs");
        var none = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        var istio = GeneratorHarness.Run(GeneratorHarness.Compile(source), new Dictionary<string,
            string>
        { ["EgressGatewayApi"] = "Istio" });
        Assert.Empty(istio.Diagnostics);
        Assert.Equal(none.Files.OrderBy(f => f.Key, StringComparer.Ordinal), istio.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_value_is_egress401_and_writes_nothing()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using EgressDsl;
            [ExternalService("api.example.com")]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Api;
            """), new Dictionary<string, string> { ["EgressGatewayApi"] = "gateway-api" });
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "EGRESS401");
        Assert.Contains("'gateway-api'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Files, f => f.Key.StartsWith("istio/", StringComparison.Ordinal));
    }

    /// <summary>
    /// A route without rule attributes: its implicit rule's backend is the service's one port; with several ports the
    /// route must say which (EGRESS021, in both forms), so no backend is ever written without a port.
    /// </summary>
    [Fact]
    public void A_route_without_rules_writes_the_services_port_and_is_refused_when_it_has_several()
    {
        var run = Run("""
            [ExternalService("one.example.com", Name = "one", Resolution = ServiceResolution.Dns)]
            [ServicePort(8080, "http-alt", PortProtocol.Http)]
            public partial class One;

            [EgressRoute(typeof(One), Port = 8080)]
            public partial class OneRoute;
            """, Kubernetes);
        var spec = Document(run.IstioYaml, "HTTPRoute", "one-route")["spec"]!;
        Assert.Equal("8080", spec["rules"]!.Items.Single()["backendRefs"]!.Items.Single()["port"]!.ScalarText);
        Assert.Null(spec["parentRefs"]!.Items.Single()["port"]);
        GatewayApiDocsCorpus.AssertPassesCrds(run.IstioYaml);

        var several = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using EgressDsl;
            [ExternalService("multi.example.com", Name = "multi", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(8080, "http-alt", PortProtocol.Http)]
            public partial class Multi;

            [EgressRoute(typeof(Multi), Port = 8080)]
            public partial class MultiRoute;
            """), Kubernetes);
        Assert.Contains(several.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("EGRESS021", StringComparison.Ordinal));
    }

    [Fact]
    public void Declaration_order_does_not_change_the_output()
    {
        const string service = """
            [ExternalService("edition.cnn.com", Name = "cnn", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Cnn;
            """;
        const string gateway = """
            [EgressGateway(Name = "cnn-egress-gateway")]
            [GatewayServer(80, "http", PortProtocol.Http, "edition.cnn.com")]
            public partial class CnnGateway;
            """;
        const string route = """
            [EgressRoute(typeof(Cnn), Through = typeof(CnnGateway), Port = 80)]
            [HttpRoute(Headers = ["x-a=1"])]
            [HttpRoute]
            public partial class CnnRoute;
            """;
        var forward = Run(service + gateway + route, Kubernetes).IstioYaml;
        var backward = Run(route + gateway + service, Kubernetes).IstioYaml;
        Assert.Equal(forward, backward);
    }
}
