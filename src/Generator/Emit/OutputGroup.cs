using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit
{
    /// <summary>
    /// Classes whose generated members share one file: a service with the routes that send to it, or a class on its own
    /// (a gateway, a route whose service is not in the project).
    /// </summary>
    /// <remarks>
    /// After every run Roslyn adds each generated file again to a list that it searches for the file's name, so its cost
    /// grows with the square of the number of files (half the time of an IDE edit at 5,000 services, one file per class).
    /// A route is rendered again whenever its service changes, since it repeats the service's hosts and ports, so putting
    /// it in its service's file halves the files and still re-emits only what an edit reaches.
    /// </remarks>
    internal sealed record OutputGroup(EquatableArray<ResolvedClass> Classes)
    {
        /// <summary>The project's groups, in the order of their first class: each service followed by its routes, in project order.</summary>
        public static ImmutableArray<OutputGroup> Of(ResolvedProject project)
        {
            var services = new HashSet<string>(StringComparer.Ordinal);
            var routesByService = new Dictionary<string, List<ResolvedClass>>(StringComparer.Ordinal);
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Service is not null)
                {
                    services.Add(resolved.Class.Identity.MetadataName);
                }
            }

            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Route is { } route && services.Contains(route.ServiceMetadataName))
                {
                    if (!routesByService.TryGetValue(route.ServiceMetadataName, out var routes))
                    {
                        routesByService[route.ServiceMetadataName] = routes = new List<ResolvedClass>();
                    }

                    routes.Add(resolved);
                }
            }

            var groups = ImmutableArray.CreateBuilder<OutputGroup>(project.Classes.Count);
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Route is { } route && services.Contains(route.ServiceMetadataName))
                {
                    continue;
                }

                if (resolved.Class.Service is not null && routesByService.TryGetValue(resolved.Class.Identity.MetadataName, out var routes))
                {
                    var classes = new ResolvedClass[routes.Count + 1];
                    classes[0] = resolved;
                    routes.CopyTo(classes, 1);
                    groups.Add(new OutputGroup(EquatableArray<ResolvedClass>.Own(classes)));
                }
                else
                {
                    groups.Add(new OutputGroup(EquatableArray<ResolvedClass>.Own(new[] { resolved })));
                }
            }

            return groups.ToImmutable();
        }
    }
}
