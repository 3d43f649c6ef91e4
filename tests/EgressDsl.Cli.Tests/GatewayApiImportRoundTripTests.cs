using EgressDsl.Cli.Yaml;
using EgressDsl.TestHarness.GatewayApi;
using Xunit;

namespace EgressDsl.Cli.Tests;

/// <summary>
/// Issue 23, Gateway API kinds: the generator's corpus of Istio's Gateway API tabs (<see cref="GatewayApiDocsSnippets.All"/>),
/// imported from the files the generator tests keep, builds the same objects again.
/// </summary>
public sealed class GatewayApiImportRoundTripTests
{
    public static TheoryData<string, string> CorpusCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var corpusCase in GatewayApiDocsSnippets.All)
        {
            // Not yet read back: the in-cluster tab's mixed form (a VirtualService for the sidecars' hop to a host no input
            // object declares, next to the gateway's HTTPRoute), which the import does not link into [GatewayEgress(InCluster)].
            if (corpusCase.Source.Contains("InCluster = true", StringComparison.Ordinal))
            {
                continue;
            }

            cases.Add(corpusCase.Page, corpusCase.Snippet);
        }

        return cases;
    }

    /// <summary>
    /// Every object comes back; the only losses are where Istio's pages and the Gateway API v1.6.1 CRDs disagree (the generator
    /// corpus corrects the same): a TLSRoute written <c>v1alpha2</c>, and a TLSRoute without the <c>hostnames</c> v1 requires.
    /// </summary>
    [Theory]
    [MemberData(nameof(CorpusCases))]
    public void Gateway_api_docs_snippets_rebuild_every_imported_object(string page, string snippets)
    {
        var files = snippets.Split('+').Select(n => ImportRoundTripTests.RepositoryFile("tests", "EgressDsl.Generator.Tests",
            "GatewayApiDocs", page, n + ".yaml")).ToArray();

        var roundTrip = RoundTrip.OfFiles(files);

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        var inputs = files.SelectMany(file => YamlInput.Objects(File.ReadAllText(file), file)).ToList();
        Assert.Equal(inputs.Count, roundTrip.Compared);
        var expected = inputs.Where(o => o.Kind == "TLSRoute")
            .SelectMany(o => new (int Document, string Path)?[]
            {
                o.ApiVersion == "gateway.networking.k8s.io/v1" ? null : (o.Document, "apiVersion"),
                YamlInput.Child(YamlInput.Child(o.Root, "spec"), "hostnames") != null ? null : (o.Document, "spec.hostnames"),
            })
            .Where(loss => loss != null)
            .Select(loss => loss!.Value)
            .OrderBy(loss => loss)
            .ToList();
        Assert.Equal(expected, roundTrip.Result.Losses.Select(loss => (loss.Document, loss.Path!)).OrderBy(loss => loss).ToList());
        Assert.Equal(inputs.Any(o => o.Kind == "Gateway"), roundTrip.Source.Contains("Api = GatewayApi.Kubernetes",
            StringComparison.Ordinal));
    }

    /// <summary>A route without gateway makes the project build with EgressGatewayApi=kubernetes, and the source says so.</summary>
    [Fact]
    public void A_route_without_gateway_is_built_with_the_kubernetes_form()
    {
        var files = new[] { "1", "2" }.Select(n => ImportRoundTripTests.RepositoryFile("tests", "EgressDsl.Generator.Tests",
            "GatewayApiDocs", "egress-control", n + ".yaml")).ToArray();

        var roundTrip = RoundTrip.OfFiles(files);

        Assert.Equal("kubernetes", roundTrip.Result.GatewayApi);
        Assert.Contains("<EgressGatewayApi>kubernetes</EgressGatewayApi>", roundTrip.Source);
        Assert.Contains("[HttpRoute(Timeout = \"3s\", DestinationPort = 80)]", roundTrip.Source);
    }

    /// <summary>
    /// The Kubernetes form's other shapes, written by the generator and imported back: HTTPS (one Secret) and TCP listeners, a
    /// TCPRoute pair, and a backend Service in another namespace with the ReferenceGrant the DSL writes for it.
    /// </summary>
    [Theory]
    [InlineData("""
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
        """, "TCPRoute")]
    [InlineData("""
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
        """, "ReferenceGrant")]
    public void The_generators_kubernetes_form_is_imported_whole(string source, string kind)
    {
        using var built = BuiltSample.Build("using EgressDsl;\nnamespace Written;\n" + source);
        var yaml = CliRun.Of("manifests", built.AssemblyPath).Output;
        Assert.Contains("kind: " + kind, yaml);

        var roundTrip = RoundTrip.Of(new Import.ImportInput("generated.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Result.Losses.Count == 0, roundTrip.ToString());
        Assert.Equal(yaml.Split("---\n").Length, roundTrip.Compared);
    }

    /// <summary>A pair the DSL cannot write is left out together, each route reported once, with the pair's reason.</summary>
    [Fact]
    public void A_pair_of_routes_is_left_out_together_once()
    {
        var files = new[] { "1", "2", "3" }.Select(n => ImportRoundTripTests.RepositoryFile("tests", "EgressDsl.Generator.Tests",
            "GatewayApiDocs", "egress-gateway", n + ".yaml"));
        var yaml = string.Join("---\n", files.Select(File.ReadAllText)).Replace("      port: 80\n",
            "      port: 80\n    - kind: Hostname\n      group: networking.istio.io\n      name: edition.cnn.com\n      port: 8080\n",
            StringComparison.Ordinal);

        var roundTrip = RoundTrip.Of(new Import.ImportInput("split.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.Equal(2, roundTrip.Compared);
        var losses = roundTrip.Result.Losses.Select(loss => loss.ToString()).ToList();
        Assert.Equal(2, losses.Count);
        Assert.Contains(losses, loss
            => loss.Contains("(HTTPRoute direct-cnn-to-egress-gateway): left out whole: the sidecar's hop to the gateway has one rule with "
                + "one backend", StringComparison.Ordinal));
        Assert.Contains(losses, loss
            => loss.Contains("(HTTPRoute forward-cnn-from-egress-gateway): left out whole: the sidecar's hop to the gateway has one rule "
                + "with one backend", StringComparison.Ordinal));
    }

    /// <summary>What the Gateway API form cannot write is left out whole and reported; the rest still builds the same objects.</summary>
    [Fact]
    public void Routes_and_grants_the_dsl_cannot_write_are_left_out_whole()
    {
        const string yaml = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: api
            spec:
              hosts: [api.example.com]
              ports:
              - number: 80
                name: http
                protocol: HTTP
              resolution: DNS
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: api
            spec:
              parentRefs:
              - kind: ServiceEntry
                group: networking.istio.io
                name: api
              hostnames: [api.example.com]
              rules:
              - matches:
                - path:
                    type: PathPrefix
                    value: /v1
                backendRefs:
                - kind: Hostname
                  group: networking.istio.io
                  name: api.example.com
                  port: 80
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata:
              name: other
              namespace: backend
            spec:
              from:
              - group: gateway.networking.k8s.io
                kind: HTTPRoute
                namespace: default
              to:
              - group: ""
                kind: Service
                name: other
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: nginx
            spec:
              gatewayClassName: nginx
              listeners:
              - name: http
                port: 80
                protocol: HTTP
            """;

        var roundTrip = RoundTrip.Of(new Import.ImportInput("lossy.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.Equal(1, roundTrip.Compared);
        var losses = roundTrip.Result.Losses.Select(loss => loss.ToString()).ToList();
        Assert.Equal(3, losses.Count);
        Assert.Contains(losses, loss
            => loss.Contains("document 2 (HTTPRoute api): left out whole: rule 1 matches the path by PathPrefix /v1",
            StringComparison.Ordinal));
        Assert.Contains(losses, loss
            => loss.Contains("document 3 (ReferenceGrant backend/other): left out whole: the DSL writes a ReferenceGrant only",
            StringComparison.Ordinal));
        Assert.Contains(losses, loss => loss.Contains("document 4 (Gateway nginx): left out whole: its gatewayClassName is nginx",
            StringComparison.Ordinal));
        Assert.DoesNotContain("HttpRoute", roundTrip.Source);
    }
}
