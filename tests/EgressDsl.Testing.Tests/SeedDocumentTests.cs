using System.Collections.Generic;
using System.Linq;
using Xunit;
using static EgressDsl.Testing.Tests.TestSupport;

namespace EgressDsl.Testing.Tests;

/// <summary>The seed scenario's six resources are valid, as given (v1alpha3) and in the newer API versions.</summary>
public class SeedDocumentTests
{
    public static IEnumerable<object[]> SeedIndexes() => Enumerable.Range(0, 6).Select(i => new object[] { i });

    public static IEnumerable<object[]> SeedIndexesAndVersions()
        => from i in Enumerable.Range(0, 6) from v in IstioVersions select new object[] { i, v };

    [Fact]
    public void The_seed_holds_six_documents_and_its_Istio_ones_use_v1alpha3()
    {
        var documents = YamlDocuments.Split(SeedYaml);
        Assert.Equal(6, documents.Count);
        var kinds = documents.Select(d => YamlTree.Parse(d)["kind"]!.AsString).ToList();
        Assert.Equal(new[] { "Gateway", "VirtualService", "Service", "ServiceEntry", "DestinationRule", "VirtualService" }, kinds);
        Assert.All(
            documents.Select(YamlTree.Parse).Where(t => t["kind"]!.AsString != "Service"),
            t => Assert.Equal("networking.istio.io/v1alpha3", t["apiVersion"]!.AsString));
    }

    [Theory]
    [MemberData(nameof(SeedIndexesAndVersions))]
    public void Every_seed_document_is_valid_in_every_networking_version(int index, string version)
    {
        string document = WithVersion(YamlDocuments.Split(SeedYaml)[index], version);
        bool isService = YamlTree.Parse(document)["kind"]!.AsString == "Service";
        AssertValid(isService ? KubernetesServiceValidator.Validate(document) : Validator.Validate(document));
    }

    [Fact]
    public void The_whole_seed_stream_is_valid()
        => AssertValid(Validator.ValidateDocuments(SeedYaml));

    [Fact]
    public void The_seed_Service_is_refused_by_the_CRD_validator_with_a_pointer_to_the_Service_validator()
    {
        string service = YamlDocuments.Split(SeedYaml)[2];
        var error = Assert.Single(Validator.ValidateDetailed(service));
        Assert.Equal(ValidationErrorKind.Resource, error.Kind);
        Assert.Contains("KubernetesServiceValidator", error.Message);
    }

    [Fact]
    public void Errors_in_a_stream_name_their_document()
    {
        string broken = SeedYaml.Swap("resolution: STATIC", "resolution: STATICK");
        var error = Assert.Single(Validator.ValidateDocuments(broken));
        Assert.StartsWith("document 4 (ServiceEntry se-nginx-ext): spec.resolution: Unsupported value: \"STATICK\"", error);
    }

    [Fact]
    public void Validation_is_thread_safe()
    {
        var documents = YamlDocuments.Split(SeedYaml).Where(d => !d.Contains("kind: Service\n")).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        System.Threading.Tasks.Parallel.For(0, 200, i =>
        {
            foreach (var error in Validator.Validate(documents[i % documents.Count]))
            {
                failures.Add(error);
            }
        });
        Assert.Empty(failures);
    }
}
