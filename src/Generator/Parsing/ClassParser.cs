using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// Turns the EgressDsl attributes of one class into an <see cref="EgressClassModel"/> and diagnostics. The generator
    /// and the analyzers both call it, so a rule is written once and both report the same thing.
    /// </summary>
    internal sealed partial class ClassParser
    {
        private static readonly string[] ServiceOnly = { AttributeNames.ServicePort, AttributeNames.Endpoint, AttributeNames.KubernetesService };
        private static readonly string[] ServiceOrGateway = { AttributeNames.DestinationRule, AttributeNames.Subset, AttributeNames.TlsOrigination, AttributeNames.LoadBalancer };
        private static readonly string[] GatewayOnly = { AttributeNames.GatewayServer };
        private static readonly string[] RouteOnly = { AttributeNames.HttpRoute, AttributeNames.TlsRoute, AttributeNames.TcpRoute, AttributeNames.ExpectRoute };

        private readonly ClassSnapshot snapshot;
        private readonly List<DiagnosticInfo> diagnostics = new();

        // What the checks that run on every argument found (a secret, an unwritable character, a value over a schema
        // limit), and the arguments they are about: a value rejected there gets no second diagnostic from its field's rule.
        private readonly List<DiagnosticInfo> argumentDiagnostics = new();
        private readonly HashSet<ArgumentReference> rejectedArguments = new();

        private ClassParser(ClassSnapshot snapshot)
        {
            this.snapshot = snapshot;
        }

        /// <summary>The class's own name, as messages and default resource names use it.</summary>
        private string ClassName => snapshot.Identity.Name;

        /// <summary>The class's EgressDsl attributes, in source order.</summary>
        private EquatableArray<AttributeSnapshot> ClassAttributes => snapshot.Attributes;

        /// <summary>Parses one class's snapshot: tens of microseconds of pure work, so cancellation is checked once, before it.</summary>
        public static ParsedClass Parse(ClassSnapshot snapshot, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ClassParser(snapshot).Parse();
        }

        private ParsedClass Parse()
        {
            var roles = ClassAttributes.Where(a => AttributeNames.IsRole(a.ShortName)).ToList();
            var role = roles.FirstOrDefault();
            if (roles.Count > 1)
            {
                Report(DiagnosticDescriptors.ConflictingRoles, roles[1].AttributeLocation(), ClassName, roles[0].ShortName, roles[1].ShortName);
            }

            foreach (var attribute in ClassAttributes)
            {
                if (!attribute.IsBound)
                {
                    // The compiler already reports the unbound attribute; the model cannot be trusted without it.
                    return new ParsedClass(snapshot.Identity, null, diagnostics.ToEquatableArray(), snapshot.RoleAttributeLocation);
                }
            }

            CheckEveryString();
            CheckSchemaLimits();
            CheckAttributesBelongToRole(role?.ShortName);

            var identity = snapshot.Identity;
            EgressClassModel? model = role?.ShortName switch
            {
                AttributeNames.ExternalServiceShort => new EgressClassModel(identity, ParseService(role), null, null),
                AttributeNames.MeshHostShort => new EgressClassModel(identity, ParseMeshHost(role), null, null),
                AttributeNames.EgressGatewayShort => new EgressClassModel(identity, null, ParseGateway(role), null),
                AttributeNames.EgressRouteShort => new EgressClassModel(identity, null, null, ParseRoute(role)),
                _ => null,
            };

            if (model is not null && !identity.CanReceiveMembers)
            {
                Report(DiagnosticDescriptors.ClassNotPartial, null, ClassName);
            }

            var result = argumentDiagnostics.Concat(diagnostics.Where(d => d.Target is null || !rejectedArguments.Contains(d.Target))).ToEquatableArray();
            var hasErrors = result.Any(d => d.IsError);
            return new ParsedClass(identity, hasErrors ? null : model, result, snapshot.RoleAttributeLocation);
        }

        /// <summary>
        /// The rules for every string of every attribute, whatever its field: no secret (EGRESS012) and nothing a manifest
        /// cannot carry or that displays differently from what it is (EGRESS013). One value gets one of the two at most.
        /// </summary>
        private void CheckEveryString()
        {
            foreach (var attribute in ClassAttributes)
            {
                foreach (var argument in attribute.Arguments)
                {
                    if (argument.Name is not { Length: > 0 } written)
                    {
                        continue;
                    }

                    // Diagnostics name arguments as the properties are spelled; a constructor parameter differs in its first letter.
                    var name = char.ToUpperInvariant(written[0]) + written.Substring(1);
                    if (argument is { Kind: TypedConstantKind.Primitive, Value: string value })
                    {
                        CheckString(attribute, name, null, value);
                    }
                    else if (argument is { Kind: TypedConstantKind.Array, IsNull: false })
                    {
                        for (var i = 0; i < argument.Elements.Count; i++)
                        {
                            if (argument.Elements[i].Value is string element)
                            {
                                CheckString(attribute, name, i, element);
                            }
                        }
                    }
                }
            }
        }

        private void CheckString(AttributeSnapshot attribute, string name, int? element, string value)
        {
            var location = attribute.ArgumentLocation(name, element);
            var shown = element is null ? name : name + "[" + element.Value.ToString(CultureInfo.InvariantCulture) + "]";
            if (Validation.CheckAnyString(value) is not { } problem)
            {
                return;
            }

            // The message never repeats the value: it may be the secret.
            Reject(problem.Descriptor, location, shown, problem.Reason);

            if (element is not null)
            {
                // A rule about the list as a whole would only repeat the mistake in one of its entries.
                rejectedArguments.Add(attribute.ArgumentLocation(name));
            }
        }

        /// <summary>Reports a rule that holds for every argument, unless the argument already has one; its field's own rules then stay
        /// quiet.</summary>
        private void Reject(DiagnosticDescriptor descriptor, ArgumentReference target, params string[] arguments)
        {
            if (rejectedArguments.Add(target))
            {
                argumentDiagnostics.Add(new DiagnosticInfo(descriptor.Id, target, arguments.ToEquatableArray()));
            }
        }

        /// <summary>Every limit of <see cref="SchemaLimits"/>, on the first attribute, entry or string that goes over it.</summary>
        private void CheckSchemaLimits()
        {
            foreach (var limit in SchemaLimits.All)
            {
                var attributes = Attributes(limit.Attribute).ToList();
                var limitText = limit.Value.ToString(CultureInfo.InvariantCulture);
                if (limit.Argument is null)
                {
                    if (attributes.Count > limit.Value)
                    {
                        Reject(DiagnosticDescriptors.OverSchemaLimit, attributes[limit.Value].AttributeLocation(),
                            "'" + ClassName + "' has " + attributes.Count.ToString(CultureInfo.InvariantCulture), "[" + limit.Attribute + "] attributes", limit.Kind, limitText, limit.SchemaPath);
                    }

                    continue;
                }

                foreach (var attribute in attributes)
                {
                    if (attribute.Argument(limit.Argument) is not { IsNull: false } argument)
                    {
                        continue;
                    }

                    var what = "[" + limit.Attribute + "] " + limit.Argument;
                    if (limit.LimitKind == SchemaLimitKind.MaxKeyLength)
                    {
                        for (var i = 0; i < argument.Elements.Count; i++)
                        {
                            if (argument.Elements[i].Value is string entry && entry.IndexOf('=') is var equals and >= 0)
                            {
                                CheckLength(attribute, limit, what + " key '" + entry.Substring(0, Math.Min(equals, 20)) + (equals > 20 ? "...'" : "'"), i, entry.Substring(0, equals), limitText);
                            }
                        }

                        continue;
                    }

                    if (limit.LimitKind != SchemaLimitKind.MaxLength)
                    {
                        if (argument.Kind == TypedConstantKind.Array && argument.Elements.Count > limit.Value)
                        {
                            Reject(DiagnosticDescriptors.OverSchemaLimit, attribute.ArgumentLocation(limit.Argument, limit.Value),
                                what + " has " + argument.Elements.Count.ToString(CultureInfo.InvariantCulture), "entries", limit.Kind, limitText, limit.SchemaPath);
                        }

                        continue;
                    }

                    if (argument.Kind == TypedConstantKind.Array)
                    {
                        for (var i = 0; i < argument.Elements.Count; i++)
                        {
                            CheckLength(attribute, limit, what, i, argument.Elements[i].Value as string, limitText);
                        }
                    }
                    else
                    {
                        CheckLength(attribute, limit, what, null, argument.Value as string, limitText);
                    }
                }
            }
        }

        private void CheckLength(AttributeSnapshot attribute, SchemaLimit limit, string what, int? element, string? value, string limitText)
        {
            // Kubernetes counts characters as Unicode code points.
            var length = value is null ? 0 : value.Length - value.Count(char.IsLowSurrogate);
            if (length > limit.Value)
            {
                Reject(DiagnosticDescriptors.OverSchemaLimit, attribute.ArgumentLocation(limit.Argument!, element),
                    what + " has " + length.ToString(CultureInfo.InvariantCulture), "characters", limit.Kind, limitText, limit.SchemaPath);
            }
        }

        private void CheckAttributesBelongToRole(string? role)
        {
            foreach (var attribute in ClassAttributes)
            {
                var allowed = attribute.ShortName switch
                {
                    // A [MeshHost] has no endpoints of its own: another registry owns them.
                    AttributeNames.Endpoint => role == AttributeNames.ExternalServiceShort ? null : "external services ([ExternalService])",
                    var name when ServiceOnly.Contains(name) => AttributeNames.IsService(role) ? null : "external services ([ExternalService]) and mesh hosts ([MeshHost])",
                    var name when ServiceOrGateway.Contains(name) => AttributeNames.IsService(role) || role == AttributeNames.EgressGatewayShort ? null : "external services, mesh hosts and egress gateways",
                    var name when GatewayOnly.Contains(name) => role == AttributeNames.EgressGatewayShort ? null : "egress gateways ([EgressGateway])",
                    var name when RouteOnly.Contains(name) => role == AttributeNames.EgressRouteShort ? null : "routes ([EgressRoute])",
                    _ => null,
                };

                if (allowed is not null)
                {
                    Report(DiagnosticDescriptors.AttributeWithoutRole, attribute.AttributeLocation(), attribute.ShortName, ClassName, allowed);
                }
            }
        }
    }
}
