using System.Collections.Generic;
using System.Threading;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>A route whose own request ends at a cluster with no endpoint (EGRESS080): the request and where it ended.</summary>
    internal sealed record RouteWithoutEndpoint(string RouteMetadataName, string Request, string Actual);

    /// <summary>
    /// EGRESS080 on models: the routes through a gateway whose own request ends at a cluster with no endpoint (503 UH), found
    /// by the simulator that checks [ExpectRoute], so the warning and the expectations agree.
    /// </summary>
    internal static class RouteEndpointCheck
    {
        /// <summary>The routes through a gateway whose own request the simulator ends at a cluster with no endpoint, in the project's
        /// order.</summary>
        public static IReadOnlyList<RouteWithoutEndpoint> RoutesWithoutEndpoints(ResolvedProject project,
            CancellationToken cancellationToken = default)
        {
            var found = new List<RouteWithoutEndpoint>();
            var routes = new List<ResolvedClass>();
            foreach (var resolved in project.Classes)
            {
                if (resolved.Route is { Gateway: not null })
                {
                    routes.Add(resolved);
                }
            }

            if (routes.Count == 0)
            {
                return found;
            }

            var checker = RouteExpectationChecker.Of(project);
            foreach (var resolved in routes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (checker.EndsWithoutEndpoint(resolved.Route!) is { } ended)
                {
                    found.Add(new RouteWithoutEndpoint(resolved.Class.Identity.MetadataName, ended.Request, ended.Actual));
                }
            }

            return found;
        }
    }
}
