using System.Linq;
using System.Numerics;
using Xunit;
using static EgressDsl.Testing.Tests.TestSupport;

namespace EgressDsl.Testing.Tests;

/// <summary>YamlTree types scalars like Kubernetes, compares structurally, and YamlDocuments splits streams.</summary>
public class YamlTreeTests
{
    [Theory]
    [InlineData("443", YamlScalarType.Integer)]
    [InlineData("-7", YamlScalarType.Integer)]
    [InlineData("0x1BB", YamlScalarType.Integer)]
    [InlineData("0o17", YamlScalarType.Integer)]
    [InlineData("\"443\"", YamlScalarType.String)]
    [InlineData("'443'", YamlScalarType.String)]
    [InlineData("!!str 443", YamlScalarType.String)]
    [InlineData("true", YamlScalarType.Boolean)]
    [InlineData("False", YamlScalarType.Boolean)]
    [InlineData("\"true\"", YamlScalarType.String)]
    [InlineData("null", YamlScalarType.Null)]
    [InlineData("~", YamlScalarType.Null)]
    [InlineData("", YamlScalarType.Null)]
    [InlineData("1.5", YamlScalarType.Float)]
    [InlineData("1e3", YamlScalarType.Float)]
    [InlineData(".inf", YamlScalarType.Float)]
    [InlineData("v1", YamlScalarType.String)]
    [InlineData("40.76.65.115", YamlScalarType.String)]
    [InlineData("10s", YamlScalarType.String)]
    [InlineData("yes", YamlScalarType.String)]
    [InlineData("|\n  text", YamlScalarType.String)]
    public void Scalars_get_their_Kubernetes_type(string scalar, YamlScalarType expected)
    {
        var tree = YamlTree.Parse("value: " + scalar + "\n");
        Assert.Equal(expected, tree["value"]!.ScalarType);
    }

