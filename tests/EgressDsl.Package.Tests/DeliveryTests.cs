using System.Text.RegularExpressions;
using EgressDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Package.Tests;

/// <summary>
/// The manifests on their way to a cluster, as a user of the package meets it: a GitOps folder in the repository, built,
/// published and checked in CI mode, and the kustomize overlays docs/gitops.md gives, built by `kubectl kustomize`.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class DeliveryTests
{
    private static readonly Lazy<CrdSchemaValidator> Validator = new(CrdSchemaValidator.LoadDefault);

    private readonly PackageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public DeliveryTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void GitOps_folder_is_written_published_checked_in_CI_and_overlays_from_the_docs_keep_every_reference()
    {
        Consumer app = _fixture.CreateConsumer(
            "PaymentsApp",
            "console",
            new Dictionary<string, string> { ["CnnEgress.cs"] = Manifests.Sample(_fixture, "CnnTlsOrigination", "CnnEgress.cs") },
            extraProjectXml: "<PropertyGroup><EgressGitOpsDir>../deploy/egress</EgressGitOpsDir></PropertyGroup>");
        string gitOps = Path.Combine(_fixture.Workspace, "deploy", "egress");

        CommandResult build = app.Build();
        app.AssertCleanBuild(build);
        string[] objects = Consumer.FilesBelow(Path.Combine(gitOps, "istio")).Select(path => "istio/" + path).ToArray();
        Assert.Equal(Manifests.CnnResources.Length, objects.Length);
        Assert.Equal(
            new[] { ".egress-files", ".egress-files.fingerprints", ".egress-files.lock" }.Concat(objects).Concat(new[] { "kustomization.yaml", "kustomizeconfig.yaml" }),
            Consumer.FilesBelow(gitOps));
        foreach (string file in objects)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(app.EgressDirectory, file)), File.ReadAllText(Path.Combine(gitOps, file)));
        }

        // The build above restored: publish, and the checks below, only build.
        CommandResult publish = app.Publish("--no-restore");
        Assert.True(publish.Succeeded, publish.Summary);
        string published = app.File("bin", "Release", "net10.0", "publish", "egress");
        Assert.Contains("istio.yaml", Consumer.FilesBelow(published));
        Assert.Contains("envoy/sidecar.json", Consumer.FilesBelow(published));

        // CI: in sync passes; a hand edit of a committed file fails with a diff naming the line, and the file stays as it was.
        CommandResult inSync = app.Build("-p:EgressManifestsCheck=true", "--no-restore");
        Assert.True(inSync.Succeeded, inSync.Summary);
        Assert.Contains($"EgressDsl: the manifests in {gitOps}{Path.DirectorySeparatorChar} are up to date", inSync.Output);
        string gatewayFile = Path.Combine(gitOps, "istio", "gateway_istio-system_istio-egressgateway.yaml");
        string original = File.ReadAllText(gatewayFile);
        File.WriteAllText(gatewayFile, original.Replace("mode: ISTIO_MUTUAL", "mode: SIMPLE", StringComparison.Ordinal));
        CommandResult drift = app.Build("-p:EgressManifestsCheck=true", "--no-restore");
        Assert.False(drift.Succeeded, drift.Summary);
        Assert.Contains("error EGRESS120: The manifests in", drift.Output);
        Assert.Contains("differs: istio/gateway_istio-system_istio-egressgateway.yaml", drift.Output);
        Assert.Contains("-      mode: SIMPLE", drift.Output);
        Assert.Contains("+      mode: ISTIO_MUTUAL", drift.Output);
        Assert.NotEqual(original, File.ReadAllText(gatewayFile));
        File.WriteAllText(gatewayFile, original);

        if (Kubectl.Path is null)
        {
            _output.WriteLine("SKIPPED the overlay checks: kubectl is not on PATH, so `kubectl kustomize` cannot build the overlays.");
            return;
        }

        // The base as it is, then the two overlays of docs/gitops.md, then a plain `namespace:`, which the docs warn breaks the chain.
        AssertOverlayKeepsReferences(Kubectl.Kustomize(gitOps), "the base", expectedNamespaces: new[] { "istio-system", null });
        string[] overlays = DocumentedOverlays();
        string relative = Path.GetRelativePath(Path.Combine(_fixture.Workspace, "overlays", "x"), gitOps).Replace('\\', '/');
        string namespaced = Kustomize("namespace", overlays[0].Replace("../../deploy/egress", relative, StringComparison.Ordinal));
        AssertOverlayKeepsReferences(namespaced, "the namespace overlay", expectedNamespaces: new[] { "istio-system", "payments" });
        string prefixed = Kustomize("prefix", overlays[1].Replace("../../deploy/egress", relative, StringComparison.Ordinal));
        AssertOverlayKeepsReferences(prefixed, "the name-prefix overlay", expectedNamespaces: new[] { "istio-system", null });
        Assert.Contains("name: staging-originate-mtls-for-cnn", prefixed);

        string plain = Kustomize("plain", $"resources:\n- {relative}\nnamespace: payments\n");
        Assert.Contains(
            "VirtualService payments/direct-cnn-through-egress-gateway: gateway 'istio-system/istio-egressgateway' names no Gateway",
            IstioReferences.Unresolved(YamlTree.ParseAll(plain)));
    }

    [Fact]
    public void Two_environments_are_both_written_and_a_subset_missing_only_in_prod_fails_the_build()
    {
        string source = Manifests.Sample(_fixture, "CnnTlsOrigination", "CnnEgress.cs");
        const string subset = "GatewaySubset = \"cnn\"";
        Assert.Contains(subset, source);
        string environments = """
            <ItemGroup>
              <EgressEnvironment Include="dev" GatewaySubset="cnn" Credential="client-credential-dev" />
              <EgressEnvironment Include="prod" GatewaySubset="cnn" Credential="client-credential-prod" />
            </ItemGroup>
            """;
        Consumer app = _fixture.CreateConsumer(
            "EnvironmentsApp",
            "console",
            new Dictionary<string, string>
            {
                ["CnnEgress.cs"] = source
                    .Replace(subset, "GatewaySubset = EgressDsl.Generated.EgressEnvironment.GatewaySubset", StringComparison.Ordinal)
                    .Replace("CredentialName = \"client-credential\"", "CredentialName = EgressDsl.Generated.EgressEnvironment.Credential", StringComparison.Ordinal),
            },
            extraProjectXml: environments);

        CommandResult build = app.Build();
        app.AssertCleanBuild(build);
        string rule = Path.Combine("istio", "destination-rule_istio-system_originate-mtls-for-cnn.yaml");
        Assert.Contains("credentialName: client-credential-dev\n", File.ReadAllText(Path.Combine(app.EgressDirectory, "dev", rule)));
        Assert.Contains("credentialName: client-credential-prod\n", File.ReadAllText(Path.Combine(app.EgressDirectory, "prod", rule)));
        Manifests.AssertIstioFolder(Path.Combine(app.EgressDirectory, "prod"), "v1", Manifests.CnnResources);

        // prod now routes to a gateway subset that only its value names: the analyzers, run on prod's values, stop the build.
        string project = File.ReadAllText(app.ProjectFile);
        File.WriteAllText(app.ProjectFile, project.Replace("""Include="prod" GatewaySubset="cnn" """, """Include="prod" GatewaySubset="cnn-prod" """, StringComparison.Ordinal));
        // The environments are items restore does not read: the first build's restore still holds.
        CommandResult broken = app.Build("--no-restore");
        Assert.False(broken.Succeeded, broken.Summary);
        Assert.Matches(@"CnnEgress\.cs\(\d+,\d+\): error EGRESS\d{3}: [^\n]*cnn-prod", broken.Output);
        Assert.Contains("error EGRESS128: The environment 'prod' (EgressEnvironment item) failed", broken.Output);
        Assert.DoesNotContain("The environment 'dev'", broken.Output);
    }

    private string Kustomize(string name, string kustomization)
    {
        string directory = Path.Combine(_fixture.Workspace, "overlays", name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "kustomization.yaml"), kustomization);
        return Kubectl.Kustomize(directory);
    }

    private static void AssertOverlayKeepsReferences(string built, string what, string?[] expectedNamespaces)
    {
        IReadOnlyList<YamlTree> objects = YamlTree.ParseAll(built);
        Assert.Equal(Manifests.CnnResources.Length, objects.Count);
        IReadOnlyList<string> errors = Validator.Value.ValidateDocuments(built);
        Assert.True(errors.Count == 0, $"{what} fails the CRD schemas:\n{string.Join("\n", errors)}");
        IReadOnlyList<string> unresolved = IstioReferences.Unresolved(objects);
        Assert.True(unresolved.Count == 0, $"{what} breaks references:\n{string.Join("\n", unresolved)}");
        Assert.Equal(
            expectedNamespaces.OrderBy(ns => ns, StringComparer.Ordinal),
            objects.Select(item => item["metadata"]!["namespace"]?.AsString).Distinct().OrderBy(ns => ns, StringComparer.Ordinal));
    }

    /// <summary>The YAML blocks of docs/gitops.md's "Overlays" section that are kustomizations, in order: the docs are what is tested.</summary>
    private string[] DocumentedOverlays()
    {
        string page = File.ReadAllText(_fixture.RepositoryFile("docs", "gitops.md")).Replace("\r\n", "\n");
        string overlays = page[page.IndexOf("\n## Overlays\n", StringComparison.Ordinal)..];
        string[] blocks = Regex.Matches(overlays, "```yaml\n(.*?)```", RegexOptions.Singleline).Select(match => match.Groups[1].Value).ToArray();
        Assert.Equal(2, blocks.Length);
        Assert.All(blocks, block => Assert.Contains("kind: Kustomization", block));
        return blocks;
    }
}
