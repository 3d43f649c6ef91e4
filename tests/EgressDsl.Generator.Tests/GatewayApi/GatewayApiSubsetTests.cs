using EgressDsl.Testing;
using Xunit;
using static EgressDsl.Generator.Tests.GatewayApi.GatewayApiMappingTests;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// Issue 22: a route to a subset in the Kubernetes Gateway API form. A backendRef names a host, never a subset, so each
/// subset a route uses becomes a ServiceEntry of its own (<c>&lt;serviceentry&gt;-&lt;subset&gt;</c>, host
/// <c>&lt;subset&gt;.&lt;host&gt;</c>, the endpoints the subset selects) with a DestinationRule carrying the subset's traffic
/// policy, and the gateway's route names that host.
/// </summary>
public class GatewayApiSubsetTests
{
    private const string Nginx = """
        [ExternalService("nginx.example.com", Name = "nginx", Location = ServiceLocation.MeshInternal,
            Resolution = ServiceResolution.Static)]
        [ServicePort(443, "http-tls", PortProtocol.Http)]
        [Endpoint("40.76.65.115", Labels = ["version=v1"])]
        [Endpoint("23.96.117.176", Labels = ["version=v2"])]
        [Endpoint("23.96.117.177", Labels = ["version=v2"])]
        [DestinationRule(Name = "dr-nginx")]
        [Subset("v1", "version=v1")]
        [Subset("v2", "version=v2")]
        [Subset("v3", "version=v2")]
        [TlsOrigination(TlsMode.Simple, Port = 443)]
        [TlsOrigination(TlsMode.Mutual, Subset = "v2", CredentialName = "nginx-client", Sni = "v2.nginx.example.com")]
        public partial class Nginx;

        [EgressGateway(Name = "nginx-egress")]
        [GatewayServer(80, "http", PortProtocol.Http, "nginx.example.com")]
        public partial class NginxGateway;

        """;

    private static string Route(string rules) => Nginx + """
        [EgressRoute(typeof(Nginx), Through = typeof(NginxGateway), Port = 80, MeshName = "nginx-mesh", GatewayName = "nginx-gateway")]
        """ + rules + " public partial class NginxRoute;";

    private static IReadOnlyList<YamlTree> Documents(string yaml, string kind) =>
        YamlTree.ParseAll(yaml).Where(d => d["kind"]?.AsString == kind).ToList();

    private static string Scalar(YamlTree node) => Convert.ToString(node.Value, System.Globalization.CultureInfo.InvariantCulture)!;