    [Fact]
    public void Integers_are_exact()
    {
        var tree = YamlTree.Parse("a: 0x1BB\nb: 99999999999999999999\n");
        Assert.Equal(new BigInteger(443), tree["a"]!.Value);
        Assert.Equal(BigInteger.Parse("99999999999999999999"), tree["b"]!.Value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("N")]
    [InlineData("0755")]
    [InlineData("0b101")]
    [InlineData("1_000")]
    public void Scalars_that_YAML_1_1_reads_differently_are_flagged(string scalar)
    {
        Assert.NotNull(YamlTree.Parse("value: " + scalar)["value"]!.Yaml11Ambiguity);
        Assert.Null(YamlTree.Parse("value: \"" + scalar + "\"")["value"]!.Yaml11Ambiguity);
    }

    [Fact]
    public void Mapping_key_order_does_not_matter()
    {
        var a = YamlTree.Parse("x: 1\ny:\n  p: a\n  q: [1, 2]\n");
        var b = YamlTree.Parse("y:\n  q:\n  - 1\n  - 2\n  p: a\nx: 1\n");
        Assert.Empty(a.DiffAgainst(b));
        Assert.True(a.StructurallyEquals(b));
        Assert.Equal(a.ToCanonicalJson(), b.ToCanonicalJson());
    }

    [Fact]
    public void Sequence_order_matters()
    {
        var actual = YamlTree.Parse("hosts: [a, b]");
        var expected = YamlTree.Parse("hosts: [b, a]");
        Assert.Equal(
            new[] { "hosts[0]: expected \"b\" (string) but found \"a\" (string)", "hosts[1]: expected \"a\" (string) but found \"b\" (string)" },
            actual.DiffAgainst(expected));
    }

    [Fact]
    public void Scalar_types_matter_and_differences_read_well()
    {
        var actual = YamlTree.Parse("spec:\n  port: \"443\"\n  extra: 1\n");
        var expected = YamlTree.Parse("spec:\n  port: 443\n  name: x\n");
        var diff = actual.DiffAgainst(expected);
        Assert.Equal(
            new[]
            {
                "spec.port: expected 443 (integer) but found \"443\" (string)",
                "spec.name: missing (expected \"x\" (string))",
                "spec.extra: unexpected (found 1 (integer))",
            },
            diff);
    }

    [Fact]
    public void Equivalent_spellings_of_the_same_value_are_equal()
    {
        var a = YamlTree.Parse("a: 0x1BB\nb: ~\nc: 'v'\nd: 1.50\n80: x\n");
        var b = YamlTree.Parse("a: 443\nb: null\nc: \"v\"\nd: 1.5\n\"80\": x\n");
        Assert.Empty(a.DiffAgainst(b));
    }

    [Fact]
    public void The_seed_parses_including_its_trailing_space_port_key()
    {
        var trees = YamlTree.ParseAll(SeedYaml);
        Assert.Equal(6, trees.Count);
        var portLevel = trees[4]["spec"]!["trafficPolicy"]!["portLevelSettings"]!.Items[0];
        Assert.Equal(YamlNodeKind.Mapping, portLevel["port"]!.Kind);
        Assert.Equal(new BigInteger(443), portLevel["port"]!["number"]!.Value);
        Assert.Equal("nginx.external.svc.cluster.local", trees[5]["spec"]!["hosts"]!.Items.Single().AsString);
    }

    [Fact]
    public void The_seed_equals_itself_reformatted()
    {
        // Same objects with keys reordered and flow style: only structure counts.
        const string reordered = """
            kind: Gateway
            apiVersion: networking.istio.io/v1alpha3
            spec:
              servers:
              - hosts: [nginx.external.svc.cluster.local]
                port: {protocol: HTTP, name: http, number: 80}
              selector: {istio: egressgateway}
            metadata: {name: eg-nginx-ext}
            """;
        Assert.Empty(YamlTree.Parse(reordered).DiffAgainst(YamlTree.ParseAll(SeedYaml)[0]));
    }

    [Fact]
    public void Streams_compare_by_object_identity_or_by_position()
    {
        var documents = YamlDocuments.Split(SeedYaml);
        string shuffled = string.Join("---\n", documents.Reverse());
        Assert.Empty(YamlTree.DiffStreams(shuffled, SeedYaml));
        Assert.NotEmpty(YamlTree.DiffStreams(shuffled, SeedYaml, matchByIdentity: false));

        string missingOne = string.Join("---\n", documents.Skip(1));
        Assert.Equal(new[] { "missing document networking.istio.io/v1alpha3 Gateway ?/eg-nginx-ext" }, YamlTree.DiffStreams(missingOne, SeedYaml));
    }

    [Fact]
    public void Duplicate_keys_are_errors()
    {
        var error = Assert.Throws<YamlTreeException>(() => YamlTree.Parse("a: 1\nb: 2\na: 3\n"));
        Assert.Contains("duplicate mapping key \"a\"", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Malformed_yaml_is_an_error_with_a_position()
    {
        var error = Assert.Throws<YamlTreeException>(() => YamlTree.Parse("a: [1, 2\nb: 3\n"));
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Aliases_are_expanded()
    {
        var tree = YamlTree.Parse("a: &x {p: 1}\nb: *x\n");
        Assert.Empty(tree["a"]!.DiffAgainst(tree["b"]!));
    }

    [Fact]
    public void Parse_wants_exactly_one_document()
    {
        Assert.Throws<YamlTreeException>(() => YamlTree.Parse("a: 1\n---\nb: 2\n"));
        Assert.Throws<YamlTreeException>(() => YamlTree.Parse("# only a comment\n"));
    }

    [Fact]
    public void Split_uses_the_parser_not_the_text()
    {
        const string stream = """
            # leading comment
            a: 1
            ---
            b: |
              ---
              not a separator
            ---
            ---
              c: 1
              d: 2
            ---
            """;
        var documents = YamlDocuments.Split(stream);
        Assert.Equal(3, documents.Count);
        Assert.Equal("a: 1\n", documents[0]);
        Assert.Equal("b: |\n  ---\n  not a separator\n", documents[1]);
        Assert.Equal("  c: 1\n  d: 2\n", documents[2]);
        Assert.Equal("not a separator\n", YamlTree.Parse(documents[1])["b"]!.AsString!.Split('\n', 2)[1]);
    }

    [Fact]
    public void Split_keeps_the_seed_quirks()
    {
        var documents = YamlDocuments.Split(SeedYaml);
        Assert.Contains("    - port: \n        number: 443", documents[4]);
        Assert.All(documents, d => Assert.DoesNotContain("---", d));
    }
}
