using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// Issue 16, findings 9 and 10: values at the limits the parser enforces give Envoy files that envoy-check accepts. Endpoint
/// weights that add up to exactly 4,294,967,295 (the uint32 maximum of a locality's total), and the shortest and longest
/// timeouts, in the sidecar, the gateway and the bootstrap.
/// </summary>
public class LimitOutputTests
{
    private const string Source = """
        using EgressDsl;
        [ExternalService("api.example.com", Resolution = ServiceResolution.Static)]
        [ServicePort(80, "http", PortProtocol.Http)]
        [Endpoint("192.0.2.1", Labels = ["version=v1"], Locality = "us-east1/us-east1-b", Weight = 2147483647)]
        [Endpoint("192.0.2.2", Labels = ["version=v1"], Locality = "us-east1/us-east1-b", Weight = 2147483647)]
        [Endpoint("192.0.2.3", Labels = ["version=v2"], Locality = "us-east1/us-east1-b")]
        [Subset("v1", "version=v1")]
        [Subset("v2", "version=v2")]
        public partial class Api;

        [EgressGateway]
        [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
        public partial class Gateway;

        [EgressRoute(typeof(Api), Through = typeof(Gateway), Port = 80)]
        [HttpRoute(Headers = ["want=v2"], Subset = "v2", Timeout = "1ms")]
        [HttpRoute(Subset = "v1", Timeout = "2562047h")]
        public partial class ApiRoute;
        """;

    [Fact]
    public void Weights_and_timeouts_at_their_limits_pass_envoy_check()
    {
        var files = EnvoyOutputs.Generate(Source);
        Assert.Contains(files.Values, content => content.Contains("4294967295", StringComparison.Ordinal));
        Assert.Contains(files.Values, content => content.Contains("\"0.001s\"", StringComparison.Ordinal) || content.Contains(" 0.001s", StringComparison.Ordinal));

        var (exitCode, output, verdicts) = EnvoyCheck.CheckAll(files.ToDictionary(f => EnvoyOutputs.FlatName("limits", f.Key), f => f.Value));
        Assert.True(exitCode == 0, output);
        Assert.Equal(files.Count, verdicts.Count);
    }
}
