using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit
{
    /// <summary>
    /// A partial class with errors, which gets no manifest but keeps its <c>Egress</c> class, without a packed constant,
    /// so that user code naming it (a service's <c>Egress.Address</c>) still compiles and the build's only errors are the
    /// class's own (EGRESS900 and the errors it names) rather than a CS0117 for every read. <c>EgressCatalog.For&lt;T&gt;()</c>
    /// compiles for any class; for this one it gives an empty output (the placeholder's tool name says so). Every class has
    /// the same members, so nothing about the class but its name is needed.
    /// </summary>
    /// <remarks>
    /// A service's placeholder also declares <c>Address</c>, empty, as the members of a service with a concrete host do
    /// (<see cref="AppBinding"/>); the subset header table, which depends on the routes, is not kept.
    /// </remarks>
    internal sealed record ErrorPlaceholder(ClassIdentity Identity, bool IsService = false)
    {
        /// <summary>
        /// The partial classes of the three roles that are not emitted, because of their own errors (no model) or errors
        /// resolution found (<see cref="ResolvedProject.Issues"/>), in the order of the roles and then of each role's classes.
        /// </summary>
        public static EquatableArray<ErrorPlaceholder> Of(
            ImmutableArray<ParsedClass> services,
            ImmutableArray<ParsedClass> gateways,
            ImmutableArray<ParsedClass> routes,
            ResolvedProject project)
        {
            HashSet<string>? refused = null;
            foreach (var issue in project.Issues)
            {
                (refused ??= new HashSet<string>(StringComparer.Ordinal)).Add(issue.ClassMetadataName);
            }

            // A class that is emitted has its members already, whatever issues name it.
            if (refused is not null)
            {
                foreach (var emitted in project.Classes)
                {
                    refused.Remove(emitted.Class.Identity.MetadataName);
                }
            }

            // A class with two role attributes is in two lists: it gets one placeholder.
            var placeholders = new List<ErrorPlaceholder>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            Add(placeholders, seen, services, refused, isService: true);
            Add(placeholders, seen, gateways, refused, isService: false);
            Add(placeholders, seen, routes, refused, isService: false);
            return placeholders.Count == 0 ? EquatableArray<ErrorPlaceholder>.Empty : EquatableArray<ErrorPlaceholder>.Own(placeholders.ToArray());
        }

        private static void Add(List<ErrorPlaceholder> placeholders, HashSet<string> seen, ImmutableArray<ParsedClass> parsed, HashSet<string>? refused, bool isService)
        {
            foreach (var parsedClass in parsed)
            {
                if (!parsedClass.Identity.CanReceiveMembers || (parsedClass.Model is not null && refused?.Contains(parsedClass.MetadataName) != true))
                {
                    continue;
                }

                if (seen.Add(parsedClass.MetadataName))
                {
                    placeholders.Add(new ErrorPlaceholder(parsedClass.Identity, isService));
                }
            }
        }
    }
}
