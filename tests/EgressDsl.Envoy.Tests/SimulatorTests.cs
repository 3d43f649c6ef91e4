using EgressDsl.Simulation;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>The request simulator, on generated configurations and on small hand-written ones that isolate one Envoy rule.</summary>
public class SimulatorTests
{
    private const string Nginx = "nginx.external.svc.cluster.local";
    private const string GatewayCluster = "outbound|80||istio-egressgateway.istio-system.svc.cluster.local";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Seed = new(() => EnvoyOutputs.Generate(EnvoyOutputs.SeedSource));

    private static EnvoyProxy SeedSidecar => EnvoyProxy.Parse(Seed.Value["envoy/sidecar.json"], "sidecar");

    private static EnvoyProxy SeedGateway => EnvoyProxy.Parse(Seed.Value["envoy/gateway_eg-nginx-ext.json"], "eg-nginx-ext", "istio-egressgateway.istio-system.svc.cluster.local");

    private static (EnvoyProxy Sidecar, EnvoyProxy[] Gateways) Proxies(string source, params (string Path, string ServiceHost)[] gateways)
    {
        var files = EnvoyOutputs.Generate(source);
        return (EnvoyProxy.Parse(files["envoy/sidecar.json"], "sidecar"),
            gateways.Select(g => EnvoyProxy.Parse(files["envoy/" + g.Path], g.Path, g.ServiceHost)).ToArray());
    }

    // ---------------------------------------------------------------- the seed

    [Fact]
    public void Seed_want_v1_goes_from_the_sidecar_to_the_gateway_and_on_to_v1_with_the_client_certificate()
    {
        var request = SimulatedRequest.Http(Nginx, 80).WithHeader("want", "v1");

        var chain = ProxyChain.SimulateThroughGateway(SeedSidecar, SeedGateway, request);

        Assert.Equal(2, chain.Hops.Count);
        var sidecar = chain.Hops[0];
        Assert.Equal("0.0.0.0_80", sidecar.Listener);
        Assert.Equal("80", sidecar.RouteConfiguration);
        Assert.Equal(Nginx + ":80", sidecar.VirtualHost);
        Assert.Equal(GatewayCluster, sidecar.Cluster);
        Assert.Equal("10.244.0.7:8080", Assert.Single(sidecar.Endpoints).ToString());
        Assert.Null(sidecar.Tls); // gateway pods carry no tlsMode label: auto mTLS falls back to plain text

        var gateway = chain.Final;
        Assert.True(chain.IsForwarded);
        Assert.Equal("0.0.0.0_8080", gateway.Listener);
        Assert.Equal("http.8080", gateway.RouteConfiguration);
        Assert.Equal(Nginx + ":80", gateway.VirtualHost);
        Assert.Equal(0, gateway.RouteIndex);
        Assert.Equal("prefix \"/\", header want exact \"v1\"", gateway.RouteMatch);
        Assert.Equal("/apis/networking.istio.io/v1/namespaces/default/virtual-service/vs-nginx-ext-egress", gateway.RouteOrigin);
        Assert.Equal("outbound|443|v1|" + Nginx, gateway.Cluster);
        Assert.Equal("EDS", gateway.ClusterType);
        Assert.Equal("40.76.65.115:443", Assert.Single(gateway.Endpoints).ToString());
        Assert.Equal("v1", gateway.DestinationSubset);
        var tls = gateway.Tls!;
        Assert.Equal("MUTUAL", tls.Mode);
        Assert.Equal("file-cert:/etc/istio/egressgateway-certs/tls.crt~/etc/istio/egressgateway-certs/tls.key", tls.ClientCertificate);
        Assert.Equal("file-root:/etc/istio/egressgateway-ca-certs/ca.crt", tls.TrustedCa);
        Assert.True(tls.AutoSni);
        Assert.Equal(Nginx, tls.SniFor(Nginx + ":80"));
    }

    [Fact]
    public void Seed_want_v2_reaches_the_second_vm()
    {
        var chain = ProxyChain.SimulateThroughGateway(SeedSidecar, SeedGateway, SimulatedRequest.Http(Nginx, 80).WithHeader("want", "v2"));

        Assert.Equal(1, chain.Final.RouteIndex);
        Assert.Equal("outbound|443|v2|" + Nginx, chain.Final.Cluster);
        Assert.Equal("23.96.117.176:443", Assert.Single(chain.Final.Endpoints).ToString());
    }

