using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Cli.Tests;

public sealed class ImportRoundTripTests
{
    internal static string RepositoryFile(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EgressDsl.sln")))
            {
                return Path.Combine(new[] { folder.FullName }.Concat(parts).ToArray());
            }
        }

        throw new FileNotFoundException("The repository root (EgressDsl.sln) is not above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_seed_scenario_is_imported_whole_and_rebuilds_the_same_objects()
    {
        var roundTrip = RoundTrip.OfFiles(SharedFiles.Find("seed/expected-istio.yaml"));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.Empty(roundTrip.Result.Losses);
        Assert.Equal(6, roundTrip.Compared);
        Assert.Contains("[EgressRoute(typeof(SeNginxExt), Through = typeof(EgNginxExt), Port = 80, MeshName = \"vs-nginx-ext-mesh\", GatewayName = \"vs-nginx-ext-egress\")]", roundTrip.Source);
    }

    [Theory]
    [InlineData("NginxEgress.cs")]
    [InlineData("CnnEgress.cs")]
    public void A_samples_generated_yaml_is_imported_and_rebuilds_the_same_objects(string sample)
    {
        using var built = BuiltSample.Sample(sample);
        var yaml = CliRun.Of("manifests", built.AssemblyPath).Output;

        var roundTrip = RoundTrip.Of(new Import.ImportInput("istio.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Result.Losses.Count == 0, roundTrip.ToString());
        Assert.Equal(yaml.Split("---\n").Length, roundTrip.Compared);
    }

    /// <summary>
    /// The snippets of Istio's egress task pages (read where the generator tests keep them), imported in the groups the pages
    /// apply together: whatever is imported rebuilds the same objects, and whatever is not is in the report.
    /// </summary>
    [Theory]
    [InlineData("egress-kubernetes-services", "1+2", "")]
    [InlineData("egress-kubernetes-services", "3+4+5", "")]
    [InlineData("egress-gateway-tls-origination", "1+2+3", "")]
    [InlineData("egress-gateway-tls-origination", "4", "")]
    [InlineData("egress-gateway-tls-origination", "5", "")]
    [InlineData("egress-gateway-tls-origination", "6+7", "7.yaml, document 1 (VirtualService direct-nginx-through-egress-gateway): left out whole: no ServiceEntry or Kubernetes Service in the input declares the ports of nginx.example.com")]
    [InlineData("wildcard-egress-hosts", "1+2+3", "")]
    [InlineData("egress-tls-origination", "1", "")]
    [InlineData("egress-tls-origination", "2", "")]
    [InlineData("egress-tls-origination", "3", "")]
    [InlineData("egress-control", "1+3", "3.yaml, document 1 (VirtualService httpbin-ext): spec.http[0].route[0].destination.port: absent here")]
    [InlineData("egress-control", "2", "")]
    [InlineData("egress-gateway", "1+2+3", "")]
    [InlineData("egress-gateway", "4+5", "5.yaml, document 3 (VirtualService direct-cnn-through-egress-gateway): spec.tls[0].route[0].weight: absent here")]
    [InlineData("egress-gateway", "6", "")]
    public void Istio_docs_snippets_rebuild_every_imported_object_and_report_the_rest(string page, string snippets, string reported)
    {
        var files = snippets.Split('+').Select(n => RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs", page, n + ".yaml")).ToArray();

        var roundTrip = RoundTrip.OfFiles(files);

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Compared > 0, roundTrip.ToString());
        // The differences the generator's own corpus of these pages lists as known, and nothing else, are reported.
        var losses = roundTrip.Result.Losses.Select(loss => loss.ToString()).ToList();
        if (reported.Length == 0)
        {
            Assert.Empty(losses);
        }
        else
        {
            Assert.Contains(losses, loss => loss.Contains(reported, StringComparison.Ordinal));
            Assert.Single(losses);
        }
    }
}

public sealed class LossyImportRoundTripTests
{
    /// <summary>
    /// Objects with fields and orders the DSL does not reproduce: built again, every difference from the input is one the
    /// report names, so accepting the loss is accepting exactly what the report says.
    /// </summary>
    [Fact]
    public void Every_difference_of_a_lossy_import_is_in_the_report()
    {
        const string yaml = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: api
            spec:
              hosts: [api.example.com]
              ports:
              - number: 443
                protocol: TLS
              - number: 80
                name: http
                protocol: HTTP
              resolution: DNS
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: api
            spec:
              host: api.example.com
              trafficPolicy:
                connectionPool:
                  tcp:
                    maxConnections: 10
                portLevelSettings:
                - port:
                    number: 443
                  loadBalancer:
                    simple: RANDOM
                - port:
                    number: 80
                  tls:
                    mode: SIMPLE
                    sni: api.example.com
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: egress
            spec:
              servers:
              - port:
                  number: 80
                  name: http
                  protocol: HTTP
                hosts: [api.example.com]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: api-through-egress
            spec:
              hosts: [api.example.com]
              gateways: [mesh, egress]
              http:
              - match:
                - gateways: [egress]
                  port: 80
                route:
                - destination:
                    host: api.example.com
                    port:
                      number: 80
                retries:
                  attempts: 3
              - match:
                - gateways: [mesh]
                  port: 80
                route:
                - destination:
                    host: istio-egressgateway.istio-system.svc.cluster.local
                    port:
                      number: 80
            """;

        var roundTrip = RoundTrip.Of(new Import.ImportInput("lossy.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.Equal(4, roundTrip.Compared);
        var losses = roundTrip.Result.Losses.Select(loss => loss.Path).ToList();
        Assert.Contains("spec.ports[0].name", losses);
        Assert.Contains("spec.selector", losses);
        Assert.Contains("spec.trafficPolicy.connectionPool.tcp.maxConnections", losses);
        Assert.Contains("spec.trafficPolicy.portLevelSettings", losses);
        Assert.Contains("spec.http", losses);
        Assert.Contains("spec.http[0].retries.attempts", losses);
    }
}
