using System.Collections.Immutable;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>
/// Resolution takes a route's rule coverage (EGRESS070) from <see cref="RuleCoverageCache"/> when the route, its service
/// and its gateway's ports are equal to ones it checked before: the answer must be the one a check from nothing gives,
/// and a route that changed must be checked again.
/// </summary>
public class RuleCoverageCacheTests
{
    private const string Service = """
        using EgressDsl;
        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns, Location = ServiceLocation.MeshExternal)]
        [ServicePort(80, "http", PortProtocol.Http)]
        public partial class Api;
        """;

    private const string DeadRule = """
        using EgressDsl;
        [EgressRoute(typeof(Api))][HttpRoute(UriPrefix = "/v1/")][HttpRoute(UriExact = "/v1/items")][HttpRoute(Headers = ["x=1"])]
        public partial class ApiRoute;
        """;

    private const string LiveRules = """
        using EgressDsl;
        [EgressRoute(typeof(Api))][HttpRoute(UriExact = "/v1/items")][HttpRoute(UriPrefix = "/v1/")][HttpRoute(Headers = ["x=1"])]
        public partial class ApiRoute;
        """;

    private static ImmutableArray<EgressClassModel> Models(params string[] sources) =>
        GeneratorHarness.Compile(sources).GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .Select(type => ParsedClassCache.Parse(ClassSnapshot.Read(type, CancellationToken.None), CancellationToken.None).Model)
            .OfType<EgressClassModel>()
            .ToImmutableArray();

    private static List<ResolutionIssue> Issues(ImmutableArray<EgressClassModel> models)
    {
        var project = ProjectResolver.Resolve(models, GeneratorOptions.Default);
        return project.Issues.Concat(project.Advisories).ToList();
    }

    [Fact]
    public void A_route_checked_before_gets_the_findings_of_a_check_from_nothing()
    {
        var models = Models(Service, DeadRule);
        RuleCoverageCache.Clear();
        var fromNothing = Issues(models);
        Assert.Contains(fromNothing, issue => issue.Id == DiagnosticDescriptors.UnreachableRule.Id);

        // The same instances, then copies equal by value (as a new compilation's parse gives them).
        Assert.Equal(fromNothing, Issues(models));
        Assert.Equal(fromNothing, Issues(models.Select(model => model with { }).ToImmutableArray()));
    }

    [Fact]
    public void A_route_whose_rules_changed_is_checked_again()
    {
        var dead = Models(Service, DeadRule);
        Assert.Contains(Issues(dead), issue => issue.Id == DiagnosticDescriptors.UnreachableRule.Id);

        var live = Models(Service, LiveRules);
        Assert.DoesNotContain(Issues(live), issue => issue.Id == DiagnosticDescriptors.UnreachableRule.Id);
        Assert.Contains(Issues(dead), issue => issue.Id == DiagnosticDescriptors.UnreachableRule.Id);
    }
}
