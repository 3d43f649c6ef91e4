using Xunit;

namespace EgressDsl.Cli.Tests;

public sealed class ImportCommandTests
{
    private const string ServiceEntry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: httpbin
          namespace: egress
        spec:
          hosts:
          - httpbin.org
          ports:
          - number: 443
            name: https
            protocol: HTTPS
          resolution: DNS
        """;

    [Fact]
    public void Unknown_kinds_variables_and_templates_are_reported_and_left_out_whole()
    {
        var yaml = ServiceEntry + """

            ---
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata:
              name: default
            spec:
              egress:
              - hosts: ["./*"]
            ---
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: templated
            spec:
              hosts:
              - ${EXTERNAL_HOST}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: helm
            spec:
              host: "{{ .Values.host }}"
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: route
            """;

        var run = CliRun.WithInput(yaml, "import", "-");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Contains("-, document 2 (Sidecar default): left out whole: Sidecar (networking.istio.io/v1) has no EgressDsl attributes", run.Error);
        Assert.Contains("-, document 3 (ServiceEntry templated): left out whole: templating or a variable at spec.hosts[0] ('${EXTERNAL_HOST}')", run.Error);
        Assert.Contains("-, document 4 (DestinationRule helm): left out whole: templating or a variable at spec.host ('{{')", run.Error);
        Assert.Contains("-, document 5 (HTTPRoute route): left out whole: it has 0 parentRefs; the DSL writes each route bound to one Gateway, ServiceEntry or Service", run.Error);
        Assert.Contains("nothing written", run.Error);

        var accepted = CliRun.WithInput(yaml, "import", "-", "--accept-loss", "--namespace", "Company.Egress");
        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains("namespace Company.Egress;", accepted.Output);
        Assert.Contains("// From -, document 1: ServiceEntry egress/httpbin", accepted.Output);
        Assert.Contains("[ExternalService(\"httpbin.org\", Name = \"httpbin\", Namespace = \"egress\", Resolution = ServiceResolution.Dns)]", accepted.Output);
        Assert.DoesNotContain("templated", accepted.Output);
        Assert.DoesNotContain("Sidecar", accepted.Output);
    }

    [Fact]
    public void Every_field_the_DSL_cannot_express_is_listed_with_its_path()
    {
        var yaml = ServiceEntry + """

            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: httpbin
              namespace: egress
              labels:
                team: payments
            spec:
              host: httpbin.org
              trafficPolicy:
                connectionPool:
                  tcp:
                    maxConnections: 100
                tls:
                  mode: SIMPLE
                  sni: httpbin.org
            """;

        var run = CliRun.WithInput(yaml, "import", "-");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("-, document 2 (DestinationRule egress/httpbin): metadata.labels.team: the DSL has no attribute for this field", run.Error);
        Assert.Contains("-, document 2 (DestinationRule egress/httpbin): spec.trafficPolicy.connectionPool.tcp.maxConnections: the DSL has no attribute for this field", run.Error);
        Assert.DoesNotContain("spec.trafficPolicy.tls", run.Error);

        var accepted = CliRun.WithInput(yaml, "import", "-", "--accept-loss");
        Assert.Contains("[TlsOrigination(TlsMode.Simple, Sni = \"httpbin.org\")]", accepted.Output);
    }

    [Fact]
    public void What_kubectl_get_prints_imports_without_its_server_set_fields()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Service
              metadata:
                name: my-httpbin
                namespace: default
                uid: 0b5c5c1e-1d0a-4c37-9f8e-1b2c3d4e5f60
                resourceVersion: "4242"
                creationTimestamp: "2026-01-01T00:00:00Z"
                annotations:
                  kubectl.kubernetes.io/last-applied-configuration: '{}'
              spec:
                type: ExternalName
                externalName: httpbin.org
                sessionAffinity: None
                ports:
                - name: http
                  port: 80
                  protocol: TCP
              status:
                loadBalancer: {}
            """;

        var run = CliRun.WithInput(yaml, "import", "-");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[MeshHost(\"my-httpbin.default.svc.cluster.local\")]", run.Output);
        Assert.Contains("[KubernetesService(Name = \"my-httpbin\", Namespace = \"default\", ExternalName = \"httpbin.org\", Protocol = \"TCP\")]", run.Output);
        Assert.Contains("// From -, document 1, item 1: Service default/my-httpbin", run.Output);
    }

    [Fact]
    public void Writes_one_file_per_input_and_never_replaces_one()
    {
        var folder = Path.Combine(Path.GetTempPath(), "egressdsl-import-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "httpbin-egress.yaml");
            File.WriteAllText(input, ServiceEntry);
            var output = Path.Combine(folder, "Egress");

            var run = CliRun.Of("import", input, "-o", output);
            Assert.True(run.ExitCode == 0, run.ToString());
            var written = Path.Combine(output, "HttpbinEgress.cs");
            Assert.Contains("public partial class Httpbin;", File.ReadAllText(written));

            File.WriteAllText(written, "// edited by hand\n");
            var again = CliRun.Of("import", folder, "-o", output);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("never replaces a file", again.Error);
            Assert.Equal("// edited by hand\n", File.ReadAllText(written));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_yaml_is_reported_and_the_others_imported()
    {
        var folder = Path.Combine(Path.GetTempPath(), "egressdsl-import-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.yaml"), ServiceEntry);
            File.WriteAllText(Path.Combine(folder, "b.yaml"), "{{- if .Values.enabled }}\nkind: [\n");

            var run = CliRun.Of("import", folder, "--accept-loss");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("b.yaml: left out whole:", run.Error);
            Assert.Contains("public partial class Httpbin;", run.Output);
            Assert.Equal(2, CliRun.Of("import", Path.Combine(folder, "missing.yaml")).ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class ImportRobustnessTests
{
    /// <summary>
    /// Every document of the corpus imported alone, and again with each of its lines removed in turn (a field gone, or YAML
    /// that no longer parses): the import never fails as a whole; what it cannot read is reported and the rest imported.
    /// </summary>
    [Fact]
    public void Single_documents_and_their_mutations_never_break_the_import()
    {
        var folder = ImportRoundTripTests.RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs");
        var documents = Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Append(EgressDsl.Testing.SharedFiles.Find("seed/expected-istio.yaml"))
            .SelectMany(file => File.ReadAllText(file).Split("\n---\n"))
            .ToList();
        var inputs = new List<string>();
        foreach (var document in documents)
        {
            var lines = document.Split('\n');
            inputs.Add(document);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().Length > 0 && !lines[i].TrimStart().StartsWith('#'))
                {
                    inputs.Add(string.Join('\n', lines.Where((_, index) => index != i)));
                }
            }
        }

        var failures = new List<string>();
        foreach (var input in inputs)
        {
            var run = CliRun.WithInput(input, "import", "-", "--accept-loss");
            if (run.ExitCode != 0 || !run.Output.StartsWith("// Imported by egressdsl import.", StringComparison.Ordinal))
            {
                failures.Add(run + "\n--- input\n" + input);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(inputs.Count > 200, inputs.Count.ToString());
    }
}