    [Fact]
    public void Seed_request_without_the_header_is_answered_404_nr_by_the_gateway()
    {
        var chain = ProxyChain.SimulateThroughGateway(SeedSidecar, SeedGateway, SimulatedRequest.Http(Nginx, 80).WithHeader("want", "v3"));

        Assert.True(chain.Hops[0].IsForwarded);
        var final = chain.Final;
        Assert.Equal(SimulationOutcome.NoRoute, final.Outcome);
        Assert.Equal(404, final.StatusCode);
        Assert.Equal("NR", final.ResponseFlags);
        Assert.Equal(Nginx + ":80", final.VirtualHost);
        Assert.Null(final.Cluster);
        Assert.Contains(final.Trace, line => line.Contains("header want is \"v3\""));
    }

    [Fact]
    public void Seed_standalone_bootstrap_routes_the_same_requests_to_the_same_vms()
    {
        var standalone = EnvoyProxy.Parse(YamlToJson.Convert(Seed.Value["envoy/bootstrap.yaml"]), "standalone");

        var v1 = standalone.Simulate(SimulatedRequest.Http(Nginx, 80).WithHeader("want", "v1"));
        var v2 = standalone.Simulate(SimulatedRequest.Http(Nginx, 80).WithHeader("want", "v2"));
        var none = standalone.Simulate(SimulatedRequest.Http(Nginx, 80));

        Assert.Equal("nginx_v1", v1.Cluster);
        Assert.Equal("STATIC", v1.ClusterType);
        Assert.Equal("40.76.65.115:443", Assert.Single(v1.Endpoints).ToString());
        Assert.Equal("/etc/istio/egressgateway-certs/tls.crt", v1.Tls!.ClientCertificate);
        Assert.Equal(Nginx, v1.Tls.Sni);
        Assert.Equal("23.96.117.176:443", Assert.Single(v2.Endpoints).ToString());
        Assert.Equal(404, none.StatusCode);
    }

    [Fact]
    public void Request_to_a_port_without_a_listener_is_404_nr_and_says_so()
    {
        var result = SeedSidecar.Simulate(SimulatedRequest.Http(Nginx, 8081));

        Assert.Equal(SimulationOutcome.NoRoute, result.Outcome);
        Assert.Null(result.Listener);
        Assert.Equal("no listener on port 8081", Assert.Single(result.Trace));
    }

    [Fact]
    public void Unknown_host_at_the_sidecar_goes_to_the_passthrough_cluster_at_its_original_destination()
    {
        var result = SeedSidecar.Simulate(SimulatedRequest.Http("example.org", 80).WithDestinationAddress("93.184.216.34"));

        Assert.Equal("allow_any", result.VirtualHost);
        Assert.Equal("PassthroughCluster", result.Cluster);
        Assert.Equal("ORIGINAL_DST", result.ClusterType);
        Assert.Equal("93.184.216.34:80", Assert.Single(result.Endpoints).ToString());
    }

    // ---------------------------------------------------------------- Envoy's route rules

    [Fact]
    public void First_matching_route_wins_and_a_route_behind_a_broader_one_can_never_match()
    {
        const string source = """
            using EgressDsl;
            [ExternalService("shop.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [Endpoint("shop-a.example.com", Labels = ["v=a"])]
            [Endpoint("shop-b.example.com", Labels = ["v=b"])]
            [Subset("a", "v=a")]
            [Subset("b", "v=b")]
            public partial class Shop;

            [EgressRoute(typeof(Shop))]
            [HttpRoute(UriPrefix = "/", Subset = "a")]
            [HttpRoute(UriPrefix = "/api", Subset = "b")]
            public partial class ShopRoute;
            """;
        var sidecar = Proxies(source).Sidecar;

        foreach (var path in new[] { "/", "/api", "/api/orders?id=1", "/API" })
        {
            var result = sidecar.Simulate(SimulatedRequest.Http("shop.example.com", 80, path));
            Assert.Equal(0, result.RouteIndex);
            Assert.Equal("outbound|80|a|shop.example.com", result.Cluster);
        }
    }