    [Fact]
    public void Each_subset_the_route_uses_gets_a_service_entry_and_destination_rule_of_its_own()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + Route("""
            [HttpRoute(Headers = ["want=v2"], Subset = "v2")]
            [HttpRoute(Headers = ["want=v1"], Subset = "v1")]
            """)), Kubernetes);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        var yaml = run.IstioYaml;
        GatewayApiDocsCorpus.AssertPassesCrds(yaml);

        // v3 is not routed to: no backend for it. The service's own objects are written as in the Istio form.
        Assert.Equal(new[] { "nginx", "nginx-v1", "nginx-v2" },
            Documents(yaml, "ServiceEntry").Select(d => d["metadata"]!["name"]!.AsString).Order(StringComparer.Ordinal));
        var v1 = Document(yaml, "ServiceEntry", "nginx-v1")["spec"]!;
        Assert.Equal("v1.nginx.example.com", v1["hosts"]!.Items.Single().AsString);
        Assert.Equal("40.76.65.115", v1["endpoints"]!.Items.Single()["address"]!.AsString);
        Assert.Equal("STATIC", v1["resolution"]!.AsString);
        Assert.Equal("MESH_INTERNAL", v1["location"]!.AsString);
        Assert.Equal(2, Document(yaml, "ServiceEntry", "nginx-v2")["spec"]!["endpoints"]!.Items.Count);

        // The service-wide origination, with the SNI and name the real host's certificate carries; v2's own setting as it was.
        var v1Tls = Document(yaml, "DestinationRule", "dr-nginx-v1")["spec"]!;
        Assert.Equal("v1.nginx.example.com", v1Tls["host"]!.AsString);
        Assert.Null(v1Tls["subsets"]);
        var v1Port = v1Tls["trafficPolicy"]!["portLevelSettings"]!.Items.Single();
        Assert.Equal("SIMPLE", v1Port["tls"]!["mode"]!.AsString);
        Assert.Equal("nginx.example.com", v1Port["tls"]!["sni"]!.AsString);
        Assert.Equal("nginx.example.com", v1Port["tls"]!["subjectAltNames"]!.Items.Single().AsString);
        var v2Tls = Document(yaml, "DestinationRule", "dr-nginx-v2")["spec"]!["trafficPolicy"]!["tls"]!;
        Assert.Equal("MUTUAL", v2Tls["mode"]!.AsString);
        Assert.Equal("nginx-client", v2Tls["credentialName"]!.AsString);
        Assert.Equal("v2.nginx.example.com", v2Tls["sni"]!.AsString);

        var rules = Document(yaml, "HTTPRoute", "nginx-gateway")["spec"]!["rules"]!.Items;
        Assert.Equal(new[] { "v2.nginx.example.com", "v1.nginx.example.com" },
            rules.Select(r => r["backendRefs"]!.Items.Single()["name"]!.AsString));
        Assert.All(rules, r => Assert.Equal("Hostname", r["backendRefs"]!.Items.Single()["kind"]!.AsString));
        Assert.All(rules, r => Assert.Equal("443", Scalar(r["backendRefs"]!.Items.Single()["port"]!)));

        // The Istio form of the same classes is unchanged: subsets on the VirtualService, no backend of their own.
        var istio = GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + Route("""
            [HttpRoute(Headers = ["want=v2"], Subset = "v2")]
            [HttpRoute(Headers = ["want=v1"], Subset = "v1")]
            """))).IstioYaml;
        Assert.Single(Documents(istio, "ServiceEntry"));
        Assert.Contains("subset: v1", istio, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_of_subsets_is_a_weighted_pair_of_backends()
    {
        var source = "using EgressDsl;\n" + Route("""[HttpRoute(Split = ["v1=90", "v3=10"])]""");
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(source), Kubernetes);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        GatewayApiDocsCorpus.AssertPassesCrds(run.IstioYaml);
        var backends = Document(run.IstioYaml, "HTTPRoute", "nginx-gateway")["spec"]!["rules"]!.Items.Single()["backendRefs"]!.Items;
        Assert.Equal(new[] { ("v1.nginx.example.com", "90"), ("v3.nginx.example.com", "10") },
            backends.Select(b => (b["name"]!.AsString!, Scalar(b["weight"]!))));
    }

    /// <summary>Two classes writing the same Gateway API object: an error, as for the Istio kinds (EGRESS016), and the later class is
    /// not written.</summary>
    [Theory]
    [InlineData("MeshName = \"a-mesh\"", "HTTPRoute 'a-mesh'")]
    [InlineData("GatewayName = \"a-gateway\"", "HTTPRoute 'a-gateway'")]
    public void Two_classes_writing_the_same_route_are_an_error(string name, string resource)
    {
        var source = """
            using EgressDsl;
            [ExternalService("a.example.com", Resolution = ServiceResolution.Dns)][ServicePort(80, "http", PortProtocol.Http)]
            public partial class A;

            [ExternalService("b.example.com", Resolution = ServiceResolution.Dns)][ServicePort(80, "http", PortProtocol.Http)]
            public partial class B;

            [EgressGateway(Name = "shared-egress")]
            [GatewayServer(80, "http", PortProtocol.Http, "a.example.com", "b.example.com")]
            public partial class SharedGateway;

            [EgressRoute(typeof(A), Through = typeof(SharedGateway), Port = 80, MeshName = "a-mesh", GatewayName = "a-gateway")]
            [HttpRoute]
            public partial class ARoute;

            [EgressRoute(typeof(B), Through = typeof(SharedGateway), Port = 80, NAME)]
            [HttpRoute]
            public partial class BRoute;
            """.Replace("NAME", name, StringComparison.Ordinal);
        var compilation = GeneratorHarness.Compile(source);
        var duplicate = Assert.Single(GeneratorHarness.Analyze(compilation, Kubernetes), d => d.Id == "EGRESS016");
        Assert.Contains(resource, duplicate.GetMessage(), StringComparison.Ordinal);
        var run = GeneratorHarness.Run(compilation, Kubernetes);
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'BRoute'", StringComparison.Ordinal));
        Assert.Single(Documents(run.IstioYaml, "HTTPRoute"), d => d["metadata"]!["name"]!.AsString == resource.Split('\'')[1]);
    }

    [Fact]
    public void Gateways_of_the_two_forms_may_share_a_name_but_not_two_of_one_form()
    {
        const string Gateways = """
            [EgressGateway(Name = "shared", Api = GatewayApi.Kubernetes)]
            [GatewayServer(80, "http", PortProtocol.Http, "a.example.com")]
            public partial class First;

            [EgressGateway(Name = "shared", Api = GatewayApi.FORM)]
            [GatewayServer(80, "http", PortProtocol.Http, "b.example.com")]
            public partial class Second;
            """;
        var sameForm = GeneratorHarness.Analyze(GeneratorHarness.Compile("using EgressDsl;\n" + Gateways.Replace("FORM", "Kubernetes",
            StringComparison.Ordinal)));
        Assert.Contains(sameForm, d => d.Id == "EGRESS016");
        var twoForms = GeneratorHarness.Analyze(GeneratorHarness.Compile("using EgressDsl;\n" + Gateways.Replace("FORM", "Istio",
            StringComparison.Ordinal)));
        Assert.DoesNotContain(twoForms, d => d.Id == "EGRESS016");
    }
}
