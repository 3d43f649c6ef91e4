using System.Text.Json.Nodes;
using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>Every scenario's Envoy output passes envoy-check, and carries the Istio mapping that scenario exercises.</summary>
public class ScenarioMatrixTests
{
    private static readonly Lazy<Dictionary<string, IReadOnlyDictionary<string, string>>> Outputs = new(() =>
        EnvoyScenarios.Matrix().ToDictionary(s => s.Name, s => EnvoyOutputs.Generate(s.Source)));

    private static JsonArray Proxy(string scenario, string path) => JsonNode.Parse(Outputs.Value[scenario]["envoy/" + path])!.AsArray();

    private static JsonNode Resource(string scenario, string path, string kind, string name) =>
        Proxy(scenario, path).Single(r => r!["@type"]!.GetValue<string>().EndsWith("." + kind, StringComparison.Ordinal)
            && (r["name"] ?? r["cluster_name"])!.GetValue<string>() == name)!;

    private static bool Has(string scenario, string path, string kind, string name) =>
        Proxy(scenario, path).Any(r => r!["@type"]!.GetValue<string>().EndsWith("." + kind, StringComparison.Ordinal)
            && (r["name"] ?? r["cluster_name"])!.GetValue<string>() == name);

    [Fact]
    public void Every_document_of_every_scenario_passes_envoy_check_with_zero_errors()
    {
        // One checker run for the whole matrix: the checker starts once, and each file still gets its own verdict.
        var documents = Outputs.Value
            .SelectMany(scenario => scenario.Value.Select(file => (Name: EnvoyOutputs.FlatName(scenario.Key, file.Key), file.Value)))
            .ToDictionary(d => d.Name, d => d.Value);
        Assert.True(documents.Count >= 25, "only " + documents.Count + " documents");

        var (exitCode, output, verdicts) = EnvoyCheck.CheckAll(documents);

        Assert.True(exitCode == 0, "envoy-check exited with " + exitCode + ":\n" + output);
        Assert.Equal(documents.Keys.OrderBy(k => k), verdicts.Keys.OrderBy(k => k));
        Assert.All(verdicts, verdict => Assert.True(verdict.Value.StartsWith("OK as ", StringComparison.Ordinal)
            && verdict.Value.Contains(" 0 error(s)"), verdict.Key + ": " + verdict.Value));
    }

    [Fact]
    public void Every_scenario_writes_a_sidecar_a_bootstrap_and_one_file_per_gateway_with_safe_paths()
    {
        foreach (var (name, files) in Outputs.Value)
        {
            Assert.Contains("envoy/sidecar.json", files.Keys);
            Assert.Contains("envoy/bootstrap.yaml", files.Keys);
            Assert.All(files.Keys, path => Assert.Matches("^envoy/[A-Za-z0-9._/-]+$", path));
            Assert.All(files.Values, content => Assert.EndsWith("\n", content));
            Assert.All(files.Values, content => Assert.DoesNotContain("\r", content));
        }

        Assert.Contains("envoy/gateway_istio-system_passthrough-gateway.json", Outputs.Value["PassthroughGateway"].Keys);
        Assert.Contains("envoy/gateway_istio-system_finance-egress.json",
            Outputs.Value[nameof(EnvoyScenarios.CredentialNameWeightedThroughGateway)].Keys);
        Assert.Equal(2, Outputs.Value["DnsWithSimpleTls"].Count);
    }

    [Fact]
    public void Dns_resolution_gives_strict_dns_clusters_with_the_endpoints_inline_and_no_eds()
    {
        var cluster = Resource("DnsWithSimpleTls", "sidecar.json", "Cluster", "outbound|80||api.example.com");

        Assert.Equal("STRICT_DNS", cluster["type"]!.GetValue<string>());
        Assert.Null(cluster["eds_cluster_config"]);
        var groups = cluster.At("load_assignment.endpoints").AsArray();
        var endpoints = groups.SelectMany(g => g!["lb_endpoints"]!.AsArray()).Select(e => e!.At("endpoint.address.socket_address"))
            .ToList();
        Assert.Equal(new[] { "backend-2.example.com", "backend-1.example.com" }, endpoints.Select(e => e["address"]!.GetValue<string>()));
        Assert.All(endpoints, e => Assert.Equal(8080, e["port_value"]!.GetValue<int>()));
        var located = groups.Single(g => g!["locality"]!["region"] is not null)!;
        Assert.Equal("us-east1-b", located.StringAt("locality.zone"));
        Assert.Equal(3, located["load_balancing_weight"]!.GetValue<int>());
        Assert.False(Has("DnsWithSimpleTls", "sidecar.json", "ClusterLoadAssignment", "outbound|80||api.example.com"));
    }

