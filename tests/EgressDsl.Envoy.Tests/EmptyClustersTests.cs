using EgressDsl.Generator.Analyzers;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Resolution;
using EgressDsl.Generator.Simulation;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// EGRESS080 decides from the models which clusters have no endpoint (<see cref="EmptyClusters"/>) and simulates only the
/// routes that may reach one. Over every scenario and the check's own cases, the model's empty clusters are the ones the
/// simulator reads as empty in the built configuration, and the check's findings are those of simulating every route.
/// </summary>
public class EmptyClustersTests
{
    private static IEnumerable<(string Name, string Source)> Corpus() => EnvoyScenarios.Matrix().Concat(RouteCheckScenarios.All());

    [Fact]
    public void The_models_empty_clusters_are_the_ones_the_simulator_reads_as_empty_in_every_scenario()
    {
        var empty = 0;
        foreach (var (name, source) in Corpus())
        {
            var project = GeneratorHarness.Run(source).ResolvedProject;
            var simulated = EnvoyEmitter.Build(project).Proxies
                .SelectMany(file =>
                {
                    var proxy = EnvoyProxy.Parse(file.Json, file.Name, file.ServiceHost);
                    return proxy.ClusterNames.Where(proxy.HasNoEndpoint).Select(cluster => new EmptyCluster(file.Path, cluster));
                })
                .OrderBy(c => c.ProxyPath, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            var modelled = EmptyClusters.Of(project).Clusters
                .OrderBy(c => c.ProxyPath, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            Assert.True(simulated.SequenceEqual(modelled), name + ": simulated " + string.Join(", ", simulated) + "; modelled "
                + string.Join(", ", modelled));
            empty += modelled.Count;
        }

        // Not vacuous: the check's cases and some scenarios have clusters without endpoints.
        Assert.True(empty >= 5, empty.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_route_check_finds_what_simulating_every_route_finds_and_simulates_only_where_the_model_says_it_may()
    {
        var reported = 0;
        var skipped = 0;
        foreach (var (name, source) in Corpus())
        {
            var project = GeneratorHarness.Run(source).ResolvedProject;
            var checker = RouteExpectationChecker.From(EnvoyEmitter.Build(project));
            var empty = EmptyClusters.Of(project);
            var everyRoute = new List<RouteWithoutEndpoint>();
            foreach (var resolved in project.Classes.Where(c => c.Route is { Gateway: not null }))
            {
                var ended = checker.EndsWithoutEndpoint(resolved.Route!);
                var may = RouteEndpointCheck.MayEndWithoutEndpoint(resolved.Route!, empty);
                Assert.True(ended is null || may, name + ": the model ruled out " + resolved.Class.Identity.MetadataName
                    + ", which the simulator ends without endpoint: " + ended);
                skipped += may ? 0 : 1;
                if (ended is { } found)
                {
                    everyRoute.Add(new RouteWithoutEndpoint(resolved.Class.Identity.MetadataName, found.Request, found.Actual));
                }
            }

            Assert.Equal(everyRoute, RouteEndpointCheck.RoutesWithoutEndpoints(project));
            reported += everyRoute.Count;
        }

        // Not vacuous: routes are reported, and most routes through a gateway need no simulation at all.
        Assert.True(reported >= 3, reported.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(skipped >= 10, skipped.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_project_whose_clusters_all_have_endpoints_builds_no_configuration_for_the_check()
    {
        var project = GeneratorHarness.Run(RouteCheckScenarios.All().Single(c => c.Name == "wildcard forwarded to a DNS host").Source)
            .ResolvedProject;
        Assert.Empty(EmptyClusters.Of(project).Clusters);
        Assert.Empty(RouteEndpointCheck.RoutesWithoutEndpoints(project));
        Assert.False(RouteExpectationChecker.WasBuiltFor(project));
    }
}
