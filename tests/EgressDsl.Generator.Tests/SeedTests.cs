using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class SeedTests
{
    private static readonly string SeedSource = GeneratorHarness.SampleSource("NginxEgress.cs");

    [Fact]
    public void Seed_in_v1alpha3_equals_the_articles_six_resources_object_for_object()
    {
        var run = GeneratorHarness.RunWithVersion("v1alpha3", SeedSource);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        var differences = YamlTree.DiffStreams(run.IstioYaml, File.ReadAllText(SharedPaths.ExpectedSeedYaml));
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(6, YamlDocuments.Split(run.IstioYaml).Count);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha3")]
    public void Api_version_property_sets_every_istio_resource_and_nothing_else(string version)
    {
        var run = GeneratorHarness.RunWithVersion(version, SeedSource);

        var documents = YamlTree.ParseAll(run.IstioYaml);
        Assert.Equal(5, documents.Count(d => d["apiVersion"]!.AsString == "networking.istio.io/" + version));
        Assert.Single(documents, d => d["apiVersion"]!.AsString == "v1" && d["kind"]!.AsString == "Service");
        Assert.Equal(version, run.Constant("EgressDsl.Generated.EgressCatalog", "IstioApiVersion"));
    }

    [Fact]
    public void Default_api_version_is_v1()
    {
        var run = GeneratorHarness.Run(SeedSource);
        Assert.Contains("apiVersion: networking.istio.io/v1\n", run.IstioYaml);
        Assert.DoesNotContain("v1alpha3", run.IstioYaml);
    }

    [Fact]
    public void Unsupported_api_version_fails_with_a_clear_error_and_emits_no_catalogue()
    {
        var run = GeneratorHarness.RunWithVersion("v2", SeedSource);

        var error = Assert.Single(run.Diagnostics, d => d.Id == "EGRESS100");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("'v2' is not supported", error.GetMessage());
        Assert.Null(run.Output.GetTypeByMetadataName("EgressDsl.Generated.EgressCatalog"));
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void Per_class_resources_carry_kind_name_namespace_and_yaml()
    {
        var run = GeneratorHarness.Run(SeedSource);

        Assert.Equal("networking.istio.io/v1", run.ClassResource("SeedEgress.NginxRoute+Egress", "VirtualService", "vs-nginx-ext-egress")["ApiVersion"]);
        Assert.Equal("external", run.ClassResource("SeedEgress.NginxExternal+Egress", "Service", "nginx")["Namespace"]);
        Assert.Equal(string.Empty, run.ClassResource("SeedEgress.NginxExternal+Egress", "ServiceEntry", "se-nginx-ext")["Namespace"]);
        var serviceEntry = run.ClassResource("SeedEgress.NginxExternal+Egress", "ServiceEntry", "se-nginx-ext")["Yaml"];
        Assert.Equal("se-nginx-ext", YamlTree.Parse(serviceEntry)["metadata"]!["name"]!.AsString);
        Assert.Contains(serviceEntry, run.IstioYaml);
        Assert.Equal(run.Files["istio/service-entry_se-nginx-ext.yaml"], serviceEntry);
        Assert.Equal(6, run.Files.Count(f => f.Key.StartsWith("istio/", StringComparison.Ordinal)));

        // At run time the catalogue reads the same constants the build task writes.
        Assert.Equal(run.IstioYaml, run.RunTimeValue("EgressDsl.Generated.EgressCatalog", "IstioYaml"));
        var resources = (IReadOnlyList<EgressResource>)run.RunTimeValue("EgressDsl.Generated.EgressCatalog", "Resources")!;
        Assert.Equal(6, resources.Count);
        Assert.Equal(resources.Select(r => r.Path).OrderBy(p => p, StringComparer.Ordinal), resources.Select(r => r.Path));
        var gatewayHop = resources.Single(r => r.Name == "vs-nginx-ext-egress");
        Assert.Equal(("VirtualService", "networking.istio.io/v1", string.Empty), (gatewayHop.Kind, gatewayHop.ApiVersion, gatewayHop.Namespace));
        Assert.Equal(run.Files[gatewayHop.Path], gatewayHop.Yaml);
    }

    [Theory]
    [InlineData(null, Microsoft.CodeAnalysis.Accessibility.Internal)]
    [InlineData("internal", Microsoft.CodeAnalysis.Accessibility.Internal)]
    [InlineData("public", Microsoft.CodeAnalysis.Accessibility.Public)]
    public void The_egress_class_is_internal_unless_the_project_asks_for_public(string? setting, Microsoft.CodeAnalysis.Accessibility expected)
    {
        var properties = setting is null ? null : new Dictionary<string, string> { ["EgressGeneratedAccessibility"] = setting };
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(SeedSource), properties);

        Assert.Empty(run.CompilationErrors);
        foreach (var name in new[] { "SeedEgress.NginxExternal+Egress", "SeedEgress.NginxRoute+Egress", "SeedEgress.NginxEgressGateway+Egress" })
        {
            Assert.Equal(expected, run.Output.GetTypeByMetadataName(name)!.DeclaredAccessibility);
        }

        // The catalogue stays internal: every library has one of the same name.
        Assert.Equal(Microsoft.CodeAnalysis.Accessibility.Internal, run.Output.GetTypeByMetadataName("EgressDsl.Generated.EgressCatalog")!.DeclaredAccessibility);
    }
}
