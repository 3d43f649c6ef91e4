using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Envoy;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// Envoy rejects a route configuration in which two virtual hosts list the same domain, so the sidecar gives each domain
/// to the first virtual host (by name) that lists it and drops a virtual host left with none.
/// </summary>
public class SidecarVirtualHostTests
{
    [Fact]
    public void The_first_virtual_host_keeps_a_shared_domain_and_one_left_without_domains_is_dropped()
    {
        var plans = new[]
        {
            Plan("a", "api", "api.", "api.default"),
            Plan("b", "billing", "API.", "billing."),
            Plan("c", "api", "Billing"),
            Plan("d", "dup", "dup", "other"),
        };

        var virtualHosts = SidecarEmitter.VirtualHosts(plans);

        Assert.Equal(new[] { "a", "b", "d" }, virtualHosts.Select(v => v.Name));
        Assert.Same(plans[0], virtualHosts[0]);
        Assert.Equal(new[] { "billing", "billing." }, virtualHosts[1].Domains);
        Assert.Equal(new[] { "dup", "other" }, virtualHosts[2].Domains);
    }

    [Fact]
    public void Random_plans_keep_each_domain_once_in_the_order_of_the_plans()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var plans = Enumerable.Range(0, random.Next(1, 8))
                .Select(i => Plan("p" + i, Enumerable.Range(0, random.Next(0, 5)).Select(_ => "d" + random.Next(6)).ToArray()))
                .ToArray();
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var expected = plans.Select(p => (p.Name, Domains: p.Domains.Where(taken.Add).ToList())).Where(p => p.Domains.Count > 0).ToList();

            var virtualHosts = SidecarEmitter.VirtualHosts(plans);

            Assert.Equal(expected.Select(e => e.Name), virtualHosts.Select(v => v.Name));
            Assert.Equal(expected.Select(e => string.Join(",", e.Domains)), virtualHosts.Select(v => string.Join(",", v.Domains)));
        }
    }

    private static SidecarVirtualHost Plan(string name, params string[] domains) =>
        new(name, domains, 80, null, () => Array.Empty<DocumentNode>());
}
