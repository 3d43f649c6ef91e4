using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing.Intents
{
    /// <summary>
    /// Parses a class that carries an intent attribute ([DirectEgress], [SidecarTlsOrigination], [GatewayEgress],
    /// [ExternalProxy], [KubernetesEgressService]): checks the intent's arguments for the pattern (EGRESS200-204, one error
    /// on the argument, nothing expanded after one), expands the pattern to the low-level attributes Istio's task pages
    /// correspond to (<see cref="IntentPatterns"/>), merges the class's own low-level attributes into that expansion as
    /// refinements, and parses each resulting role with <see cref="ClassParser"/>, so the models, checks and emitters are
    /// exactly those of hand-written attributes.
    /// </summary>
    /// <remarks>
    /// One class becomes up to four models: the pattern's service under the class's own name (so <c>typeof</c> and the
    /// class's <c>Egress</c> members work as for an [ExternalService]), and companions for the pattern's route, gateway and
    /// forwarded-to upstream, named after the class with a suffix (<see cref="CompanionName"/>). Companions cannot receive
    /// members: their resources reach the catalogue and the build's files through holder classes.
    /// </remarks>
    internal static class IntentParser
    {
        public const string RouteSuffix = "/route";
        public const string GatewaySuffix = "/gateway";
        public const string UpstreamSuffix = "/upstream";

        /// <summary>True when the class carries an intent attribute: it is parsed here, never by <see cref="ClassParser"/>
        /// directly.</summary>
        public static bool Declares(ClassSnapshot snapshot)
        {
            foreach (var attribute in snapshot.Attributes)
            {
                if (AttributeNames.IsIntent(attribute.ShortName))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The metadata name of a companion model of the class <paramref name="metadataName"/>.</summary>
        public static string CompanionName(string metadataName, string suffix) => metadataName + suffix;

        public static ParsedClass Parse(ClassSnapshot snapshot, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var intent = snapshot.Attributes.First(a => AttributeNames.IsIntent(a.ShortName));
            var diagnostics = new List<DiagnosticInfo>();
            ParsedClass Refused() => new(snapshot.Identity, null, diagnostics.ToEquatableArray(), snapshot.RoleAttributeLocation);

            if (snapshot.Attributes.Any(a => !a.IsBound))
            {
                // The compiler already reports the unbound attribute; the pattern cannot be trusted without it.
                return Refused();
            }

            foreach (var other in snapshot.Attributes.Where(a => a != intent && AttributeNames.IsRole(a.ShortName)))
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.IntentWithRoleAttribute.Id, other.AttributeLocation(),
                    EquatableArray.Create(intent.ShortName, snapshot.Identity.Name, other.ShortName)));
            }

            CheckEveryString(intent, diagnostics);
            if (diagnostics.Count > 0)
            {
                return Refused();
            }

            var expansion = new IntentExpansion(snapshot, intent, diagnostics);
            var models = Models(snapshot, expansion, diagnostics, cancellationToken);
            if (models is null)
            {
                return Refused();
            }

            var advice = FormAdvice.None;
            if (intent.ShortName == AttributeNames.GatewayEgressShort
                && models[models.Count - 1].Route?.GatewayMetadataName is { } gatewayName)
            {
                models = WithGatewayApiForm(snapshot, intent, models, gatewayName, out var gatewayApiDiagnostics, cancellationToken);

                // Advice about what only one of the two recipes writes (the Istio recipe's subset of the gateway's Service) is
                // the analyzer's to give once it knows the gateway's form; errors and the advice both share stay here.
                var istio = diagnostics.Where(d => !d.IsError && !gatewayApiDiagnostics.Contains(d)).ToEquatableArray();
                var gatewayApi = models[0].GatewayApiForm?.Model is null
                    ? EquatableArray<DiagnosticInfo>.Empty
                    : gatewayApiDiagnostics.Where(d => !d.IsError && !diagnostics.Contains(d)).ToEquatableArray();
                diagnostics.RemoveAll(d => istio.Contains(d));
                advice = new FormAdvice(istio, gatewayApi);
            }

            return new ParsedClass(snapshot.Identity, models[0], diagnostics.ToEquatableArray(), snapshot.RoleAttributeLocation)
            {
                Companions = models.Skip(1).ToEquatableArray(),
                FormAdvice = advice,
            };
        }

        /// <summary>
        /// Each model with the same role expanded into the pattern's Gateway API recipe, which resolution takes when the gateway
        /// is in the Kubernetes form. Its diagnostics are the Istio expansion's, already reported; what only the Gateway API
        /// cannot write is a refusal that resolution reports where that form is chosen.
        /// </summary>
        private static List<EgressClassModel> WithGatewayApiForm(ClassSnapshot snapshot, AttributeSnapshot intent,
            List<EgressClassModel> models, string gatewayName, out List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            diagnostics = new List<DiagnosticInfo>();
            var expansion = new IntentExpansion(snapshot, intent, diagnostics) { GatewayApi = true };
            var gatewayApiModels = Models(snapshot, expansion, diagnostics, cancellationToken);
            var refusal = expansion.GatewayApiRefusal;
            if (gatewayApiModels is null && refusal is null)
            {
                // The recipes differ only in names and in what the Gateway API leaves out; an error that only the Gateway API
                // recipe meets still refuses the class there, never writes the Istio recipe in its place.
                var first = diagnostics.First(d => d.IsError);
                refusal = new IntentGatewayApiRefusal(null, "This [GatewayEgress] with these refinements",
                    "its Gateway API recipe has error " + first.Id + " (" + string.Join(", ", first.Arguments) + "); use the Istio form for this gateway");
            }

            return models.Select(model => model with
            {
                GatewayApiForm = new IntentGatewayApiForm(gatewayName,
                    gatewayApiModels?.FirstOrDefault(m => m.Identity.MetadataName == model.Identity.MetadataName),
                    refusal),
            }).ToList();
        }

        /// <summary>The models of an expansion's roles, with the user's refinements merged in; null when anything is an error.</summary>
        private static List<EgressClassModel>? Models(ClassSnapshot snapshot, IntentExpansion expansion, List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            var roles = IntentPatterns.Expand(expansion);
            if (roles is null || diagnostics.Any(d => d.IsError))
            {
                return null;
            }

            expansion.MergeRefinements(roles);
            if (diagnostics.Any(d => d.IsError))
            {
                return null;
            }

            var models = new List<EgressClassModel>();
            foreach (var role in roles.All)
            {
                var parsed = ClassParser.Parse(new ClassSnapshot(role.Identity,
                    EquatableArray<AttributeSnapshot>.Own(role.Attributes.ToArray()), snapshot.RoleAttributeLocation), cancellationToken);
                foreach (var diagnostic in parsed.Diagnostics)
                {
                    // A companion is never partial: only the class itself can be, and is told so once.
                    if ((role != roles.Service && diagnostic.Id == DiagnosticDescriptors.ClassNotPartial.Id)
                        || (roles.OriginatesBesideGateway
                            && diagnostic.Id == DiagnosticDescriptors.CredentialNameWithoutWorkloadSelector.Id))
                    {
                        continue;
                    }

                    var located = expansion.OnIntent(diagnostic);
                    if (!diagnostics.Contains(located))
                    {
                        diagnostics.Add(located);
                    }
                }

                if (parsed.Model is { } model)
                {
                    models.Add(model);
                }
            }

            return diagnostics.Any(d => d.IsError) || models.Count != roles.All.Count() ? null : models;
        }

        /// <summary>The rules for every string (no secret, nothing a manifest cannot carry), on the intent's own arguments.</summary>
        private static void CheckEveryString(AttributeSnapshot intent, List<DiagnosticInfo> diagnostics)
        {
            foreach (var argument in intent.Arguments)
            {
                if (argument.Name is not { Length: > 0 } written)
                {
                    continue;
                }

                var name = char.ToUpperInvariant(written[0]) + written.Substring(1);
                if (argument is { Kind: TypedConstantKind.Primitive, Value: string value }
                    && Validation.CheckAnyString(value) is { } problem)
                {
                    // The message never repeats the value: it may be the secret.
                    diagnostics.Add(new DiagnosticInfo(problem.Descriptor.Id, intent.ArgumentLocation(name), EquatableArray.Create(name,
                        problem.Reason)));
                }
                else if (argument is { Kind: TypedConstantKind.Array, IsNull: false })
                {
                    for (var i = 0; i < argument.Elements.Count; i++)
                    {
                        if (argument.Elements[i].Value is string element && Validation.CheckAnyString(element) is { } elementProblem)
                        {
                            diagnostics.Add(new DiagnosticInfo(elementProblem.Descriptor.Id, intent.ArgumentLocation(name, i),
                                EquatableArray.Create(name + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", elementProblem.Reason)));
                            break;
                        }
                    }
                }
            }
        }
    }
}
