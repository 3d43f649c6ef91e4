using System.Text.Json.Nodes;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// The seed's whole Envoy output, pinned by golden files (Golden/Seed/, refreshed with EGRESSDSL_UPDATE_GOLDEN=1), checked by
/// envoy-check, and compared with the mapping note's machine-checked samples.
/// </summary>
public class GoldenTests
{
    private static readonly string SamplesFolder = Path.Combine(SharedPaths.Root, "tools", "envoy-check", "samples");

    private static IReadOnlyDictionary<string, string> SeedFiles() => EnvoyOutputs.Generate(EnvoyOutputs.SeedSource);

    [Fact]
    public void Seed_envoy_output_equals_the_golden_files()
    {
        var files = SeedFiles();
        Assert.Equal(new[] { "envoy/bootstrap.yaml", "envoy/gateway_eg-nginx-ext.json", "envoy/sidecar.json" }, files.Keys.OrderBy(k => k, StringComparer.Ordinal));
        if (GoldenFiles.Updating)
        {
            var folder = Path.Combine(GoldenFiles.SourceFolder, "Seed");
            Directory.CreateDirectory(folder);
            foreach (var (path, content) in files)
            {
                File.WriteAllText(Path.Combine(folder, Path.GetFileName(path)), content);
            }
        }

        foreach (var (path, content) in files)
        {
            var golden = Path.Combine(GoldenFiles.OutputFolder, "Seed", Path.GetFileName(path));
            Assert.True(File.Exists(golden), golden + " is missing: run the tests once with EGRESSDSL_UPDATE_GOLDEN=1");
            Assert.Equal(File.ReadAllText(golden), content);
        }
    }

    [Fact]
    public void Every_golden_file_passes_envoy_check_with_zero_errors()
    {
        var folder = Path.Combine(GoldenFiles.OutputFolder, "Seed");
        var documents = Directory.GetFiles(folder).ToDictionary(file => Path.GetFileName(file), File.ReadAllText);
        Assert.Equal(3, documents.Count);

        var (exitCode, output, verdicts) = EnvoyCheck.CheckAll(documents);

        Assert.True(exitCode == 0, "envoy-check exited with " + exitCode + ":\n" + output);
        Assert.Equal(documents.Keys.OrderBy(k => k), verdicts.Keys.OrderBy(k => k));
        Assert.All(verdicts.Values, verdict => Assert.Contains("OK as ", verdict));
        Assert.All(verdicts.Values, verdict => Assert.Contains(" 0 error(s)", verdict));
        Assert.Contains("OK as envoy.config.bootstrap.v3.Bootstrap", verdicts["bootstrap.yaml"]);
        Assert.Contains("OK as array of google.protobuf.Any", verdicts["sidecar.json"]);
    }

    [Fact]
    public void Seed_gateway_equals_the_mapping_notes_checked_sample_resource_for_resource()
    {
        var ours = Resources(SeedFiles()["envoy/gateway_eg-nginx-ext.json"]);
        var reference = Resources(File.ReadAllText(Path.Combine(SamplesFolder, "seed-egressgateway-xds.json")));

        Assert.Equal(reference.Keys.OrderBy(k => k), ours.Keys.OrderBy(k => k));
        foreach (var (key, expected) in reference)
        {
            Assert.True(JsonNode.DeepEquals(expected, ours[key]), key + " differs:\n" + ours[key]!.ToJsonString());
        }
    }

    [Fact]
    public void Seed_sidecar_holds_every_resource_of_the_mapping_notes_sample_except_the_unknowable_cluster_ip()
    {
        var ours = Resources(SeedFiles()["envoy/sidecar.json"]);
        var reference = Resources(File.ReadAllText(Path.Combine(SamplesFolder, "seed-sidecar-xds.json")));

        // The note's gateway Service ClusterIP (10.96.31.80) is assigned by Kubernetes; the generator cannot know it.
        var routes = reference["RouteConfiguration 80"]!;
        var domains = routes["virtual_hosts"]![0]!["domains"]!.AsArray();
        domains.Remove(domains.Single(d => d!.GetValue<string>() == "10.96.31.80"));

        foreach (var (key, expected) in reference)
        {
            Assert.True(ours.ContainsKey(key), key + " is missing");
            Assert.True(JsonNode.DeepEquals(expected, ours[key]), key + " differs:\n" + ours[key]!.ToJsonString());
        }

        // What the note leaves out: the other port of each service, the v2 and default subsets, and the passthrough cluster.
        Assert.Contains("Cluster outbound|443|v2|nginx.external.svc.cluster.local", ours.Keys);
        Assert.Contains("Cluster PassthroughCluster", ours.Keys);
    }

    [Fact]
    public void Seed_bootstrap_has_the_mapping_notes_standalone_listener_routes_and_clusters()
    {
        var ours = JsonNode.Parse(YamlToJson.Convert(SeedFiles()["envoy/bootstrap.yaml"]))!;
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(SamplesFolder, "standalone-egress-bootstrap.json")))!;

        Assert.True(JsonNode.DeepEquals(reference["node"], ours["node"]));
        Assert.True(JsonNode.DeepEquals(reference["admin"], ours["admin"]));
        var listener = ours["static_resources"]!["listeners"]![0]!;
        var referenceListener = reference["static_resources"]!["listeners"]![0]!;
        Assert.True(JsonNode.DeepEquals(referenceListener, listener), listener.ToJsonString());

        // The clusters differ from the note's only in the endpoint labels, kept under envoy.lb (the note files them under istio).
        var clusters = ours["static_resources"]!["clusters"]!.AsArray();
        var referenceClusters = reference["static_resources"]!["clusters"]!.AsArray();
        Assert.Equal(referenceClusters.Select(c => c!["name"]!.GetValue<string>()), clusters.Select(c => c!["name"]!.GetValue<string>()));
        for (var i = 0; i < clusters.Count; i++)
        {
            var cluster = clusters[i]!.DeepClone();
            var expected = referenceClusters[i]!.DeepClone();
            Strip(cluster);
            Strip(expected);
            Assert.True(JsonNode.DeepEquals(expected, cluster), cluster.ToJsonString());
        }

        static void Strip(JsonNode cluster)
        {
            foreach (var endpoint in cluster["load_assignment"]!["endpoints"]!.AsArray().SelectMany(e => e!["lb_endpoints"]!.AsArray()))
            {
                endpoint!.AsObject().Remove("metadata");
            }
        }
    }

    /// <summary>The resources of a JSON array, by kind and name.</summary>
    private static Dictionary<string, JsonNode?> Resources(string json) =>
        JsonNode.Parse(json)!.AsArray().ToDictionary(
            r => r!["@type"]!.GetValue<string>().Split('.').Last() + " " + (r["name"] ?? r["cluster_name"])!.GetValue<string>(),
            r => (JsonNode?)r);
}
