using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Attribute values for fuzzing, each a C# expression: valid ones, values at the edges, and hostile ones. The pools
/// lean towards valid values so that most cases get past the first check and exercise the emitters too.
/// </summary>
internal sealed class FuzzValues(Random random)
{
    private static readonly string[] ValidHosts = { "api.example.com", "*.example.com", "a.b", "x-1.y-2.example.org", "nginx.external.svc.cluster.local", new string('a', 63) + ".example.com" };
    private static readonly string[] EdgeHosts = { LongHost(253), LongHost(256), "*", "*.", "a..b", "-a.com", "a-.com", "a_b.com", "1.2.3.4", "example.123", "exa mple.com", "EXAMPLE.com", "ünïcode.com", "*partial.com", "a.*.com", "" };
    private static readonly string[] Hostile =
    {
        "on", "yes", "no", "off", "true", "null", "~", "0x1F", "1e3", "443", "-1", ".inf", "*star", "&anchor", "!tag", "key: value", "a # b", "#c",
        "line\nbreak", "tab\tbed", "quote\"d", "back\\slash", "'single'", "[flow]", "{map}", "---", "...", "日本語", "😀", "naïve",
        "\u0000nul", "\u0007bell", "\u001bescape", "\u007fdel", "\u0085nel", "\u2028ls", "\ufeffbom", "\ud800lone", "lone\udc00", "\udc00\ud800",
        "$(Property)", "%(Item)", "@(List)", "{{template}}", "${env}", "'; DROP TABLE x; --", "<script>alert(1)</script>", "\r\ncrlf",
        "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----",
        // Secrets of every shape the detector knows (issue 16): they must be refused in whatever field they land.
        "----begin rsa private key----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "password=hunter2-and-more", "admin:s3cr3tPassw0rd@db.internal", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
        "AKIAIOSFODNN7EXAMPLE", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-1234567890-abcdefghij", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "AccountName=x;AccountKey=abc=",
        // Bidirectional controls (Trojan Source), alone and inside otherwise valid values.
        "a\u202Eb", "api\u202E.example.com", "\u2066v1\u2069", "v\u200F1", "x\u200Ey", "\u061Cx", "\u202Aa\u202C", "\u202Bb", "\u202Dc", "\u2067d", "\u2068e",
    };

    private static readonly string[] ValidLocalities = { "us-east1", "us-east1/us-east1-b", "us-east1/us-east1-b/rack-17" };
    private static readonly string[] ValidTimeouts = { "5s", "250ms", "1.5s", "2m", "1h", "1ms", "0.001s", "2562047h" };
    private static readonly string[] EdgeTimeouts = { "0s", "0.0001s", "0.999ms", "999999999h", "2562048h", "1d", "5", "", "-1s", "1.0000000001s" };
    private static readonly int[] ValidWeights = { 0, 1, 10, 100, 65535 };
    // int.MaxValue is valid alone; two or three of them add up past Envoy's uint32 total.
    private static readonly int[] EdgeWeights = { int.MaxValue, int.MaxValue - 1, -1, int.MinValue };

    private static readonly string[] ValidText = { "/etc/certs/ca.pem", "/etc/istio/egressgateway-certs/tls.crt", "api.example.com", "network-1", "us-east1/us-east1-b", "client-credential" };
    private static readonly string[] ValidLabels = { "version=v1", "version=v2", "app=nginx", "app.kubernetes.io/name=x", "tier=", "k=" + new string('v', 63), "a-b_c.d=e-f_g.h" };
    private static readonly string[] EdgeLabels = { "version", "=v1", "k=v=w", "k=" + new string('v', 64), new string('k', 64) + "=v", "k=-v", "k=v ", "bad key=v", "/k=v", "a/b/c=d", "k=v\n" };
    private static readonly int[] ValidPorts = { 1, 80, 443, 8080, 65535 };
    private static readonly int[] EdgePorts = { 0, -1, 65536, int.MaxValue, int.MinValue, 100000 };
    private static readonly string[] ValidNames = { "http", "https", "tls-a", "tcp", "grpc", "http-tls", new string('n', 63) };
    private static readonly string[] EdgeNames = { "", "UPPER", "with_underscore", "-dash", "dash-", new string('n', 64), "a.b", "sp ace" };
    private static readonly string[] ValidAddresses = { "10.0.0.1", "192.0.2.10", "2001:db8::1", "10.0.0.0/8", "::/0", "0.0.0.0/0" };
    private static readonly string[] EdgeAddresses = { "256.0.0.1", "10.0.0.0/33", "10.0.0.01", "::/129", "1.2.3", "example.com", "", "10.0.0.1/", "fe80::1%eth0" };

