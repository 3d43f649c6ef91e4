using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;
using Xunit;

namespace EgressDsl.Generator.Tests;

public class HostIndexTests
{
    private static readonly string[] Hosts =
    {
        "*", "a.example.com", "A.Example.com", "*.example.com", "*.com", "b.a.example.com", "*.a.example.com", "example.com",
        "api.other.org", "*.other.org", "other.org", "x.y.z", "*.y.z", "*.z", "z",
    };

    [Fact]
    public void Index_finds_exactly_the_hosts_the_pairwise_match_finds()
    {
        var random = new Random(7);
        for (var round = 0; round < 300; round++)
        {
            var items = Enumerable.Range(0, random.Next(1, 12)).Select(_ => Hosts[random.Next(Hosts.Length)]).ToList();
            var index = new HostIndex();
            for (var i = 0; i < items.Count; i++)
            {
                index.Add(i, items[i]);
            }

            var query = Hosts[random.Next(Hosts.Length)];
            var expected = Enumerable.Range(0, items.Count)
                .Where(i => HostNames.Matches(items[i], query) || HostNames.Matches(query, items[i]))
                .ToList();
            Assert.Equal(expected, index.Overlapping(new[] { query }));
        }
    }
}
