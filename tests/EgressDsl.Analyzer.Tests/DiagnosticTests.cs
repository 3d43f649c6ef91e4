using EgressDsl.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

public class DiagnosticTests
{
    public static IEnumerable<object[]> Firing() => DiagnosticCases.Firing.Select(c => new object[] { c.Id, c.Source });

    public static IEnumerable<object[]> Quiet() => DiagnosticCases.Quiet.Select(c => new object[] { c.Id, c.Source });

    [Theory]
    [MemberData(nameof(Firing))]
    public Task Diagnostic_fires_on_the_exact_text_that_causes_it(string id, string source) =>
        Verifiers.AnalyzeAsync(DiagnosticCases.Api + source, id);

    [Theory]
    [MemberData(nameof(Quiet))]
    public Task Diagnostic_does_not_fire_on_the_corrected_source(string id, string source) =>
        Verifiers.AnalyzeAsync(DiagnosticCases.Api + source, id);

    [Fact]
    public void Every_diagnostic_of_the_analyzer_has_a_firing_and_a_quiet_case()
    {
        var ids = new EgressAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(id => string.CompareOrdinal(id, "EGRESS300") < 0).ToList();
        Assert.Empty(ids.Except(DiagnosticCases.Firing.Select(c => c.Id)));
        Assert.Empty(ids.Except(DiagnosticCases.Quiet.Select(c => c.Id)));
    }

    /// <summary>
    /// Analyzers can be off (RunAnalyzers=false), the generator always runs. For every error-level case the generator itself refuses
    /// the class that holds the error (EGRESS900); warnings and infos never stop generation.
    /// </summary>
    [Theory]
    [MemberData(nameof(Firing))]
    public void Errors_stop_the_generator_for_the_affected_class_and_warnings_do_not(string id, string source)
    {
        var compilation = TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + TestSource.StripMarkup(source));
        var diagnostic = GeneratorHarness.AnalyzeIncludingSuppressed(compilation).First(d => d.Id == id);
        var owner = TestSource.ClassAt(diagnostic);
        if (id == "EGRESS011")
        {
            // A class without a role generates nothing in the first place: the generator never even parses it.
            Assert.DoesNotContain("name: " + owner.ToLowerInvariant(), GeneratorHarness.Run(compilation).GeneratedText);
            return;
        }

        var generation = GeneratorHarness.Run(compilation);
        var (generatorDiagnostics, generated) = (generation.Diagnostics, generation.GeneratedText);

