using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>Uses the process-wide render cache, whose small project capacity other tests running alongside would empty.</summary>
[CollectionDefinition(nameof(ProcessWideCacheCollection), DisableParallelization = true)]
public sealed class ProcessWideCacheCollection
{
}

/// <summary>
/// Roslyn starts every build with a new generator driver, so what one build rendered and packed is reused in the next
/// (in the same compiler server) only through <see cref="RenderCache"/>: equal values must give the earlier result, and
/// any difference a new one.
/// </summary>
[Collection(nameof(ProcessWideCacheCollection))]
public class RenderCacheTests
{
    private static readonly string Seed = GeneratorHarness.SampleSource("NginxEgress.cs");

    [Fact]
    public void A_new_driver_over_the_same_classes_reuses_every_rendered_class_and_the_packed_envoy_files()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Seed, Scenarios.DnsWithSimpleTls));
        var second = GeneratorHarness.Run(GeneratorHarness.Compile(Seed, Scenarios.DnsWithSimpleTls, "class Unrelated { }"));

        var firstRendered = RenderedClasses(first);
        var secondRendered = RenderedClasses(second);
        Assert.True(firstRendered.Count >= 4);
        Assert.Equal(Outputs<RenderedGroup>(first, StepNames.Render), Outputs<RenderedGroup>(second, StepNames.Render), ReferenceEqualityComparer.Instance);
        Assert.Equal(firstRendered.Count, secondRendered.Count);
        foreach (var rendered in secondRendered)
        {
            Assert.Same(firstRendered.Single(r => r.Identity.MetadataName == rendered.Identity.MetadataName), rendered);
        }

        Assert.Same(Assert.Single(Outputs<EnvoyFiles>(first, StepNames.Envoy)), Assert.Single(Outputs<EnvoyFiles>(second, StepNames.Envoy)));
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
    }

    [Fact]
    public void A_changed_service_and_the_route_that_names_it_are_rendered_again_and_the_gateway_is_reused()
    {
        var before = GeneratorHarness.Run(GeneratorHarness.Compile(Seed));
        var edited = Seed.Replace("\"23.96.117.176\"", "\"23.96.117.177\"", StringComparison.Ordinal);
        Assert.NotEqual(Seed, edited);
        var after = GeneratorHarness.Run(GeneratorHarness.Compile(edited));

        var renderedBefore = RenderedClasses(before).ToDictionary(r => r.Identity.Name);
        var renderedAfter = RenderedClasses(after).ToDictionary(r => r.Identity.Name);
        Assert.Equal(3, renderedAfter.Count);

        Assert.NotEqual(renderedBefore["NginxExternal"], renderedAfter["NginxExternal"]);
        Assert.Contains(renderedAfter["NginxExternal"].Resources, resource => resource.Yaml.Contains("23.96.117.177", StringComparison.Ordinal));

        // A resolved route carries the service it names, so the route is rendered again, to the same text.
        Assert.NotSame(renderedBefore["NginxRoute"], renderedAfter["NginxRoute"]);
        Assert.Equal(renderedBefore["NginxRoute"], renderedAfter["NginxRoute"]);

        Assert.Same(renderedBefore["NginxEgressGateway"], renderedAfter["NginxEgressGateway"]);

        var envoyBefore = Assert.Single(Outputs<EnvoyFiles>(before, StepNames.Envoy));
        var envoyAfter = Assert.Single(Outputs<EnvoyFiles>(after, StepNames.Envoy));
        Assert.NotEqual(envoyBefore, envoyAfter);
        Assert.Contains(envoyAfter.Files, file => ManifestContent.Read(Assert.Single(PackedFiles.Unpack(file.Packed)))!.Contains("23.96.117.177", StringComparison.Ordinal));
        Assert.DoesNotContain(envoyAfter.Files, file => ManifestContent.Read(Assert.Single(PackedFiles.Unpack(file.Packed)))!.Contains("23.96.117.176", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_driver_after_an_edit_that_changes_no_proxy_reuses_the_catalogues_source_and_a_new_gateway_makes_it_again()
    {
        var before = GeneratorHarness.Run(GeneratorHarness.Compile(Seed));
        var edited = GeneratorHarness.Run(GeneratorHarness.Compile(Seed.Replace("\"23.96.117.176\"", "\"23.96.117.177\"", StringComparison.Ordinal)));
        var gateway = GeneratorHarness.Run(GeneratorHarness.Compile(Seed, """
            [EgressDsl.EgressGateway(Name = "eg-other")]
            [EgressDsl.GatewayServer(80, "http", EgressDsl.PortProtocol.Http, "other.example.com")]
            public partial class OtherGateway;
            """));

        Assert.Same(CatalogText(before), CatalogText(edited));
        Assert.NotSame(CatalogText(before), CatalogText(gateway));
        Assert.Contains("eg-other", CatalogText(gateway).ToString(), StringComparison.Ordinal);
        foreach (var run in new[] { before, edited, gateway })
        {
            var catalog = Assert.Single(Outputs<Emit.CSharp.Catalog>(run, StepNames.Catalog));
            Assert.Equal(Emit.CSharp.CatalogSourceEmitter.Emit(catalog), CatalogText(run).ToString());
        }
    }

    private static Microsoft.CodeAnalysis.Text.SourceText CatalogText(GeneratorRun run) =>
        run.Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == Emit.CSharp.CatalogSourceEmitter.HintName).SourceText;

    [Fact]
    public void The_holder_of_packed_files_compiles_to_their_constants()
    {
        // Enough services that the sidecar's and the bootstrap's packed files are long.
        var source = new System.Text.StringBuilder("using EgressDsl;\n");
        source.Append("[EgressGateway(Name = \"eg\")]\n[GatewayServer(80, \"http\", PortProtocol.Http, \"*.example.com\")]\npublic partial class Gateway;\n");
        for (var i = 0; i < 60; i++)
        {
            source.Append($$"""
                [ExternalService("svc{{i}}.example.com", Resolution = ServiceResolution.Static)]
                [ServicePort(443, "https", PortProtocol.Https)]
                [Endpoint("192.0.2.{{i + 1}}", Labels = ["version=v1"])]
                [Subset("v1", "version=v1")]
                [TlsOrigination(TlsMode.Simple, CaCertificates = "/etc/certs/ca.pem")]
                public partial class Service{{i}};
                [EgressRoute(typeof(Service{{i}}), Through = typeof(Gateway), Port = 80)]
                [HttpRoute(Subset = "v1", DestinationPort = 443)]
                public partial class Route{{i}};

                """);
        }

        var run = GeneratorHarness.Run(source.ToString());
        var holder = run.Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == Emit.CSharp.CatalogSourceEmitter.ProjectFilesHintName);
        var files = Assert.Single(Outputs<EnvoyFiles>(run, StepNames.Envoy)).Files;

        Assert.Contains(files, file => file.Packed.Length >= 4096);
        Assert.Equal(Emit.CSharp.CatalogSourceEmitter.EmitProjectFiles(files), holder.SourceText.ToString());
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        foreach (var file in files)
        {
            // The constant the compiler reads from the text is the packed file itself.
            Assert.Equal(file.Packed, run.Constant(Emit.CSharp.Catalog.ManifestNamespace + ".ProjectFiles", Emit.CSharp.Catalog.FileId(file.Path)));
            Assert.True(run.Files.ContainsKey(file.Path), file.Path);
        }
    }

    [Fact]
    public void An_option_change_renders_again()
    {
        var v1 = GeneratorHarness.Run(GeneratorHarness.Compile(Seed));
        var v1alpha3 = GeneratorHarness.RunWithVersion("v1alpha3", Seed);

        var renderedV1 = RenderedClasses(v1);
        foreach (var rendered in RenderedClasses(v1alpha3).Where(r => !r.Resources.IsEmpty))
        {
            Assert.NotSame(renderedV1.Single(r => r.Identity.MetadataName == rendered.Identity.MetadataName), rendered);
            Assert.All(rendered.Resources.Where(r => r.ApiVersion.StartsWith("networking.istio.io/", StringComparison.Ordinal)), r => Assert.Equal("networking.istio.io/v1alpha3", r.ApiVersion));
        }
    }

    [Theory]
    [InlineData(nameof(KeyLookup.Value))]
    [InlineData(nameof(KeyLookup.InstanceThenValue))]
    [InlineData(nameof(KeyLookup.Instance))]
    public void Shared_results_are_found_as_their_key_lookup_says(string lookupName)
    {
        var lookup = Enum.Parse<KeyLookup>(lookupName);
        var results = new SharedResults<string, object>(capacity: 16, lookup);
        var made = 0;
        object Make(string key)
        {
            made++;
            return new object();
        }

        var key = new string('k', 3);
        var value = results.GetOrAdd(key, Make);
        Assert.Same(value, results.GetOrAdd(key, Make));
        Assert.Equal(1, made);

        // An equal key that is another instance finds the result by value, except where only instances count.
        var again = results.GetOrAdd(new string('k', 3), Make);
        if (lookup == KeyLookup.Instance)
        {
            Assert.NotSame(value, again);
            Assert.Equal(2, made);
        }
        else
        {
            Assert.Same(value, again);
            Assert.Equal(1, made);
        }
    }

    [Fact]
    public void Shared_results_are_found_by_value_and_emptied_at_capacity()
    {
        var results = new SharedResults<string, object>(capacity: 2, KeyLookup.InstanceThenValue);
        var made = new List<string>();
        object Make(string key)
        {
            made.Add(key);
            return new object();
        }

        var key = new string('k', 3);
        var value = results.GetOrAdd(key, Make);
        Assert.Equal(new[] { "kkk" }, made);

        // An equal key that is another instance finds the same result, without making it again.
        Assert.Same(value, results.GetOrAdd(new string('k', 3), Make));
        Assert.Single(made);

        // Past its capacity the cache is emptied, keeping only what was just asked for.
        results.GetOrAdd("a", Make);
        Assert.Equal(2, results.Count);
        var b = results.GetOrAdd("b", Make);
        Assert.Equal(1, results.Count);
        Assert.Same(b, results.GetOrAdd(new string('b', 1), Make));
        Assert.NotSame(value, results.GetOrAdd(new string('k', 3), Make));

        // The instance that was looked up before still finds its result: it cannot be a different value.
        Assert.Same(value, results.GetOrAdd(key, Make));

        results.Clear();
        Assert.Equal(0, results.Count);
        Assert.NotSame(value, results.GetOrAdd(key, Make));
        Assert.Equal(new[] { "kkk", "a", "b", "kkk", "kkk" }, made);
    }

    private static List<RenderedClass> RenderedClasses(GeneratorRun run) =>
        Outputs<RenderedGroup>(run, StepNames.Render).SelectMany(group => group.Classes).ToList();

    private static List<T> Outputs<T>(GeneratorRun run, string step) =>
        run.Result.Results[0].TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).OfType<T>().ToList();
}
