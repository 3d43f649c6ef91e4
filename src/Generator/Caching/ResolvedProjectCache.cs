using System;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Caching
{
    /// <summary>
    /// The last resolved projects, shared by the generator and the analyzers of one compiler or IDE process: a build
    /// resolves the same models in the generator and again in each analyzer's compilation-end action.
    /// </summary>
    /// <remarks>
    /// The key is the models in name order. When they come from <see cref="ParsedClassCache"/>, they are the
    /// very same instances, and records compare by reference first, so a hit costs one pass over the array.
    /// </remarks>
    internal static class ResolvedProjectCache
    {
        private const int Size = 2;

        private static readonly object Gate = new();
        private static readonly (EquatableArray<EgressClassModel> Models, GeneratorOptions Options, ResolvedProject Project)?[] Recent =
            new (EquatableArray<EgressClassModel>, GeneratorOptions, ResolvedProject)?[Size];

        private static int next;

        public static ResolvedProject Resolve(ImmutableArray<EgressClassModel> models, GeneratorOptions options)
        {
            var sorted = models.ToArray();
            Array.Sort(sorted, static (left, right) => string.CompareOrdinal(left.Identity.MetadataName, right.Identity.MetadataName));
            var key = EquatableArray<EgressClassModel>.Own(sorted);
            lock (Gate)
            {
                foreach (var entry in Recent)
                {
                    if (entry is { } found && found.Options.Equals(options) && found.Models.Equals(key))
                    {
                        return found.Project;
                    }
                }
            }

            var project = ProjectResolver.Resolve(ImmutableArray.Create(sorted), options);
            lock (Gate)
            {
                Recent[next] = (key, options, project);
                next = (next + 1) % Size;
            }

            return project;
        }

        /// <summary>Forgets everything, as a new compiler process starts: for benchmarks that measure cold runs.</summary>
        public static void Clear()
        {
            lock (Gate)
            {
                Array.Clear(Recent, 0, Recent.Length);
            }
        }
    }
}