    [Fact]
    public void Wildcard_domains_prefer_exact_then_the_longest_suffix_then_prefix_then_the_default()
    {
        var proxy = EnvoyProxy.Parse(RouteConfigurationProxy(
            VirtualHost("exact", "api.example.com"),
            VirtualHost("suffix", "*.example.com"),
            VirtualHost("longer-suffix", "*.eu.example.com"),
            VirtualHost("prefix", "www.*"),
            VirtualHost("default", "*")));

        string Host(string authority) => proxy.Simulate(SimulatedRequest.Http(authority, 80)).VirtualHost!;

        Assert.Equal("exact", Host("api.example.com"));
        Assert.Equal("exact", Host("API.Example.COM"));
        Assert.Equal("suffix", Host("shop.example.com"));
        Assert.Equal("longer-suffix", Host("shop.eu.example.com"));
        Assert.Equal("suffix", Host("www.example.com")); // suffix wildcards are tried before prefix wildcards
        Assert.Equal("prefix", Host("www.example.org"));
        Assert.Equal("default", Host("example.com"));     // a suffix wildcard needs at least one more character
    }

    [Fact]
    public void Port_in_the_authority_is_ignored_only_when_the_route_configuration_says_so()
    {
        var ignoring = SeedSidecar.Simulate(SimulatedRequest.Http(Nginx + ":80", 80));
        Assert.Equal(Nginx + ":80", ignoring.VirtualHost);
        Assert.Equal(GatewayCluster, ignoring.Cluster);

        var standalone = EnvoyProxy.Parse(YamlToJson.Convert(Seed.Value["envoy/bootstrap.yaml"]), "standalone");
        Assert.Equal("nginx_v1", standalone.Simulate(SimulatedRequest.Http(Nginx + ":80", 80).WithHeader("want", "v1")).Cluster);
        var wrongPort = standalone.Simulate(SimulatedRequest.Http(Nginx + ":8080", 80).WithHeader("want", "v1"));
        Assert.Equal(SimulationOutcome.NoRoute, wrongPort.Outcome);
        Assert.Contains("no virtual host", wrongPort.Trace.Last());
    }

    [Fact]
    public void Regex_routes_and_header_regexes_must_match_the_whole_value()
    {
        var sidecar = Proxies(Scenarios.DnsWithSimpleTls).Sidecar;

        var health = sidecar.Simulate(SimulatedRequest.Http("api.example.com", 80, "/health/live?verbose=1"));
        Assert.Equal("outbound|80||api.example.com", health.Cluster);
        Assert.Equal("path regex \"^/health/[a-z]+$\"", health.RouteMatch);

        var deeper = sidecar.Simulate(SimulatedRequest.Http("api.example.com", 80, "/health/live/extra"));
        Assert.Equal(SimulationOutcome.NoRoute, deeper.Outcome);

        var v2 = sidecar.Simulate(SimulatedRequest.Http("api.example.com", 80, "/v2/users"));
        Assert.Equal("v2", v2.Route);
        Assert.Equal("outbound|443||api.example.com", v2.Cluster);
        Assert.Equal("file-root:/etc/certs/ca.pem", v2.Tls!.TrustedCa);
        Assert.Equal(new[] { "api.example.com" }, v2.Tls.SubjectAltNames);

        var (_, gateways) = Proxies(Scenarios.WeightedSubsetsWithCredentialName, ("gateway_shared-gateway.json", "istio-egressgateway.istio-system.svc.cluster.local"));
        SimulatedRequest Payment(string id) => SimulatedRequest.Http("payments.example.com", 8080).WithHeader("x-canary", "true").WithHeader("x-user", "beta-7").WithHeader("x-id", id);
        Assert.Equal(0, gateways[0].Simulate(Payment("42")).RouteIndex);
        Assert.Equal(1, gateways[0].Simulate(Payment("42a")).RouteIndex); // [0-9]+ does not match all of "42a"
    }

