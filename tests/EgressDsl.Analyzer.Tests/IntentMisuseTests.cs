using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// Issue 17: "misuse of an intent attribute gets one clear error on the argument, not a cascade". Each misuse of each intent
/// attribute that a user can write (a wrong combination, a missing credential or gateway, a credential with passthrough, a
/// wildcard with origination, a port out of range, a low-level attribute that contradicts the pattern...) marks the one
/// argument (or attribute) the error must be on; the analyzer reports exactly that error there and nothing else, and the
/// generator only refuses the class (EGRESS900).
/// </summary>
public class IntentMisuseTests
{
    public static TheoryData<string> Misuses() => new()
    {
        // [DirectEgress]
        """[DirectEgress({|EGRESS001:""|})] public partial class Bad;""",
        """[DirectEgress({|EGRESS001:"https://api.example.com"|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Protocol = {|EGRESS201:PortProtocol.Grpc|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Timeout = {|EGRESS201:"3s"|})] public partial class Bad;""",
        """[DirectEgress("db.example.com", Protocol = PortProtocol.Tcp, Port = 5432, Timeout = {|EGRESS201:"3s"|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Protocol = PortProtocol.Http, Timeout = {|EGRESS502:"three seconds"|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Port = {|EGRESS003:-1|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Name = {|EGRESS005:"Not_A_Name"|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Namespace = {|EGRESS005:"Not_A_Namespace"|})] public partial class Bad;""",
        """[DirectEgress("api.example.com")][{|EGRESS200:ExternalService("api.example.com")|}] public partial class Bad;""",
        // [SidecarTlsOrigination]
        """[SidecarTlsOrigination({|EGRESS001:"*.example.com"|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", Mode = {|EGRESS202:TlsMode.Mutual|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", Mode = {|EGRESS201:TlsMode.IstioMutual|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", Mode = {|EGRESS201:TlsMode.Disable|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", Port = {|EGRESS201:443|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.internal.svc.cluster.local", InCluster = true, Port = {|EGRESS201:8080|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", TargetPort = {|EGRESS003:70000|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", CredentialName = {|EGRESS012:"password=hunter2!"|})] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com")][{|EGRESS204:TlsOrigination(TlsMode.Simple, Port = 80)|}] public partial class Bad;""",
        """[SidecarTlsOrigination("api.example.com", Mode = TlsMode.Mutual, CredentialName = {|EGRESS201:"client"|})] public partial class Bad;""",
        """[DirectEgress("api.example.com", Protocol = PortProtocol.Http)][HttpRoute(DestinationPort = {|EGRESS022:8080|})] public partial class Bad;""",
        // [GatewayEgress]
        """[GatewayEgress("api.example.com", Tls = {|EGRESS202:GatewayEgressTls.OriginateMutual|})] public partial class Bad;""",
        """[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Passthrough, CredentialName = {|EGRESS201:"client"|})] public partial class Bad;""",
        """[GatewayEgress("api.example.com", Sni = {|EGRESS201:"api.example.com"|})] public partial class Bad;""",
        """[GatewayEgress({|EGRESS201:"*.example.com"|}, Tls = GatewayEgressTls.Passthrough)] public partial class Bad;""",
        """[GatewayEgress("*.example.com", Tls = {|EGRESS201:GatewayEgressTls.Originate|}, ForwardTo = "www.example.com")] public partial class Bad;""",
        """[GatewayEgress("api.example.com", ForwardTo = {|EGRESS203:"www.example.com"|})] public partial class Bad;""",
        """[GatewayEgress("*.example.com", Tls = GatewayEgressTls.Passthrough, ForwardTo = {|EGRESS001:"*.example.com"|})] public partial class Bad;""",
        """[GatewayEgress("*.example.com", Tls = GatewayEgressTls.Passthrough, ForwardTo = "www.example.com", MeshTls = {|EGRESS201:true|})] public partial class Bad;""",
        """[GatewayEgress("api.internal.svc.cluster.local", InCluster = {|EGRESS201:true|}, Tls = GatewayEgressTls.Passthrough)] public partial class Bad;""",
        """[GatewayEgress("api.internal.svc.cluster.local", InCluster = {|EGRESS201:true|})] public partial class Bad;""",
        """[GatewayEgress("api.example.com", Tls = {|EGRESS007:(GatewayEgressTls)7|})] public partial class Bad;""",
        """[GatewayEgress("api.example.com", Name = {|EGRESS005:"api.example"|})] public partial class Bad;""",
        """[GatewayEgress("api.example.com", GatewayName = {|EGRESS005:"Not_A_Name"|})] public partial class Bad;""",
        """public class Plain; [GatewayEgress("api.example.com", Gateway = {|EGRESS008:typeof(Plain)|})] public partial class Bad;""",
        """
        [EgressGateway(Name = "shared")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class Shared;
        [GatewayEgress("api.example.com", Gateway = typeof(Shared), GatewayName = {|EGRESS201:"mine"|})] public partial class Bad;
        """,
        """
        [EgressGateway(Name = "shared")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class Shared;
        [GatewayEgress("api.example.com", Gateway = typeof(Shared), MeshTls = {|EGRESS201:true|})] public partial class Bad;
        """,
        """
        [EgressGateway(Name = "shared")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class Shared;
        [GatewayEgress("api.example.com", Gateway = typeof(Shared))][{|EGRESS204:GatewayServer(443, "tls", PortProtocol.Tls, "api.example.com", Tls = ServerTlsMode.Passthrough)|}] public partial class Bad;
        """,
        """
        [EgressGateway(Name = "shared")][GatewayServer(80, "http", PortProtocol.Http, "other.example.com")] public partial class Shared;
        [GatewayEgress("api.example.com", Gateway = {|EGRESS023:typeof(Shared)|})] public partial class Bad;
        """,
        """
        [{|EGRESS014:EgressGateway(Name = "shared")|}] public partial class Shared;
        [GatewayEgress("api.example.com", Gateway = typeof(Shared))] public partial class Bad;
        """,
        """[GatewayEgress("api.example.com", Tls = GatewayEgressTls.Originate)][{|EGRESS204:TlsOrigination(TlsMode.Simple, Port = 443)|}] public partial class Bad;""",
        // [ExternalProxy]
        """[ExternalProxy({|EGRESS001:"*.proxy.example"|}, 3128)] public partial class Bad;""",
        """[ExternalProxy("proxy.example.com", {|EGRESS003:0|})] public partial class Bad;""",
        """[ExternalProxy("proxy.example.com", 3128, Addresses = [{|EGRESS002:"10.0.0.256/32"|}])] public partial class Bad;""",
        // [KubernetesEgressService]
        """[KubernetesEgressService({|EGRESS001:"*.example.com"|})] public partial class Bad;""",
        """[KubernetesEgressService("api.example.com", PortName = {|EGRESS005:"Not A Name"|})] public partial class Bad;""",
        """[KubernetesEgressService("api.example.com", Port = {|EGRESS003:70000|})] public partial class Bad;""",
        """[KubernetesEgressService("api.example.com", Name = {|EGRESS005:"my.api"|})] public partial class Bad;""",
        """[KubernetesEgressService("api.example.com")][{|EGRESS204:KubernetesService(Name = "other")|}] public partial class Bad;""",
    };

