using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class ScenarioTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void Scenario_generates_without_diagnostics_and_compiles(string name, string source)
    {
        var run = GeneratorHarness.Run(source);

        Assert.True(run.Diagnostics.IsEmpty, name + ": " + string.Join("\n", run.Diagnostics));
        Assert.True(run.CompilationErrors.Count == 0, name + ": " + string.Join("\n", run.CompilationErrors));
        var analyzerErrors = GeneratorHarness.Analyze(GeneratorHarness.Compile(source)).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(analyzerErrors);
        Assert.NotEmpty(YamlDocuments.Split(run.IstioYaml));
    }

    [Fact]
    public void Split_route_weights_and_header_matches_are_written_as_istio_expects()
    {
        var run = GeneratorHarness.Run(Scenarios.WeightedSubsetsWithCredentialName);
        var gatewayHop = YamlTree.ParseAll(run.IstioYaml).Single(d => d["metadata"]!["name"]!.AsString == "payments-route-gateway");

        var rule = gatewayHop["spec"]!["http"]!.Items[0];
        Assert.Equal("beta-", rule["match"]!.Items[0]["headers"]!["x-user"]!["prefix"]!.AsString);
        Assert.Equal("[0-9]+", rule["match"]!.Items[0]["headers"]!["x-id"]!["regex"]!.AsString);
        Assert.Equal("true", rule["match"]!.Items[0]["headers"]!["x-canary"]!["exact"]!.AsString);
        Assert.Equal(new[] { "90", "10" }, rule["route"]!.Items.Select(r => r["weight"]!.ScalarText).ToArray());
        Assert.Equal(new[] { "stable", "canary" }, rule["route"]!.Items.Select(r => r["destination"]!["subset"]!.AsString).ToArray());
    }

    [Fact]
    public void Passthrough_route_matches_sni_on_both_hops()
    {
        var run = GeneratorHarness.Run(Scenarios.PassthroughGateway);
        var documents = YamlTree.ParseAll(run.IstioYaml);
        var mesh = documents.Single(d => d["metadata"]!["name"]!.AsString == "wikipedia-route-mesh");
        var gateway = documents.Single(d => d["metadata"]!["name"]!.AsString == "wikipedia-route-gateway");

        Assert.Equal("www.wikipedia.org", mesh["spec"]!["tls"]!.Items[0]["match"]!.Items[0]["sniHosts"]!.Items[0].AsString);
        Assert.Equal("istio-egressgateway.istio-system.svc.cluster.local", mesh["spec"]!["tls"]!.Items[0]["route"]!.Items[0]["destination"]!["host"]!.AsString);
        Assert.Equal("istio-system/passthrough-gateway", gateway["spec"]!["gateways"]!.Items[0].AsString);
        Assert.Equal("443", gateway["spec"]!["tls"]!.Items[0]["match"]!.Items[0]["port"]!.ScalarText);
    }
}