    [Fact]
    public void Dns_round_robin_gives_logical_dns_with_its_one_endpoint_on_the_mapped_port()
    {
        var cluster = Resource(nameof(EnvoyScenarios.RoundRobinSeveralPorts), "sidecar.json", "Cluster",
            "outbound|8080||catalog.example.org");

        Assert.Equal("LOGICAL_DNS", cluster["type"]!.GetValue<string>());
        var endpoints = cluster.At("load_assignment.endpoints").AsArray().SelectMany(g => g!["lb_endpoints"]!.AsArray()).ToList();
        var address = Assert.Single(endpoints)!.At("endpoint.address.socket_address");
        Assert.Equal("catalog-a.example.org", address["address"]!.GetValue<string>());
        Assert.Equal(18080, address["port_value"]!.GetValue<int>());
        Assert.NotNull(cluster.Find("typed_extension_protocol_options[\"envoy.extensions.upstreams.http.v3.HttpProtocolOptions\"].explicit_http_config.http2_protocol_options"));
    }

    [Fact]
    public void Static_resolution_gives_eds_clusters_whose_load_assignments_hold_only_the_subsets_endpoints()
    {
        const string scenario = nameof(EnvoyScenarios.CredentialNameWeightedThroughGateway);
        const string gateway = "gateway_istio-system_finance-egress.json";
        var canary = Resource(scenario, gateway, "ClusterLoadAssignment", "outbound|443|canary|ledger.example.net");
        var all = Resource(scenario, gateway, "ClusterLoadAssignment", "outbound|443||ledger.example.net");

        var canaryEndpoints = canary["endpoints"]!.AsArray().SelectMany(g => g!["lb_endpoints"]!.AsArray()).ToList();
        Assert.Equal("198.51.100.3", Assert.Single(canaryEndpoints)!.StringAt("endpoint.address.socket_address.address"));
        Assert.Equal("ledger-0;finance;ledger-0;;Kubernetes",
            all.StringAt("endpoints[0].lb_endpoints[0].metadata.filter_metadata.istio.workload"));
        Assert.Equal(3, all["endpoints"]!.AsArray().SelectMany(g => g!["lb_endpoints"]!.AsArray()).Count());
        Assert.Equal("EDS", Resource(scenario, gateway, "Cluster", "outbound|443|canary|ledger.example.net")["type"]!.GetValue<string>());
    }

