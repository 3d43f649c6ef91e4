using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class CrdSchemaTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void Every_generated_document_passes_the_strict_crd_schema_in_every_api_version(string name, string source)
    {
        foreach (var version in new[] { "v1", "v1beta1", "v1alpha3" })
        {
            var run = GeneratorHarness.RunWithVersion(version, source);
            foreach (var document in YamlDocuments.Split(run.IstioYaml))
            {
                var errors = document.Contains("\nkind: Service\n", StringComparison.Ordinal)
                    ? KubernetesServiceValidator.Validate(document)
                    : CrdSchemaValidator.LoadDefault().Validate(document);
                Assert.True(errors.Count == 0, $"{name} {version}:\n{document}\n{string.Join("\n", errors)}");
            }
        }
    }
}