    [Theory]
    [MemberData(nameof(Misuses))]
    public void A_misuse_gets_exactly_one_error_on_the_argument_that_causes_it(string markup)
    {
        var (source, id, span) = Marked(Verifiers.Usings + markup);
        var compilation = TestSource.Compile(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var reported = GeneratorHarness.AnalyzeIncludingSuppressed(compilation).Where(d => d.Id.StartsWith("EGRESS",
            StringComparison.Ordinal)).ToList();

        Assert.True(reported.Count == 1, markup + "\n" + string.Join("\n", reported));
        Assert.True(reported[0].Id == id && reported[0].Severity == DiagnosticSeverity.Error, "expected an error " + id
            + ", reported " + reported[0]);
        Assert.True(reported[0].Location.SourceSpan == span,
            "expected on '" + source.Substring(span.Start, span.Length) + "', reported on "
                + "'" + source.Substring(reported[0].Location.SourceSpan.Start, reported[0].Location.SourceSpan.Length) + "'");
        var generatorDiagnostics = GeneratorHarness.Run(compilation).Diagnostics;
        Assert.Equal(new[] { "EGRESS900" }, generatorDiagnostics.Select(d => d.Id).Distinct());
    }

    /// <summary>The source without its one <c>{|ID:...|}</c> mark, the ID, and the span the mark encloses.</summary>
    private static (string Source, string Id, TextSpan Span) Marked(string markup)
    {
        var open = markup.IndexOf("{|", StringComparison.Ordinal);
        var colon = markup.IndexOf(':', open);
        var close = markup.IndexOf("|}", colon, StringComparison.Ordinal);
        var inner = markup.Substring(colon + 1, close - colon - 1);
        var source = markup.Substring(0, open) + inner + markup.Substring(close + 2);
        return (source, markup.Substring(open + 2, colon - open - 2), new TextSpan(open, inner.Length));
    }
}