    [Fact]
    public void Simple_tls_from_files_validates_with_file_root_and_the_subject_alt_names_and_sends_auto_sni()
    {
        var cluster = Resource("DnsWithSimpleTls", "sidecar.json", "Cluster", "outbound|443||api.example.com");
        var tls = cluster["transport_socket"]!["typed_config"]!;

        Assert.EndsWith("UpstreamTlsContext", tls["@type"]!.GetValue<string>());
        Assert.Null(tls["common_tls_context"]!["tls_certificate_sds_secret_configs"]);
        var validation = tls["common_tls_context"]!["combined_validation_context"]!;
        Assert.Equal("file-root:/etc/certs/ca.pem", validation["validation_context_sds_secret_config"]!["name"]!.GetValue<string>());
        Assert.Equal("api.example.com",
            validation["default_validation_context"]!["match_subject_alt_names"]![0]!["exact"]!.GetValue<string>());
        Assert.True(cluster["typed_extension_protocol_options"]!["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]!["upstream_http_protocol_options"]!["auto_sni"]!.GetValue<bool>());
        Assert.Equal("LEAST_REQUEST", cluster["lb_policy"]!.GetValue<string>());
    }

    [Fact]
    public void Credential_name_tls_reaches_the_gateway_as_kubernetes_secrets_and_is_dropped_from_the_sidecar()
    {
        const string scenario = nameof(EnvoyScenarios.CredentialNameWeightedThroughGateway);
        var atGateway = Resource(scenario, "gateway_istio-system_finance-egress.json", "Cluster", "outbound|443|blue|ledger.example.net");
        var atSidecar = Resource(scenario, "sidecar.json", "Cluster", "outbound|443|blue|ledger.example.net");

        var tls = atGateway["transport_socket"]!["typed_config"]!;
        Assert.Equal("ledger.example.net", tls["sni"]!.GetValue<string>());
        var validation = tls["common_tls_context"]!["combined_validation_context"]!["validation_context_sds_secret_config"]!;
        Assert.Equal("kubernetes://ledger-ca-cacert", validation["name"]!.GetValue<string>());
        Assert.NotNull(validation["sds_config"]!["ads"]);

        // Istio removes SIMPLE/MUTUAL TLS with a credentialName from sidecars unless the rule has a workload selector.
        Assert.Null(atSidecar["transport_socket"]);
        Assert.Null(atSidecar["transport_socket_matches"]);
    }

    [Fact]
    public void Mutual_tls_from_a_secret_sends_the_client_certificate_over_ads()
    {
        var cluster = Resource("Cnn", "gateway_istio-system_istio-egressgateway.json", "Cluster", "outbound|443||edition.cnn.com");
        var common = cluster["transport_socket"]!["typed_config"]!["common_tls_context"]!;

        Assert.Equal("kubernetes://client-credential", common["tls_certificate_sds_secret_configs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("kubernetes://client-credential-cacert",
            common["combined_validation_context"]!["validation_context_sds_secret_config"]!["name"]!.GetValue<string>());
        Assert.Equal("edition.cnn.com", cluster["transport_socket"]!["typed_config"]!["sni"]!.GetValue<string>());
    }

    [Fact]
    public void No_tls_outside_the_mesh_is_plain_text_and_inside_the_mesh_is_auto_mutual_tls()
    {
        var external = Resource(nameof(EnvoyScenarios.RoundRobinSeveralPorts), "sidecar.json", "Cluster",
            "outbound|80||catalog.example.org");
        var internalService = Resource(nameof(EnvoyScenarios.AutoMutualTlsAndOriginalDestination), "sidecar.json", "Cluster",
            "outbound|8080||billing.internal.example");

        Assert.Null(external["transport_socket"]);
        Assert.Null(external["transport_socket_matches"]);
        var matches = internalService["transport_socket_matches"]!.AsArray();
        Assert.Equal(new[] { "tlsMode-istio", "tlsMode-disabled" }, matches.Select(m => m!["name"]!.GetValue<string>()));
        Assert.Equal("outbound_.8080_._.billing.internal.example",
            matches[0]!["transport_socket"]!["typed_config"]!["sni"]!.GetValue<string>());
        Assert.Equal("spiffe://cluster.local/ns/billing/sa/billing",
            matches[0]!["transport_socket"]!["typed_config"]!["common_tls_context"]!["combined_validation_context"]!["default_validation_context"]!["match_subject_alt_names"]![0]!["exact"]!.GetValue<string>());
    }

    [Fact]
    public void Passthrough_gateway_routes_each_sni_to_its_subset_on_the_target_port()
    {
        const string scenario = nameof(EnvoyScenarios.PassthroughSniRoutes);
        var listener = Resource(scenario, "gateway_edge.json", "Listener", "0.0.0.0_8443");

        Assert.Equal(8443, listener["address"]!["socket_address"]!["port_value"]!.GetValue<int>());
        Assert.Contains("tls_inspector", listener["listener_filters"]![0]!["name"]!.GetValue<string>());
        var chains = listener["filter_chains"]!.AsArray();
        Assert.Equal(new[] { "docs.example.com", "api.example.com" }, chains.Select(c
            => c!["filter_chain_match"]!["server_names"]![0]!.GetValue<string>()));
        Assert.Equal(new[] { "outbound|443|docs|docs.example.com", "outbound|443|api|docs.example.com" },
            chains.Select(c => c!["filters"]![0]!["typed_config"]!["cluster"]!.GetValue<string>()));

        // The sidecar hands both names to the gateway on the gateway Service's port 443.
        var sidecar = Resource(scenario, "sidecar.json", "Listener", "0.0.0.0_443");
        var sidecarChain = sidecar["filter_chains"]![0]!;
        Assert.Equal(new[] { "docs.example.com", "api.example.com" }, sidecarChain["filter_chain_match"]!["server_names"]!.AsArray()
            .Select(n => n!.GetValue<string>()));
        Assert.Equal("outbound|443||istio-egressgateway.istio-system.svc.cluster.local",
            sidecarChain["filters"]![0]!["typed_config"]!["cluster"]!.GetValue<string>());
    }

    [Fact]
    public void A_tls_server_terminating_mesh_tls_forwards_the_applications_tls_by_its_tcp_route()
    {
        const string scenario = nameof(EnvoyScenarios.PassthroughWithMeshTls);
        var gatewayFile = Outputs.Value[scenario].Keys.Single(k => k.StartsWith("envoy/gateway_", StringComparison.Ordinal))
            .Substring("envoy/".Length);
        var listener = Resource(scenario, gatewayFile, "Listener", "0.0.0.0_8443");

        var chain = listener["filter_chains"]!.AsArray().Single()!;
        Assert.Equal("edition.cnn.com", chain["filter_chain_match"]!["server_names"]![0]!.GetValue<string>());
        var context = chain["transport_socket"]!["typed_config"]!;
        Assert.True(context["require_client_certificate"]!.GetValue<bool>());
        Assert.Equal(new[] { "istio-peer-exchange", "h2", "http/1.1" }, context["common_tls_context"]!["alpn_protocols"]!.AsArray().Select(a
            => a!.GetValue<string>()));
        Assert.Equal("outbound|443||edition.cnn.com", chain["filters"]![0]!["typed_config"]!["cluster"]!.GetValue<string>());

        // The sidecar sends the application's TLS to the gateway's subset with Istio's mutual TLS, the host as SNI.
        var cluster = Resource(scenario, "sidecar.json", "Cluster", "outbound|443|cnn|istio-egressgateway.istio-system.svc.cluster.local");
        Assert.Equal("edition.cnn.com", cluster["transport_socket"]!["typed_config"]!["sni"]!.GetValue<string>());
    }

    [Fact]
    public void Tcp_routes_match_the_service_addresses_at_the_sidecar_and_proxy_at_the_gateway()
    {
        var sidecar = Resource("TcpWithCidr", "sidecar.json", "Listener", "0.0.0.0_5432");
        var match = sidecar["filter_chains"]![0]!["filter_chain_match"]!["prefix_ranges"]![0]!;
        Assert.Equal("10.20.0.0", match["address_prefix"]!.GetValue<string>());
        Assert.Equal(16, match["prefix_len"]!.GetValue<int>());
        Assert.Equal("PassthroughFilterChain", sidecar["default_filter_chain"]!["name"]!.GetValue<string>());

        var gateway = Resource("TcpWithCidr", "gateway_tcp-egress.json", "Listener", "0.0.0.0_15432");
        Assert.Equal("outbound|5432||postgres.internal.example",
            gateway["filter_chains"]![0]!["filters"]![0]!["typed_config"]!["cluster"]!.GetValue<string>());

        // NONE resolution is an original-destination cluster at the sidecar, and EDS at the gateway.
        Assert.Equal("ORIGINAL_DST", Resource("TcpWithCidr", "sidecar.json", "Cluster",
            "outbound|5432||postgres.internal.example")["type"]!.GetValue<string>());
        Assert.Equal("CLUSTER_PROVIDED", Resource("TcpWithCidr", "sidecar.json", "Cluster",
            "outbound|5432||postgres.internal.example")["lb_policy"]!.GetValue<string>());
        Assert.Equal("EDS", Resource("TcpWithCidr", "gateway_tcp-egress.json", "Cluster",
            "outbound|5432||postgres.internal.example")["type"]!.GetValue<string>());
    }

    [Fact]
    public void Several_ports_get_a_listener_and_route_configuration_each()
    {
        const string scenario = nameof(EnvoyScenarios.RoundRobinSeveralPorts);
        foreach (var port in new[] { 80, 8080, 9090 })
        {
            Assert.True(Has(scenario, "sidecar.json", "Listener", "0.0.0.0_" + port), "listener " + port);
            Assert.True(Has(scenario, "sidecar.json", "RouteConfiguration", port.ToString()), "routes " + port);
        }

        var routes = Resource(scenario, "sidecar.json", "RouteConfiguration", "80")["virtual_hosts"]!.AsArray()
            .Single(v => v!["name"]!.GetValue<string>() == "catalog.example.org:80")!["routes"]!.AsArray();
        Assert.Equal("items", routes[0]!["name"]!.GetValue<string>());
        Assert.Equal("/items/[0-9]+", routes[0]!["match"]!["safe_regex"]!["regex"]!.GetValue<string>());
        Assert.Equal(new[] { "x-tenant", "x-trace" }, routes[0]!["match"]!["headers"]!.AsArray().Select(h
            => h!["name"]!.GetValue<string>()));
        Assert.Equal("acme", routes[0]!["match"]!["headers"]![0]!["string_match"]!["prefix"]!.GetValue<string>());
        Assert.Equal("/health", routes[1]!["match"]!["path"]!.GetValue<string>());
        var grpc = Resource(scenario, "sidecar.json", "RouteConfiguration", "9090")["virtual_hosts"]![0]!["routes"]![0]!["route"]!;
        Assert.Equal("0.25s", grpc["timeout"]!.GetValue<string>());
    }

    [Fact]
    public void Weighted_routes_become_weighted_clusters_in_the_split_order()
    {
        var routes = Resource(nameof(EnvoyScenarios.CredentialNameWeightedThroughGateway), "gateway_istio-system_finance-egress.json",
            "RouteConfiguration", "http.8080");
        var split = routes.At("virtual_hosts[0].routes[0].route.weighted_clusters.clusters").AsArray();

        Assert.Equal(new[] { "outbound|443|blue|ledger.example.net", "outbound|443|green|ledger.example.net",
            "outbound|443|canary|ledger.example.net" },
            split.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(new[] { 45, 45, 10 }, split.Select(c => c!["weight"]!.GetValue<int>()));
        Assert.Equal("/apis/networking.istio.io/v1/namespaces/finance/virtual-service/ledger-route-gateway",
            routes.StringAt("virtual_hosts[0].routes[0].metadata.filter_metadata.istio.config"));
    }

    [Fact]
    public void A_workload_selector_scopes_the_destination_rule_to_the_proxies_it_selects()
    {
        // Cnn's rule selects istio=egressgateway: the gateway gets its TLS and the sidecar does not.
        var atGateway = Resource("Cnn", "gateway_istio-system_istio-egressgateway.json", "Cluster", "outbound|443||edition.cnn.com");
        var atSidecar = Resource("Cnn", "sidecar.json", "Cluster", "outbound|443||edition.cnn.com");
        Assert.NotNull(atGateway["transport_socket"]);
        Assert.Equal("/apis/networking.istio.io/v1/namespaces/istio-system/destination-rule/originate-mtls-for-cnn",
            atGateway.StringAt("metadata.filter_metadata.istio.config"));
        Assert.Null(atSidecar["transport_socket"]);
        atSidecar.At("metadata.filter_metadata.istio");
        Assert.Null(atSidecar.Find("metadata.filter_metadata.istio.config"));

        // The payments rule selects app=egress-client: the client's sidecar gets its subsets, the gateway does not.
        Assert.True(Has("WeightedSubsetsWithCredentialName", "sidecar.json", "Cluster", "outbound|8080|stable|payments.example.com"));
        Assert.False(Has("WeightedSubsetsWithCredentialName", "gateway_shared-gateway.json", "Cluster",
            "outbound|8080|stable|payments.example.com"));
    }

    [Fact]
    public void A_gateway_server_no_virtual_service_routes_gets_istios_404_virtual_host()
    {
        var routes = Resource("WeightedSubsetsWithCredentialName", "gateway_shared-gateway.json", "RouteConfiguration",
            "https.443.https.shared-gateway.default");
        var virtualHost = Assert.Single(routes["virtual_hosts"]!.AsArray())!;

        Assert.Equal("blackhole:443", virtualHost["name"]!.GetValue<string>());
        Assert.Equal("*", virtualHost["domains"]![0]!.GetValue<string>());
        Assert.Null(virtualHost["routes"]);
        var listener = Resource("WeightedSubsetsWithCredentialName", "gateway_shared-gateway.json", "Listener", "0.0.0.0_8443");
        var tls = listener["filter_chains"]![0]!["transport_socket"]!["typed_config"]!;
        Assert.EndsWith("DownstreamTlsContext", tls["@type"]!.GetValue<string>());
        Assert.Equal("kubernetes://gateway-cert",
            tls["common_tls_context"]!["tls_certificate_sds_secret_configs"]![0]!["name"]!.GetValue<string>());
    }
}