    [Fact]
    public void Header_matchers_follow_envoys_rules_for_missing_headers_inversion_and_presence()
    {
        var proxy = EnvoyProxy.Parse(RouteConfigurationProxy(VirtualHost("all", "*",
            Route("present", """{"name": "x-debug", "present_match": true}"""),
            Route("absent", """{"name": "x-debug", "present_match": true, "invert_match": true}""", """{"name": "x-mode", "string_match": {"suffix": "-beta", "ignore_case": true}}"""),
            Route("not-prod", """{"name": "x-env", "string_match": {"exact": "prod"}, "invert_match": true}"""),
            Route("contains", """{"name": "x-env", "string_match": {"contains": "od"}}"""))));

        string? Matched(SimulatedRequest request) => proxy.Simulate(request).Route;
        var request = SimulatedRequest.Http("any.example", 80);

        Assert.Equal("present", Matched(request.WithHeader("X-Debug", "")));
        Assert.Equal("absent", Matched(request.WithHeader("x-mode", "CANARY-BETA")));
        Assert.Equal("not-prod", Matched(request.WithHeader("x-env", "staging")));
        Assert.Equal("contains", Matched(request.WithHeader("x-env", "prod")));

        // A missing header fails an inverted value matcher too: not-prod does not take a request without x-env.
        var none = proxy.Simulate(request);
        Assert.Equal(SimulationOutcome.NoRoute, none.Outcome);
        Assert.Contains(none.Trace, line => line.Contains("header x-env is missing"));
    }

    [Fact]
    public void Sni_routes_passthrough_tls_through_the_gateway_and_other_names_fall_through()
    {
        var (sidecar, gateways) = Proxies(Scenarios.PassthroughGateway, ("gateway_istio-system_passthrough-gateway.json", "istio-egressgateway.istio-system.svc.cluster.local"));

        var chain = ProxyChain.SimulateThroughGateway(sidecar, gateways, SimulatedRequest.Tls("www.wikipedia.org", 443));
        Assert.Equal(2, chain.Hops.Count);
        Assert.Equal("outbound|443||istio-egressgateway.istio-system.svc.cluster.local", chain.Hops[0].Cluster);
        Assert.Equal("0.0.0.0_8443", chain.Final.Listener);
        Assert.Equal("outbound|443||www.wikipedia.org", chain.Final.Cluster);
        Assert.Equal("STRICT_DNS", chain.Final.ClusterType);
        Assert.True(chain.Final.Endpoints.Single().ResolvedByDns);
        Assert.Null(chain.Final.Tls);

        var other = sidecar.Simulate(SimulatedRequest.Tls("en.wikipedia.org", 443));
        Assert.Equal("PassthroughFilterChain", other.FilterChain);
        Assert.Equal("PassthroughCluster", other.Cluster);

        var atGateway = gateways[0].Simulate(SimulatedRequest.Tls("en.wikipedia.org", 8443));
        Assert.Equal(SimulationOutcome.NoRoute, atGateway.Outcome);
    }

    [Fact]
    public void Passthrough_gateway_sends_each_sni_to_its_subset()
    {
        var (sidecar, gateways) = Proxies(EnvoyScenarios.PassthroughSniRoutes, ("gateway_edge.json", "istio-egressgateway.istio-system.svc.cluster.local"));

        var docs = ProxyChain.SimulateThroughGateway(sidecar, gateways, SimulatedRequest.Tls("docs.example.com", 443)).Final;
        var api = ProxyChain.SimulateThroughGateway(sidecar, gateways, SimulatedRequest.Tls("api.example.com", 443)).Final;

        Assert.Equal("203.0.113.10:443", Assert.Single(docs.Endpoints).ToString());
        Assert.Equal("203.0.113.20:443", Assert.Single(api.Endpoints).ToString());
        Assert.Equal("api", api.DestinationSubset);
    }

    [Fact]
    public void Tcp_connections_are_matched_on_the_destination_address()
    {
        var (sidecar, gateways) = Proxies(Scenarios.TcpWithCidr, ("gateway_tcp-egress.json", "istio-egressgateway.istio-system.svc.cluster.local"));

        var inside = ProxyChain.SimulateThroughGateway(sidecar, gateways, SimulatedRequest.Tcp(5432, "10.20.3.4"));
        Assert.Equal("outbound|5432||istio-egressgateway.istio-system.svc.cluster.local", inside.Hops[0].Cluster);
        Assert.Equal("0.0.0.0_15432", inside.Final.Listener);
        Assert.Equal("outbound|5432||postgres.internal.example", inside.Final.Cluster);

        // At the gateway a NONE service is EDS, and istiod has no endpoints for it: 503 UH.
        Assert.Equal(SimulationOutcome.NoHealthyUpstream, inside.Final.Outcome);
        Assert.Equal("UH", inside.Final.ResponseFlags);

        var outside = sidecar.Simulate(SimulatedRequest.Tcp(5432, "10.30.0.1"));
        Assert.Equal("PassthroughCluster", outside.Cluster);
    }

