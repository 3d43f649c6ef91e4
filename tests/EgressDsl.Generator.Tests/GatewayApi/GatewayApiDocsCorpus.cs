using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests.GatewayApi;

/// <summary>
/// Issue 22: Istio's Gateway API tabs written with the DSL give Istio's objects, with no warning, and every document passes
/// its CRDs strictly (the Gateway API kinds the shared v1.6.1 CRDs, the Istio kinds Istio's).
/// </summary>
public class GatewayApiDocsCorpus
{
    /// <summary>
    /// Where Istio's pages and the Gateway API v1.6.1 CRDs disagree, the CRDs win, and the page's text is corrected before
    /// comparing: TLSRoute is <c>v1</c> (v1.6.1 no longer serves <c>v1alpha2</c>), and a v1 TLSRoute requires
    /// <c>hostnames</c>, which the pages leave out of the sidecar's hop (the ServiceEntry's hosts, which the DSL writes);
    /// ReferenceGrant is <c>v1</c> (the page writes <c>v1beta1</c>, which v1.6.1 still serves, as the same object).
    /// </summary>
    public static string Corrections(string snippet) => snippet
        .Replace("apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute",
            "apiVersion: gateway.networking.k8s.io/v1\nkind: TLSRoute", StringComparison.Ordinal)
        .Replace("apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant",
            "apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant", StringComparison.Ordinal);

    public static IEnumerable<object[]> Cases() => GatewayApiDocsSnippets.All.Select(c => new object[] { c.Page, c.Snippet, c.ProjectApi,
        c.Source });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Snippet_is_reproduced_exactly_without_diagnostics_and_passes_the_crds(string page, string snippet, string projectApi,
        string source)
    {
        var expected = Corrections(string.Join("---\n", snippet.Split('+').Select(n
            => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "GatewayApiDocs", page, n + ".yaml")))));
        var properties = new Dictionary<string, string>();
        if (projectApi.Length > 0)
        {
            properties["EgressGatewayApi"] = projectApi;
        }

        var run = IstioDocs.IstioDocsCorpus.RunWithoutWarnings(page + "/" + snippet, source, properties);
        var differences = YamlTree.DiffStreams(run.IstioYaml, expected)
            .Where(d => !IsMeshHopTlsRouteHostnames(d))
            .ToList();
        Assert.True(differences.Count == 0, page + "/" + snippet + ":\n" + string.Join("\n", differences)
            + "\n--- generated:\n" + run.IstioYaml);

        AssertPassesCrds(run.IstioYaml);
    }

    /// <summary>The one difference <see cref="Corrections"/> does not write out: the hostnames a v1 TLSRoute must have.</summary>
    private static bool IsMeshHopTlsRouteHostnames(string difference) =>
        difference.StartsWith("gateway.networking.k8s.io/v1 TLSRoute ?/direct-", StringComparison.Ordinal)
        && difference.Contains("spec.hostnames", StringComparison.Ordinal);

    /// <summary>Every Gateway API document against the v1.6.1 CRDs of its channel, every other one against Istio's (and Kubernetes')
    /// schemas.</summary>
    internal static void AssertPassesCrds(string yaml)
    {
        var gatewayApi = GatewayApiCrds.ValidateDocuments(yaml);
        Assert.True(gatewayApi.Count == 0, string.Join("\n", gatewayApi) + "\n--- generated:\n" + yaml);
        var others = YamlDocuments.Split(yaml).Where(d => !d.Contains("apiVersion: gateway.networking.k8s.io/", StringComparison.Ordinal));
        var istio = CrdSchemaValidator.LoadDefault().ValidateDocuments(string.Join("---\n", others));
        Assert.True(istio.Count == 0, string.Join("\n", istio));
    }

    [Fact]
    public void Every_snippet_file_has_a_case()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "GatewayApiDocs");
        var files = Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileNameWithoutExtension(f))
            .ToList();
        Assert.NotEmpty(files);
        var covered = GatewayApiDocsSnippets.All.SelectMany(c => c.Snippet.Split('+').Select(n => c.Page + "/" + n)).ToList();
        Assert.Empty(files.Except(covered));
    }
}
