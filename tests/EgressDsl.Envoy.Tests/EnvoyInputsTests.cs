using EgressDsl.Generator;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Resolution;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// A build keeps each gateway's file, each service's sidecar clusters and virtual hosts and each of the bootstrap's clusters and
/// virtual hosts by what they are made from (<see cref="GatewayInputs"/>, <see cref="SidecarServiceInputs"/>,
/// <see cref="SidecarVirtualHostInputs"/>, <see cref="BootstrapClusterInputs"/>, <see cref="BootstrapVirtualHostInputs"/>). What is kept that way must give the files made from nothing, whatever was edited,
/// and an edit must make again only the parts it reaches.
/// </summary>
public class EnvoyInputsTests
{
    // Two gateways, each the only way out for its own service; Api's DestinationRule selects gateway A's pods, so it does
    // not apply to the sidecar while gateway A carries those labels. (A second service for Api's host, first by class name,
    // takes the host with a port the route does not send to: the bootstrap then has no cluster for it.)
    private const string TwoGateways = """
        using EgressDsl;
        [ExternalService("api.example.com", Resolution = ServiceResolution.Static)]
        [ServicePort(443, "https", PortProtocol.Https)]
        [Endpoint("192.0.2.1", Labels = ["version=v1"], Weight = 3)]
        [Endpoint("192.0.2.2", Labels = ["version=v2"])]
        [Subset("v1", "version=v1")]
        [Subset("v2", "version=v2")]
        [DestinationRule(WorkloadSelector = ["istio=egress-a"])]
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

    // The last two columns are the same but where a route's clusters are renamed: a virtual host of the sidecar and of the
    // bootstrap are both kept by the route class they come from, which holds its service and its gateway.
    public static IEnumerable<object[]> Edits() => new[]
    {
        new object[] { "endpoint weight of the service behind gateway A", "Weight = 3", "Weight = 7", new[] { "egress-a" }, new[] { "api.example.com" }, new[] { "api.example.com" }, false, new[] { "api.example.com:80" }, new[] { "api.example.com:80" } },
        new object[] { "subset of a rule of gateway A's route", "Headers = [\"want=v2\"], Subset = \"v2\"", "Headers = [\"want=v2\"], Subset = \"v1\"", new[] { "egress-a" }, Array.Empty<string>(), Array.Empty<string>(), false, new[] { "api.example.com:80" }, new[] { "api.example.com:80" } },
        new object[] { "TLS of the service behind gateway A", "CaCertificates = \"/etc/certs/ca.pem\"", "CaCertificates = \"/etc/certs/other.pem\"", new[] { "egress-a" }, new[] { "api.example.com" }, new[] { "api.example.com" }, false, new[] { "api.example.com:80" }, new[] { "api.example.com:80" } },
        new object[] { "gateway B's target port", "Selector = [\"istio=egress-b\"]", "Selector = [\"istio=egress-b\"], TargetPorts = [\"80=8081\"]", new[] { "egress-b" }, new[] { "istio-egressgateway.istio-system.svc.cluster.local" }, Array.Empty<string>(), false, new[] { "billing.example.com:80" }, new[] { "billing.example.com:80" } },
        new object[] { "a timeout on gateway B's route", "[HttpRoute(DestinationPort = 443)]\npublic partial class BillingRoute", "[HttpRoute(DestinationPort = 443, Timeout = \"5s\")]\npublic partial class BillingRoute", new[] { "egress-b" }, Array.Empty<string>(), Array.Empty<string>(), false, new[] { "billing.example.com:80" }, new[] { "billing.example.com:80" } },
        new object[] { "gateway A's labels, which the DestinationRule no longer selects", "Selector = [\"istio=egress-a\"])]\n[GatewayServer", "Selector = [\"istio=egress-x\"])]\n[GatewayServer", new[] { "egress-a" }, new[] { "api.example.com", "istio-egressgateway.istio-system.svc.cluster.local" }, Array.Empty<string>(), false, new[] { "api.example.com:80" }, new[] { "api.example.com:80" } },
        new object[] { "a service no gateway routes to", "public partial class Billing;", "public partial class Billing;\n\n[ExternalService(\"other.example.com\")]\n[ServicePort(443, \"https\", PortProtocol.Https)]\npublic partial class Other;", Array.Empty<string>(), new[] { "other.example.com" }, Array.Empty<string>(), false, Array.Empty<string>(), Array.Empty<string>() },
        new object[] { "a service whose host starts with Api's first label, which renames Api's bootstrap clusters", "public partial class Billing;", "public partial class Billing;\n\n[ExternalService(\"api.other.org\")]\n[ServicePort(443, \"https\", PortProtocol.Https)]\npublic partial class OtherApi;", Array.Empty<string>(), new[] { "api.other.org" }, new[] { "api.example.com" }, false, Array.Empty<string>(), new[] { "api.example.com:80" } },
        new object[] { "a second service declaring gateway A's service host", "public partial class Billing;", "public partial class Billing;\n\n[ExternalService(\"api.example.com\", Resolution = ServiceResolution.Dns)]\n[ServicePort(8443, \"https\", PortProtocol.Https)]\npublic partial class Aaa;", new[] { "egress-a" }, new[] { "api.example.com" }, Array.Empty<string>(), false, Array.Empty<string>(), Array.Empty<string>() },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Kept_parts_give_the_files_made_from_nothing_and_an_edit_makes_again_only_what_it_reaches(string edit, string before, string after, string[] gateways, string[] sidecarServices, string[] bootstrapHosts, bool bootstrapListeners, string[] virtualHosts, string[] bootstrapVirtualHosts)
    {
        var source = TwoGateways.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(source.Contains(before, StringComparison.Ordinal), edit);
        var kept = new KeptParts();
        var first = EnvoyEmitter.Files(Resolve(source), kept);
        kept.Made.Clear();
        var editedProject = Resolve(source.Replace(before, after, StringComparison.Ordinal));
        var second = EnvoyEmitter.Files(editedProject, kept);

        Assert.Equal(EnvoyEmitter.Files(editedProject).Files, second.Files);
        Assert.NotEqual(first.Files, second.Files);
        var expected = gateways.Select(name => "gateway " + name)
            .Concat(sidecarServices.Select(host => "sidecar " + host))
            .Concat(bootstrapHosts.Select(host => "bootstrap " + host))
            .Concat(bootstrapListeners ? new[] { "bootstrap listeners" } : Array.Empty<string>())
            .Concat(virtualHosts.Select(name => "virtual host " + name))
            .Concat(bootstrapVirtualHosts.Select(name => "bootstrap virtual host " + name))
            .OrderBy(m => m, StringComparer.Ordinal);
        Assert.Equal(expected, kept.Made.OrderBy(m => m, StringComparer.Ordinal));
    }

    [Fact]
    public void The_mesh_view_reads_again_only_the_edited_service_and_the_routes_to_it()
    {
        var source = TwoGateways.Replace("\r\n", "\n", StringComparison.Ordinal);
        var kept = new KeptParts();
        EnvoyEmitter.Files(Resolve(source), kept);
        Assert.Equal(new[] { "route to api.example.com", "route to billing.example.com", "service entry api.example.com", "service entry billing.example.com" }, kept.ViewMade.Order(StringComparer.Ordinal));

        kept.ViewMade.Clear();
        var edited = Resolve(source.Replace("Weight = 3", "Weight = 7", StringComparison.Ordinal));
        Assert.Equal(EnvoyEmitter.Files(edited).Files, EnvoyEmitter.Files(edited, kept).Files);
        Assert.Equal(new[] { "route to api.example.com", "service entry api.example.com" }, kept.ViewMade.Order(StringComparer.Ordinal));

        kept.ViewMade.Clear();
        var unchanged = Resolve(source.Replace("public partial class Billing;", "public partial class Billing\n{\n    public int Unrelated => 1;\n}", StringComparison.Ordinal));
        Assert.Equal(EnvoyEmitter.Files(unchanged).Files, EnvoyEmitter.Files(unchanged, kept).Files);
        Assert.Empty(kept.ViewMade);
    }

    [Fact]
    public void Every_scenario_gives_the_same_files_with_parts_kept_from_every_other_scenario()
    {
        // One cache across unrelated projects: a key that left something out would hand one project another's part.
        var kept = new KeptParts();
        var projects = EnvoyScenarios.Matrix().Select(s => Resolve(s.Source)).ToList();
        foreach (var project in projects.Concat(projects))
        {
            Assert.Equal(EnvoyEmitter.Files(project).Files, EnvoyEmitter.Files(project, kept).Files);
        }

        Assert.NotEmpty(kept.Made);
    }

    [Fact]
    public void Parts_kept_under_one_istio_api_version_are_not_given_to_another()
    {
        // Without its workload selector, Api's DestinationRule applies to the sidecar too, whose clusters then name it.
        var source = TwoGateways.Replace("[DestinationRule(WorkloadSelector = [\"istio=egress-a\"])]", "[DestinationRule]", StringComparison.Ordinal);
        var kept = new KeptParts();
        var files = new List<EnvoyFiles>();
        foreach (var version in new[] { "v1", "v1beta1", "v1" })
        {
            var run = GeneratorHarness.RunWithVersion(version, source);
            var project = run.ResolvedProject;
            files.Add(EnvoyEmitter.Files(project, kept));
            Assert.Equal(EnvoyEmitter.Files(project).Files, files[^1].Files);
        }

        Assert.NotEqual(files[0].Files, files[1].Files);
    }

    [Fact]
    public void Every_scenarios_bootstrap_takes_its_clusters_and_virtual_hosts_as_written_for_their_lists_and_gives_the_whole_trees_text()
    {
        // A bootstrap whose cluster list or virtual host lists moved to another column would still be right, written whole,
        // but nothing kept would be used: this holds the columns the parts are written for to the ones the document puts
        // them at, and the skeleton to a few nodes per listener.
        var spliced = 0;
        var withVirtualHosts = 0;
        foreach (var scenario in EnvoyScenarios.Matrix())
        {
            var view = MeshView.From(Resolve(scenario.Source));
            var skeleton = BootstrapEmitter.Skeleton(view);
            var sequences = skeleton.VirtualHosts
                .Select(l => new SplicedSequence(l.Placeholder, l.Items.Select(v => YamlWriter.WriteItem(v.Tree(), BootstrapEmitter.VirtualHostsColumn)).ToList(), BootstrapEmitter.VirtualHostsColumn))
                .ToList();
            if (skeleton.Clusters.Count > 0)
            {
                sequences.Add(new SplicedSequence(BootstrapEmitter.ClustersPlaceholder,
                    skeleton.Clusters.Select(c => YamlWriter.WriteItem(BootstrapEmitter.Cluster(view, c.Name, c.Destination), BootstrapEmitter.ClustersColumn)).ToList(),
                    BootstrapEmitter.ClustersColumn));
            }

            if (sequences.Count == 0)
            {
                continue;
            }

            var pieces = YamlWriter.Splice(YamlWriter.Write(skeleton.Document), sequences);
            Assert.NotNull(pieces);
            Assert.Equal(YamlWriter.Write(BootstrapEmitter.Emit(view)), string.Concat(pieces));
            Assert.DoesNotContain("routes:", YamlWriter.Write(skeleton.Document), StringComparison.Ordinal);
            spliced++;
            withVirtualHosts += skeleton.VirtualHosts.Count > 0 ? 1 : 0;
        }

        Assert.True(spliced > 3);
        Assert.True(withVirtualHosts > 3);
    }

    /// <summary>Parts by their inputs, as RenderCache keeps them, noting each part it had to make.</summary>
    internal sealed class KeptParts : IEnvoyReuse
    {
        private readonly Dictionary<EgressDsl.Generator.Model.ExternalServiceModel, IReadOnlyList<RegistryService>> serviceEntries = new();
        private readonly Dictionary<ResolvedRoute, IReadOnlyList<VirtualServiceView>> routeVirtualServices = new();
        private readonly Dictionary<GatewayInputs, ManifestFile> gateways = new();
        private readonly Dictionary<SidecarServiceInputs, ServiceClusters> services = new();
        private readonly Dictionary<SidecarVirtualHostInputs, string> virtualHosts = new();
        private readonly Dictionary<BootstrapClusterInputs, string> bootstrapClusters = new();
        private readonly Dictionary<BootstrapVirtualHostInputs, string> bootstrapVirtualHosts = new();
        private readonly Dictionary<MappingNode, string> skeletons = new();

        public List<string> Made { get; } = new();

        /// <summary>The parts of the mesh view made, apart from the parts of the files.</summary>
        public List<string> ViewMade { get; } = new();

        public IReadOnlyList<RegistryService> ServiceEntry(EgressDsl.Generator.Model.ExternalServiceModel service, Func<IReadOnlyList<RegistryService>> make) =>
            Keep(serviceEntries, service, make, "service entry " + service.Hosts[0], ViewMade);

        public IReadOnlyList<VirtualServiceView> RouteVirtualServices(ResolvedRoute route, Func<IReadOnlyList<VirtualServiceView>> make) =>
            Keep(routeVirtualServices, route, make, "route to " + route.Service.Hosts[0], ViewMade);

        public ManifestFile Gateway(GatewayInputs inputs, Func<ManifestFile> make) =>
            Keep(gateways, inputs, make, "gateway " + inputs.Gateway.Name);

        public ServiceClusters SidecarService(SidecarServiceInputs inputs, Func<ServiceClusters> make) =>
            Keep(services, inputs, make, "sidecar " + inputs.Host.Host);

        public string SidecarVirtualHost(SidecarVirtualHostInputs inputs, Func<string> make) =>
            Keep(virtualHosts, inputs, make, "virtual host " + inputs.Name);

        public string BootstrapSkeleton(MappingNode document, Func<string> make) =>
            Keep(skeletons, document, make, "bootstrap listeners");

        public string BootstrapCluster(BootstrapClusterInputs inputs, Func<string> make) =>
            Keep(bootstrapClusters, inputs, make, "bootstrap " + inputs.Host);

        public string BootstrapVirtualHost(BootstrapVirtualHostInputs inputs, Func<string> make) =>
            Keep(bootstrapVirtualHosts, inputs, make, "bootstrap virtual host " + inputs.Name);

        private TValue Keep<TKey, TValue>(Dictionary<TKey, TValue> parts, TKey inputs, Func<TValue> make, string part, List<string>? made = null)
            where TKey : notnull
        {
            made ??= Made;
            if (!parts.TryGetValue(inputs, out var value))
            {
                if (!made.Contains(part))
                {
                    made.Add(part);
                }

                parts[inputs] = value = make();
            }

            return value;
        }
    }

    private static ResolvedProject Resolve(string source) => GeneratorHarness.Run(source).ResolvedProject;
}