    [Fact]
    public void A_split_lists_every_weighted_cluster_and_a_missing_cluster_is_503_nc()
    {
        var (_, gateways) = Proxies(EnvoyScenarios.CredentialNameWeightedThroughGateway, ("gateway_istio-system_finance-egress.json", "istio-egressgateway.istio-system.svc.cluster.local"));
        var result = gateways[0].Simulate(SimulatedRequest.Http("ledger.example.net", 8080).WithHeader("x-canary", "yes"));

        Assert.Equal(new[] { 45, 45, 10 }, result.Clusters.Select(c => c.Weight));
        Assert.Equal("outbound|443|blue|ledger.example.net", result.Cluster);
        Assert.Equal("kubernetes://ledger-ca-cacert", result.Tls!.TrustedCa);

        // The generator tests' payments rule is scoped to the client's workloads, so its subsets never reach the gateway.
        var (_, payments) = Proxies(Scenarios.WeightedSubsetsWithCredentialName, ("gateway_shared-gateway.json", "istio-egressgateway.istio-system.svc.cluster.local"));
        var missing = payments[0].Simulate(SimulatedRequest.Http("payments.example.com", 8080));
        Assert.Equal(SimulationOutcome.ClusterNotFound, missing.Outcome);
        Assert.Equal(503, missing.StatusCode);
        Assert.Equal("NC", missing.ResponseFlags);
    }

    [Fact]
    public void Istio_mutual_tls_from_the_sidecar_reaches_the_gateways_tls_chain_with_its_sni()
    {
        var (sidecar, gateways) = Proxies(EnvoyOutputs.CnnSource, ("gateway_istio-system_istio-egressgateway.json", "istio-egressgateway.istio-system.svc.cluster.local"));

        var chain = ProxyChain.SimulateThroughGateway(sidecar, gateways, SimulatedRequest.Http("edition.cnn.com", 80, "/politics"));

        Assert.Equal("outbound|80|cnn|istio-egressgateway.istio-system.svc.cluster.local", chain.Hops[0].Cluster);
        Assert.Equal("default", chain.Hops[0].Tls!.ClientCertificate);
        Assert.Equal("edition.cnn.com", chain.Hops[0].Tls!.Sni);
        Assert.Equal("https.80.https-port-for-tls-origination.istio-egressgateway.istio-system", chain.Final.RouteConfiguration);
        Assert.Equal("outbound|443||edition.cnn.com", chain.Final.Cluster);
        Assert.Equal("kubernetes://client-credential", chain.Final.Tls!.ClientCertificate);
        Assert.True(chain.IsForwarded);
    }

    [Fact]
    public void Direct_responses_missing_load_assignments_and_plain_tcp_at_an_http_listener_are_reported()
    {
        var proxy = EnvoyProxy.Parse("""
            [
              {"@type": "type.googleapis.com/envoy.config.listener.v3.Listener", "name": "web", "address": {"socket_address": {"address": "0.0.0.0", "port_value": 80}},
               "filter_chains": [{"filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": {
                 "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", "stat_prefix": "web",
                 "route_config": {"name": "inline", "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [
                   {"match": {"path": "/gone"}, "direct_response": {"status": 410}},
                   {"match": {"prefix": "/"}, "route": {"cluster": "backend"}}]}]}}}]}]},
              {"@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name": "backend", "type": "EDS", "eds_cluster_config": {"eds_config": {"ads": {}}}}
            ]
            """, "hand-written");

        var gone = proxy.Simulate(SimulatedRequest.Http("a.example", 80, "/gone"));
        Assert.Equal(SimulationOutcome.DirectResponse, gone.Outcome);
        Assert.Equal(410, gone.StatusCode);

        var noEndpoints = proxy.Simulate(SimulatedRequest.Http("a.example", 80, "/x"));
        Assert.Equal(SimulationOutcome.NoHealthyUpstream, noEndpoints.Outcome);
        Assert.Contains("EDS sent no ClusterLoadAssignment backend", noEndpoints.Trace.First(l => l.StartsWith("cluster", StringComparison.Ordinal)));

        Assert.Equal(SimulationOutcome.ProtocolError, proxy.Simulate(SimulatedRequest.Tcp(80)).Outcome);
    }

