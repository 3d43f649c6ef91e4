using System.Text.Json;
using EgressDsl.Generator;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.CSharp;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Resolution;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// The generator embeds the Envoy JSON compact and packed, and the readers (build task, run-time catalogue) unpack it and
/// lay it out with <see cref="JsonLayout"/>: the files must be exactly what <see cref="JsonWriter.Indented"/> writes.
/// </summary>
public class JsonLayoutTests
{
    public static IEnumerable<object[]> ScenarioNames() => EnvoyScenarios.Matrix().Select(s => new object[] { s.Name });

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Laying_out_each_embedded_envoy_document_gives_the_json_writers_indented_text(string scenario)
    {
        var run = GeneratorHarness.Run(EnvoyScenarios.Matrix().Single(s => s.Name == scenario).Source);
        var resolved = run.ResolvedProject;
        var envoy = EnvoyEmitter.Build(resolved);
        var packed = envoy.Proxies.Select(p => new ManifestFile(p.Path, PackProxy(p.Path, p.Json)))
            .Append(new ManifestFile(EnvoyOutput.BootstrapPath, FilePacker.PackFile(EnvoyOutput.BootstrapPath, "Content", new[] { envoy.BootstrapYaml })));
        Assert.Equal(packed, ((EnvoyFiles)Assert.Single(run.Result.Results[0].TrackedSteps[StepNames.Envoy].SelectMany(step => step.Outputs)).Value).Files);
        var projectFiles = run.GeneratedSources.Single(s => s.StartsWith("EgressDsl.ProjectFiles.g.cs", StringComparison.Ordinal));

        Assert.NotEmpty(envoy.Proxies);
        foreach (var proxy in envoy.Proxies)
        {
            var document = Tree(proxy.Json);
            Assert.Equal(proxy.Json, JsonWriter.Compact(document));
            Assert.Equal(JsonWriter.Indented(document), JsonLayout.Indent(proxy.Json));
            Assert.Equal(JsonWriter.Indented(document), run.Files[proxy.Path]);

            // Declared compact and packed, under the text name that tells the readers to lay it out.
            Assert.Contains(" = " + SourceWriter.PackedLiteral(PackProxy(proxy.Path, proxy.Json)) + ";", projectFiles, StringComparison.Ordinal);
        }

        // The YAML bootstrap is packed verbatim text; nothing is declared unpacked.
        Assert.Equal(envoy.Proxies.Count + 1, CountOf(projectFiles, "private const string PackedFiles_"));
        Assert.Equal(envoy.BootstrapYaml, run.Files[EnvoyOutput.BootstrapPath]);
        Assert.Equal(0, CountOf(projectFiles, "public const string"));
    }

    // A proxy's compact JSON packs after the Envoy dictionary.
    private static string PackProxy(string path, string json) =>
        FilePacker.PackFile(path, "CompactJson", new[] { json }, PackedFilesDictionary.EnvoyFlags);

    [Fact]
    public void Strings_pass_through_untouched_whatever_json_punctuation_or_escapes_they_hold()
    {
        var values = new[]
        {
            "{", "}", "[", "]", "{}", "[]", ",", ":", "a, b: {c} [d]", "\"", "\\", "\\\"", "\"{\"", "ends with backslash \\", "\\\\\"", "\"\"",
            string.Empty, " leading and trailing spaces ", "tab\tnewline\ncarriage\r", "\u0000\u001f\u007f\u00e9\u2028\U0001F600",
        };
        var document = new MappingBuilder()
            .Add("strings", Nodes.Strings(values))
            .Add("{\"key\": [with, punctuation]}", "value")
            .Add(string.Empty, string.Empty)
            .Build();

        AssertLaysOutLikeTheWriter(document);
        Assert.Equal(values, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonLayout.Indent(JsonWriter.Compact(document)))!["strings"]
            .EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Compact_text_does_not_depend_on_what_the_shared_builder_held_before_or_on_other_threads()
    {
        // Large enough to take many chunks, so the shared builder is kept at its size and cleared for the next document.
        var large = Nodes.Sequence(Enumerable.Range(0, 5_000).Select(i => (DocumentNode)new MappingBuilder().Add("name", "cluster-" + i).Add("port", i).Build()).ToArray());
        var small = new MappingBuilder().Add("name", "one").Add("flags", Nodes.Strings(new[] { "a", "b" })).Build();
        var expectedLarge = Expected(large);
        var expectedSmall = Expected(small);

        Assert.Equal(expectedLarge, JsonWriter.Compact(large));
        Assert.Equal(expectedSmall, JsonWriter.Compact(small));
        Assert.Equal(expectedLarge, JsonWriter.Compact(large));

        // Threads that find the builder taken write with their own: every text is whole and its own.
        var texts = new string[64];
        Parallel.For(0, texts.Length, i => texts[i] = JsonWriter.Compact(i % 2 == 0 ? large : small));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expectedLarge : expectedSmall, texts[i]);
        }

