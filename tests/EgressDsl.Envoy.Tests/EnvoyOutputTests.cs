using EgressDsl.Generator;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Envoy;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>How the Envoy output reaches the build and user code: files, constants, the EgressEmitEnvoy switch, caching, determinism.</summary>
public class EnvoyOutputTests
{
    private const string Envoy = "EgressDsl.Generated.EgressCatalog+Envoy";

    private static string Catalog(GeneratorRun run) => run.GeneratedSources.Single(s => s.StartsWith("EgressDsl.Catalog.g.cs", StringComparison.Ordinal));

    private static object? Constant(GeneratorRun run, string type, string field) =>
        run.Output.GetTypeByMetadataName(type)?.GetMembers(field).OfType<IFieldSymbol>().SingleOrDefault()?.ConstantValue;

    [Fact]
    public void Envoy_files_are_embedded_next_to_the_istio_yaml_and_user_code_reads_them()
    {
        var run = GeneratorHarness.Run(EnvoyOutputs.SeedSource);

        Assert.Empty(run.CompilationErrors);
        Assert.Contains("public static bool Enabled => true;", Catalog(run));
        Assert.Equal(run.Files["envoy/sidecar.json"], run.RunTimeValue(Envoy, "SidecarJson"));
        Assert.Equal(run.Files["envoy/bootstrap.yaml"], run.RunTimeValue(Envoy, "BootstrapYaml"));
        Assert.Equal("envoy/sidecar.json", Constant(run, Envoy, "SidecarPath"));
        const string gateway = Envoy + "+Gateways+EgNginxExt";
        Assert.Equal(run.Files["envoy/gateway_eg-nginx-ext.json"], run.RunTimeValue(gateway, "Json"));
        Assert.Equal("istio-egressgateway.istio-system.svc.cluster.local", Constant(run, gateway, "ServiceHost"));
        Assert.Equal("eg-nginx-ext", Constant(run, gateway, "Name"));
        Assert.Contains(run.Files.Keys, path => path.StartsWith("istio/", StringComparison.Ordinal));

        Assert.Contains("new global::EgressDsl.EgressEnvoyProxy(\"gateway\", \"eg-nginx-ext\", \"\", \"istio-egressgateway.istio-system.svc.cluster.local\", \"envoy/gateway_eg-nginx-ext.json\",", Catalog(run));
    }

    [Fact]
    public void The_run_time_reader_refuses_a_file_it_cannot_read_instead_of_returning_it_empty()
    {
        static string Packed(string path, string name, string text) => EgressDsl.Generator.Emit.CSharp.SourceWriter.PackedLiteral(FilePacker.PackFile(path, name, new[] { text }));
        var assembly = Load($$"""
            [System.CodeDom.Compiler.GeneratedCode("EgressDsl", "9.9.9")]
            internal static class Holder
            {
                private const string PackedFiles_Unknown = {{Packed("envoy/unknown.json", "FutureContent", "{}")}};
                private const string PackedFiles_Plain = {{Packed("envoy/plain.yaml", "Content", "a: 1\n")}};
            }
            """);

        Assert.Equal("a: 1\n", EgressManifestReader.ReadFile(assembly, "envoy/plain.yaml"));
        Assert.Equal(string.Empty, EgressManifestReader.ReadFile(assembly, "envoy/absent.json"));
        Assert.Contains("envoy/unknown.json", Assert.Throws<InvalidOperationException>(() => EgressManifestReader.ReadFile(assembly, "envoy/unknown.json")).Message, StringComparison.Ordinal);

        // A damaged constant fails every read: the assembly's files are unpacked together, once.
        var damaged = Load("""
            [System.CodeDom.Compiler.GeneratedCode("EgressDsl", "9.9.9")]
            internal static class Damaged
            {
                private const string PackedFiles = "not packed!";
            }
            """);
        Assert.Contains("Damaged.PackedFiles", Assert.Throws<InvalidOperationException>(() => EgressManifestReader.ReadFile(damaged, "envoy/damaged.json")).Message, StringComparison.Ordinal);
    }

    private static System.Reflection.Assembly Load(string source)
    {
        using var stream = new MemoryStream();
        Assert.True(GeneratorHarness.Compile(source).Emit(stream).Success);
        return System.Reflection.Assembly.Load(stream.ToArray());
    }

