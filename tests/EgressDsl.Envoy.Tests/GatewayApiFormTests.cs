using EgressDsl.Simulation;
using EgressDsl.TestHarness.GatewayApi;
using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// Issue 22: the same classes built in the Istio form and in the Kubernetes Gateway API form program proxies that send the
/// same requests to the same endpoints, with the same upstream TLS; only the gateway's deployment differs (its Service
/// <c>&lt;name&gt;-istio</c>, its listeners on the listener ports). The Envoy files of the Kubernetes form pass envoy-check.
/// </summary>
public class GatewayApiFormTests
{
    /// <summary>Istio's Gateway API tabs written without a form, so the project property alone decides; and the requests each page
    /// sends.</summary>
    public static IEnumerable<object[]> Cases() => GatewayApiDocsSnippets.All.Select(c => new object[] { c.Name });

    private static (string Source, SimulatedRequest[] Requests) Case(string name)
    {
        var (source, requests, _) = CaseWithGatewayPort(name);
        return (source, requests);
    }

    /// <summary>The case, and the port of the gateway's listener the page's request reaches (the in-cluster case's sidecars send
    /// port 80 to the gateway's mutual TLS port 443).</summary>
    private static (string Source, SimulatedRequest[] Requests, int GatewayPort) CaseWithGatewayPort(string name)
    {
        var snippet = GatewayApiDocsSnippets.All.Single(c => c.Name == name);
        var source = "using EgressDsl;\n" + snippet.Source.Replace(", Api = GatewayApi.Kubernetes", string.Empty, StringComparison.Ordinal);
        SimulatedRequest[] requests = snippet.Page switch
        {
            "wildcard-egress-hosts" => new[] { SimulatedRequest.Tls("en.wikipedia.org", 443), SimulatedRequest.Tls("de.wikipedia.org", 443),
                SimulatedRequest.Tls("www.example.org", 443) },
            "egress-control" => new[] { SimulatedRequest.Http("httpbin.org", 80, "/delay/5"), SimulatedRequest.Http("www.example.org",
                80) },
            _ when snippet.Source.Contains("InCluster = true", StringComparison.Ordinal) => new[]
            {
                SimulatedRequest.Http("my-nginx.mesh-external.svc.cluster.local", 80, "/"), SimulatedRequest.Http("www.example.org", 80),
            },
            _ when snippet.Source.Contains("[TlsRoute]", StringComparison.Ordinal)
                || snippet.Source.Contains("GatewayEgressTls.Passthrough", StringComparison.Ordinal)
                => new[] { SimulatedRequest.Tls("edition.cnn.com", 443), SimulatedRequest.Tls("www.example.org", 443) },
            _ => new[] { SimulatedRequest.Http("edition.cnn.com", 80, "/politics"), SimulatedRequest.Http("edition.cnn.com", 80,
                "/politics").WithHeader("x-any", "1"), SimulatedRequest.Http("www.example.org", 80) },
        };
        return (source, requests, snippet.Source.Contains("InCluster = true", StringComparison.Ordinal) ? 443 : requests[0].Port);
    }

    private static (EnvoyProxy Sidecar, EnvoyProxy[] Gateways, IReadOnlyDictionary<string, string> Files) Build(string source, string form)
    {
        var files = EnvoyOutputs.Generate(source, new Dictionary<string, string> { ["EgressGatewayApi"] = form });
        var gateways = files.Keys.Where(p => p.StartsWith("envoy/gateway_", StringComparison.Ordinal)).Select(path =>
        {
            var name = Path.GetFileNameWithoutExtension(path)["gateway_".Length..];
            var host = form == "kubernetes" ? name
                + "-istio.default.svc.cluster.local" : "istio-egressgateway.istio-system.svc.cluster.local";
            return EnvoyProxy.Parse(files[path], path, host);
        }).ToArray();
        return (EnvoyProxy.Parse(files["envoy/sidecar.json"], "sidecar"), gateways, files);
    }

