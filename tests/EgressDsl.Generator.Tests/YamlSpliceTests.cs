using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Helpers;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// The bootstrap's clusters are written one by one (<see cref="YamlWriter.WriteItem"/>), kept, and set into the rest of the
/// document (<see cref="YamlWriter.Splice"/>). The result must be the text
/// YamlDotNet writes for the whole tree, whatever the items hold and wherever the sequence sits.
/// </summary>
public class YamlSpliceTests
{
    private const string Placeholder = "egressdsl: the items";

    public static IEnumerable<object[]> Depths() => new[] { new object[] { 0 }, new object[] { 1 }, new object[] { 3 } };

    [Theory]
    [MemberData(nameof(Depths))]
    public void Items_written_apart_and_set_into_the_document_give_the_text_of_the_whole_tree(int depth)
    {
        var values = RoundTripTests.HostileStrings().Select(row => (string)row[0]).ToList();
        var items = Enumerable.Range(0, values.Count).Select(i => (DocumentNode)Item(values, i)).ToList();

        var whole = YamlWriter.Write(Document(depth, new SequenceNode(EquatableArray<DocumentNode>.Own(items.ToArray()))));
        var placeholderDocument = YamlWriter.Write(Document(depth, new SequenceNode(EquatableArray<DocumentNode>.Own(new DocumentNode[] { ScalarNode.Text(Placeholder) }))));
        var spliced = Splice(placeholderDocument, items.Select(item => YamlWriter.WriteItem(item)).ToList());
        Assert.Equal(whole, string.Concat(Assert.IsAssignableFrom<IReadOnlyList<string>>(spliced)));

        // Items written for the sequence's column are set in as they are; for another column, nothing is spliced.
        var column = depth * 2;
        Assert.Equal(whole, string.Concat(Splice(placeholderDocument, items.Select(item => YamlWriter.WriteItem(item, column)).ToList(), column)!));
        Assert.Null(Splice(placeholderDocument, items.Select(item => YamlWriter.WriteItem(item, column + 2)).ToList(), column + 2));
    }

    [Fact]
    public void Several_sequences_at_different_columns_are_spliced_in_the_documents_order_whatever_order_they_are_given_in()
    {
        // As in the bootstrap: a list of virtual hosts deep inside each listener, and the cluster list near the top.
        var values = RoundTripTests.HostileStrings().Select(row => (string)row[0]).ToList();
        DocumentNode Items(int from, int count) => new SequenceNode(EquatableArray<DocumentNode>.Own(
            Enumerable.Range(from, count).Select(i => (DocumentNode)Item(values, i % values.Count)).ToArray()));
        SequenceNode PlaceholderOnly(string name) => new(EquatableArray<DocumentNode>.Own(new DocumentNode[] { ScalarNode.Text(name) }));
        MappingNode Listener(DocumentNode hosts) => new MappingBuilder().Add("name", "l").Add("chain", Nodes.Map("config", Nodes.Map("hosts", hosts))).Build();
        MappingNode Bootstrap(DocumentNode first, DocumentNode second, DocumentNode clusters) => new MappingBuilder()
            .Add("listeners", Nodes.Sequence(Listener(first), Listener(second)))
            .Add("clusters", clusters)
            .Build();

        var whole = YamlWriter.Write(Bootstrap(Items(0, 3), Items(3, 2), Items(5, 4)));
        var skeleton = YamlWriter.Write(Bootstrap(PlaceholderOnly("egressdsl: first"), PlaceholderOnly("egressdsl: second"), PlaceholderOnly(Placeholder)));
        var sequences = new[]
        {
            new SplicedSequence(Placeholder, Enumerable.Range(5, 4).Select(i => YamlWriter.WriteItem(Item(values, i % values.Count), 0)).ToList(), 0),
            new SplicedSequence("egressdsl: second", Enumerable.Range(3, 2).Select(i => YamlWriter.WriteItem(Item(values, i % values.Count))).ToList()),
            new SplicedSequence("egressdsl: first", Enumerable.Range(0, 3).Select(i => YamlWriter.WriteItem(Item(values, i % values.Count), 6)).ToList(), 6),
        };

        Assert.Equal(whole, string.Concat(YamlWriter.Splice(skeleton, sequences)!));

        // One sequence written for the wrong column, or one placeholder missing, and nothing is spliced.
        Assert.Null(YamlWriter.Splice(skeleton, sequences.Select((q, i) => i == 2 ? q with { ItemsColumn = 8 } : q).ToList()));
        Assert.Null(YamlWriter.Splice(skeleton, sequences.Append(new SplicedSequence("egressdsl: third", Array.Empty<string>())).ToList()));
    }

    [Fact]
    public void A_document_that_holds_the_placeholder_elsewhere_as_an_item_is_not_spliced()
    {
        var placeholderItem = new SequenceNode(EquatableArray<DocumentNode>.Own(new DocumentNode[] { ScalarNode.Text(Placeholder) }));
        var document = new MappingBuilder().Add("first", placeholderItem).Add("second", placeholderItem).Build();

        Assert.Null(Splice(YamlWriter.Write(document), new[] { YamlWriter.WriteItem(ScalarNode.Text("x")) }));
    }

    [Fact]
    public void A_document_without_the_placeholder_is_not_spliced()
    {
        var document = new MappingBuilder().Add("key", "egressdsl: the items, and more").Build();

        Assert.Null(Splice(YamlWriter.Write(document), new[] { YamlWriter.WriteItem(ScalarNode.Text("x")) }));
    }

    // An item with the shapes the bootstrap's clusters have: scalars of every kind, nested mappings, sequences of scalars
    // and of mappings, empty mappings, a nested sequence directly inside a sequence.
    private static MappingNode Item(IReadOnlyList<string> values, int index) => new MappingBuilder()
        .Add("name", values[index])
        .Add("port", index)
        .Add("enabled", index % 2 == 0)
        .Add("empty", new MappingBuilder().Build())
        .Add("nested", new MappingBuilder().Add("value", values[(index + 1) % values.Count]).Add("deeper", Nodes.Map("last", values[(index + 2) % values.Count])))
        .Add("list", Nodes.Strings(new[] { values[(index + 3) % values.Count], "plain" }))
        .Add("endpoints", Nodes.Sequence(Nodes.Map("address", values[(index + 4) % values.Count]), Nodes.Sequence(Nodes.Map("inner", "x"))))
        .Build();

    private static IReadOnlyList<string>? Splice(string skeleton, IReadOnlyList<string> items, int? itemsColumn = null) =>
        YamlWriter.Splice(skeleton, new[] { new SplicedSequence(Placeholder, items, itemsColumn) });

    private static MappingNode Document(int depth, SequenceNode sequence)
    {
        DocumentNode node = sequence;
        for (var level = 0; level < depth; level++)
        {
            node = new MappingBuilder().Add("before", "x").Add("level" + level, node).Add("after", Nodes.Strings(new[] { "y" })).Build();
        }

        return new MappingBuilder().Add("head", "h").Add("items", node).Add("tail", Nodes.Map("t", "u")).Build();
    }
}
