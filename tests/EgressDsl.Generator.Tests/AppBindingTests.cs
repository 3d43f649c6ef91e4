using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// The app's code bound to its egress (issue 17): each service's <c>Egress.Address</c>, its subset headers when a
/// route chooses a subset by header, and the <c>UseEgress</c> extension for IHttpClientFactory clients, read as user code
/// reads them at run time.
/// </summary>
public class AppBindingTests
{
    private static readonly string SeedSource = GeneratorHarness.SampleSource("NginxEgress.cs");
    private static readonly string CnnSource = GeneratorHarness.SampleSource("CnnEgress.cs");

    [Fact]
    public void Seed_app_calls_plain_http_on_port_80_because_the_gateway_originates_tls()
    {
        var run = GeneratorHarness.Run(SeedSource);

        Assert.Empty(run.CompilationErrors);
        Assert.Equal("http://nginx.external.svc.cluster.local", run.Constant("SeedEgress.NginxExternal+Egress", "Address"));
    }

    [Fact]
    public void Seed_subset_headers_are_the_routes_want_headers()
    {
        var run = GeneratorHarness.Run(SeedSource, """
            public static class Probe
            {
                public static string V1 => Show(EgressDsl.Generated.EgressCatalog.For<SeedEgress.NginxExternal>().SubsetHeaders("v1"));
                public static string V2 => Show(EgressDsl.Generated.EgressCatalog.For<SeedEgress.NginxExternal>().SubsetHeaders("v2"));
                public static string Unknown
                {
                    get
                    {
                        try { EgressDsl.Generated.EgressCatalog.For<SeedEgress.NginxExternal>().SubsetHeaders("v3"); return "no error"; }
                        catch (System.ArgumentException e) { return e.ParamName!; }
                    }
                }

                private static string Show(System.Collections.Generic.KeyValuePair<string, string>[] headers) =>
                    string.Join(";", System.Linq.Enumerable.Select(headers, h => h.Key + ":" + h.Value));
            }
            """);

        Assert.Empty(run.CompilationErrors);
        Assert.Equal("want:v1", run.RunTimeValue("Probe", "V1"));
        Assert.Equal("want:v2", run.RunTimeValue("Probe", "V2"));
        Assert.Equal("subset", run.RunTimeValue("Probe", "Unknown"));
    }

    [Fact]
    public void Cnn_through_the_gateway_is_called_over_http_on_port_80_and_has_no_subset_headers()
    {
        var run = GeneratorHarness.Run(CnnSource);

        Assert.Equal("http://edition.cnn.com", run.Constant("CnnTlsOrigination.Cnn+Egress", "Address"));
        var egress = run.Output.GetTypeByMetadataName("CnnTlsOrigination.Cnn+Egress")!;
        Assert.Empty(egress.GetMembers("SubsetHeaders"));

        // The gateway and the route are not services the app calls.
        Assert.Empty(run.Output.GetTypeByMetadataName("CnnTlsOrigination.EgressGateway+Egress")!.GetMembers("Address"));
        Assert.Empty(run.Output.GetTypeByMetadataName("CnnTlsOrigination.CnnRoute+Egress")!.GetMembers("Address"));
    }

    [Theory]
    // Istio's sidecar TLS origination task: the app calls port 80, the sidecar originates TLS to 443.
    [InlineData("""[ServicePort(80, "http-port", PortProtocol.Http, TargetPort = 443)] [TlsOrigination(TlsMode.Simple, Port = 80, CaCertificates = "/ca.pem")]""", "http://api.example.com")]
    // The application opens TLS itself: https, default port left out.
    [InlineData("""[ServicePort(443, "https", PortProtocol.Https)]""", "https://api.example.com")]
    [InlineData("""[ServicePort(8443, "tls", PortProtocol.Tls)]""", "https://api.example.com:8443")]
    [InlineData("""[ServicePort(8080, "http", PortProtocol.Http)]""", "http://api.example.com:8080")]
    // Origination on a port other than 80 keeps its number.
    [InlineData("""[ServicePort(443, "http-tls", PortProtocol.Http)] [TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/ca.pem")]""", "http://api.example.com:443")]
    // Plain HTTP is preferred where the sidecar originates, whatever the order of the ports.
    [InlineData("""[ServicePort(443, "https", PortProtocol.Https)] [ServicePort(80, "http", PortProtocol.Http, TargetPort = 443)] [TlsOrigination(TlsMode.Simple, Port = 80, CaCertificates = "/ca.pem")]""", "http://api.example.com")]
    public void Address_follows_where_tls_is_opened(string ports, string expected)
    {
        var run = GeneratorHarness.Run($$"""
            using EgressDsl;
            [ExternalService("API.example.com", Resolution = ServiceResolution.Dns)]
            {{ports}}
            public partial class Api;
            """);

        Assert.Empty(run.CompilationErrors);
        Assert.Equal(expected, run.Constant("Api+Egress", "Address"));
    }

    [Fact]
    public void A_service_with_only_wildcard_hosts_or_only_tcp_ports_gets_no_address()
    {
        var run = GeneratorHarness.Run("""
            using EgressDsl;
            [ExternalService("*.example.com")]
            [ServicePort(443, "https", PortProtocol.Https)]
            public partial class Wildcard;

            [ExternalService("db.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(5432, "tcp", PortProtocol.Tcp)]
            public partial class Database;
            """);

        Assert.Empty(run.CompilationErrors);
        Assert.Empty(run.Output.GetTypeByMetadataName("Wildcard+Egress")!.GetMembers("Address"));
        Assert.Empty(run.Output.GetTypeByMetadataName("Database+Egress")!.GetMembers("Address"));
    }

    [Fact]
    public void Without_microsoft_extensions_http_no_use_egress_extension_is_generated()
    {
        var run = GeneratorHarness.Run(SeedSource);

        Assert.Null(run.Output.GetTypeByMetadataName("EgressDsl.Generated.EgressHttpClientBuilderExtensions"));
        Assert.DoesNotContain(run.GeneratedSources, s => s.StartsWith("EgressDsl.HttpClient.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void With_microsoft_extensions_http_one_call_sets_base_address_and_subset_headers()
    {
        var probe = """
            using Microsoft.Extensions.DependencyInjection;
            using EgressDsl.Generated;

            public sealed class NginxClient(System.Net.Http.HttpClient http)
            {
                public System.Net.Http.HttpClient Http { get; } = http;
            }

            public static class Probe
            {
                public static string Client
                {
                    get
                    {
                        var services = new ServiceCollection();
                        services.AddHttpClient<NginxClient>().UseEgress(SeedEgress.NginxExternal.Egress.Address, EgressDsl.Generated.EgressCatalog.For<SeedEgress.NginxExternal>().SubsetHeaders("v2"));
                        using var provider = services.BuildServiceProvider();
                        var http = provider.GetRequiredService<NginxClient>().Http;
                        return http.BaseAddress + " " + string.Join(";", System.Linq.Enumerable.Select(http.DefaultRequestHeaders, h => h.Key + ":" + string.Join(",", h.Value)));
                    }
                }
            }
            """;
        var compilation = GeneratorHarness.Compile(SeedSource, probe).AddReferences(HttpClientFactoryReferences());
        var run = GeneratorHarness.Run(compilation);

        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal("http://nginx.external.svc.cluster.local/ want:v2", run.RunTimeValue("Probe", "Client"));
    }

    /// <summary>Microsoft.Extensions.Http and what it depends on, from the test's own output (the test references the package).</summary>
    private static IEnumerable<MetadataReference> HttpClientFactoryReferences() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll").Select(path => MetadataReference.CreateFromFile(path));
}
