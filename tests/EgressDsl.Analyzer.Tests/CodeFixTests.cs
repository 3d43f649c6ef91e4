using EgressDsl.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// Every code fix, on a source with several diagnostics: the framework applies the fix one diagnostic at a time, then
/// Fix All in document, project and solution scope, and compares each result with the fixed source.
/// </summary>
public class CodeFixTests
{
    /// <summary>
    /// Cross-class diagnostics (a route and the service it names) are reported when the analyzer has seen the whole
    /// compilation, so they are not "local" to one document. The IDE offers their fixes when it has them (full
    /// analysis, or after a build), and dotnet format applies them; the framework's local-only check does not apply.
    /// </summary>
    private const CodeFixTestBehaviors CrossClass = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

    [Fact]
    public async Task Make_partial_changes_the_class_and_the_classes_it_is_nested_in_once()
    {
        var test = Verifiers.CodeFix<MakePartialFix>(
            """
            [ExternalService("a.example.com")] public class {|EGRESS015:Svc|};

            public static class Outer
            {
                [ExternalService("b.example.com")]
                public class {|EGRESS015:Inner|};

                [ExternalService("c.example.com")]
                class {|EGRESS015:Other|};
            }
            """,
            """
            [ExternalService("a.example.com")] public partial class Svc;

            public static partial class Outer
            {
                [ExternalService("b.example.com")]
                public partial class Inner;

                [ExternalService("c.example.com")]
                partial class Other;
            }
            """,
            "EGRESS015");
        test.NumberOfIncrementalIterations = -3;
        await test.RunAsync();
    }

    [Fact]
    public async Task Make_partial_is_not_offered_for_a_generic_class()
    {
        var test = Verifiers.CodeFix<MakePartialFix>(
            """[ExternalService("a.example.com")] public class {|EGRESS015:Svc|}<T>;""",
            """[ExternalService("a.example.com")] public class {|EGRESS015:Svc|}<T>;""",
            "EGRESS015");
        await test.RunAsync();
    }

    [Fact]
    public async Task Fields_istio_mutual_ignores_are_removed_and_the_others_kept()
    {
        var test = Verifiers.CodeFix<RemoveIgnoredArgumentFix>(
            """
            [ExternalService("a.example.com")]
            [ServicePort(443, "https", PortProtocol.Https)]
            [TlsOrigination(TlsMode.IstioMutual, ClientCertificate = {|EGRESS052:"/c.pem"|}, PrivateKey = {|EGRESS052:"/k.pem"|}, Sni = "a.example.com")]
            [TlsOrigination(TlsMode.IstioMutual, Port = 443,
                CaCertificates = {|EGRESS052:"/ca.pem"|},
                SubjectAltNames = ["spiffe://cluster.local/ns/a/sa/a"])]
            public partial class Svc;
            """,
            """
            [ExternalService("a.example.com")]
            [ServicePort(443, "https", PortProtocol.Https)]
            [TlsOrigination(TlsMode.IstioMutual, Sni = "a.example.com")]
            [TlsOrigination(TlsMode.IstioMutual, Port = 443,
                SubjectAltNames = ["spiffe://cluster.local/ns/a/sa/a"])]
            public partial class Svc;
            """,
            "EGRESS052");
        await test.RunAsync();
    }

    [Fact]
    public async Task Insecure_skip_verify_is_removed()
    {
        var test = Verifiers.CodeFix<RemoveIgnoredArgumentFix>(
            """
            [ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)]
            [Subset("v1")]
            [TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem", InsecureSkipVerify = false)]
            [TlsOrigination(TlsMode.Simple, Subset = "v1", InsecureSkipVerify = {|EGRESS051:true|}, Sni = "a.example.com")]
            [TlsOrigination(TlsMode.Simple, Port = 443, InsecureSkipVerify = {|EGRESS051:true|})]
            public partial class Svc;
            """,
            """
            [ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)]
            [Subset("v1")]
            [TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem", InsecureSkipVerify = false)]
            [TlsOrigination(TlsMode.Simple, Subset = "v1", Sni = "a.example.com")]
            [TlsOrigination(TlsMode.Simple, Port = 443)]
            public partial class Svc;
            """,
            "EGRESS051");
        await test.RunAsync();
    }

