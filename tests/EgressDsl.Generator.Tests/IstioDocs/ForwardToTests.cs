using Xunit;

namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>Issue 18: [EgressRoute(ForwardTo = ...)], a gateway hop that sends to another service than the routed one.</summary>
public class ForwardToTests
{
    private const string Services = """
        using EgressDsl;
        [ExternalService("*.wikipedia.org")][ServicePort(443, "https", PortProtocol.Https)] public partial class Wikipedia;
        [ExternalService("www.wikipedia.org", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)][Subset("v1")][TlsOrigination(TlsMode.Disable, Subset = "v1")] public partial class Www;
        [EgressGateway][GatewayServer(443, "tls", PortProtocol.Tls, "*.wikipedia.org", Tls = ServerTlsMode.Passthrough)] public partial class Gw;
        public class Plain;
        """;

    [Theory]
    [InlineData("""[EgressRoute(typeof(Wikipedia), ForwardTo = typeof(Www))][TlsRoute] public partial class R;""", "EGRESS500")]
    [InlineData("""[EgressRoute(typeof(Wikipedia), Through = typeof(Gw), ForwardTo = typeof(Plain))][TlsRoute] public partial class R;""", "EGRESS008")]
    [InlineData("""[EgressRoute(typeof(Wikipedia), Through = typeof(Gw), ForwardTo = typeof(Www))][TlsRoute(Subset = "v2")] public partial class R;""", "EGRESS020")]
    public void A_wrong_ForwardTo_gets_one_error(string route, string id)
    {
        var diagnostics = GeneratorHarness.Analyze(GeneratorHarness.Compile(Services + route));
        Assert.Equal(id, Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void Subsets_of_the_forwarded_service_are_routable() =>
        Assert.Empty(GeneratorHarness.Analyze(GeneratorHarness.Compile(Services + """[EgressRoute(typeof(Wikipedia), Through = typeof(Gw), ForwardTo = typeof(Www))][TlsRoute(Subset = "v1")] public partial class R;""")));
}
