using System.Collections.Generic;
using System.Threading;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>A route whose own request ends at a cluster with no endpoint (EGRESS080): the request and where it ended.</summary>
    internal sealed record RouteWithoutEndpoint(string RouteMetadataName, string Request, string Actual);

    /// <summary>
    /// EGRESS080 on models: the routes through a gateway whose own request ends at a cluster with no endpoint (503 UH), found
    /// by the simulator that checks [ExpectRoute], so the warning and the expectations agree.
    /// </summary>
    /// <remarks>
    /// Building the Envoy configuration and simulating every route cost about 374 MB a build at 1,000 services. A request
    /// can only end with 503 UH at a cluster without endpoints, and which clusters have none follows from the models
    /// (<see cref="EmptyClusters"/>); so the simulator runs only for the routes that may reach one, and in a project whose
    /// clusters all have endpoints nothing is built. The warning's text is still the simulator's.
    /// </remarks>
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

            var empty = EmptyClusters.Of(project, Caching.RenderCache.EnvoyParts);
            RouteExpectationChecker? checker = null;
            foreach (var resolved in routes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!MayEndWithoutEndpoint(resolved.Route!, empty))
                {
                    continue;
                }

                checker ??= RouteExpectationChecker.Of(project);
                if (checker.EndsWithoutEndpoint(resolved.Route!) is { } ended)
                {
                    found.Add(new RouteWithoutEndpoint(resolved.Class.Identity.MetadataName, ended.Request, ended.Actual));
                }
            }

            return found;
        }

        /// <summary>
        /// Whether the route's own request may end at a cluster with no endpoint in a way EGRESS080 reports: never when no
        /// proxy has such a cluster; and when every such cluster is one whose endpoints another registry owns (which the
        /// check excuses), only if a split could send the request there together with a cluster that is not excused.
        /// No means the simulator would not report the route; yes means it has to be asked.
        /// </summary>
        public static bool MayEndWithoutEndpoint(ResolvedRoute route, EmptyClusters empty)
        {
            foreach (var cluster in empty.Clusters)
            {
                if (!RouteExpectationChecker.EndpointsOwnedElsewhere(route.Destination, cluster.Name))
                {
                    return true;
                }
            }

            return empty.Clusters.Count > 0 && empty.HasSplits;
        }
    }
}
