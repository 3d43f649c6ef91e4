using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// Issue 22's checks of the Kubernetes Gateway API form (EGRESS400, EGRESS403): each fires on the argument that asks for
/// what the form cannot write or attach, the corrected source is quiet, and the generator refuses the class.
/// </summary>
public class GatewayApiDiagnosticTests
{
    private const string Service = """
        [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(80, "http", PortProtocol.Http)]
        [Endpoint("10.0.0.1", Labels = ["version=v1"])]
        [Subset("v1", "version=v1")]
        public partial class Pay;

        """;

    private const string Gateway = """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes)][GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")] public partial class PayGateway;""";

    private const string Route = """[EgressRoute(typeof(Pay), Through = typeof(PayGateway), Port = 80)]""";

    private const string DnsOnly = """[ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]"""
        + """[ServicePort(80, "http", PortProtocol.Http)][Subset("all")][Subset("rest")] public partial class Api;"""
        + """[EgressGateway(Name = "api-egress", Api = GatewayApi.Kubernetes)]"""
        + """[GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class ApiGateway;""";

    private const string ApiRoute = """[EgressRoute(typeof(Api), Through = typeof(ApiGateway), Port = 80)]""";

    public static readonly (string Id, string Source)[] Firing =
    {
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes, Selector = {|EGRESS400:["istio=egressgateway"]|})][GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")] public partial class PayGateway;"""),
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes, TargetPorts = {|EGRESS400:["80=8080"]|})][GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")] public partial class PayGateway;"""),
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes)][GatewayServer(443, "https", PortProtocol.Https, "pay.example.com", Tls = ServerTlsMode.Simple, ServerCertificate = {|EGRESS400:"/etc/certs/tls.crt"|}, PrivateKey = "/etc/certs/tls.key")] public partial class PayGateway;"""),
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes)][GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")][Subset({|EGRESS400:"pay"|})] public partial class PayGateway;"""),
        ("EGRESS400", Gateway
            + """[EgressRoute(typeof(Pay), Through = typeof(PayGateway), Port = 80)][HttpRoute(Headers = [{|EGRESS400:"x-tenant^=eu-"|}])] public partial class PayRoute;"""),
        // A subset becomes a ServiceEntry of its own with the endpoints it selects (SubsetBackends): a service resolved by DNS
        // without [Endpoint] has none to copy.
        ("EGRESS400", DnsOnly + ApiRoute + """[HttpRoute(Subset = {|EGRESS400:"all"|})] public partial class ApiRoute;"""),
        ("EGRESS400", DnsOnly + ApiRoute + """[HttpRoute(Split = [{|EGRESS400:"all=90"|}, "rest=10"])] public partial class ApiRoute;"""),
        ("EGRESS400", Gateway
            + """[EgressRoute(typeof(Pay), Through = typeof(PayGateway), Port = 80)][HttpRoute(UriPrefix = {|EGRESS400:"/api"|})] public partial class PayRoute;"""),
        ("EGRESS400", Gateway
            + """[EgressRoute(typeof(Pay), Through = typeof(PayGateway), Port = 80)][HttpRoute(Timeout = {|EGRESS400:"1.5s"|})] public partial class PayRoute;"""),
    };

    private const string NginxTls = """[ExternalService("nginx.example.com", Resolution = ServiceResolution.Dns)]"""
        + """[ServicePort(443, "http-tls", PortProtocol.Http)]""";

    private const string NginxRoute = """[GatewayServer(80, "http", PortProtocol.Http, "nginx.example.com")] public partial class NginxGateway;"""
        + """[EgressRoute(typeof(Nginx), Through = typeof(NginxGateway), Port = 80)][HttpRoute(DestinationPort = 443)]"""
        + """ public partial class NginxRoute;""";

    private const string FileCertificates = """ClientCertificate = "/etc/certs/tls.crt", PrivateKey = "/etc/certs/tls.key")]""";

    /// <summary>Advice: the class is still written.</summary>
    public static readonly (string Id, string Source)[] FiringWarnings =
    {
        ("EGRESS403", NginxTls
            + """[TlsOrigination(TlsMode.Mutual, Port = 443, ClientCertificate = {|EGRESS403:"/etc/certs/tls.crt"|},"""
            + """ PrivateKey = "/etc/certs/tls.key")]"""
            + """ public partial class Nginx; [EgressGateway(Name = "nginx-egress", Api = GatewayApi.Kubernetes)]""" + NginxRoute),
        ("EGRESS404", NginxTls + """[DestinationRule(WorkloadSelector = {|EGRESS404:["app=egress-proxy"]|})]"""
            + """[TlsOrigination(TlsMode.Simple, Port = 443)] public partial class Nginx;"""
            + """[EgressGateway(Name = "nginx-egress", Api = GatewayApi.Kubernetes)]""" + NginxRoute),
    };

    public static readonly (string Id, string Source)[] Quiet =
    {
        ("EGRESS403", NginxTls
            + """[TlsOrigination(TlsMode.Mutual, Port = 443, CredentialName = "nginx-client")] public partial class Nginx;"""
            + """[EgressGateway(Name = "nginx-egress", Api = GatewayApi.Kubernetes)]""" + NginxRoute),
        // The Istio form's gateway is a deployment of your own, which can mount the files.
        ("EGRESS403", NginxTls
            + """[TlsOrigination(TlsMode.Mutual, Port = 443, """ + FileCertificates
            + """ public partial class Nginx; [EgressGateway(Name = "nginx-egress", Api = GatewayApi.Istio)]""" + NginxRoute),
        // The Istio form's selector of the gateway becomes the deployed gateway's label (KubernetesGatewayHops).
        ("EGRESS404", NginxTls + """[DestinationRule(WorkloadSelector = ["istio=egressgateway"])]"""
            + """[TlsOrigination(TlsMode.Simple, Port = 443)] public partial class Nginx;"""
            + """[EgressGateway(Name = "nginx-egress", Api = GatewayApi.Kubernetes)]""" + NginxRoute),
        // The same selector in the Istio form selects the gateway's pods.
        ("EGRESS404", NginxTls + """[DestinationRule(WorkloadSelector = ["app=egress-proxy"])]"""
            + """[TlsOrigination(TlsMode.Simple, Port = 443)] public partial class Nginx;"""
            + """[EgressGateway(Name = "nginx-egress", Api = GatewayApi.Istio)]""" + NginxRoute),
        ("EGRESS400", Gateway),
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes)][GatewayServer(443, "https", PortProtocol.Https, "pay.example.com", Tls = ServerTlsMode.Simple, CredentialName = "pay-cert")] public partial class PayGateway;"""),
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes)][GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")][LoadBalancer(LoadBalancerAlgorithm.RoundRobin)] public partial class PayGateway;"""),
        ("EGRESS400", Gateway + Route
            + """[HttpRoute(Headers = ["x-tenant~=^eu-.*"], UriPrefix = "/", Timeout = "1500ms")] public partial class PayRoute;"""),
        ("EGRESS400", Gateway + Route + """[HttpRoute(Subset = "v1")] public partial class PayRoute;"""),
        // The Istio form keeps every Istio-only setting.
        ("EGRESS400",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Istio, Selector = ["istio=egressgateway"])][GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")] public partial class PayGateway;"""
            + Route + """[HttpRoute(Headers = ["x-tenant^=eu-"], Subset = "v1")] public partial class PayRoute;"""),
    };

    /// <summary>
    /// The Gateway API's own attachment rules, which the two-hop check (EGRESS023) already enforces on the same model in
    /// both forms: a hostname no listener accepts, a port no listener has, a TLSRoute without a Passthrough listener.
    /// </summary>
    public static readonly (string Id, string Source)[] SharedChecks =
    {
        ("EGRESS023",
            """[EgressGateway(Name = "pay-egress", Api = GatewayApi.Kubernetes)][GatewayServer(80, "http", PortProtocol.Http, "other.example.com")] public partial class PayGateway;"""
            + Route + """[{|EGRESS023:HttpRoute|}] public partial class PayRoute;"""),
        ("EGRESS023", Gateway
            + """[EgressRoute(typeof(Pay), Through = typeof(PayGateway), Port = 80, GatewayPort = 8080)][{|EGRESS023:HttpRoute|}] public partial class PayRoute;"""),
        ("EGRESS023",
            """[ExternalService("tls.example.com", Resolution = ServiceResolution.Dns)][ServicePort(443, "tls", PortProtocol.Tls)] public partial class Tls;"""
            + """[EgressGateway(Name = "tls-egress", Api = GatewayApi.Kubernetes)][GatewayServer(443, "https", PortProtocol.Https, "tls.example.com", Tls = ServerTlsMode.IstioMutual)] public partial class TlsGateway;"""
            + """[EgressRoute(typeof(Tls), Through = typeof(TlsGateway), Port = 443)][{|EGRESS023:TlsRoute|}] public partial class TlsRouteClass;"""),
    };

    public static IEnumerable<object[]> SharedCheckCases() => SharedChecks.Select(c => new object[] { c.Id, c.Source });

    [Theory]
    [MemberData(nameof(SharedCheckCases))]
    public Task Attachment_rules_of_the_form_are_checked_by_the_two_hop_check(string id, string source) =>
        Verifiers.AnalyzeAsync(Service + source, id);

    public static IEnumerable<object[]> FiringCases() => Firing.Select(c => new object[] { c.Id, c.Source });

    public static IEnumerable<object[]> QuietCases() => Quiet.Select(c => new object[] { c.Id, c.Source });

    [Theory]
    [MemberData(nameof(FiringCases))]
    public Task Diagnostic_fires_on_the_argument_that_causes_it(string id, string source) =>
        Verifiers.AnalyzeAsync(Service + source, id);

    [Theory]
    [MemberData(nameof(QuietCases))]
    public Task Diagnostic_does_not_fire_on_the_corrected_source(string id, string source) =>
        Verifiers.AnalyzeAsync(Service + source, id);

    [Theory]
    [MemberData(nameof(FiringCases))]
    public void The_generator_refuses_the_class(string id, string source)
    {
        var compilation = TestSource.Compile(Verifiers.Usings + Service + TestSource.StripMarkup(source));
        var diagnostic = GeneratorHarness.AnalyzeIncludingSuppressed(compilation).Single(d => d.Id == id);
        var owner = TestSource.ClassAt(diagnostic);
        var generatorDiagnostics = GeneratorHarness.Run(compilation).Diagnostics;
        Assert.Contains(generatorDiagnostics, d => d.Id == "EGRESS900" && d.GetMessage().Contains("'" + owner + "'",
            StringComparison.Ordinal));
    }

    public static IEnumerable<object[]> FiringWarningCases() => FiringWarnings.Select(c => new object[] { c.Id, c.Source });

    [Theory]
    [MemberData(nameof(FiringWarningCases))]
    public async Task Warning_fires_on_the_argument_and_the_generator_still_writes_the_class(string id, string source)
    {
        await Verifiers.AnalyzeAsync(Service + source, id);
        var compilation = TestSource.Compile(Verifiers.Usings + Service + TestSource.StripMarkup(source));
        var run = GeneratorHarness.Run(compilation);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "EGRESS900");
        Assert.Contains("kind: HTTPRoute", run.IstioYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_check_of_the_form_has_a_firing_and_a_quiet_case()
    {
        var ids = Verifiers.AllIds.Where(id => string.CompareOrdinal(id, "EGRESS400") >= 0 && string.CompareOrdinal(id, "EGRESS430") < 0
            && id != "EGRESS401").ToList();
        Assert.NotEmpty(ids);
        Assert.Empty(ids.Except(Firing.Concat(FiringWarnings).Select(c => c.Id)));
        Assert.Empty(ids.Except(Quiet.Select(c => c.Id)));
    }
}
