using System.Globalization;
using EgressDsl.Testing;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class RoundTripTests
{
    public static IEnumerable<object[]> HostileStrings() => new[]
    {
        "plain", "with \"double\" and 'single' quotes", "key: value", "trailing colon:", "a # not a comment", "#leading hash",
        "line one\nline two", "\ttabbed", "*star", "&anchor", "!tag", "%directive", "@at", "`backtick", "|literal", ">folded",
        "on", "off", "yes", "no", "y", "n", "true", "False", "null", "~", " ", " leading space", "trailing space ",
        "0x1F", "1e3", "443", "-1", "+1", "0o17", "1_000", "1:20", ".inf", "-.inf", ".NaN", "2001-12-14", "12:30:45",
        "- dash", "? question", "[flow]", "{flow}", "a, b", "unicode: naïve café 日本語 😀", "back\\slash", "\u00a0nbsp",
        "---", "...", "=equals", "key=value", "path/with/slashes", "C:\\windows\\path",
    }.Select(s => new object[] { s });

    [Theory]
    [InlineData("api.example.com", true)]
    [InlineData("/etc/certs/ca.crt", true)]
    [InlineData("_private", true)]
    [InlineData("user@example.com", true)]
    [InlineData("1.2.3", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("1.2", false)]
    [InlineData("443", false)]
    [InlineData("1.", false)]
    [InlineData("1..2.3", false)]
    [InlineData("", false)]
    [InlineData("on", false)]
    [InlineData("NULL", false)]
    [InlineData("plain\n", false)]
    [InlineData("a b", false)]
    [InlineData("a:b", false)]
    [InlineData("-dash", false)]
    [InlineData("naïve", false)]
    public void A_string_is_written_plain_only_when_no_yaml_reader_can_take_it_for_something_else(string value, bool plain)
    {
        Assert.Equal(plain, Emit.Documents.YamlWriter.IsSafePlain(value));
    }

    [Theory]
    [MemberData(nameof(HostileStrings))]
    public void Free_text_round_trips_exactly_through_the_yaml(string value)
    {
        var literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
        // Sni is a host name, not free text; a header value cannot hold a line feed (HTTP), so such values skip the header.
        var inHeader = !value.Contains('\n');
        var header = inHeader ? literal : "\"plain\"";
        var source = $$"""
            using EgressDsl;
            [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
            [ServicePort(443, "https", PortProtocol.Https)]
            [Endpoint("api.example.com", Network = {{literal}})]
            [TlsOrigination(TlsMode.Simple, CaCertificates = {{literal}}, Sni = "api.example.com")]
            public partial class Api;
            [EgressRoute(typeof(Api))]
            [HttpRoute(Headers = ["x-value=" + {{header}}])]
            public partial class ApiRoute;
            """;

        var run = GeneratorHarness.Run(source);

        Assert.Empty(run.Diagnostics);
        var documents = YamlTree.ParseAll(run.IstioYaml);
        var serviceEntry = documents.Single(d => d["kind"]!.AsString == "ServiceEntry");
        var destinationRule = documents.Single(d => d["kind"]!.AsString == "DestinationRule");
        var virtualService = documents.Single(d => d["kind"]!.AsString == "VirtualService");
        Assert.Equal(value, serviceEntry["spec"]!["endpoints"]!.Items[0]["network"]!.AsString);
        var tls = destinationRule["spec"]!["trafficPolicy"]!["tls"]!;
        Assert.Equal(value, tls["caCertificates"]!.AsString);
        Assert.Equal(inHeader ? value : "plain", virtualService["spec"]!["http"]!.Items[0]["match"]!.Items[0]["headers"]!["x-value"]!["exact"]!.AsString);
        // Every plain scalar must also read as a string under YAML 1.1, which older tools still use.
        Assert.Null(tls["caCertificates"]!.Yaml11Ambiguity);
    }

    [Fact]
    public void Empty_certificate_path_is_an_error_not_an_empty_field()
    {
        var run = GeneratorHarness.Run("""
            using EgressDsl;
            [ExternalService("api.example.com")]
            [TlsOrigination(TlsMode.Simple, CaCertificates = "")]
            public partial class Api;
            """);
        Assert.Contains(run.Diagnostics, d => d.Id == "EGRESS900");
        Assert.DoesNotContain("caCertificates", run.IstioYaml);
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("fi-FI")]
    [InlineData("ar-SA")]
    public void Output_does_not_depend_on_the_culture(string culture)
    {
        var source = Scenarios.WeightedSubsetsWithCredentialName;
        var invariant = WithCulture(CultureInfo.InvariantCulture, () => GeneratorHarness.Run(source).GeneratedSources);
        var local = WithCulture(new CultureInfo(culture), () => GeneratorHarness.Run(source).GeneratedSources);
        Assert.Equal(invariant, local);
    }

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (current, currentUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, currentUi);
        }
    }
}