    [Fact]
    public void Emit_envoy_false_removes_the_envoy_files_and_empties_the_constants()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(EnvoyOutputs.SeedSource), new Dictionary<string, string> { ["EgressEmitEnvoy"] = "false" });

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.DoesNotContain(run.Files.Keys, path => path.StartsWith("envoy/", StringComparison.Ordinal));
        Assert.Contains(run.Files.Keys, path => path.StartsWith("istio/", StringComparison.Ordinal));
        Assert.Contains("public static bool Enabled => false;", Catalog(run));
        Assert.Equal(string.Empty, run.RunTimeValue(Envoy, "SidecarJson"));
        Assert.Empty(run.Output.GetTypeByMetadataName(Envoy + "+Gateways")!.GetTypeMembers());

        // The switch takes any case, as the MSBuild check does.
        var upper = GeneratorHarness.Run(GeneratorHarness.Compile(EnvoyOutputs.SeedSource), new Dictionary<string, string> { ["EgressEmitEnvoy"] = "FALSE" });
        Assert.DoesNotContain(upper.Files.Keys, path => path.StartsWith("envoy/", StringComparison.Ordinal));
    }

    [Fact]
    public void Envoy_step_stays_cached_on_an_unrelated_edit_and_reruns_when_a_route_changes()
    {
        var compilation = GeneratorHarness.Compile(EnvoyOutputs.SeedSource, "namespace Other { public class Unrelated { public int Value => 1; } }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var unrelated = Edit(compilation, 1, "Value => 1", "Value => 2");
        var cached = driver.RunGenerators(unrelated).GetRunResult().Results[0];
        Assert.All(cached.TrackedSteps[StepNames.Envoy].SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));

        var routeChanged = Edit(compilation, 0, "Headers = [\"want=v2\"], Subset = \"v2\"", "Headers = [\"want=v3\"], Subset = \"v2\"");
        var rerun = driver.RunGenerators(routeChanged).GetRunResult().Results[0];
        var output = Assert.Single(rerun.TrackedSteps[StepNames.Envoy].SelectMany(run => run.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, output.Reason);
        var gateway = ((EnvoyFiles)output.Value).Files.Single(file => file.Path.StartsWith("envoy/gateway_", StringComparison.Ordinal));
        Assert.Contains("\"exact\":\"v3\"", Assert.Single(PackedFiles.Unpack(gateway.Packed))["CompactJson"]);
    }

    [Fact]
    public void Envoy_output_does_not_depend_on_file_or_declaration_order()
    {
        var source = EnvoyOutputs.SeedSource;
        var split = source.IndexOf("/// <summary>The egress gateway", StringComparison.Ordinal);
        var header = "using EgressDsl;\nusing System.Diagnostics.CodeAnalysis;\nnamespace SeedEgress;\n";
        var reordered = GeneratorHarness.Run(GeneratorHarness.Compile(header + source.Substring(split), source.Substring(0, split)));

        var original = EnvoyOutputs.Generate(source);
        foreach (var (path, content) in original)
        {
            Assert.Equal(content, reordered.Files[path]);
        }
    }

    [Fact]
    public void Json_writer_escapes_every_character_json_needs_and_reads_back_exactly()
    {
        var hostile = "quote \" backslash \\ tab \t newline \n nul \0 bell \a e-acute \u00e9 emoji \U0001F600 line-separator \u2028 </script>";
        var document = new MappingBuilder().Add("text", hostile).Add("number", 4294967295).Add("flag", false).Add("empty", EnvoyNodes.EmptyObject)
            .Add("list", Nodes.Sequence()).Build();

        var json = JsonWriter.Indented(document);
        var compact = JsonWriter.Compact(document);

        Assert.Equal(hostile, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("text").GetString());
        Assert.Equal(4294967295, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("number").GetInt64());
        Assert.All(json, c => Assert.True(c == '\n' || (c >= 0x20 && c <= 0x7E), "unescaped U+" + ((int)c).ToString("X4")));
        const string text = "\"quote \\\" backslash \\\\ tab \\t newline \\n nul \\u0000 bell \\u0007 e-acute \\u00e9 emoji \\ud83d\\ude00 line-separator \\u2028 </script>\"";
        Assert.Equal("{\n  \"text\": " + text + ",\n  \"number\": 4294967295,\n  \"flag\": false,\n  \"empty\": {},\n  \"list\": []\n}\n", json);
        Assert.Equal("{\"text\":" + text + ",\"number\":4294967295,\"flag\":false,\"empty\":{},\"list\":[]}", compact);
    }

    [Theory]
    [InlineData("5s", "5s")]
    [InlineData("250ms", "0.25s")]
    [InlineData("1.5s", "1.5s")]
    [InlineData("2m", "120s")]
    [InlineData("1h", "3600s")]
    [InlineData("0.5ms", "0.0005s")]
    [InlineData("0s", "0s")]
    public void Istio_durations_become_proto3_json_durations_in_seconds(string istio, string envoy)
    {
        Assert.Equal(envoy, EnvoyDuration.From(istio));
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, int treeIndex, string find, string replace)
    {
        var tree = compilation.SyntaxTrees.ElementAt(treeIndex);
        var text = tree.GetText().ToString();
        Assert.Contains(find, text);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(find, replace))));
    }
}
