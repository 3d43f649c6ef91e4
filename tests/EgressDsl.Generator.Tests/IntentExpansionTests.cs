using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// Issue 17: the intent attributes' variants that Istio's pages do not spell out (IstioDocs/IntentPatternTests holds the
/// ones they do), how low-level attributes refine an intent, and how an intent class is used like any service.
/// </summary>
public class IntentExpansionTests
{
    private static List<YamlTree> Documents(string source)
    {
        var compilation = GeneratorHarness.Compile("using EgressDsl;\n" + source);
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Assert.Empty(run.CompilationErrors);
        var warnings = GeneratorHarness.Analyze(compilation).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
        return YamlTree.ParseAll(run.IstioYaml).ToList();
    }

    private static YamlTree Named(List<YamlTree> documents, string kind, string name) =>
        documents.Single(d => d["kind"]!.AsString == kind && d["metadata"]!["name"]!.AsString == name);

    [Fact]
    public void Mutual_origination_at_the_gateway_reads_the_credential_in_the_gateways_pods_only()
    {
        var documents = Documents("""[GatewayEgress("api.partner.example", Tls = GatewayEgressTls.OriginateMutual, CredentialName = "partner-client", Name = "partner")] public partial class Partner;""");

        var rule = Named(documents, "DestinationRule", "originate-mtls-for-partner");
        Assert.Equal("istio-system", rule.At("metadata.namespace").AsString);
        Assert.Equal("egressgateway", rule.At("spec.workloadSelector.matchLabels.istio").AsString);
        var tls = rule.At("spec.trafficPolicy.portLevelSettings").Items.Single();
        Assert.Equal("443", tls.At("port.number").ScalarText);
        Assert.Equal("MUTUAL", tls.At("tls.mode").AsString);
        Assert.Equal("partner-client", tls.At("tls.credentialName").AsString);
        Assert.Equal("api.partner.example", tls.At("tls.sni").AsString);
        Assert.Equal(new[] { "DestinationRule", "DestinationRule", "Gateway", "ServiceEntry", "VirtualService" }, documents.Select(d => d["kind"]!.AsString).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plain_http_with_mesh_tls_goes_to_the_gateways_443_with_istio_mutual_and_on_to_port_80()
    {
        var documents = Documents("""[GatewayEgress("reports.example.com", MeshTls = true, Name = "reports")] public partial class Reports;""");

        var server = Named(documents, "Gateway", "reports-egressgateway").At("spec.servers").Items.Single();
        Assert.Equal("443", server.At("port.number").ScalarText);
        Assert.Equal("HTTPS", server.At("port.protocol").AsString);
        Assert.Equal("ISTIO_MUTUAL", server.At("tls.mode").AsString);
        var subset = Named(documents, "DestinationRule", "egressgateway-for-reports").At("spec.subsets").Items.Single();
        Assert.Equal("ISTIO_MUTUAL", subset.At("trafficPolicy.portLevelSettings[0].tls.mode").AsString);
        var http = Named(documents, "VirtualService", "direct-reports-through-egress-gateway").At("spec.http").Items;
        Assert.Equal("80", http[0].At("match[0].port").ScalarText);
        Assert.Equal("443", http[0].At("route[0].destination.port.number").ScalarText);
        Assert.Equal("443", http[1].At("match[0].port").ScalarText);
        Assert.Equal("80", http[1].At("route[0].destination.port.number").ScalarText);
    }

    [Fact]
    public void A_shared_gateway_class_carries_the_server_and_the_intent_writes_only_its_service_and_route()
    {
        var documents = Documents("""
            [EgressGateway(Name = "shared-egress")]
            [GatewayServer(80, "http", PortProtocol.Http, "api.example.com", "reports.example.com")]
            public partial class SharedGateway;

            [GatewayEgress("api.example.com", Gateway = typeof(SharedGateway), Tls = GatewayEgressTls.Originate, Name = "api")]
            public partial class Api;
            """);

        Assert.Single(documents, d => d["kind"]!.AsString == "Gateway");
        var route = Named(documents, "VirtualService", "direct-api-through-egress-gateway");
        Assert.Contains(route["spec"]!["gateways"]!.Items, g => g.AsString == "shared-egress");
        Assert.Null(route["spec"]!["http"]!.Items[0]["route"]!.Items[0]["destination"]!["subset"]);
    }

    [Fact]
    public void A_route_rule_on_the_class_replaces_the_patterns_rule_and_keeps_its_destination_port()
    {
        var documents = Documents("""
            [GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate, Name = "api")]
            [HttpRoute(UriPrefix = "/v1/", Timeout = "5s")]
            public partial class Api;
            """);

        var gatewayHop = Named(documents, "VirtualService", "direct-api-through-egress-gateway").At("spec.http[1]");
        Assert.Equal("/v1/", gatewayHop.At("match[0].uri.prefix").AsString);
        Assert.Equal("5s", gatewayHop["timeout"]!.AsString);
        Assert.Equal("443", gatewayHop.At("route[0].destination.port.number").ScalarText);
    }

    [Fact]
    public void A_service_port_with_the_patterns_number_renames_it_and_a_subset_is_added()
    {
        var documents = Documents("""
            [DirectEgress("api.example.com", Name = "api")]
            [ServicePort(443, "tls-api", PortProtocol.Https)]
            public partial class Api;
            """);

        var port = Named(documents, "ServiceEntry", "api")["spec"]!["ports"]!.Items.Single();
        Assert.Equal("tls-api", port["name"]!.AsString);
    }

    [Fact]
    public void An_intent_class_is_a_service_for_typeof_and_gets_its_own_egress_members()
    {
        const string source = """
            using EgressDsl;
            namespace App;
            [DirectEgress("api.example.com", Protocol = PortProtocol.Http)]
            public partial class Api;

            [EgressRoute(typeof(Api), Name = "api-retries")]
            [HttpRoute(Timeout = "2s")]
            public partial class ApiRoute;

            public static class Reader
            {
                public static string Yaml => EgressDsl.Generated.EgressCatalog.For<Api>().Yaml;
            }
            """;
        var run = GeneratorHarness.Run(source);

        Assert.Empty(run.CompilationErrors);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Assert.Contains("name: api-retries", run.IstioYaml, StringComparison.Ordinal);
        Assert.Contains("api.example.com", (string)run.RunTimeValue("App.Reader", "Yaml")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Intent_output_does_not_depend_on_the_order_of_classes_or_files()
    {
        const string a = """[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate)] public partial class Api;""";
        const string b = """[DirectEgress("httpbin.org", Protocol = PortProtocol.Http, Timeout = "3s")] public partial class Httpbin;""";
        var forward = GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + a, "using EgressDsl;\n" + b));
        var backward = GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + b, "using EgressDsl;\n" + a));

        Assert.Equal(forward.IstioYaml, backward.IstioYaml);
        Assert.Equal(forward.Files.OrderBy(f => f.Key, StringComparer.Ordinal), backward.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
    }
}
