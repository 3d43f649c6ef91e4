using Xunit;

namespace EgressDsl.Generator.Tests;

public class DeterminismTests
{
    [Fact]
    public void Shuffled_files_and_declarations_give_byte_identical_sources()
    {
        // One class per file, so the files and the declarations can be shuffled independently.
        var declarations = SplitIntoClasses(Scenarios.WeightedSubsetsWithCredentialName)
            .Concat(SplitIntoClasses(Scenarios.PassthroughGateway))
            .Concat(SplitIntoClasses(GeneratorHarness.SampleSource("NginxEgress.cs")))
            .ToList();
        var reference = GeneratorHarness.Run(GeneratorHarness.Compile(declarations.Select((d, i) => ($"f{i}.cs", d)).ToArray())).GeneratedSources;
        Assert.NotEmpty(reference);

        var random = new Random(20261126);
        for (var round = 0; round < 10; round++)
        {
            var shuffled = declarations.OrderBy(_ => random.Next()).ToList();
            // Files named by shuffled position: order of paths and order of trees both change.
            var files = shuffled.Select((d, i) => ($"z{random.Next(1000)}_{i}.cs", d)).ToArray();
            Assert.Equal(reference, GeneratorHarness.Run(GeneratorHarness.Compile(files)).GeneratedSources);

            // All declarations in one file, in shuffled order (block namespaces, as one file cannot hold several file-scoped ones).
            var single = string.Join("\n", shuffled.Select(ToBlockNamespace));
            Assert.Equal(reference, GeneratorHarness.Run(GeneratorHarness.Compile("using EgressDsl;\n" + single)).GeneratedSources);
        }
    }

    private static string ToBlockNamespace(string file)
    {
        var body = file.Replace("using EgressDsl;\n", string.Empty);
        if (!body.StartsWith("namespace ", StringComparison.Ordinal))
        {
            return body;
        }

        var end = body.IndexOf(";\n", StringComparison.Ordinal);
        return body.Substring(0, end) + "\n{\n" + body.Substring(end + 2) + "\n}";
    }

    /// <summary>Cuts a scenario into one source per class, each with the usings and namespace it needs.</summary>
    private static IEnumerable<string> SplitIntoClasses(string source)
    {
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions);
        var root = (Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)tree.GetRoot();
        var ns = root.Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
        foreach (var type in root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
        {
            yield return "using EgressDsl;\n" + (ns is null ? string.Empty : "namespace " + ns + ";\n") + type.ToFullString();
        }
    }
}
