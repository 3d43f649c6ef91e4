using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>One dotted path reads a YAML or JSON tree, and a missing step is named in the failure.</summary>
public class TreePathTests
{
    private const string Gateway = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: egress
          annotations:
            networking.istio.io/exportTo: "."
        spec:
          servers:
          - port:
              number: 80
              name: http
            hosts: [api.example.com]
          - port:
              number: 443
              name: tls
        """;

    [Theory]
    [InlineData("spec.servers[0].port.number", "80")]
    [InlineData("spec.servers[1].port.name", "tls")]
    [InlineData("spec.servers[0].hosts[0]", "api.example.com")]
    [InlineData("metadata.annotations[\"networking.istio.io/exportTo\"]", ".")]
    public void A_path_reads_the_yaml_value_the_indexers_read(string path, string expected)
    {
        Assert.Equal(expected, YamlTree.Parse(Gateway).At(path).ScalarText);
    }

    [Fact]
    public void The_same_path_reads_json()
    {
        JsonNode json = JsonNode.Parse("""{"spec":{"servers":[{"port":{"number":80}},{"port":{"name":"tls","a.b":"dotted"}}]}}""")!;

        Assert.Equal(80, json.At("spec.servers[0].port.number").GetValue<int>());
        Assert.Equal("tls", json.StringAt("spec.servers[1].port.name"));
        Assert.Equal("dotted", json.StringAt("spec.servers[1].port[\"a.b\"]"));
        Assert.Null(json.Find("spec.servers[2]"));
    }

    [Fact]
    public void A_missing_step_is_named_with_the_part_that_exists()
    {
        var tree = YamlTree.Parse(Gateway);

        var missingKey = Assert.Throws<KeyNotFoundException>(() => tree.At("spec.servers[1].hosts[0]"));
        Assert.StartsWith("'spec.servers[1].hosts[0]': 'spec.servers[1].hosts' does not exist below 'spec.servers[1]'", missingKey.Message);
        var missingIndex = Assert.Throws<KeyNotFoundException>(() => tree.At("spec.servers[2].port"));
        Assert.StartsWith("'spec.servers[2].port': 'spec.servers[2]' does not exist below 'spec.servers'", missingIndex.Message);
        Assert.Null(tree.Find("spec.servers[0].port.number.more"));
    }

    [Theory]
    [InlineData("spec..servers")]
    [InlineData("spec.servers[x]")]
    [InlineData("spec.servers[0")]
    [InlineData("spec.")]
    public void A_malformed_path_is_refused(string path)
    {
        Assert.Throws<FormatException>(() => TreePath.Parse(path));
    }
}