        // The compact text is the indented text without its insignificant whitespace.
        static string Expected(DocumentNode document) =>
            JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(JsonWriter.Indented(document)));
    }

    [Fact]
    public void A_large_text_comes_in_small_pieces_that_make_the_compact_text_and_pack_as_it_does()
    {
        // A route configuration of thousands of virtual hosts, with characters that are escaped among them.
        var large = new MappingBuilder()
            .Add("name", "80")
            .Add("virtual_hosts", Nodes.Sequence(Enumerable.Range(0, 3_000)
                .Select(i => (DocumentNode)new MappingBuilder().Add("name", "host-" + i + ".example.com:80").Add("note", "é \"q\" \\ " + i).Build())
                .ToArray()))
            .Build();
        var small = new MappingBuilder().Add("name", "one").Build();
        var compact = JsonWriter.Compact(large);

        var pieces = JsonWriter.CompactPieces(large);
        var texts = Enumerable.Range(0, pieces.Count).Select(i => pieces[i]).ToList();

        Assert.True(texts.Count > 1);
        Assert.Equal(compact, string.Concat(texts));

        // Each under the large object heap's threshold of 85,000 bytes.
        Assert.All(texts, text => Assert.True(text.Length * 2 < 85_000, text.Length + " characters"));
        Assert.Equal(FilePacker.PackFile("f", "CompactJson", new[] { compact }), FilePacker.PackFile("f", "CompactJson", texts));

        var one = JsonWriter.CompactPieces(small);
        Assert.Equal(1, one.Count);
        Assert.Equal(JsonWriter.Compact(small), one[0]);

        // In an array, the pieces of one item are not separated: the same text as the array of whole items.
        Assert.Equal(
            JsonWriter.CompactArray(new CompactJson[] { JsonWriter.Compact(small), JsonWriter.Compact(large), JsonWriter.Compact(small) }),
            JsonWriter.CompactArray(new[] { one, pieces, one }));
        Assert.Equal("[" + JsonWriter.Compact(small) + "," + compact + "]", JsonWriter.CompactArray(new[] { one, pieces }));
    }

    [Fact]
    public void A_streamed_sequence_is_written_as_the_sequence_of_its_items_each_made_when_it_is_reached()
    {
        var made = 0;
        IEnumerable<DocumentNode> Hosts()
        {
            for (var i = 0; i < 3; i++)
            {
                made++;
                yield return new MappingBuilder().Add("name", "host-" + i).Add("domains", Nodes.Strings(new[] { "h" + i, "h" + i + ":80" })).Build();
            }
        }

        var streamed = new MappingBuilder().Add("name", "80").Add("virtual_hosts", new StreamedSequenceNode(Hosts())).Add("empty", new StreamedSequenceNode(Array.Empty<DocumentNode>())).Build();
        var whole = new MappingBuilder().Add("name", "80").Add("virtual_hosts", Nodes.Sequence(Hosts().ToArray())).Add("empty", Nodes.Sequence()).Build();
        made = 0;

        var compact = JsonWriter.Compact(streamed);

        Assert.Equal(3, made);
        Assert.Equal(JsonWriter.Compact(whole), compact);
        Assert.Equal(JsonWriter.Indented(whole), JsonWriter.Indented(streamed));
        Assert.Equal(YamlWriter.Write(whole), YamlWriter.Write(streamed));
        AssertLaysOutLikeTheWriter(streamed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Items_spliced_where_the_placeholder_array_is_give_the_text_of_the_whole_tree(int count)
    {
        const string Placeholder = "the items";
        var items = Enumerable.Range(0, count)
            .Select(i => (DocumentNode)new MappingBuilder().Add("name", "host-" + i).Add("domains", Nodes.Strings(new[] { "h" + i })).Build())
            .ToArray();
        DocumentNode Document(DocumentNode list) => new MappingBuilder().Add("@type", "route").Add("virtual_hosts", list).Add("validate_clusters", false).Build();

        var skeleton = JsonWriter.Compact(Document(Nodes.Sequence(ScalarNode.Text(Placeholder))));
        var spliced = JsonWriter.Splice(skeleton, Placeholder, items.Select(JsonWriter.Compact).ToList());

        Assert.NotNull(spliced);
        Assert.Equal(JsonWriter.Compact(Document(Nodes.Sequence(items))), string.Concat(Enumerable.Range(0, spliced.Value.Count).Select(i => spliced.Value[i])));
    }

    [Fact]
    public void A_splice_is_refused_when_the_placeholder_array_is_not_there_exactly_once()
    {
        var twice = JsonWriter.Compact(Nodes.Sequence(Nodes.Sequence(ScalarNode.Text("p")), Nodes.Sequence(ScalarNode.Text("p"))));
        var inAnotherArray = JsonWriter.Compact(Nodes.Sequence(Nodes.Sequence(ScalarNode.Text("p"), ScalarNode.Text("q"))));

        Assert.Null(JsonWriter.Splice(twice, "p", new[] { "1" }));
        Assert.Null(JsonWriter.Splice(inAnotherArray, "p", new[] { "1" }));
        Assert.Null(JsonWriter.Splice("{}", "p", new[] { "1" }));
    }

    [Fact]
    public void Empty_objects_and_arrays_stay_on_one_line_at_any_depth()
    {
        var document = Nodes.Sequence(
            EnvoyNodes.EmptyObject,
            Nodes.Sequence(),
            Nodes.Sequence(Nodes.Sequence(), EnvoyNodes.EmptyObject),
            new MappingBuilder().Add("empty", EnvoyNodes.EmptyObject).Add("list", Nodes.Sequence()).Add("nested", Nodes.Map("inner", Nodes.Sequence())).Build());

        AssertLaysOutLikeTheWriter(document);
        Assert.Equal(
            "[\n  {},\n  [],\n  [\n    [],\n    {}\n  ],\n  {\n    \"empty\": {},\n    \"list\": [],\n    \"nested\": {\n      \"inner\": []\n    }\n  }\n]\n",
            JsonLayout.Indent(JsonWriter.Compact(document)));
        Assert.Equal("{}\n", JsonLayout.Indent("{}"));
        Assert.Equal("[]\n", JsonLayout.Indent("[]"));
    }

    [Fact]
    public void Numbers_and_booleans_are_copied_as_written()
    {
        var document = new MappingBuilder().Add("max", long.MaxValue).Add("min", long.MinValue).Add("zero", 0).Add("yes", true).Add("no", false)
            .Add("list", Nodes.Sequence(ScalarNode.Number(-1), ScalarNode.Flag(true))).Build();

        AssertLaysOutLikeTheWriter(document);
        Assert.Equal("[\n  1,\n  true,\n  null\n]\n", JsonLayout.Indent("[1,true,null]"));
    }

    [Fact]
    public void Already_indented_json_comes_back_unchanged()
    {
        var document = new MappingBuilder().Add("a", Nodes.Sequence(EnvoyNodes.EmptyObject, Nodes.Map("b", "c, d: {e}"))).Add("f", Nodes.Sequence()).Build();
        var indented = JsonWriter.Indented(document);

        Assert.Equal(indented, JsonLayout.Indent(indented));
        Assert.Equal(indented, JsonLayout.Indent("{ \"a\" : [ { } , {\"b\":\"c, d: {e}\"} ],\r\n\t\"f\": [ ] }"));
    }

    private static void AssertLaysOutLikeTheWriter(DocumentNode document) =>
        Assert.Equal(JsonWriter.Indented(document), JsonLayout.Indent(JsonWriter.Compact(document)));

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var index = text.IndexOf(part, StringComparison.Ordinal); index >= 0; index = text.IndexOf(part, index + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The document tree that writes <paramref name="json"/>, read with System.Text.Json, an independent parser: the
    /// generator's own tree is not kept, and its writer's escaping is a function of the value, so the tree rewrites the same bytes.
    /// </summary>
    private static DocumentNode Tree(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return Node(parsed.RootElement);

        static DocumentNode Node(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => new MappingNode(element.EnumerateObject().Select(p => new MappingEntry(p.Name, Node(p.Value))).ToEquatableArray()),
            JsonValueKind.Array => new SequenceNode(element.EnumerateArray().Select(Node).ToEquatableArray()),
            JsonValueKind.String => ScalarNode.Text(element.GetString()!),
            JsonValueKind.Number => new ScalarNode(element.GetRawText(), ScalarType.Integer),
            JsonValueKind.True or JsonValueKind.False => ScalarNode.Flag(element.GetBoolean()),
            _ => throw new InvalidOperationException("The Envoy JSON holds no " + element.ValueKind),
        };
    }
}