    [Fact]
    public async Task Certificates_on_a_passthrough_server_are_removed()
    {
        var test = Verifiers.CodeFix<RemoveIgnoredArgumentFix>(
            """
            [EgressGateway]
            [GatewayServer(443, "tls", PortProtocol.Tls, "a.example.com", Tls = ServerTlsMode.Passthrough, CredentialName = {|EGRESS055:"cert"|}, CaCertificates = {|EGRESS055:"/ca.pem"|})]
            public partial class Gw;
            """,
            """
            [EgressGateway]
            [GatewayServer(443, "tls", PortProtocol.Tls, "a.example.com", Tls = ServerTlsMode.Passthrough)]
            public partial class Gw;
            """,
            "EGRESS055");
        await test.RunAsync();
    }

    private const string Multi = """
        [ExternalService("m.example.com")][ServicePort(80, "http", PortProtocol.Http)][ServicePort(443, "https", PortProtocol.Https)] public partial class Multi;

        """;

    [Theory]
    [InlineData("EGRESS021.DestinationPort.443", 443)]
    [InlineData("EGRESS021.DestinationPort.80", 80)]
    public async Task Destination_port_is_set_to_the_chosen_port_of_the_service(string key, int port)
    {
        var test = Verifiers.CodeFix<SetDestinationPortFix>(
            Multi + """
            [EgressRoute(typeof(Multi))]
            [{|EGRESS021:HttpRoute(UriPrefix = "/a")|}]
            [{|EGRESS021:HttpRoute|}]
            public partial class Route;
            """,
            Multi + $$"""
            [EgressRoute(typeof(Multi))]
            [HttpRoute(UriPrefix = "/a", DestinationPort = {{port}})]
            [HttpRoute(DestinationPort = {{port}})]
            public partial class Route;
            """,
            "EGRESS021");
        test.CodeActionEquivalenceKey = key;
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    [Fact]
    public async Task Destination_port_writes_out_the_implicit_rule_of_a_route_without_rules()
    {
        var test = Verifiers.CodeFix<SetDestinationPortFix>(
            Multi + """
            [EgressRoute(typeof(Multi))]
            public partial class {|EGRESS021:Route|};
            """,
            Multi + """
            [EgressRoute(typeof(Multi))]
            [HttpRoute(DestinationPort = 443)]
            public partial class Route;
            """,
            "EGRESS021");
        test.CodeActionEquivalenceKey = "EGRESS021.DestinationPort.443";
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    private const string PastedKeys = """
        [ExternalService("partner.example.com")]
        [ServicePort(443, "https", PortProtocol.Https)]
        [DestinationRule(WorkloadSelector = ["app=billing"])]
        [TlsOrigination(TlsMode.Mutual,
            ClientCertificate = {|EGRESS012:"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"|},
            PrivateKey = {|EGRESS012:"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"|},
            CaCertificates = "/etc/certs/ca.pem")]
        public partial class PartnerApi;
        """;

    [Fact]
    public async Task Pasted_key_becomes_a_file_path_placeholder_with_a_todo()
    {
        var test = Verifiers.CodeFix<KeyMaterialFix>(
            PastedKeys,
            """
            [ExternalService("partner.example.com")]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(WorkloadSelector = ["app=billing"])]
            [TlsOrigination(TlsMode.Mutual,
                ClientCertificate = /* TODO: mount the certificate from a Secret at this path */ "/etc/istio/egressgateway-certs/tls.crt",
                PrivateKey = /* TODO: mount the private key from a Secret at this path; the pasted key is leaked, replace it */ "/etc/istio/egressgateway-certs/tls.key",
                CaCertificates = "/etc/certs/ca.pem")]
            public partial class PartnerApi;
            """,
            "EGRESS012");
        test.CodeActionEquivalenceKey = "EGRESS012.FilePath";
        await test.RunAsync();
    }

    [Fact]
    public async Task Pasted_keys_become_one_credential_name_placeholder_with_a_todo()
    {
        var test = Verifiers.CodeFix<KeyMaterialFix>(
            PastedKeys,
            """
            [ExternalService("partner.example.com")]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(WorkloadSelector = ["app=billing"])]
            [TlsOrigination(TlsMode.Mutual, CredentialName = /* TODO: create this Secret (tls.crt, tls.key, ca.crt) where the proxy runs; the pasted key is leaked, replace it */ "partner-api-credential")]
            public partial class PartnerApi;
            """,
            "EGRESS012");
        test.CodeActionEquivalenceKey = "EGRESS012.CredentialName";
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }

    /// <summary>
    /// EGRESS012 now sits on any string that holds a secret; the fix replaces only certificate and key arguments and a
    /// CredentialName, so a secret in Sni, a header or a label is left to the user (no action is offered).
    /// </summary>
    [Theory]
    [InlineData("""[ExternalService("partner.example.com")][TlsOrigination(TlsMode.Simple, CaCertificates = "/etc/certs/ca.pem", Sni = {|EGRESS012:"-----BEGIN PRIVATE KEY-----"|})] public partial class PartnerApi;""")]
    [InlineData("""[ExternalService("partner.example.com", SubjectAltNames = [{|EGRESS012:"AKIAIOSFODNN7EXAMPLE"|}])][TlsOrigination(TlsMode.Simple, CaCertificates = "/etc/certs/ca.pem")] public partial class PartnerApi;""")]
    [InlineData("""[ExternalService("partner.example.com")][TlsOrigination(TlsMode.Simple, CaCertificates = "/etc/certs/ca.pem", SubjectAltNames = [{|EGRESS012:"password=hunter2-and-more"|}])] public partial class PartnerApi;""")]
    public async Task No_fix_is_offered_for_a_secret_outside_the_certificate_and_credential_arguments(string source)
    {
        foreach (var key in new[] { "EGRESS012.FilePath", "EGRESS012.CredentialName" })
        {
            var test = Verifiers.CodeFix<KeyMaterialFix>(source, source, "EGRESS012");
            test.CodeActionEquivalenceKey = key;
            await test.RunAsync();
        }
    }

    private const string VersionedService = """
        [ExternalService("s.example.com", Resolution = ServiceResolution.Static)]
        [ServicePort(80, "http", PortProtocol.Http)]
        [Endpoint("10.0.0.1", Labels = ["version=v1"])]
        [Endpoint("10.0.0.2", Labels = ["version=v2"])]
        [Subset("v1", "version=v1")]
        public partial class Svc;
        """;

    /// <summary>
    /// Issue 19: a typo (no endpoint has the label) is fixed by using a subset that exists, offered first; no subset
    /// without labels, which would select every endpoint, is offered or added by Fix All.
    /// </summary>
    [Fact]
    public async Task A_subset_no_endpoint_has_is_replaced_by_an_existing_one_and_never_added_without_labels()
    {
        var source = VersionedService + """

            [EgressRoute(typeof(Svc))]
            [HttpRoute(Headers = ["x=1"], Subset = {|EGRESS020:"v3"|})]
            [HttpRoute(Split = ["v1=50", {|EGRESS020:"v3=50"|}])]
            public partial class Route;
            """;
        var test = Verifiers.CodeFix<AddMissingSubsetFix>(source, VersionedService + """

            [EgressRoute(typeof(Svc))]
            [HttpRoute(Headers = ["x=1"], Subset = "v1")]
            [HttpRoute(Split = ["v1=50", "v1=50"])]
            public partial class Route;
            """, "EGRESS020");
        test.CodeActionEquivalenceKey = AddMissingSubsetFix.UseKeyPrefix + "v1";
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();

        var addOnly = Verifiers.CodeFix<AddMissingSubsetFix>(source, source, "EGRESS020");
        addOnly.CodeActionEquivalenceKey = AddMissingSubsetFix.Key;
        addOnly.CodeFixTestBehaviors |= CrossClass;
        await addOnly.RunAsync();
    }

    [Fact]
    public async Task Missing_subset_is_added_once_to_the_routed_service_in_another_file_with_the_endpoint_label()
    {
        var test = Verifiers.CodeFix<AddMissingSubsetFix>(string.Empty, string.Empty, "EGRESS020");
        test.TestState.Sources.Clear();
        test.TestState.Sources.Add(("/0/Service.cs", Verifiers.Usings + VersionedService));
        test.TestState.Sources.Add(("/0/Route.cs", Verifiers.Usings + """
            [EgressRoute(typeof(Svc))]
            [HttpRoute(Headers = ["x=1"], Subset = {|EGRESS020:"v2"|})]
            [HttpRoute(Split = ["v1=50", {|EGRESS020:"v2=50"|}])]
            public partial class Route;
            """));
        test.FixedState.Sources.Clear();
        test.FixedState.Sources.Add(("/0/Service.cs", Verifiers.Usings + VersionedService.Replace(
            "[Subset(\"v1\", \"version=v1\")]\n", "[Subset(\"v1\", \"version=v1\")]\n[Subset(\"v2\", \"version=v2\")]\n")));
        test.FixedState.Sources.Add(("/0/Route.cs", Verifiers.Usings + """
            [EgressRoute(typeof(Svc))]
            [HttpRoute(Headers = ["x=1"], Subset = "v2")]
            [HttpRoute(Split = ["v1=50", "v2=50"])]
            public partial class Route;
            """));
        test.NumberOfIncrementalIterations = -2;
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    [Fact]
    public async Task Missing_gateway_subset_and_own_subset_are_added_to_the_right_class()
    {
        var test = Verifiers.CodeFix<AddMissingSubsetFix>(
            """
            [ExternalService("api.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Api;

            [ExternalService("other.example.com")][ServicePort(443, "https", PortProtocol.Https)]
            [TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem", Subset = {|EGRESS020:"strict"|})]
            public partial class Other;

            [EgressGateway]
            [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
            public partial class Gw;

            [EgressRoute(typeof(Api), Through = typeof(Gw), GatewaySubset = {|EGRESS020:"api"|})]
            [HttpRoute]
            public partial class Route;
            """,
            """
            [ExternalService("api.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Api;

            [ExternalService("other.example.com")][ServicePort(443, "https", PortProtocol.Https)]
            [TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem", Subset = "strict")]
            [Subset("strict")]
            public partial class Other;

            [EgressGateway]
            [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
            [Subset("api")]
            public partial class Gw;

            [EgressRoute(typeof(Api), Through = typeof(Gw), GatewaySubset = "api")]
            [HttpRoute]
            public partial class Route;
            """,
            "EGRESS020");
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    private const string Payments = """
        namespace Shop
        {
            [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http, TargetPort = 443)]
            [TlsOrigination(TlsMode.Simple, Port = 80, CaCertificates = "/ca.pem")]
            public partial class Payments;

            [ExternalService("legacy.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http, TargetPort = 443)]
            [TlsOrigination(TlsMode.Simple, Port = 80, CaCertificates = "/ca.pem")]
            public class {|EGRESS015:Legacy|};
        }

        """;

    [Fact]
    public async Task Https_literal_to_a_host_whose_tls_the_mesh_originates_becomes_the_generated_address()
    {
        var test = new WithGenerator<UseEgressAddressFix>
        {
            TestCode = Verifiers.Usings + Payments + """
            namespace Shop.App
            {
                public static class Calls
                {
                    public static readonly System.Uri Charge = new System.Uri({|EGRESS220:"https://pay.example.com/v1/charge?x=1"|});
                    public static string Root() => {|EGRESS220:"https://PAY.example.com/"|};
                    public static string Legacy() => {|EGRESS220:"https://legacy.example.com/a"|};
                }
            }
            """,
            FixedCode = Verifiers.Usings + Payments + """
            namespace Shop.App
            {
                public static class Calls
                {
                    public static readonly System.Uri Charge = new System.Uri(Payments.Egress.Address + "/v1/charge?x=1");
                    public static string Root() => Payments.Egress.Address;
                    public static string Legacy() => "http://legacy.example.com/a";
                }
            }
            """,
        };
        Verifiers.Configure(test, new[] { "EGRESS220", "EGRESS015" });
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    [Fact]
    public async Task Https_server_for_a_host_the_gateway_originates_becomes_plain_http_on_port_80()
    {
        const string service = """
            [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(Namespace = "istio-system", WorkloadSelector = ["istio=egressgateway"])]
            [TlsOrigination(TlsMode.Simple, Port = 443, CredentialName = "pay-ca", Sni = "pay.example.com")]
            public partial class Payments;

            """;
        var test = Verifiers.CodeFix<PlainHttpGatewayServerFix>(
            service + """
            [EgressGateway]
            [GatewayServer(443, "https", {|EGRESS221:PortProtocol.Https|}, "pay.example.com")]
            public partial class Gw;

            [EgressGateway(Name = "other")]
            [GatewayServer(80, "http", PortProtocol.Http, "other.example.com")]
            [GatewayServer(8443, "tls-pay", {|EGRESS221:PortProtocol.Tls|}, "pay.example.com")]
            public partial class Other;
            """,
            service + """
            [EgressGateway]
            [GatewayServer(80, "http", PortProtocol.Http, "pay.example.com")]
            public partial class Gw;

            [EgressGateway(Name = "other")]
            [GatewayServer(80, "http", PortProtocol.Http, "other.example.com")]
            [GatewayServer(80, "tls-pay", PortProtocol.Http, "pay.example.com")]
            public partial class Other;
            """,
            "EGRESS221");
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    /// <summary>Sidecar origination declared on the TLS port (EGRESS223), with every value the intent can carry.</summary>
    private const string SidecarOriginationOn443 = """
        [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns, Name = "payments")]
        [ServicePort({|EGRESS223:443|}, "http", PortProtocol.Http)]
        [DestinationRule(WorkloadSelector = ["app=shop"])]
        [TlsOrigination(TlsMode.Mutual, Port = 443, CredentialName = "pay-client", Sni = "pay.example.com")]
        [System.Obsolete("kept")]
        public partial class Payments;
        """;

    /// <summary>What the EGRESS223 fix makes of <see cref="SidecarOriginationOn443"/>: the real [SidecarTlsOrigination].</summary>
    private const string SidecarOriginationIntent = """
        [SidecarTlsOrigination("pay.example.com", Mode = TlsMode.Mutual, CredentialName = "pay-client", Sni = "pay.example.com", WorkloadSelector = ["app=shop"], Name = "payments")]
        [System.Obsolete("kept")]
        public partial class Payments;
        """;

    [Fact]
    public async Task Sidecar_origination_on_443_becomes_the_sidecar_tls_origination_intent_and_keeps_every_value()
    {
        var test = Verifiers.CodeFix<SidecarTlsOriginationFix>(SidecarOriginationOn443, SidecarOriginationIntent, "EGRESS223");
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    /// <summary>
    /// The fixed class writes the same resources (same files, names, credential, SNI and workloads) as the class before the
    /// fix, with the one change EGRESS223 asks for: the application's plain port is 80, sent on to 443, where the sidecar
    /// originates TLS. Its manifests are exactly those of that declaration written with the low-level attributes, as
    /// Istio's egress-tls-origination task writes it (both ports).
    /// </summary>
    [Fact]
    public void Sidecar_origination_fix_output_generates_the_manifests_of_the_declaration_egress223_asks_for()
    {
        const string asked = """
            [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns, Name = "payments")]
            [ServicePort(80, "http-port", PortProtocol.Http, TargetPort = 443)]
            [ServicePort(443, "https-port", PortProtocol.Https)]
            [DestinationRule(WorkloadSelector = ["app=shop"])]
            [TlsOrigination(TlsMode.Mutual, Port = 80, CredentialName = "pay-client", Sni = "pay.example.com")]
            public partial class Payments;
            """;
        var before = GeneratorHarness.Run(TestSource.Compile(Verifiers.Usings + TestSource.StripMarkup(SidecarOriginationOn443)))
            .IstioFiles;
        var after = GeneratorHarness.Run(TestSource.Compile(Verifiers.Usings + SidecarOriginationIntent)).IstioFiles;

        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(GeneratorHarness.Run(TestSource.Compile(Verifiers.Usings + asked)).IstioFiles, after);
        foreach (var kept in new[] { "credentialName: pay-client", "sni: pay.example.com", "app: shop", "mode: MUTUAL" })
        {
            Assert.Contains(kept, before["istio/destination-rule_payments.yaml"]);
            Assert.Contains(kept, after["istio/destination-rule_payments.yaml"]);
        }
    }

    [Fact]
    public async Task Sidecar_origination_intent_is_not_offered_for_a_class_that_says_more_than_the_intent()
    {
        const string source = """
            [ExternalService("other.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort({|EGRESS223:443|}, "http", PortProtocol.Http)]
            [Endpoint("other.example.com")]
            [TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/ca.pem")]
            public partial class Other;
            """;
        var test = Verifiers.CodeFix<SidecarTlsOriginationFix>(source, source, "EGRESS223");
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    /// <summary>Istio's gateway TLS origination half done (EGRESS221: an HTTPS server for a host the gateway originates TLS to).</summary>
    private const string GatewayOriginationHalfDone = """
        [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns, Name = "payments")]
        [ServicePort(80, "http", PortProtocol.Http)]
        [ServicePort(443, "https", PortProtocol.Https)]
        [DestinationRule(Namespace = "istio-system", WorkloadSelector = ["istio=egressgateway"])]
        [TlsOrigination(TlsMode.Mutual, Port = 443, CredentialName = "pay-client", Sni = "pay.example.com")]
        public partial class Payments;

        [EgressGateway(Name = "payments-gateway")]
        [GatewayServer(443, "https", {|EGRESS221:PortProtocol.Https|}, "pay.example.com")]
        public partial class PaymentsGateway;

        [EgressRoute(typeof(Payments), Through = typeof(PaymentsGateway), Port = 443)]
        [HttpRoute(DestinationPort = 443)]
        public partial class PaymentsRoute;
        """;

    /// <summary>What the [GatewayEgress] fix makes of <see cref="GatewayOriginationHalfDone"/>: the pattern, on the service class
    /// alone.</summary>
    private const string GatewayOriginationIntent = """
        [GatewayEgress("pay.example.com", Tls = GatewayEgressTls.OriginateMutual, CredentialName = "pay-client", Sni = "pay.example.com", Name = "payments", GatewayName = "payments-gateway")]
        public partial class Payments;
        """;

    [Fact]
    public async Task Half_done_gateway_origination_becomes_the_gateway_egress_intent_and_the_gateway_and_route_classes_go()
    {
        var test = Verifiers.CodeFix<GatewayEgressFix>(GatewayOriginationHalfDone, GatewayOriginationIntent + "\n", "EGRESS221");
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    /// <summary>The fixed text builds with no warning or error and writes the manifests of the intended pattern: mutual TLS originated by
    /// the gateway from the Secret, reached over port 80.</summary>
    [Fact]
    public void Gateway_egress_fix_output_builds_clean_and_writes_the_patterns_manifests()
    {
        var compilation = TestSource.Compile(Verifiers.Usings + GatewayOriginationIntent);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        // EGRESS031 (info) stays, as on Istio's own pages: the gateway's subset carries only a policy.
        Assert.Empty(GeneratorHarness.AnalyzeIncludingSuppressed(compilation).Where(d
            => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        var manifests = GeneratorHarness.Run(compilation).IstioFiles;
        var all = string.Join("\n", manifests.Values);
        foreach (var expected in new[] { "mode: MUTUAL", "credentialName: pay-client", "name: originate-mtls-for-payments",
            "name: payments-gateway", "protocol: HTTP\n" })
        {
            Assert.Contains(expected, all);
        }
    }

    [Fact]
    public async Task Gateway_egress_intent_is_not_offered_when_another_route_uses_the_gateway_class()
    {
        var source = GatewayOriginationHalfDone + """

            [ExternalService("other.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            public partial class Other;

            [EgressRoute(typeof(Other), Through = typeof(PaymentsGateway), Port = 80)]
            public partial class OtherRoute;
            """;
        var test = Verifiers.CodeFix<GatewayEgressFix>(source, source, "EGRESS221");
        test.CodeFixTestBehaviors |= CrossClass;
        await test.RunAsync();
    }

    /// <summary>A code-fix test whose compilations also run the generator, so fixed code can name the generated members.</summary>
    private sealed class WithGenerator<TFix> : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<EgressDsl.Generator.Analyzers.EgressAnalyzer, TFix, DefaultVerifier>
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(EgressDsl.Generator.EgressGenerator) };
    }
}
