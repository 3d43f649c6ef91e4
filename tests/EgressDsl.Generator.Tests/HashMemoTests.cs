using System.Reflection;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// The models that build keys hold many times over keep their hash code (<see cref="HashMemo"/>). A kept hash must be the
/// hash of every field, or two records that differ would share parts; and a <c>with</c> copy must not keep its
/// original's.
/// </summary>
public class HashMemoTests
{
    public static IEnumerable<object[]> Models() => Scenarios.All()
        .SelectMany(scenario => GeneratorHarness.Run((string)scenario[1]).ResolvedProject.Classes)
        .SelectMany(resolved => new object?[] { resolved.Route, resolved.Class.Service, resolved.Class.Gateway, resolved.Class.Route, resolved.Route?.Service, resolved.Route?.Gateway })
        .Where(model => model is not null)
        .Select(model => new object[] { model! });

    [Fact]
    public void Every_kind_of_record_that_keeps_its_hash_is_among_the_ones_tested()
    {
        var keeping = typeof(HashMemo).Assembly.GetTypes()
            .Where(t => t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Any(f => f.FieldType == typeof(HashMemo)))
            .Select(t => t.Name)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(keeping, Models().Select(m => m[0].GetType().Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_kept_hash_is_the_hash_of_every_field_in_order_and_asking_again_gives_the_same(object model)
    {
        Assert.Equal(HashOfEveryField(model), model.GetHashCode());
        Assert.Equal(HashOfEveryField(model), model.GetHashCode());
    }

    [Fact]
    public void A_with_copy_hashes_its_own_fields_and_the_memo_takes_no_part_in_equality()
    {
        var service = GeneratorHarness.Run(Scenarios.DnsWithSimpleTls).ResolvedProject.Classes.Select(c => c.Class.Service).First(s => s is not null)!;
        var before = service.GetHashCode();

        var renamed = service with { Name = service.Name + "-other" };
        var same = service with { };
        var fresh = service with { Name = new string(service.Name.ToCharArray()) };

        Assert.Equal(HashOfEveryField(renamed), renamed.GetHashCode());
        Assert.NotEqual(before, renamed.GetHashCode());
        Assert.NotEqual(service, renamed);

        // Equal whether or not either has computed its hash yet.
        Assert.Equal(service, fresh);
        Assert.Equal(fresh, service);
        Assert.Equal(before, fresh.GetHashCode());
        Assert.Equal(service, same);
        Assert.Equal(before, same.GetHashCode());
    }

    // The rule the records follow, written again independently: every instance field but the memo, in declaration
    // order, each by its own hash code, combined as FieldHash combines them.
    private static int HashOfEveryField(object model)
    {
        var hash = 17;
        foreach (var field in model.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.MetadataToken))
        {
            if (field.FieldType == typeof(HashMemo))
            {
                continue;
            }

            var value = field.GetValue(model);
            hash = unchecked((hash * 31) + (value?.GetHashCode() ?? 0));
        }

        return hash;
    }
}
