using EgressDsl.TestHarness.IstioDocs;
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
    /// Every case of the generator's corpus of Istio's egress task pages (<see cref="IstioDocsSnippets.All"/>: the snippet
    /// groups the pages apply together), imported from the files the generator tests keep.
    /// </summary>
    public static TheoryData<string, string> CorpusCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var corpusCase in IstioDocsSnippets.All)
        {
            cases.Add(corpusCase.Page, corpusCase.Snippet);
        }

        return cases;
    }

    /// <summary>
    /// The corpus cases that come back as intent attributes, by case; every other case comes back low-level. Each intent is
    /// the one Istio's page stands for, and where the page differs from what the pattern writes the import keeps the
    /// low-level form: egress-control 1+3 leaves out the destination port the pattern writes, egress-gateway 4+5 writes a
    /// weight on one hop only, and the gateway pages' in-cluster nginx has no ServiceEntry for [GatewayEgress] to write.
    /// </summary>
    private static readonly Dictionary<string, string[]> CorpusIntents = new()
    {
        ["egress-control 2"] = ["DirectEgress"],
        ["egress-tls-origination 2"] = ["SidecarTlsOrigination"],
        ["egress-tls-origination 4"] = ["SidecarTlsOrigination"],
        ["egress-gateway 1+2+3"] = ["GatewayEgress"],
        ["egress-gateway-tls-origination 1+2+3+4"] = ["GatewayEgress"],
        ["egress-gateway-tls-origination 7+8+9"] = ["GatewayEgress"],
        ["egress-gateway-tls-origination-sds 2+3+4"] = ["GatewayEgress"],
        ["egress-gateway-tls-origination-sds 6+7+8"] = ["GatewayEgress"],
        ["wildcard-egress-hosts 1+2+3"] = ["GatewayEgress"],
        ["http-proxy 1"] = ["ExternalProxy"],
        ["egress-kubernetes-services 1+2"] = ["KubernetesEgressService"],
        ["egress-kubernetes-services 3+4+5"] = ["KubernetesEgressService"],
    };

    /// <summary>Every case imports whole (no loss), rebuilds the same objects, and comes back as an intent where it is one.</summary>
    [Theory]
    [MemberData(nameof(CorpusCases))]
    public void Istio_docs_snippets_rebuild_every_imported_object_and_report_the_rest(string page, string snippets)
    {
        var files = snippets.Split('+').Select(n => RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs", page, n + ".yaml")).ToArray();

        var roundTrip = RoundTrip.OfFiles(files);

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        Assert.True(roundTrip.Compared > 0, roundTrip.ToString());
        var losses = roundTrip.Result.Losses.Select(loss => loss.ToString()).ToList();
        Assert.True(losses.Count == 0, string.Join("\n", losses));
        Assert.Equal(CorpusIntents.GetValueOrDefault(page + " " + snippets, []), ImportIntentTests.Intents(roundTrip.Source));
    }

    /// <summary>A ServiceEntry alone of the simplest pattern is imported as [DirectEgress], and builds the same object.</summary>
    [Fact]
    public void A_direct_egress_service_entry_is_imported_as_the_intent()
    {
        var roundTrip = RoundTrip.OfFiles(RepositoryFile("tests", "EgressDsl.Generator.Tests", "IstioDocs", "egress-control", "2.yaml"));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0 && roundTrip.Result.Losses.Count == 0, roundTrip.ToString());
        Assert.Equal(1, roundTrip.Compared);
        Assert.Contains("[DirectEgress(\"www.google.com\", Name = \"google\")]", roundTrip.Source);
        Assert.DoesNotContain("[ExternalService", roundTrip.Source);
    }
}

public sealed class LossyImportRoundTripTests
{
    /// <summary>
    /// A destination without a port is left out by the DSL only for a service with one port (OmitSingleDestinationPort); on a
    /// service with two (where Istio needs the port), the route is left out whole and reported.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_destination_without_port_imports_whole_only_on_a_one_port_service(bool twoPorts)
    {
        var yaml = $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: api
            spec:
              hosts: [api.example.com]
              ports:
              - number: 80
                name: http
                protocol: HTTP
            {{(twoPorts ? "  - {number: 8080, name: http-alt, protocol: HTTP}" : string.Empty)}}
              resolution: DNS
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: api
            spec:
              hosts: [api.example.com]
              http:
              - timeout: 3s
                route:
                - destination:
                    host: api.example.com
            """;

        var roundTrip = RoundTrip.Of(new Import.ImportInput("port.yaml", yaml));

        Assert.True(roundTrip.UnreportedDifferences.Count == 0 && roundTrip.Diagnostics.Count == 0, roundTrip.ToString());
        var losses = roundTrip.Result.Losses.Select(loss => loss.ToString()).ToList();
        Assert.Equal(twoPorts ? 1 : 0, losses.Count);
        Assert.Equal(twoPorts, losses.Any(loss => loss.Contains("left out whole: a destination without port on api.example.com, which has 2 ports", StringComparison.Ordinal)));
        Assert.Equal(!twoPorts, roundTrip.Source.Contains("OmitSingleDestinationPort = true", StringComparison.Ordinal));
    }

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
