using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// Issue 17: a misused intent attribute gets one error, on the argument, and nothing else: no low-level rule runs on a
/// pattern that cannot be right, and the generator only adds its own refusal (EGRESS900).
/// </summary>
public class IntentDiagnosticTests
{
    public static IEnumerable<object[]> Misuses() =>
        DiagnosticCases.Firing.Where(c => c.Id.StartsWith("EGRESS20", StringComparison.Ordinal)).Select(c => new object[] { c.Id, c.Source })
            .Concat(new[]
            {
                // Rules the low-level attributes share: found once on the intent, never again on each resource of the expansion.
                new object[] { "EGRESS001", """[GatewayEgress("api..example.com", Tls = GatewayEgressTls.Originate)] public partial class Bad;""" },
                new object[] { "EGRESS005", """[GatewayEgress("api.example.com", Name = "Not_A_Label")] public partial class Bad;""" },
                new object[] { "EGRESS003", """[DirectEgress("api.example.com", Port = 70000)] public partial class Bad;""" },
                new object[] { "EGRESS012", """[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate, CredentialName = "password=hunter2!")] public partial class Bad;""" },
                new object[] { "EGRESS002", """[ExternalProxy("proxy.example.com", 3128, Addresses = ["10.0.0.256/32"])] public partial class Bad;""" },
                // A pattern that needs a gateway, given a class that is none.
                new object[] { "EGRESS008", """public class Plain; [GatewayEgress("api.example.com", Gateway = typeof(Plain))] public partial class Bad;""" },
            });

    [Theory]
    [MemberData(nameof(Misuses))]
    public void A_misused_intent_gets_exactly_one_diagnostic(string id, string source)
    {
        var compilation = TestSource.Compile(Verifiers.Usings + TestSource.StripMarkup(source));
        var reported = GeneratorHarness.AnalyzeIncludingSuppressed(compilation).Where(d => d.Id.StartsWith("EGRESS", StringComparison.Ordinal)).ToList();

        Assert.True(reported.Count == 1 && reported[0].Id == id, id + ": " + string.Join("; ", reported));
        Assert.Equal(DiagnosticSeverity.Error, reported[0].Severity);
        var generatorDiagnostics = GeneratorHarness.Run(compilation).Diagnostics;
        Assert.Equal(new[] { "EGRESS900" }, generatorDiagnostics.Select(d => d.Id).Distinct());
    }
}
