using EgressDsl.Generator;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Resolution;
using EgressDsl.Generator.Tests;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// A build keeps each gateway's file by what it is made from (<see cref="GatewayInputs"/>). A file kept that way must be
/// the file the gateway gets from nothing, whatever was edited, and an edit must write again only the gateways it reaches.
/// </summary>
public class GatewayInputsTests
{
    // Two gateways, each the only way out for its own service, and a third service both gateways' hosts could name.
    private const string TwoGateways = """
        using EgressDsl;
        [ExternalService("api.example.com", Resolution = ServiceResolution.Static)]
        [ServicePort(443, "https", PortProtocol.Https)]
        [Endpoint("192.0.2.1", Labels = ["version=v1"], Weight = 3)]
        [Endpoint("192.0.2.2", Labels = ["version=v2"])]
        [Subset("v1", "version=v1")]
        [Subset("v2", "version=v2")]
        [TlsOrigination(TlsMode.Simple, CaCertificates = "/etc/certs/ca.pem")]
        public partial class Api;

        [ExternalService("billing.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "https", PortProtocol.Https)]
        public partial class Billing;

        [EgressGateway(Name = "egress-a", Namespace = "istio-system", Selector = ["istio=egress-a"])]
        [GatewayServer(80, "http", PortProtocol.Http, "api.example.com")]
        public partial class GatewayA;

        [EgressGateway(Name = "egress-b", Namespace = "istio-system", Selector = ["istio=egress-b"])]
        [GatewayServer(80, "http", PortProtocol.Http, "billing.example.com")]
        public partial class GatewayB;

        [EgressRoute(typeof(Api), Through = typeof(GatewayA), Port = 80)]
        [HttpRoute(Headers = ["want=v2"], Subset = "v2", DestinationPort = 443)]
        [HttpRoute(Subset = "v1", DestinationPort = 443)]
        public partial class ApiRoute;

        [EgressRoute(typeof(Billing), Through = typeof(GatewayB), Port = 80)]
        [HttpRoute(DestinationPort = 443)]
        public partial class BillingRoute;
        """;

    public static IEnumerable<object[]> Edits() => new[]
    {
        new object[] { "endpoint weight of the service behind gateway A", "Weight = 3", "Weight = 7", new[] { "egress-a" } },
        new object[] { "subset of a rule of gateway A's route", "Headers = [\"want=v2\"], Subset = \"v2\"", "Headers = [\"want=v2\"], Subset = \"v1\"", new[] { "egress-a" } },
        new object[] { "TLS of the service behind gateway A", "CaCertificates = \"/etc/certs/ca.pem\"", "CaCertificates = \"/etc/certs/other.pem\"", new[] { "egress-a" } },
        new object[] { "gateway B's selector", "Selector = [\"istio=egress-b\"]", "Selector = [\"istio=egress-b\", \"zone=b\"]", new[] { "egress-b" } },
        new object[] { "a timeout on gateway B's route", "[HttpRoute(DestinationPort = 443)]\npublic partial class BillingRoute", "[HttpRoute(DestinationPort = 443, Timeout = \"5s\")]\npublic partial class BillingRoute", new[] { "egress-b" } },
        new object[] { "a service no gateway routes to", "public partial class Billing;", "public partial class Billing;\n\n[ExternalService(\"other.example.com\")]\n[ServicePort(443, \"https\", PortProtocol.Https)]\npublic partial class Other;", Array.Empty<string>() },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_gateway_file_kept_by_its_inputs_is_the_file_made_from_nothing_and_only_reached_gateways_are_made_again(string edit, string before, string after, string[] reached)
    {
        var source = TwoGateways.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(source.Contains(before, StringComparison.Ordinal), edit);
        var kept = new Dictionary<GatewayInputs, ManifestFile>();
        ManifestFile Reuse(GatewayInputs inputs, Func<ManifestFile> make) => kept.TryGetValue(inputs, out var file) ? file : kept[inputs] = make();

        var first = EnvoyEmitter.Files(Resolve(source), Reuse);
        var editedProject = Resolve(source.Replace(before, after, StringComparison.Ordinal));
        var second = EnvoyEmitter.Files(editedProject, Reuse);

        Assert.Equal(EnvoyEmitter.Files(editedProject).Files, second.Files);
        var madeAgain = second.Files
            .Where(f => f.Path.StartsWith(EnvoyOutput.Directory + "gateway_", StringComparison.Ordinal))
            .Where(f => !first.Files.Any(earlier => ReferenceEquals(earlier, f)))
            .Select(f => f.Path)
            .ToList();
        Assert.Equal(reached.Select(name => EnvoyEmitter.GatewayPath(name, "istio-system")), madeAgain);
    }

    [Fact]
    public void Every_scenario_gives_the_same_files_with_gateway_inputs_kept_from_every_other_scenario()
    {
        // One cache across unrelated projects: a key that left something out would hand one project another's file.
        var kept = new Dictionary<GatewayInputs, ManifestFile>();
        ManifestFile Reuse(GatewayInputs inputs, Func<ManifestFile> make) => kept.TryGetValue(inputs, out var file) ? file : kept[inputs] = make();
        var projects = EnvoyScenarios.Matrix().Select(s => Resolve(s.Source)).ToList();
        foreach (var project in projects.Concat(projects))
        {
            Assert.Equal(EnvoyEmitter.Files(project).Files, EnvoyEmitter.Files(project, Reuse).Files);
        }

        Assert.NotEmpty(kept);
    }

    private static ResolvedProject Resolve(string source)
    {
        var run = GeneratorHarness.Run(source);
        return (ResolvedProject)Assert.Single(run.Result.Results[0].TrackedSteps[StepNames.Resolve].SelectMany(step => step.Outputs)).Value;
    }
}
