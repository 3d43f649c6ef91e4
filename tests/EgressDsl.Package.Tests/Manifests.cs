using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>Checks on a manifests folder that a consumer build wrote.</summary>
internal static class Manifests
{
    private static readonly Lazy<CrdSchemaValidator> Validator = new(CrdSchemaValidator.LoadDefault);

    /// <summary>The sample sources the consumers compile, read from the repository so the package is tested on what the README shows.</summary>
    internal static string Sample(PackageFixture fixture, string project, string file) =>
        File.ReadAllText(fixture.RepositoryFile("samples", project, file));

    /// <summary>
    /// Asserts that <paramref name="egressDirectory"/> holds one single-document file per resource under istio/, each valid
    /// against Istio's CRD schemas (Services against the Kubernetes rules), exactly the <paramref name="expected"/> resources,
    /// Istio ones with <c>networking.istio.io/<paramref name="apiVersion"/></c>, and an istio.yaml with the same objects.
    /// </summary>
    internal static void AssertIstioFolder(string egressDirectory, string apiVersion, params (string Kind, string Name)[] expected)
    {
        string istio = Path.Combine(egressDirectory, "istio");
        Assert.True(Directory.Exists(istio), $"{istio} was not written");
        var files = Directory.GetFiles(istio, "*.yaml").OrderBy(path => path, StringComparer.Ordinal).ToList();
        var found = new List<(string Kind, string Name)>();
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            YamlTree document = Assert.Single(YamlTree.ParseAll(text));
            IReadOnlyList<string> errors = Validator.Value.ValidateDocuments(text);
            Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
            string kind = document["kind"]!.AsString!;
            found.Add((kind, document["metadata"]!["name"]!.AsString!));
            Assert.Equal(kind == "Service" ? "v1" : "networking.istio.io/" + apiVersion, document["apiVersion"]!.AsString);
        }

        Assert.Equal(expected.OrderBy(item => item).ToList(), found.OrderBy(item => item).ToList());

        string combined = File.ReadAllText(Path.Combine(egressDirectory, "istio.yaml"));
        IReadOnlyList<string> differences = YamlTree.DiffStreams(combined, string.Join("\n---\n", files.Select(File.ReadAllText)));
        Assert.True(differences.Count == 0, "istio.yaml differs from istio/*.yaml:\n" + string.Join("\n", differences));
    }

    /// <summary>The resources of samples/CnnTlsOrigination, by the names its attributes give.</summary>
    internal static readonly (string Kind, string Name)[] CnnResources =
    {
        ("DestinationRule", "egressgateway-for-cnn"),
        ("DestinationRule", "originate-mtls-for-cnn"),
        ("Gateway", "istio-egressgateway"),
        ("ServiceEntry", "cnn"),
        ("VirtualService", "direct-cnn-through-egress-gateway"),
    };

    /// <summary>The resources of samples/SeedEgress, by the names its attributes give.</summary>
    internal static readonly (string Kind, string Name)[] SeedResources =
    {
        ("DestinationRule", "dr-nginx-ext"),
        ("Gateway", "eg-nginx-ext"),
        ("Service", "nginx"),
        ("ServiceEntry", "se-nginx-ext"),
        ("VirtualService", "vs-nginx-ext-egress"),
        ("VirtualService", "vs-nginx-ext-mesh"),
    };
}
