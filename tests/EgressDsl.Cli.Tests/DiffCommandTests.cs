using Xunit;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Tests;

public sealed class DiffCommandTests
{
    [Fact]
    public void A_cluster_holding_the_generated_objects_with_server_set_fields_is_in_step()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var live = Path.Combine(sample.Folder, "live.yaml");
        File.WriteAllText(live, AsKubectlList(Generated(sample), _ => { }));

        var run = CliRun.Of("diff", sample.AssemblyPath, live);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Output);
        Assert.Contains("0 changed, 0 missing", run.Error);
    }

    [Fact]
    public void Reports_changed_missing_and_extra_objects_field_by_field()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var live = AsKubectlList(Generated(sample), items =>
        {
            var destinationRule = items.Single(item => Scalar(item, "kind") == "DestinationRule");
            var subset = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)destinationRule["spec"])["subsets"]).Children[0];
            ((YamlMappingNode)subset["labels"]).Children[new YamlScalarNode("version")] = new YamlScalarNode("v3");
            ((YamlMappingNode)destinationRule["spec"]).Children[new YamlScalarNode("exportTo")] = new YamlSequenceNode(new YamlScalarNode("."));
            items.Remove(items.Single(item => Scalar(item, "kind") == "Gateway"));
            var extra = new YamlMappingNode(
                "apiVersion", "networking.istio.io/v1",
                "kind", "ServiceEntry",
                "metadata", new YamlMappingNode("name", "hand-made", "namespace", "default"));
            items.Add(extra);
        });

        var run = CliRun.WithInput(live, "diff", sample.AssemblyPath, "-");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("changed  DestinationRule.networking.istio.io default/dr-nginx-ext", run.Output);
        Assert.Contains("  spec.subsets[0].labels.version: generated v1, cluster v3", run.Output);
        Assert.Contains("  spec.exportTo: extra in the cluster ([.])", run.Output);
        Assert.Contains("missing  Gateway.networking.istio.io default/eg-nginx-ext", run.Output);
        Assert.Contains("extra    ServiceEntry.networking.istio.io default/hand-made", run.Output);
        Assert.DoesNotContain("resourceVersion", run.Output);
        Assert.DoesNotContain("last-applied", run.Output);

        var quiet = CliRun.WithInput(live, "diff", sample.AssemblyPath, "-", "--ignore-extra-objects");
        Assert.DoesNotContain("hand-made", quiet.Output);
    }

    [Fact]
    public void The_api_server_defaults_of_a_Service_are_not_drift_but_a_changed_port_is()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var live = AsKubectlList(Generated(sample), items =>
        {
            var service = (YamlMappingNode)items.Single(item => Scalar(item, "kind") == "Service")["spec"];
            service.Children[new YamlScalarNode("clusterIP")] = new YamlScalarNode("10.96.0.12");
            service.Children[new YamlScalarNode("type")] = new YamlScalarNode("ClusterIP");
            service.Children[new YamlScalarNode("sessionAffinity")] = new YamlScalarNode("None");
        });
        Assert.Equal(0, CliRun.WithInput(live, "diff", sample.AssemblyPath, "-").ExitCode);

        var changedType = live.Replace("type: ClusterIP", "type: NodePort");
        var run = CliRun.WithInput(changedType, "diff", sample.AssemblyPath, "-");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("spec.type: extra in the cluster (NodePort)", run.Output);
    }

    [Fact]
    public void Unreadable_live_yaml_is_an_input_error()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var run = CliRun.WithInput("a: [b\n", "diff", sample.AssemblyPath, "-");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not valid YAML", run.Error);
        Assert.Equal(2, CliRun.Of("diff", sample.AssemblyPath, Path.Combine(sample.Folder, "absent.yaml")).ExitCode);
    }

    private static List<YamlMappingNode> Generated(BuiltSample sample)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(CliRun.Of("manifests", sample.AssemblyPath).Output));
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }

    /// <summary>The objects as `kubectl get -o yaml` returns them: a List, each with the fields the API server sets.</summary>
    private static string AsKubectlList(List<YamlMappingNode> objects, Action<List<YamlMappingNode>> change)
    {
        foreach (var item in objects)
        {
            var metadata = (YamlMappingNode)item["metadata"];
            if (!metadata.Children.ContainsKey(new YamlScalarNode("namespace")))
            {
                metadata.Add("namespace", "default");
            }

            metadata.Add("resourceVersion", "12345");
            metadata.Add("uid", Guid.NewGuid().ToString());
            metadata.Add("generation", "3");
            metadata.Add("creationTimestamp", "2026-01-01T00:00:00Z");
            metadata.Add("managedFields", new YamlSequenceNode(new YamlMappingNode("manager", "kubectl")));
            metadata.Add("annotations", new YamlMappingNode("kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\":\"x\"}"));
            item.Add("status", new YamlMappingNode("observedGeneration", "3"));
        }

        change(objects);
        var list = new YamlMappingNode("apiVersion", "v1", "kind", "List", "items", new YamlSequenceNode(objects));
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(list)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
