using EgressDsl.Generator.Parsing;
using EgressDsl.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// Issue 16, findings 8 to 10: the CRD schemas' size limits (one table, held to the CRD file read in place), the
/// duration rule of the CRDs and Envoy, and Envoy's limit on endpoint weights. At a limit the class builds and its
/// manifests pass the strict CRD validator; one past it the class gets the one diagnostic, on the argument that causes
/// it, and emits nothing.
/// </summary>
public class SchemaLimitTests
{
    private static readonly string[] ApiVersions = { "v1", "v1beta1", "v1alpha3" };

    private static string KeywordOf(SchemaLimitKind kind) => kind switch
    {
        SchemaLimitKind.MaxItems => "maxItems",
        SchemaLimitKind.MaxProperties => "maxProperties",
        SchemaLimitKind.MaxKeyLength => "x-kubernetes-validations",
        _ => "maxLength",
    };

    [Fact]
    public void Every_limit_in_the_table_is_the_value_of_the_crd_schema_in_every_api_version()
    {
        var validator = CrdSchemaValidator.LoadDefault();
        foreach (var limit in SchemaLimits.All)
        {
            foreach (var version in ApiVersions)
            {
                if (limit.LimitKind == SchemaLimitKind.MaxKeyLength)
                {
                    // A CEL rule: self.all(key, size(key) < N ...) at the map.
                    var rulePath = limit.SchemaPath.Replace("[]", "[*]").Replace("{}", "[*]");
                    var bounds = validator.GetValidationRules("networking.istio.io/" + version, limit.Kind)
                        .Where(r => r.SchemaPath == rulePath)
                        .Select(r => System.Text.RegularExpressions.Regex.Match(r.Rule, @"size\(key\) < (\d+)"))
                        .Where(m => m.Success)
                        .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1)
                        .ToList();
                    Assert.True(bounds.Count == 1 && bounds[0] == limit.Value, $"{version} {limit.Kind} {limit.SchemaPath}: the CEL rule allows keys of {string.Join(", ", bounds)} characters, SchemaLimits {limit.Value}");
                    continue;
                }

                var limits = validator.GetSizeLimits("networking.istio.io/" + version, limit.Kind);
                Assert.True(limits.TryGetValue((limit.SchemaPath, KeywordOf(limit.LimitKind)), out var value),
                    $"{version} {limit.Kind} has no {KeywordOf(limit.LimitKind)} at {limit.SchemaPath}");
                Assert.True(value == limit.Value, $"{version} {limit.Kind} {limit.SchemaPath} {KeywordOf(limit.LimitKind)} is {value} in the CRD, {limit.Value} in SchemaLimits");
            }
        }
    }

    /// <summary>
    /// Limits of the schema that the table leaves out on purpose: a stricter rule of the parser keeps them, or the DSL
    /// writes a value that can never reach them.
    /// </summary>
    private static readonly Dictionary<(string Kind, string Path), string> KeptElsewhere = new()
    {
        [("ServiceEntry", "spec.workloadSelector.labels{}")] = "a label value has at most 63 characters (EGRESS006)",
        [("ServiceEntry", "spec.endpoints[].labels{}")] = "a label value has at most 63 characters (EGRESS006)",
        [("ServiceEntry", "spec.ports[].protocol")] = "written from an enum",
        [("DestinationRule", "spec.workloadSelector.matchLabels{}")] = "a label value has at most 63 characters (EGRESS006)",
        [("DestinationRule", "spec.subsets[].trafficPolicy.portLevelSettings")] = "as spec.trafficPolicy.portLevelSettings, for one subset",
        [("DestinationRule", "spec.trafficPolicy.portLevelSettings")] = "one entry per port that a [TlsOrigination] or [LoadBalancer] names, which must be a port of the service (at most 256) or of a gateway's TargetPorts; over 4,096 would take as many attributes on one gateway class, which is not checked",
    };

    /// <summary>Every size limit of the schema at a path the generator writes (in any scenario) is in the table or kept elsewhere.</summary>
    [Fact]
    public void Every_size_limit_at_a_field_the_generator_writes_is_in_the_table()
    {
        var written = new HashSet<(string Kind, string Path)>();
        foreach (var scenario in Scenarios.All())
        {
            foreach (var document in YamlDocuments.Split(GeneratorHarness.Run((string)scenario[1]).IstioYaml))
            {
                var tree = YamlTree.Parse(document);
                if (tree["kind"]?.AsString is { } kind && tree["spec"] is { } spec)
                {
                    CollectPaths(spec, "spec", kind, written);
                }
            }
        }

        var validator = CrdSchemaValidator.LoadDefault();
        var missing = new List<string>();
        foreach (var kind in new[] { "ServiceEntry", "DestinationRule", "Gateway", "VirtualService" })
        {
            foreach (var ((path, keyword), value) in validator.GetSizeLimits("networking.istio.io/v1", kind))
            {
                if (written.Contains((kind, path)) && !KeptElsewhere.ContainsKey((kind, path))
                    && !SchemaLimits.All.Any(l => l.Kind == kind && l.SchemaPath == path && KeywordOf(l.LimitKind) == keyword))
                {
                    missing.Add($"{kind} {path} {keyword} {value}");
                }
            }
        }

        Assert.True(missing.Count == 0, "limits of fields the generator writes that SchemaLimits does not hold:\n" + string.Join("\n", missing));
    }

    private static void CollectPaths(YamlTree node, string path, string kind, HashSet<(string, string)> paths)
    {
        paths.Add((kind, path));
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                // Label and port maps are maps of values ({}); everything else is a structure of named fields.
                var isMap = path.EndsWith("labels", StringComparison.Ordinal) || path.EndsWith("matchLabels", StringComparison.Ordinal) || path.EndsWith("endpoints[].ports", StringComparison.Ordinal);
                foreach (var (key, value) in node.Entries)
                {
                    CollectPaths(value, isMap ? path + "{}" : path + "." + key, kind, paths);
                }

                break;
            case YamlNodeKind.Sequence:
                foreach (var item in node.Items)
                {
                    CollectPaths(item, path + "[]", kind, paths);
                }

                break;
        }
    }

    // ------------------------------------------------------------------ at the limit and one past it

    private static string Hosts(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "\"h" + i + ".example.com\""));

    private static string Labels(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "\"k" + i + "=v\""));

    private static string Repeat(int count, Func<int, string> item) => string.Concat(Enumerable.Range(0, count).Select(item));

    private static string LongSubdomain(int length)
    {
        var labels = new List<string>();
        var remaining = length;
        while (remaining > 0)
        {
            var take = Math.Min(63, remaining - (labels.Count == 0 ? 0 : 1));
            labels.Add(new string('a', take));
            remaining -= take + (labels.Count == 1 ? 0 : 1);
        }

        return string.Join(".", labels);
    }

    private const string Static = "Resolution = ServiceResolution.Static";

    /// <summary>
    /// For each limit of the table: a class at the limit (or, where the field's own format is stricter, at the longest
    /// valid value), and one past it with [| |] around the text that must carry EGRESS017.
    /// </summary>
    private static (string AtLimit, string OverLimit) CaseFor(SchemaLimit limit) => (limit.Kind, limit.SchemaPath, limit.LimitKind) switch
    {
        ("ServiceEntry", "spec.endpoints[].ports", SchemaLimitKind.MaxKeyLength) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"{new string('p', 62)}\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Ports = [\"{new string('p', 62)}=8080\"])]",
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"{new string('p', 63)}\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Ports = [[|\"{new string('p', 63)}=8080\"|]])]"),
        ("ServiceEntry", "spec.hosts", _) => (
            $"[ExternalService({Hosts(256)})]",
            $"[ExternalService({Hosts(256)}, [|\"h256.example.com\"|])]"),
        ("ServiceEntry", "spec.addresses", _) => (
            "[ExternalService(\"a.example.com\", Addresses = [" + string.Join(", ", Enumerable.Range(0, 256).Select(i => "\"10.0." + (i / 250) + "." + (i % 250 + 1) + "\"")) + "])]",
            "[ExternalService(\"a.example.com\", Addresses = [" + string.Join(", ", Enumerable.Range(0, 256).Select(i => "\"10.0." + (i / 250) + "." + (i % 250 + 1) + "\"")) + ", [|\"10.0.9.9\"|]])]"),
        // No address can be 64 characters long: the longest valid one has 49.
        ("ServiceEntry", "spec.addresses[]", _) => (
            "[ExternalService(\"a.example.com\", Addresses = [\"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128\"])]",
            "[ExternalService(\"a.example.com\", Addresses = [[|\"" + new string('f', 65) + "\"|]])]"),
        ("ServiceEntry", "spec.workloadSelector.labels", _) => (
            $"[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Dns, WorkloadSelector = [{Labels(256)}])][ServicePort(80, \"http\", PortProtocol.Http)]",
            $"[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Dns, WorkloadSelector = [{Labels(256)}, [|\"k256=v\"|]])][ServicePort(80, \"http\", PortProtocol.Http)]"),
        ("ServiceEntry", "spec.ports", _) => (
            "[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Dns)]" + Repeat(256, i => $"[ServicePort({1000 + i}, \"http-{i}\", PortProtocol.Http)]"),
            "[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Dns)]" + Repeat(256, i => $"[ServicePort({1000 + i}, \"http-{i}\", PortProtocol.Http)]") + "[[|ServicePort(2000, \"http-x\", PortProtocol.Http)|]]"),
        // A port name is a DNS label: at most 63 characters.
        ("ServiceEntry", "spec.ports[].name", _) => (
            $"[ExternalService(\"a.example.com\")][ServicePort(80, \"{new string('p', 63)}\", PortProtocol.Http)]",
            $"[ExternalService(\"a.example.com\")][ServicePort(80, [|\"{new string('p', 257)}\"|], PortProtocol.Http)]"),
        ("ServiceEntry", "spec.endpoints", _) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)]" + Repeat(4096, i => $"[Endpoint(\"10.{i / 250}.{i % 250}.1\")]"),
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)]" + Repeat(4096, i => $"[Endpoint(\"10.{i / 250}.{i % 250}.1\")]") + "[[|Endpoint(\"10.99.0.1\")|]]"),
        ("ServiceEntry", "spec.endpoints[].address", _) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"unix:///{new string('s', 248)}\")]",
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint([|\"unix:///{new string('s', 249)}\"|])]"),
        ("ServiceEntry", "spec.endpoints[].labels", _) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Labels = [{Labels(256)}])]",
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Labels = [{Labels(256)}, [|\"k256=v\"|]])]"),
        ("ServiceEntry", "spec.endpoints[].ports", _) => (
            $"[ExternalService(\"a.example.com\", {Static})]" + Repeat(128, i => $"[ServicePort({1000 + i}, \"http-{i}\", PortProtocol.Http)]")
                + "[Endpoint(\"10.0.0.1\", Ports = [" + string.Join(", ", Enumerable.Range(0, 128).Select(i => $"\"http-{i}={2000 + i}\"")) + "])]",
            $"[ExternalService(\"a.example.com\", {Static})]" + Repeat(129, i => $"[ServicePort({1000 + i}, \"http-{i}\", PortProtocol.Http)]")
                + "[Endpoint(\"10.0.0.1\", Ports = [" + string.Join(", ", Enumerable.Range(0, 128).Select(i => $"\"http-{i}={2000 + i}\"")) + ", [|\"http-128=2128\"|]])]"),
        ("ServiceEntry", "spec.endpoints[].network", _) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Network = \"{new string('n', 2048)}\")]",
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Network = [|\"{new string('n', 2049)}\"|])]"),
        ("ServiceEntry", "spec.endpoints[].locality", _) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Locality = \"{new string('l', 2048)}\")]",
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", Locality = [|\"{new string('l', 2049)}\"|])]"),
        ("ServiceEntry", "spec.endpoints[].serviceAccount", _) => (
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", ServiceAccount = \"{LongSubdomain(253)}\")]",
            $"[ExternalService(\"a.example.com\", {Static})][ServicePort(80, \"http\", PortProtocol.Http)][Endpoint(\"10.0.0.1\", ServiceAccount = [|\"{LongSubdomain(254)}\"|])]"),
        ("DestinationRule", "spec.workloadSelector.matchLabels", _) => (
            $"[ExternalService(\"a.example.com\")][DestinationRule(WorkloadSelector = [{Labels(4096)}])]",
            $"[ExternalService(\"a.example.com\")][DestinationRule(WorkloadSelector = [{Labels(4096)}, [|\"k4096=v\"|]])]"),
        _ => throw new InvalidOperationException("no case for " + limit.Kind + " " + limit.SchemaPath + ": add one"),
    };

    private static string NameOf(SchemaLimit limit) => limit.Kind + " " + limit.SchemaPath + " " + KeywordOf(limit.LimitKind);

    public static IEnumerable<object[]> Limits() => SchemaLimits.All.Select(l => new object[] { NameOf(l) });

    private static SchemaLimit LimitNamed(string name) => SchemaLimits.All.Single(l => NameOf(l) == name);

    [Theory]
    [MemberData(nameof(Limits))]
    public void A_value_at_the_limit_builds_and_passes_the_crd_schema(string name)
    {
        var source = "using EgressDsl;\n" + CaseFor(LimitNamed(name)).AtLimit + " public partial class Limit;";
        AssertBuildsAndPassesSchema(source);
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void One_past_the_limit_gets_EGRESS017_on_the_argument_and_nothing_is_generated(string name) =>
        OneError.Check("EGRESS017", CaseFor(LimitNamed(name)).OverLimit + " public partial class Limit;");

    // ------------------------------------------------------------------ durations and weights

    private const string Api = "[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)][ServicePort(80, \"http\", PortProtocol.Http)] public partial class Api;\n";

    [Theory]
    [InlineData("1ms")]
    [InlineData("0.001s")]
    [InlineData("2562047h")]
    [InlineData("153722867m")]
    public void A_timeout_within_the_range_builds_and_passes_the_crd_schema(string timeout) =>
        AssertBuildsAndPassesSchema("using EgressDsl;\n" + Api + $"[EgressRoute(typeof(Api))][HttpRoute(Timeout = \"{timeout}\")] public partial class Limit;");

    [Theory]
    [InlineData("0s")]
    [InlineData("0.0001s")]
    [InlineData("0.999ms")]
    [InlineData("2562048h")]
    [InlineData("999999999h")]
    public void A_timeout_outside_the_range_gets_EGRESS502_on_the_timeout(string timeout) =>
        OneError.Check("EGRESS502", Api + $"[EgressRoute(typeof(Api))][HttpRoute(Timeout = [|\"{timeout}\"|])] public partial class Limit;");

    [Fact]
    public void Endpoint_weights_that_add_up_to_the_uint32_maximum_build()
    {
        // 2,147,483,647 + 2,147,483,647 + 1 (no weight) = 4,294,967,295.
        AssertBuildsAndPassesSchema("using EgressDsl;\n[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Static)][ServicePort(80, \"http\", PortProtocol.Http)]"
            + "[Endpoint(\"10.0.0.1\", Weight = 2147483647)][Endpoint(\"10.0.0.2\", Weight = 2147483647)][Endpoint(\"10.0.0.3\")] public partial class Limit;");
    }

    [Fact]
    public void Endpoint_weights_past_the_uint32_maximum_get_EGRESS009_on_the_weight_that_crosses_it() =>
        OneError.Check("EGRESS009", "[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Static)][ServicePort(80, \"http\", PortProtocol.Http)]"
            + "[Endpoint(\"10.0.0.1\", Weight = 2147483647)][Endpoint(\"10.0.0.2\", Weight = 2147483647)][Endpoint(\"10.0.0.3\", Weight = [|2|])] public partial class Limit;");

    [Fact]
    public void Endpoint_weights_past_the_maximum_without_a_weight_argument_get_it_on_the_endpoint() =>
        OneError.Check("EGRESS009", "[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Static)][ServicePort(80, \"http\", PortProtocol.Http)]"
            + "[Endpoint(\"10.0.0.1\", Weight = 2147483647)][Endpoint(\"10.0.0.2\", Weight = 2147483647)][Endpoint(\"10.0.0.3\")][[|Endpoint(\"10.0.0.4\")|]] public partial class Limit;");

    // ------------------------------------------------------------------ helpers

    internal static void AssertBuildsAndPassesSchema(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var errors = GeneratorHarness.Analyze(compilation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Assert.Empty(run.CompilationErrors);
        foreach (var document in YamlDocuments.Split(run.IstioYaml))
        {
            var problems = document.Contains("\nkind: Service\n", StringComparison.Ordinal)
                ? KubernetesServiceValidator.Validate(document)
                : CrdSchemaValidator.LoadDefault().Validate(document);
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        }
    }
}