    /// <summary>Where a request ends, as a line to compare: outcome, cluster, endpoints and the TLS the last proxy originates.</summary>
    private static string Destination(ChainResult chain)
    {
        var final = chain.Final;
        var tls = final.Tls is { } t ? $"tls(sni={t.Sni}, cert={t.ClientCertificate}, ca={t.TrustedCa})" : "no tls";
        return $"{final.Outcome} {final.StatusCode} {final.Cluster} [{string.Join(", ", final.Endpoints.Select(e => e.ToString()))}] {tls} "
            + $"via {chain.Hops.Count} hop(s)";
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Both_forms_send_every_request_to_the_same_endpoints(string name)
    {
        var (source, requests, gatewayPort) = CaseWithGatewayPort(name);
        var istio = Build(source, "istio");
        var kubernetes = Build(source, "kubernetes");

        foreach (var request in requests)
        {
            var viaIstio = ProxyChain.SimulateThroughGateway(istio.Sidecar, istio.Gateways, request);
            var viaKubernetes = ProxyChain.SimulateThroughGateway(kubernetes.Sidecar, kubernetes.Gateways, request);
            Assert.Equal(Destination(viaIstio), Destination(viaKubernetes));
        }

        // The first request is the page's: through a gateway, the sidecar's hop names the gateway Service of its form.
        var first = ProxyChain.SimulateThroughGateway(kubernetes.Sidecar, kubernetes.Gateways, requests[0]);
        if (kubernetes.Gateways.Length > 0)
        {
            Assert.Equal(2, first.Hops.Count);
            Assert.EndsWith("-istio.default.svc.cluster.local", first.Hops[0].Cluster, StringComparison.Ordinal);
            Assert.Equal("0.0.0.0_" + gatewayPort, first.Final.Listener);
            var viaIstio = ProxyChain.SimulateThroughGateway(istio.Sidecar, istio.Gateways, requests[0]);
            Assert.EndsWith("|istio-egressgateway.istio-system.svc.cluster.local", viaIstio.Hops[0].Cluster, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_kubernetes_forms_envoy_files_pass_envoy_check()
    {
        var documents = new Dictionary<string, string>();
        foreach (var snippet in GatewayApiDocsSnippets.All)
        {
            var (source, _) = Case(snippet.Name);
            foreach (var (path, content) in Build(source, "kubernetes").Files)
            {
                documents[EnvoyOutputs.FlatName("gwapi-" + snippet.Page + "-" + snippet.Snippet.Replace('+', '-')
                    + (snippet.IsIntent ? "-intent" : string.Empty), path)] = content;
            }
        }

        var (exitCode, output, verdicts) = EnvoyCheck.CheckAll(documents);
        Assert.True(exitCode == 0, output);
        Assert.Equal(documents.Count, verdicts.Count);
        Assert.All(verdicts.Values, v => Assert.Contains(": OK as ", ": " + v, StringComparison.Ordinal));
    }

    /// <summary>
    /// The seed chooses a subset of the nginx VMs by header at the gateway. A Gateway API backend names a host, never a subset,
    /// so the Kubernetes form gives each subset a ServiceEntry of its own (<c>v1.nginx.external.svc.cluster.local</c> with the
    /// v1 VM) and the gateway's HTTPRoute names it: the same requests still reach the same VMs with the same mutual TLS.
    /// </summary>
    [Fact]
    public void The_seed_in_the_kubernetes_form_reaches_each_subsets_vm_through_its_own_host()
    {
        var istio = Build(EnvoyOutputs.SeedSource, "istio");
        var kubernetes = Build(EnvoyOutputs.SeedSource, "kubernetes");
        var host = "nginx.external.svc.cluster.local";
        var expected = new (string? Want, string? Endpoint, string Cluster)[]
        {
            ("v1", "40.76.65.115:443", "outbound|443||v1." + host),
            ("v2", "23.96.117.176:443", "outbound|443||v2." + host),
            ("v3", null, string.Empty),
            (null, null, string.Empty),
        };
        foreach (var (want, endpoint, cluster) in expected)
        {
            var request = SimulatedRequest.Http(host, 80);
            request = want is null ? request : request.WithHeader("want", want);
            var viaIstio = ProxyChain.SimulateThroughGateway(istio.Sidecar, istio.Gateways, request);
            var viaKubernetes = ProxyChain.SimulateThroughGateway(kubernetes.Sidecar, kubernetes.Gateways, request);
            Assert.Equal(Reached(viaIstio), Reached(viaKubernetes));
            if (endpoint is null)
            {
                Assert.Equal(SimulationOutcome.NoRoute, viaKubernetes.Final.Outcome);
                continue;
            }

            Assert.Equal(SimulationOutcome.Forwarded, viaKubernetes.Final.Outcome);
            Assert.Equal(cluster, viaKubernetes.Final.Cluster);
            Assert.Equal(endpoint, Assert.Single(viaKubernetes.Final.Endpoints).ToString());
            Assert.Equal(host, viaKubernetes.Final.Tls!.Sni);
        }

        var (exitCode, output, _) = EnvoyCheck.CheckAll(kubernetes.Files.ToDictionary(f => EnvoyOutputs.FlatName("seed-gwapi", f.Key),
            f => f.Value));
        Assert.True(exitCode == 0, output);
    }

    /// <summary>
    /// CnnTlsOrigination, built as samples/GatewayApi/CnnTlsOrigination builds it: the gateway subset's mutual TLS moves to the
    /// DestinationRule of the deployed gateway's whole Service, the Gateway in istio-system allows the route's namespace, and the
    /// origination rule selects the deployed pods. Every request ends where the Istio form sends it, with the same TLS.
    /// </summary>
    [Fact]
    public void Cnn_tls_origination_in_the_kubernetes_form_originates_the_same_mutual_tls_through_the_deployed_gateway()
    {
        var istio = BuildCnn("istio", "istio-egressgateway.istio-system.svc.cluster.local");
        var kubernetes = BuildCnn("kubernetes", "istio-egressgateway-istio.istio-system.svc.cluster.local");
        var requests = new[]
        {
            SimulatedRequest.Http("edition.cnn.com", 80, "/politics"),
            SimulatedRequest.Http("edition.cnn.com", 80, "/").WithHeader("x-any", "1"),
            SimulatedRequest.Http("www.example.org", 80),
        };
        foreach (var request in requests)
        {
            var viaIstio = ProxyChain.SimulateThroughGateway(istio.Sidecar, istio.Gateways, request);
            var viaKubernetes = ProxyChain.SimulateThroughGateway(kubernetes.Sidecar, kubernetes.Gateways, request);
            Assert.Equal(Destination(viaIstio), Destination(viaKubernetes));
        }

        var chain = ProxyChain.SimulateThroughGateway(kubernetes.Sidecar, kubernetes.Gateways, requests[0]);
        Assert.True(chain.IsForwarded);
        Assert.Equal("outbound|80||istio-egressgateway-istio.istio-system.svc.cluster.local", chain.Hops[0].Cluster);
        Assert.Equal("default", chain.Hops[0].Tls!.ClientCertificate);
        Assert.Equal("edition.cnn.com", chain.Hops[0].Tls!.Sni);
        Assert.Equal("0.0.0.0_80", chain.Final.Listener);
        Assert.Equal("outbound|443||edition.cnn.com", chain.Final.Cluster);
        Assert.Equal("kubernetes://client-credential", chain.Final.Tls!.ClientCertificate);
        Assert.Equal("edition.cnn.com", chain.Final.Tls!.Sni);

        var (exitCode, output, _) = EnvoyCheck.CheckAll(kubernetes.Files.ToDictionary(f => EnvoyOutputs.FlatName("cnn-gwapi", f.Key),
            f => f.Value));
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Cnn_tls_origination_in_the_kubernetes_form_passes_the_crds_and_lowers_the_three_istio_only_settings()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(EnvoyOutputs.CnnSource),
            new Dictionary<string, string> { ["EgressGatewayApi"] = "kubernetes" });
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        var yaml = run.IstioYaml;
        var gatewayApi = GatewayApiCrds.ValidateDocuments(yaml);
        Assert.True(gatewayApi.Count == 0, string.Join("\n", gatewayApi) + "\n--- generated:\n" + yaml);
        var others = YamlDocuments.Split(yaml).Where(d => !d.Contains("apiVersion: gateway.networking.k8s.io/", StringComparison.Ordinal));
        var istio = CrdSchemaValidator.LoadDefault().ValidateDocuments(string.Join("---\n", others));
        Assert.True(istio.Count == 0, string.Join("\n", istio));

        // (1) no subset: the gateway subset's policy is the whole Service's.
        var gatewayRule = Assert.Single(YamlDocuments.Split(yaml),
            d => d.Contains("name: egressgateway-for-cnn", StringComparison.Ordinal));
        Assert.Contains("host: istio-egressgateway-istio.istio-system.svc.cluster.local", gatewayRule, StringComparison.Ordinal);
        Assert.DoesNotContain("subsets:", gatewayRule, StringComparison.Ordinal);
        Assert.Contains("mode: ISTIO_MUTUAL", gatewayRule, StringComparison.Ordinal);
        // (2) the Gateway in istio-system takes routes from exactly default, which holds the route and consents to the backend.
        Assert.Contains("from: Selector", yaml, StringComparison.Ordinal);
        Assert.Contains("kind: ReferenceGrant", yaml, StringComparison.Ordinal);
        // (3) the origination rule selects the deployed gateway's pods.
        Assert.Contains("gateway.networking.k8s.io/gateway-name: istio-egressgateway", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("istio: egressgateway", yaml, StringComparison.Ordinal);
    }

    private static (EnvoyProxy Sidecar, EnvoyProxy[] Gateways, IReadOnlyDictionary<string, string> Files) BuildCnn(string form,
        string gatewayHost)
    {
        var files = EnvoyOutputs.Generate(EnvoyOutputs.CnnSource, new Dictionary<string, string> { ["EgressGatewayApi"] = form });
        var gateway = Assert.Single(files.Keys, p => p.StartsWith("envoy/gateway_", StringComparison.Ordinal));
        return (EnvoyProxy.Parse(files["envoy/sidecar.json"], "sidecar"), new[] { EnvoyProxy.Parse(files[gateway], gateway, gatewayHost) },
            files);
    }

    /// <summary>What a request reaches, whatever the cluster is called: outcome, endpoints and the client certificate presented.</summary>
    private static string Reached(ChainResult chain)
    {
        var final = chain.Final;
        var tls = final.Tls is { } t ? $"tls(cert={t.ClientCertificate}, ca={t.TrustedCa})" : "no tls";
        return $"{final.Outcome} {final.StatusCode} [{string.Join(", ", final.Endpoints.Select(e => e.ToString()))}] {tls}";
    }
}