    [Fact]
    public void Json_reader_accepts_camel_case_names_and_escapes_and_rejects_broken_json_with_its_offset()
    {
        var proxy = EnvoyProxy.Parse("""
            {"resources": [{"@type": "type.googleapis.com/envoy.config.listener.v3.Listener", "name": "l\u0031",
              "address": {"socketAddress": {"address": "0.0.0.0", "portValue": "9000"}},
              "filterChains": [{"filters": [{"name": "envoy.filters.network.tcp_proxy", "typedConfig": {
                "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", "statPrefix": "s", "cluster": "c\"1"}}]}]}]}
            """);
        var result = proxy.Simulate(SimulatedRequest.Tcp(9000));
        Assert.Equal("l1", result.Listener);
        Assert.Equal("c\"1", result.Cluster);
        Assert.Equal(SimulationOutcome.ClusterNotFound, result.Outcome);

        var error = Assert.Throws<FormatException>(() => EnvoyProxy.Parse("[{\"@type\": \"x\",}]"));
        Assert.Contains("offset 15", error.Message);
        Assert.Throws<FormatException>(() => EnvoyProxy.Parse("{\"listeners\": []}"));
    }

    [Fact]
    public void A_matcher_the_simulator_cannot_decide_counts_as_no_match_and_is_listed_as_undecided()
    {
        var proxy = EnvoyProxy.Parse(RouteConfigurationProxy(VirtualHost("all", "*",
            Route("lookahead", """{"name": "x-id", "string_match": {"safe_regex": {"regex": "(?=a)a"}}}"""),
            Route("backtracking", """{"name": "x-id", "string_match": {"safe_regex": {"regex": "(a+)+b|a*"}}}"""),
            "{\"name\": \"by-header\", \"match\": {\"prefix\": \"/\"}, \"route\": {\"cluster_header\": \"x-cluster\"}}")));

        // The second route's regex would make a backtracking engine give up; RE2's semantics decide it, and it matches.
        var decided = proxy.Simulate(SimulatedRequest.Http("any.example", 80).WithHeader("x-id", new string('a', 5_000)));
        Assert.Equal("backtracking", decided.Route);
        Assert.Single(decided.Undecided);
        Assert.Contains("is not one RE2 accepts: lookahead", decided.Undecided[0]);

        var undecided = proxy.Simulate(SimulatedRequest.Http("any.example", 80).WithHeader("x-id", "b"));
        Assert.Equal(SimulationOutcome.ClusterNotFound, undecided.Outcome);
        Assert.Equal(2, undecided.Undecided.Count);
        Assert.Contains(undecided.Undecided, reason => reason.Contains("cluster_header", StringComparison.Ordinal));
        Assert.Contains(undecided.Trace, line => line.StartsWith("route #0", StringComparison.Ordinal) && line.Contains("not decided", StringComparison.Ordinal));

        Assert.Empty(SeedSidecar.Simulate(SimulatedRequest.Http(Nginx, 80).WithHeader("want", "v1")).Undecided);
    }

    // ---------------------------------------------------------------- hand-written configurations

    private static string RouteConfigurationProxy(params string[] virtualHosts) => """
        [
          {"@type": "type.googleapis.com/envoy.config.listener.v3.Listener", "name": "web", "address": {"socket_address": {"address": "0.0.0.0", "port_value": 80}},
           "filter_chains": [{"filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": {
             "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", "stat_prefix": "web",
             "rds": {"config_source": {"ads": {}}, "route_config_name": "web"}}}]}]},
          {"@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration", "name": "web", "virtual_hosts": [
        """ + string.Join(", ", virtualHosts) + """
          ]},
          {"@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name": "backend", "type": "STATIC",
           "load_assignment": {"cluster_name": "backend", "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": "192.0.2.1", "port_value": 80}}}}]}]}}
        ]
        """;

    private static string VirtualHost(string name, string domain, params string[] routes) =>
        "{\"name\": \"" + name + "\", \"domains\": [\"" + domain + "\"], \"routes\": [" + (routes.Length == 0 ? Route(name) : string.Join(", ", routes)) + "]}";

    private static string Route(string name, params string[] headers) =>
        "{\"name\": \"" + name + "\", \"match\": {\"prefix\": \"/\", \"headers\": [" + string.Join(", ", headers) + "]}, \"route\": {\"cluster\": \"backend\"}}";
}
