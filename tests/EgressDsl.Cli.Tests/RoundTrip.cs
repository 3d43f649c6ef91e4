using EgressDsl.Cli.Assemblies;
using EgressDsl.Cli.Diff;
using EgressDsl.Cli.Import;
using EgressDsl.Cli.Yaml;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Cli.Tests;

/// <summary>
/// Imports YAML, builds the imported classes with the real generator, and compares the objects it writes with the input's,
/// object by object after parsing: every difference must be one the import reported, and no object may appear that the input
/// does not have.
/// </summary>
internal sealed record RoundTrip(ImportResult Result, string Source, int Compared, IReadOnlyList<string> UnreportedDifferences, IReadOnlyList<string> Diagnostics)
{
    public static RoundTrip Of(params ImportInput[] inputs)
    {
        var result = Importer.Import(inputs, _ => { });
        var source = ImportWriter.Write(result.Classes, "Imported", result.IstioApiVersion, result.GatewayApi);
        var properties = new Dictionary<string, string> { ["EgressIstioApiVersion"] = result.IstioApiVersion };
        if (result.GatewayApi != null)
        {
            properties["EgressGatewayApi"] = result.GatewayApi;
        }

        using var built = BuiltSample.Build(properties, source);
        var diagnostics = built.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var generated = result.Classes.Count == 0
            ? new List<YamlObject>()
            : BuiltAssembly.Read(built.AssemblyPath).ObjectFiles.SelectMany(file => YamlInput.Objects(file.Content, file.RelativePath)).ToList();

        var leftOut = result.Losses.Where(l => l.Path == null).Select(l => (l.Source, l.Document, l.Item)).ToHashSet();
        var lostFiles = result.Losses.Where(l => l.Document == 0).Select(l => l.Source).ToHashSet();
        var lostPaths = result.Losses.Where(l => l.Path != null).ToLookup(l => (l.Source, l.Document, l.Item), l => l.Path!);
        var differences = new List<string>();
        var matched = new HashSet<string>();
        var compared = 0;
        foreach (var input in inputs.Where(i => !lostFiles.Contains(i.Source)).SelectMany(i => YamlInput.Objects(i.Text, i.Source)))
        {
            if (leftOut.Contains((input.Source, input.Document, input.Item)))
            {
                continue;
            }

            var key = input.Key("default");
            var output = generated.FirstOrDefault(g => g.Key("default") == key);
            if (output == null)
            {
                differences.Add(input.Location + ": " + key + " is not generated");
                continue;
            }

            compared++;
            matched.Add(key);
            var lost = lostPaths[(input.Source, input.Document, input.Item)].ToList();
            differences.AddRange(ObjectDiff.Compare(output.Root, input.Root, "default")
                .Where(d => !lost.Any(path => Covers(path, d.Path)))
                .Select(d => input.Location + ": " + key + ": " + d));
        }

        differences.AddRange(generated.Where(g => !matched.Contains(g.Key("default"))).Select(g => g.Key("default") + " is generated but not in the input"));
        return new RoundTrip(result, source, compared, differences, diagnostics);
    }

    public static RoundTrip OfFiles(params string[] paths) =>
        Of(paths.Select(path => new ImportInput(path, File.ReadAllText(path))).ToArray());

    /// <summary>Whether a reported path covers a difference's path: the same field or one below it.</summary>
    private static bool Covers(string reported, string difference) =>
        difference == reported
        || (difference.StartsWith(reported, StringComparison.Ordinal) && (difference[reported.Length] == '.' || difference[reported.Length] == '['))
        || (reported.StartsWith(difference, StringComparison.Ordinal) && (reported[difference.Length] == '.' || reported[difference.Length] == '['));

    public override string ToString() =>
        "differences the import did not report:\n" + string.Join("\n", UnreportedDifferences)
        + "\n--- errors:\n" + string.Join("\n", Diagnostics)
        + "\n--- reported:\n" + string.Join("\n", Result.Losses)
        + "\n--- imported:\n" + Source;
}
