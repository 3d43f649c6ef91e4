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
    /// R10: analyzers can be off, the generator always runs. For every error-level case the generator itself refuses
    /// the class that holds the error (EGRESS900); warnings and infos never stop generation.
    /// </summary>
    [Theory]
    [MemberData(nameof(Firing))]
    public void Errors_stop_the_generator_for_the_affected_class_and_warnings_do_not(string id, string source)
    {
        var compilation = GeneratorRun.Compile(Verifiers.Usings + DiagnosticCases.Api + GeneratorRun.StripMarkup(source));
        var diagnostic = GeneratorRun.Analyze(compilation).First(d => d.Id == id);
        var owner = GeneratorRun.ClassAt(diagnostic);
        if (id == "EGRESS011")
        {
            // A class without a role generates nothing in the first place: the generator never even parses it.
            Assert.DoesNotContain("name: " + owner.ToLowerInvariant(), GeneratorRun.Generate(compilation).GeneratedText);
            return;
        }

        var (generatorDiagnostics, generated) = GeneratorRun.Generate(compilation);

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
        var compilation = GeneratorRun.Compile(Verifiers.Usings + """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, Sni = "a.example.com")] public partial class Bad;""");
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new SeverityOptions("EGRESS050", configured)));
        var diagnostic = GeneratorRun.Analyze(compilation).SingleOrDefault(d => d.Id == "EGRESS050");
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

    [Fact]
    public void Pragma_suppresses_a_warning_and_a_cross_class_warning()
    {
        var compilation = GeneratorRun.Compile(Verifiers.Usings + DiagnosticCases.Api + """
            #pragma warning disable EGRESS050, EGRESS028
            [ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, Sni = "a.example.com")] public partial class Bad;
            [EgressRoute(typeof(Api), Port = 8080)][HttpRoute] public partial class BadRoute;
            #pragma warning restore EGRESS050, EGRESS028
            """);
        var diagnostics = GeneratorRun.Analyze(compilation).Where(d => d.Id is "EGRESS050" or "EGRESS028").ToList();
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.True(d.IsSuppressed));
    }

    [Fact]
    public void Seed_and_cnn_samples_get_no_warning_and_the_seed_suppresses_its_own_quirk_with_a_justification()
    {
        foreach (var sample in new[] { "NginxEgress.cs", "CnnEgress.cs" })
        {
            var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", sample + ".txt"));
            var diagnostics = GeneratorRun.Analyze(GeneratorRun.Compile(source));
            Assert.DoesNotContain(diagnostics, d => !d.IsSuppressed && d.Severity >= DiagnosticSeverity.Warning);
            if (sample == "NginxEgress.cs")
            {
                Assert.True(Assert.Single(diagnostics, d => d.Id == "EGRESS034").IsSuppressed);
                Assert.Contains("Justification = ", source);
            }
        }
    }
}
