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
            // Each service's group, which its routes join wherever they stand in the project.
            var groupOfService = new Dictionary<string, List<ResolvedClass>>(StringComparer.Ordinal);
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Service is not null)
                {
                    groupOfService[resolved.Class.Identity.MetadataName] = new List<ResolvedClass> { resolved };
                }
            }

            var groups = new List<List<ResolvedClass>>(project.Classes.Count);
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Route is { } route && groupOfService.TryGetValue(route.ServiceMetadataName, out var serviceGroup))
                {
                    serviceGroup.Add(resolved);
                }
                else
                {
                    groups.Add(resolved.Class.Service is not null ? groupOfService[resolved.Class.Identity.MetadataName] : new List<ResolvedClass> { resolved });
                }
            }

            var result = ImmutableArray.CreateBuilder<OutputGroup>(groups.Count);
            foreach (var group in groups)
            {
                result.Add(new OutputGroup(EquatableArray<ResolvedClass>.Own(group.ToArray())));
            }

            return result.MoveToImmutable();
        }
    }
}
