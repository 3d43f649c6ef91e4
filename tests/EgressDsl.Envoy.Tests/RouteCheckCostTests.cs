using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Resolution;
using EgressDsl.Generator.Simulation.Json;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// What keeps the route checks (EGRESS080, EGRESS300) cheap must not change what they read: the proxies' configuration made
/// with the parts a build kept is the configuration made from nothing, and JSON whose parts are built when first read reads
/// the same, and fails at once, as JSON built whole.
/// </summary>
public class RouteCheckCostTests
{
    [Fact]
    public void The_proxies_made_with_kept_parts_are_the_configuration_made_from_nothing_after_every_other_scenario()
    {
        // One set of kept parts across unrelated projects, as the compiler server keeps them across builds.
        var kept = new EnvoyInputsTests.KeptParts();
        var projects = EnvoyScenarios.Matrix().Select(s => GeneratorHarness.Run(s.Source).ResolvedProject).ToList();
        foreach (var project in projects.Concat(projects))
        {
            var whole = EnvoyEmitter.Build(project);
            var proxies = EnvoyEmitter.Proxies(project, kept);
            Assert.Equal(whole.Proxies, proxies.Proxies);
            Assert.Equal(string.Empty, proxies.BootstrapYaml);
        }

        Assert.NotEmpty(kept.Made);
    }

    [Theory]
    [InlineData("[{\"a\": {\"b\": [1, 2, {\"c\": \"\\u12\"}]}}]", 29, "\\u needs four hexadecimal digits")]
    [InlineData("[{\"a\": {\"b\": [1, 2, {\"c\": 01.}]}}, {}]", 29, "digits were expected after '.'")]
    [InlineData("[{}, {\"a\": [true, fals]}]", 18, "'false' was expected")]
    [InlineData("[{}, {\"a\": {\"b\": 1,}}]", 19, "a member name was expected")]
    [InlineData("[{}, {\"a\": \"tab\there\"}]", 16, "a control character must be escaped in a string")]
    public void An_error_in_a_part_never_read_is_thrown_by_Parse_where_it_is(string json, int offset, string message)
    {
        var error = Assert.Throws<FormatException>(() => JsonValue.Parse(json));
        Assert.Equal("Invalid JSON at offset " + offset + ": " + message + ".", error.Message);
    }

    [Fact]
    public void Parts_built_when_first_read_hold_what_the_text_says()
    {
        var root = JsonValue.Parse("""
            [
              {"name": "a\"b\\c\u00e9\n", "port_value": 8080, "portValue": 9090, "nested": {"list": [[1, -2.5e3], {}, [], null, false]}},
              {"name": "second", "name": "last wins", "empty": ""}
            ]
            """);

        Assert.Equal(JsonKind.Array, root.Kind);
        Assert.Equal(2, root.Items.Count);
        var first = root.Items[0];
        Assert.Equal("a\"b\\c\u00e9\n", first.String("name"));
        // The lowerCamelCase spelling is the same field, and the last of a repeated field wins.
        Assert.Equal(9090, first.Integer("port_value"));
        var list = first["nested"]!.Array("list");
        Assert.Equal(5, list.Count);
        Assert.Equal(new[] { "1", "-2.5e3" }, list[0].Items.Select(i => i.Text));
        Assert.Equal(JsonKind.Object, list[1].Kind);
        Assert.Empty(list[1].Members);
        Assert.Empty(list[2].Items);
        Assert.Equal(JsonKind.Null, list[3].Kind);
        Assert.Equal("false", list[4].Text);
        Assert.Equal("last wins", root.Items[1].String("name"));
        Assert.Equal(string.Empty, root.Items[1].String("empty"));
        Assert.Equal(new[] { "name", "name", "empty" }, root.Items[1].Members.Select(m => m.Key));
    }

    [Fact]
    public void Threads_reading_a_part_for_the_first_time_all_get_the_same_values()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 2_000).Select(i => "{\"name\": \"cluster-" + i
            + "\", \"endpoints\": [{\"port\": " + i + "}]}")) + "]";
        var root = JsonValue.Parse(json);
        var seen = new JsonValue[8][];
        Parallel.For(0, seen.Length, thread =>
            seen[thread] = root.Items.Select(item => item.Array("endpoints")[0]).ToArray());

        for (var thread = 1; thread < seen.Length; thread++)
        {
            // The same instances: one thread's build of a part is the one every thread reads.
            Assert.True(seen[0].Zip(seen[thread]).All(pair => ReferenceEquals(pair.First, pair.Second)));
        }

        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => (long?)i), seen[0].Select(endpoint => endpoint.Integer("port")));
    }
}

/// <summary>
/// Before simulating each of the gateways behind one Service, the chain asks each whether it may route the request at all
/// (<c>EnvoyProxy.MayRoute</c>); that answer may be yes when the simulation finds no route, never no when it finds one.
/// </summary>
public class GatewayCandidateTests
{
    [Fact]
    public void A_gateway_that_may_not_route_a_request_finds_no_route_for_it_in_every_scenario()
    {
        var refused = 0;
        foreach (var (name, source) in EnvoyScenarios.Matrix())
        {
            var project = GeneratorHarness.Run(source).ResolvedProject;
            var hosts = project.Classes.Where(c => c.Class.Service is not null).SelectMany(c => c.Class.Service!.Hosts)
                .Select(h => h.StartsWith('*') ? "www" + h[1..] : h).Append("unknown.example.org").Distinct().ToList();
            var ports = project.Classes.Where(c => c.Class.Service is not null).SelectMany(c => c.Class.Service!.Ports.Select(p
                => p.Number))
                .Concat(new[] { 80, 443, 8080, 8443 }).Distinct().ToList();
            foreach (var file in EnvoyEmitter.Build(project).Proxies.Where(p => p.Kind == EnvoyProxyFile.GatewayKind))
            {
                var gateway = EgressDsl.Generator.Simulation.EnvoyProxy.Parse(file.Json, file.Name, file.ServiceHost);
                foreach (var host in hosts)
                {
                    foreach (var port in ports)
                    {
                        var requests = new[]
                        {
                            EgressDsl.Generator.Simulation.SimulatedRequest.Http(host, port, "/"),
                            EgressDsl.Generator.Simulation.SimulatedRequest.Http(host + ":" + port, port, "/"),
                            EgressDsl.Generator.Simulation.SimulatedRequest.Http(host, port, "/").WithSni(host),
                            EgressDsl.Generator.Simulation.SimulatedRequest.Tls(host, port),
                        };
                        foreach (var request in requests)
                        {
                            if (!gateway.MayRoute(request))
                            {
                                refused++;
                                Assert.True(gateway.Simulate(request).Outcome == EgressDsl.Generator.Simulation.SimulationOutcome.NoRoute,
                                    name + ": " + file.Name + " " + request);
                            }
                        }
                    }
                }
            }
        }

        // Not vacuous: most gateways have no route for most of the other services' hosts.
        Assert.True(refused > 100, refused.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
