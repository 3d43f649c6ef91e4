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
    /// A partial class with errors, which gets no manifest but keeps the members of its <c>Egress</c> class, empty, so that
    /// user code reading them still compiles and the build's only errors are the class's own (EGRESS900 and the errors it
    /// names) rather than a CS0117 for every read. <paramref name="Roles"/> are the nested classes it declares: every
    /// resource its role can have (<see cref="ResourceRoles"/>), since which ones the class would have is not known.
    /// </summary>
    internal sealed record ErrorPlaceholder(ClassIdentity Identity, EquatableArray<string> Roles)
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

            // A class with two role attributes is in two lists: it gets one placeholder with the roles of both.
            var placeholders = new List<ErrorPlaceholder>();
            var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
            Add(placeholders, indexes, services, ResourceRoles.Service, refused);
            Add(placeholders, indexes, gateways, ResourceRoles.EgressGateway, refused);
            Add(placeholders, indexes, routes, ResourceRoles.Route, refused);
            return placeholders.Count == 0 ? EquatableArray<ErrorPlaceholder>.Empty : EquatableArray<ErrorPlaceholder>.Own(placeholders.ToArray());
        }

        private static void Add(
            List<ErrorPlaceholder> placeholders,
            Dictionary<string, int> indexes,
            ImmutableArray<ParsedClass> parsed,
            EquatableArray<string> roles,
            HashSet<string>? refused)
        {
            foreach (var parsedClass in parsed)
            {
                if (!parsedClass.Identity.CanReceiveMembers || (parsedClass.Model is not null && refused?.Contains(parsedClass.MetadataName) != true))
                {
                    continue;
                }

                if (!indexes.TryGetValue(parsedClass.MetadataName, out var index))
                {
                    indexes.Add(parsedClass.MetadataName, placeholders.Count);
                    placeholders.Add(new ErrorPlaceholder(parsedClass.Identity, roles));
                }
                else if (!placeholders[index].Roles.Equals(roles))
                {
                    var union = new List<string>(placeholders[index].Roles);
                    foreach (var role in roles)
                    {
                        if (!union.Contains(role))
                        {
                            union.Add(role);
                        }
                    }

                    placeholders[index] = placeholders[index] with { Roles = EquatableArray<string>.Own(union.ToArray()) };
                }
            }
        }
    }
}