    // Type and namespace names as C# source writes them, and as the compiler names them (without the @ of a keyword, with
    // unicode escapes read): keywords, contextual keywords, letters outside ASCII, and names that file names would mix up.
    private static readonly (string Written, string Name)[] TypeNames =
    {
        ("Api", "Api"), ("@class", "class"), ("@event", "event"), ("@namespace", "namespace"), ("@int", "int"), ("@static", "static"),
        ("@public", "public"), ("@void", "void"), ("@record", "record"), ("@var", "var"), ("@partial", "partial"), ("@value", "value"),
        ("@global", "global"), ("@async", "async"), ("@await", "await"), ("@dynamic", "dynamic"), ("@nameof", "nameof"), ("@file", "file"),
        ("@required", "required"), ("@scoped", "scoped"), ("@Api", "Api"), ("var", "var"), ("async", "async"), ("value", "value"),
        ("Σέρβις", "Σέρβις"), ("Ωmega", "Ωmega"), ("ünïcode", "ünïcode"), ("日本", "日本"), ("_class", "_class"), ("__x", "__x"),
        ("\\u0041pi", "Api"), ("@\\u0063lass", "class"), ("Égress", "Égress"), ("Δ1", "Δ1"),
    };

    /// <summary>A type or namespace name: what C# source writes, and the name the compiler gives it.</summary>
    public (string Written, string Name) TypeName() => TypeNames[random.Next(TypeNames.Length)];

    /// <summary>0 gives only valid values (a "clean" case, which must be emitted); 1 mixes in edge and hostile ones.</summary>
    public double Hostility { get; set; } = 1;

    public string Host() => Pick(0.75, ValidHosts, Mix(EdgeHosts, Hostile));

    public string Text() => Pick(0.6, ValidText, Hostile);

    public string Label() => Pick(0.8, ValidLabels, Mix(EdgeLabels, Hostile));

    public string Name() => Pick(0.85, ValidNames, Mix(EdgeNames, Hostile));

    public string Address() => Pick(0.75, ValidAddresses, Mix(EdgeAddresses, Hostile));

    public string Timeout() => Pick(0.6, ValidTimeouts, EdgeTimeouts);

    /// <summary>A locality: valid ones, or any text.</summary>
    public string Locality() => Pick(0.6, ValidLocalities, Mix(ValidText, Hostile));

    /// <summary>An endpoint weight: small ones, or (when hostile) negative ones and ones that add up past a uint32.</summary>
    public int Weight() => random.NextDouble() >= 0.4 * Hostility ? ValidWeights[random.Next(ValidWeights.Length)] : EdgeWeights[random.Next(EdgeWeights.Length)];

    /// <summary>The size of a list or string with a CRD limit: the limit itself, or (when hostile) one more.</summary>
    public int AtOrOver(int limit) => limit + (random.NextDouble() < 0.5 * Hostility ? 1 : 0);

    public int Port() => random.NextDouble() >= 0.15 * Hostility ? ValidPorts[random.Next(ValidPorts.Length)] : EdgePorts[random.Next(EdgePorts.Length)];

    /// <summary>An enum argument: mostly defined members, sometimes an out-of-range cast.</summary>
    public string Enum(string type, int maximum) =>
        random.NextDouble() >= 0.08 * Hostility ? $"({type}){random.Next(maximum + 1)}" : $"({type})({(random.Next(2) == 0 ? -1 : maximum + 1 + random.Next(100))})";

    public bool Chance(double probability) => random.NextDouble() < probability;

    public int Next(int maximum) => random.Next(maximum);

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public string Array(Func<string> element, int maximum) =>
        "new string[] { " + string.Join(", ", Enumerable.Range(0, random.Next(maximum + 1)).Select(_ => Literal(element()))) + " }";

    private string Pick(double validShare, string[] valid, string[] invalid) =>
        random.NextDouble() >= (1 - validShare) * Hostility ? valid[random.Next(valid.Length)] : invalid[random.Next(invalid.Length)];

    private string[] Mix(string[] a, string[] b) => random.Next(2) == 0 ? a : b;

    private static string LongHost(int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(builder.Length == 0 ? string.Empty : ".").Append(new string('a', Math.Min(63, length - builder.Length - 1 > 0 ? Math.Min(63, length - builder.Length - 1) : 1)));
        }

        return builder.ToString().Substring(0, length).TrimEnd('.');
    }
}
