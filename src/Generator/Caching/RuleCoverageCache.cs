using System;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Caching
{
    /// <summary>
    /// What <see cref="RuleCoverage"/> found for a route, by the values it looked at, shared by the generator and the
    /// analyzers of one compiler or IDE process.
    /// </summary>
    /// <remarks>
    /// Resolution runs again over every route whenever one class changes, and in a build from a new generator driver, but
    /// the coverage of a route's rules depends only on the route, its service and its gateway's server ports. Proving a
    /// rule unreachable builds automata for its paths and headers, the largest part of resolution in a warm compiler
    /// server at 1,000 services (docs/performance.md, "Where the compiler server's time goes"); an unchanged route now takes
    /// its earlier answer.
    /// The models come back as the same instances for unchanged classes and keep their hash codes, so a hit costs little.
    /// </remarks>
    internal static class RuleCoverageCache
    {
        public const int Capacity = 32_768;

        private static readonly SharedResults<RuleCoverageInputs, ResolutionIssue[]> Results = new(Capacity, KeyLookup.Value);

        public static ResolutionIssue[] Issues(RuleCoverageInputs inputs, Func<RuleCoverageInputs, ResolutionIssue[]> find) =>
            Results.GetOrAdd(inputs, find);

        /// <summary>Forgets everything, as a new compiler process starts: for benchmarks that measure cold runs.</summary>
        public static void Clear() => Results.Clear();
    }

    /// <summary>Everything <see cref="RuleCoverage"/> reads for one route.</summary>
    internal sealed record RuleCoverageInputs(
        string ClassName, RouteModel Route, ExternalServiceModel Service, EquatableArray<int> GatewayServerPorts);
}