        var refusals = generatorDiagnostics.Where(d => d.Id == "EGRESS900" && d.GetMessage().Contains("'" + owner + "'")).ToList();
        if (diagnostic.DefaultSeverity == DiagnosticSeverity.Error)
        {
            Assert.NotEmpty(refusals);
        }
        else
        {
            Assert.Empty(refusals);
            Assert.Contains("name: api", generated);
        }
    }

    /// <summary>
    /// .editorconfig severities reach the compiler as a <see cref="SyntaxTreeOptionsProvider"/> (csc builds one from the
    /// files); this gives it one directly. The real-client test builds a project with an actual .editorconfig.
    /// </summary>
    [Theory]
    [InlineData(ReportDiagnostic.Error, DiagnosticSeverity.Error)]
    [InlineData(ReportDiagnostic.Suppress, null)]
    public void Editorconfig_severity_applies(ReportDiagnostic configured, DiagnosticSeverity? expected)
    {
        var compilation = TestSource.Compile(Verifiers.Usings + """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, Sni = "a.example.com")] public partial class Bad;""");
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new SeverityOptions("EGRESS050", configured)));
        var diagnostic = GeneratorHarness.AnalyzeIncludingSuppressed(compilation).SingleOrDefault(d => d.Id == "EGRESS050");
        Assert.Equal(expected, diagnostic?.Severity);
    }

    private sealed class SeverityOptions(string id, ReportDiagnostic severity) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic result)
        {
            result = severity;
            return diagnosticId == id;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic result)
        {
            result = ReportDiagnostic.Default;
            return false;
        }
    }

    /// <summary>Issue 19: an unreachable rule's message names the earlier rule that takes the traffic and one request it takes; a contradiction names both matches.</summary>
    [Theory]
    [InlineData("""[EgressRoute(typeof(Api))][HttpRoute(Headers = ["x-env^=pr"], Name = "any-pr")][HttpRoute(Headers = ["x-env=prod"])] public partial class Bad;""",
        "[HttpRoute] #1 ('any-pr') before it takes every request this rule matches (for example a request with header x-env: 'prod')")]
    [InlineData("""[EgressRoute(typeof(Api))][HttpRoute(Headers = ["x=a"])][HttpRoute(Headers = ["x=b"])][HttpRoute(Headers = ["x~=a|b"])] public partial class Bad;""",
        "[HttpRoute] #1 and [HttpRoute] #2 before it together take every value of header 'x' this rule matches (for example a request with header x: 'a')")]
    [InlineData("""[EgressRoute(typeof(Api))][HttpRoute(Headers = ["x-env=prod", "x-env=staging"])] public partial class Bad;""",
        "the value of header 'x-env' would have to match exactly 'prod' and also exactly 'staging', which no value does")]
    [InlineData("""[EgressRoute(typeof(Api))][HttpRoute(UriRegex = "^v2$x")] public partial class Bad;""",
        "the regex '^v2$x' matches no path, so no request matches this rule")]
    public void Unreachable_rule_messages_name_the_rule_and_an_example(string source, string expected)
    {
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + source));
        Assert.Contains(expected, Assert.Single(diagnostics, d => d.Id == "EGRESS070").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Issue 19, one mistake one diagnostic: Istio's TLS-origination task with the origination written for the target
    /// port (443) instead of the service port (80) is EGRESS032 on that Port, saying so, and not also EGRESS054.
    /// </summary>
    [Fact]
    public void Origination_on_the_target_port_is_one_diagnostic_that_names_the_service_port()
    {
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + """
            [ExternalService("a.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http, TargetPort = 443)]
            [TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/ca.pem")]
            public partial class Bad;
            """));

        var warning = Assert.Single(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal("EGRESS032", warning.Id);
        Assert.Contains("port 80 has TargetPort 443, and a port-level setting names the service port, so write Port = 80", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Issue 17, first try: an HTTPS gateway server on 443 for a host whose TLS the gateway originates. One error, which
    /// names the pattern and its page and never suggests PASSTHROUGH.
    /// </summary>
    [Fact]
    public void Https_gateway_server_with_origination_names_the_gateway_pattern_and_never_passthrough()
    {
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + """
            [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(Namespace = "istio-system", WorkloadSelector = ["istio=egressgateway"])]
            [TlsOrigination(TlsMode.Simple, Port = 443, CredentialName = "pay-ca", Sni = "pay.example.com")]
            public partial class Payments;

            [EgressGateway]
            [GatewayServer(443, "https", PortProtocol.Https, "pay.example.com")]
            public partial class Gw;

            [EgressRoute(typeof(Payments), Through = typeof(Gw), Port = 443)]
            [HttpRoute]
            public partial class PaymentsRoute;
            """));

        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("EGRESS221", error.Id);
        var message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("PASSTHROUGH", message.ToUpperInvariant());
        Assert.Contains("Protocol = Http on port 80", message);
        Assert.Contains("[GatewayEgress(\"pay.example.com\", Tls = GatewayEgressTls.Originate)]", message);
        Assert.Contains("docs/patterns/gateway-egress.md", message);
    }

    /// <summary>
    /// Issue 17, second try: the server made PASSTHROUGH as the old hint said. EGRESS023 says that the server lists the
    /// host on 443 with TLS PASSTHROUGH, what the HTTP rule needs instead, and the pattern; not that no server accepts it.
    /// </summary>
    [Fact]
    public void Route_to_a_host_listed_on_another_protocol_says_what_differs()
    {
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + """
            [ExternalService("pay.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(80, "http", PortProtocol.Http)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [DestinationRule(Namespace = "istio-system", WorkloadSelector = ["istio=egressgateway"])]
            [TlsOrigination(TlsMode.Simple, Port = 443, CredentialName = "pay-ca", Sni = "pay.example.com")]
            public partial class Payments;

            [EgressGateway]
            [GatewayServer(443, "https", PortProtocol.Https, "pay.example.com", Tls = ServerTlsMode.Passthrough)]
            public partial class Gw;

            [EgressRoute(typeof(Payments), Through = typeof(Gw), Port = 80)]
            [HttpRoute(DestinationPort = 443)]
            public partial class PaymentsRoute;
            """));

        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("EGRESS023", error.Id);
        var message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("No server", message);
        Assert.Contains("lists host 'pay.example.com' only on port 443 (HTTPS, TLS PASSTHROUGH)", message);
        Assert.Contains("Protocol = Http on port 80", message);
        Assert.Contains("docs/patterns/gateway-egress.md", message);
    }

    [Fact]
    public void Route_to_a_host_listed_on_another_port_says_which_port()
    {
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + """
            [EgressGateway][GatewayServer(8080, "http", PortProtocol.Http, "api.example.com")] public partial class Gw;
            [EgressRoute(typeof(Api), Through = typeof(Gw), GatewayPort = 80)][HttpRoute] public partial class Bad;
            """));

        var message = Assert.Single(diagnostics, d => d.Id == "EGRESS023").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("lists host 'api.example.com' only on port 8080 (HTTP)", message);
        Assert.Contains("set GatewayPort = 8080", message);
    }

    /// <summary>Issue 19: messages that said the wrong response flag, were garbled, or named the value twice.</summary>
    [Theory]
    [InlineData("""[EgressRoute(typeof(Api))][HttpRoute(Subset = "v2")] public partial class Bad;""", "EGRESS020", "503 with response flag NC (cluster not found)")]
    [InlineData("""[ExternalService("a.example.com")][TlsOrigination(TlsMode.Mutual)] public partial class Bad;""", "EGRESS510", "A client certificate for MUTUAL TLS is required: set both ClientCertificate and PrivateKey")]
    [InlineData("""[ExternalService("a.example.com", Name = "Bad_Name")] public partial class Bad;""", "EGRESS005", "ServiceEntry name 'Bad_Name' is not valid: use lower-case letters")]
    [InlineData("""[ExternalService("a.example.com", Name = "ok.Bad_Part")] public partial class Bad;""", "EGRESS005", "ServiceEntry name 'ok.Bad_Part' is not valid: its part 'Bad_Part' is not valid: use lower-case letters")]
    public void Messages_say_what_happens_once(string source, string id, string expected)
    {
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + source));
        Assert.Contains(expected, diagnostics.First(d => d.Id == id).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Pragma_suppresses_a_warning_and_a_cross_class_warning()
    {
        var compilation = TestSource.Compile(Verifiers.Usings + DiagnosticCases.Api + """
            #pragma warning disable EGRESS050, EGRESS028
            [ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, Sni = "a.example.com")] public partial class Bad;
            [EgressRoute(typeof(Api), Port = 8080)][HttpRoute] public partial class BadRoute;
            #pragma warning restore EGRESS050, EGRESS028
            """);
        var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(compilation).Where(d => d.Id is "EGRESS050" or "EGRESS028").ToList();
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.True(d.IsSuppressed));
    }

    [Fact]
    public void Seed_and_cnn_samples_get_no_warning_and_the_seed_suppresses_its_own_quirk_with_a_justification()
    {
        foreach (var sample in new[] { "NginxEgress.cs", "CnnEgress.cs" })
        {
            var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", sample + ".txt"));
            var diagnostics = GeneratorHarness.AnalyzeIncludingSuppressed(TestSource.Compile(source));
            Assert.DoesNotContain(diagnostics, d => !d.IsSuppressed && d.Severity >= DiagnosticSeverity.Warning);
            if (sample == "NginxEgress.cs")
            {
                Assert.True(Assert.Single(diagnostics, d => d.Id == "EGRESS034").IsSuppressed);
                Assert.Contains("Justification = ", source);
            }
        }
    }
}
