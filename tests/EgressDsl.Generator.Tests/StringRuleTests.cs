using System.Text.RegularExpressions;
using EgressDsl.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// Issue 16, findings 6, 7 and 11: a secret or a bidirectional control character in any string of any attribute is one
/// error on that argument (EGRESS012, EGRESS013), the class emits nothing, and no generated source holds the value; the
/// real values of the samples and the documentation stay quiet.
/// </summary>
public class StringRuleTests
{
    // Fake secrets of each shape the detector knows (AWS's documented example key, made-up tokens).
    /// <summary>Shape, value, and the part of it that must appear nowhere (the value itself, or its secret part).</summary>
    public static readonly (string Shape, string Value, string Core)[] Secrets =
    {
        ("PEM", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
        ("PEM, four dashes, lower case", "----begin rsa private key----", "begin rsa private key"),
        ("PEM certificate only", "-----BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE"),
        ("raw base64 key", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"),
        ("AWS secret access key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("raw hex key", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        ("password", "password=hunter2-and-more", "hunter2-and-more"),
        ("user:password@host", "admin:s3cr3tPassw0rd@db.internal", "s3cr3tPassw0rd"),
        ("URL with credentials", "https://admin:s3cr3tPassw0rd@db.internal/x", "s3cr3tPassw0rd"),
        ("Bearer JWT", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl", "eyJzdWIiOiIxMjM0NTY3ODkwIn0"),
        ("bare JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "eyJzdWIiOiIxIn0"),
        ("AWS access key", "AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("GitHub token", "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz0123456789"),
        ("Slack token", "xoxb-" + "1234567890-abcdefghij", "1234567890-abcdefghij"),
        ("Stripe key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqLyjWDarjtT1zdp7dc"),
        ("Google API key", "AIza" + "SyA-abcdefghijklmnopqrstuvwxyz01234", "SyA-abcdefghijklmnopqrstuvwxyz01234"),
        ("Azure account key", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc=", "AccountKey=abc="),
    };

    public static IEnumerable<object[]> Shapes() => Secrets.Select(s => new object[] { s.Shape });

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_detector_knows_each_shape(string shape) =>
        Assert.NotNull(SecretDetector.Find(Secrets.Single(s => s.Shape == shape).Value));

    /// <summary>Real values of the kinds the DSL takes: host names, paths, Secret names, labels, regexes, SPIFFE IDs.</summary>
    [Theory]
    [InlineData("nginx.external.svc.cluster.local")]
    [InlineData("istio-egressgateway.istio-system.svc.cluster.local")]
    [InlineData("/etc/istio/egressgateway-certs/tls.crt")]
    [InlineData("/etc/istio/egressgateway-ca-certs/ca.crt")]
    [InlineData("/var/run/secrets/workload-spiffe-credentials/cert-chain.pem")]
    [InlineData("client-credential")]
    [InlineData("kubernetes://istio-system/client-credential-cacert")]
    [InlineData("spiffe://cluster.local/ns/default/sa/sleep")]
    [InlineData("app.kubernetes.io/name=nginx")]
    [InlineData("us-east1/us-east1-b/rack-17")]
    [InlineData("authorization^=Bearer")]
    [InlineData("x-api-version=2024-01-01")]
    [InlineData("user-agent~=^Mozilla/5\\.0 \\(X11; Linux x86_64\\)")]
    [InlineData("^/api/v[0-9]+/users/[A-Za-z0-9_-]{8,64}$")]
    [InlineData("/static/app.3f9a2b1c.bundle.js")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com")]
    [InlineData("outbound|443|v1|nginx.external.svc.cluster.local")]
    [InlineData("ThisIsAVeryLongCamelCaseNameForAServiceEntryInTheMesh")]
    [InlineData("Version2OfTheServiceEntryForTheBillingApi3")]
    [InlineData("MyApplicationComponentVersion2024Release1")]
    [InlineData("X509CertificateChainForTheEgressGatewayV2")]
    [InlineData("HTTPSConnectionPoolSettingsForTLSv13Upstream")]
    [InlineData("/api/v2/Users/Profile/Settings2024/ExportAll")]
    [InlineData("/var/run/secrets/kubernetes.io/serviceaccount/token")]
    public void The_detector_leaves_real_values_alone(string value) => Assert.Null(SecretDetector.Find(value));

    /// <summary>Every string literal of the samples and of the documentation's C# examples (but the pages' deliberate mistakes).</summary>
    [Fact]
    public void No_value_in_the_samples_or_the_docs_looks_like_a_secret_or_holds_a_bidi_control()
    {
        var root = RepositoryRoot();
        var texts = Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories).Select(f => (f, File.ReadAllText(f))).ToList();
        foreach (var page in Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(root, "README.md")))
        {
            var text = File.ReadAllText(page).Replace("\r\n", "\n");
            if (Path.GetFileName(page) is "EGRESS012.md" or "EGRESS013.md")
            {
                // Their "Wrong" examples hold a key and a control character on purpose.
                text = Regex.Replace(text, "\n## Wrong\n.*?\n## Fixed\n", "\n", RegexOptions.Singleline);
            }

            foreach (Match block in Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline))
            {
                texts.Add((page, block.Groups[1].Value));
            }
        }

        var literals = 0;
        var flagged = new List<string>();
        foreach (var (file, text) in texts)
        {
            foreach (Match literal in Regex.Matches(text, "\"((?:[^\"\\\\\\n]|\\\\.)*)\""))
            {
                literals++;
                var value = Regex.Unescape(literal.Groups[1].Value);
                if (SecretDetector.Find(value) is { } what)
                {
                    flagged.Add(Path.GetFileName(file) + ": " + literal.Value + " (" + what + ")");
                }

                if (value.Any(Validation.IsBidiControl))
                {
                    flagged.Add(Path.GetFileName(file) + ": " + literal.Value + " (bidi control)");
                }
            }
        }

        Assert.True(literals > 300, "only " + literals + " literals found: is the repository layout different?");
        Assert.True(flagged.Count == 0, string.Join("\n", flagged));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EgressDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("EgressDsl.sln not found above " + AppContext.BaseDirectory);
    }

    private const string Api = "[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)][ServicePort(80, \"http\", PortProtocol.Http)] public partial class Api;\n";

    private const string Service = "[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Static)][ServicePort(80, \"http\", PortProtocol.Http)]";

    /// <summary>Every string argument the DSL takes, as a class named Limit with {0} where the value goes.</summary>
    public static readonly (string Field, string Template)[] Fields =
    {
        ("ExternalService hosts", "[ExternalService(\"a.example.com\", [|{0}|])]"),
        ("ExternalService Name", "[ExternalService(\"a.example.com\", Name = [|{0}|])]"),
        ("ExternalService Namespace", "[ExternalService(\"a.example.com\", Namespace = [|{0}|])]"),
        ("ExternalService Addresses", "[ExternalService(\"a.example.com\", Addresses = [[|{0}|]])]"),
        ("ExternalService ExportTo", "[ExternalService(\"a.example.com\", ExportTo = [[|{0}|]])]"),
        ("ExternalService WorkloadSelector", "[ExternalService(\"a.example.com\", Resolution = ServiceResolution.Dns, WorkloadSelector = [[|{0}|]])]"),
        ("ExternalService SubjectAltNames", "[ExternalService(\"a.example.com\", SubjectAltNames = [[|{0}|]])]"),
        ("ServicePort name", "[ExternalService(\"a.example.com\")][ServicePort(80, [|{0}|])]"),
        ("Endpoint address", Service + "[Endpoint([|{0}|])]"),
        ("Endpoint Labels", Service + "[Endpoint(\"10.0.0.1\", Labels = [[|{0}|]])]"),
        ("Endpoint Ports", Service + "[Endpoint(\"10.0.0.1\", Ports = [[|{0}|]])]"),
        ("Endpoint Network", Service + "[Endpoint(\"10.0.0.1\", Network = [|{0}|])]"),
        ("Endpoint Locality", Service + "[Endpoint(\"10.0.0.1\", Locality = [|{0}|])]"),
        ("Endpoint ServiceAccount", Service + "[Endpoint(\"10.0.0.1\", ServiceAccount = [|{0}|])]"),
        ("DestinationRule Name", "[ExternalService(\"a.example.com\")][DestinationRule(Name = [|{0}|])]"),
        ("Subset name", "[ExternalService(\"a.example.com\")][Subset([|{0}|])]"),
        ("Subset labels", "[ExternalService(\"a.example.com\")][Subset(\"v1\", [|{0}|])]"),
        ("TlsOrigination Sni", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Simple, CaCertificates = \"/ca.pem\", Sni = [|{0}|])]"),
        ("TlsOrigination SubjectAltNames", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Simple, CaCertificates = \"/ca.pem\", SubjectAltNames = [[|{0}|]])]"),
        ("TlsOrigination CredentialName", "[ExternalService(\"a.example.com\")][DestinationRule(WorkloadSelector = [\"app=a\"])][TlsOrigination(TlsMode.Simple, CredentialName = [|{0}|])]"),
        ("TlsOrigination ClientCertificate", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Mutual, CaCertificates = \"/ca.pem\", PrivateKey = \"/k.pem\", ClientCertificate = [|{0}|])]"),
        ("TlsOrigination Subset", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Simple, CaCertificates = \"/ca.pem\", Subset = [|{0}|])]"),
        ("KubernetesService ExternalName", "[ExternalService(\"a.example.com\")][ServicePort(80, \"http\")][KubernetesService(ExternalName = [|{0}|])]"),
        ("KubernetesService Labels", "[ExternalService(\"a.example.com\")][ServicePort(80, \"http\")][KubernetesService(Labels = [[|{0}|]])]"),
        ("EgressGateway Service", "[EgressGateway(Service = [|{0}|])][GatewayServer(80, \"http\", PortProtocol.Http, \"a.example.com\")]"),
        ("EgressGateway TargetPorts", "[EgressGateway(TargetPorts = [[|{0}|]])][GatewayServer(80, \"http\", PortProtocol.Http, \"a.example.com\")]"),
        ("GatewayServer hosts", "[EgressGateway][GatewayServer(80, \"http\", PortProtocol.Http, [|{0}|])]"),
        ("GatewayServer CredentialName", "[EgressGateway][GatewayServer(443, \"https\", PortProtocol.Https, \"a.example.com\", Tls = ServerTlsMode.Simple, CredentialName = [|{0}|])]"),
        ("EgressRoute MeshName", Api + "[EgressRoute(typeof(Api), MeshName = [|{0}|])]"),
        ("HttpRoute Name", Api + "[EgressRoute(typeof(Api))][HttpRoute(Name = [|{0}|])]"),
        ("HttpRoute Headers", Api + "[EgressRoute(typeof(Api))][HttpRoute(Headers = [[|{0}|]])]"),
        ("HttpRoute UriPrefix", Api + "[EgressRoute(typeof(Api))][HttpRoute(UriPrefix = [|{0}|])]"),
        ("HttpRoute UriRegex", Api + "[EgressRoute(typeof(Api))][HttpRoute(UriRegex = [|{0}|])]"),
        ("HttpRoute Timeout", Api + "[EgressRoute(typeof(Api))][HttpRoute(Timeout = [|{0}|])]"),
        ("HttpRoute Split", Api + "[EgressRoute(typeof(Api))][HttpRoute(Split = [[|{0}|], \"v2=50\"])]"),
        ("TlsRoute sniHosts", Api + "[EgressRoute(typeof(Api))][TlsRoute([|{0}|])]"),
        ("ExpectRoute Headers", Api + "[EgressRoute(typeof(Api))][HttpRoute][ExpectRoute(Headers = [[|{0}|]], ReachesHost = \"api.example.com\")]"),
        ("ExpectRoute Path", Api + "[EgressRoute(typeof(Api))][HttpRoute][ExpectRoute(Path = [|{0}|], ReachesHost = \"api.example.com\")]"),
    };

    public static IEnumerable<object[]> SecretInEveryField() =>
        Fields.Select((f, i) => new object[] { f.Field, Secrets[i % Secrets.Length].Shape });

    /// <summary>Each field gets a secret (the shapes in turn), and each shape goes into a header value and an Sni.</summary>
    public static IEnumerable<object[]> SecretCases() =>
        SecretInEveryField()
            .Concat(Secrets.Select(s => new object[] { "HttpRoute Headers", s.Shape }))
            .Concat(Secrets.Select(s => new object[] { "TlsOrigination Sni", s.Shape }))
            .DistinctBy(c => (string)c[0] + "|" + (string)c[1]);

    [Theory]
    [MemberData(nameof(SecretCases))]
    public void A_secret_in_any_field_is_one_EGRESS012_and_reaches_no_generated_source(string field, string shape)
    {
        var (_, secret, core) = Secrets.Single(s => s.Shape == shape);
        var value = field.Contains("Headers", StringComparison.Ordinal) ? "x-credential=" + secret : secret;
        var generated = OneError.Check("EGRESS012", Markup(field, SymbolDisplayLiteral(value)));

        // The part that makes it a secret: no generated file or constant holds it, nor does any message.
        Assert.DoesNotContain(generated.Sources, s => s.Contains(core, StringComparison.Ordinal));
        Assert.DoesNotContain(generated.Messages, m => m.Contains(core, StringComparison.Ordinal));
    }

    public static IEnumerable<object[]> BidiCases() =>
        Fields.Select((f, i) => new object[] { f.Field, new[] { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C }[i % 12] });

    [Theory]
    [MemberData(nameof(BidiCases))]
    public void A_bidi_control_in_any_field_is_one_EGRESS013(string field, int character)
    {
        var generated = OneError.Check("EGRESS013", Markup(field, SymbolDisplayLiteral("a" + (char)character + "b")));
        Assert.DoesNotContain(generated.Sources, s => s.Contains((char)character));
    }

    private static string Markup(string field, string literal) => Fields.Single(f => f.Field == field).Template.Replace("{0}", literal) + " public partial class Limit;";

    private static string SymbolDisplayLiteral(string value) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
