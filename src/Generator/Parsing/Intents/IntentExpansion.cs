using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing.Intents
{
    /// <summary>One role of an expanded pattern: the class (or a companion) and the low-level attributes it is parsed from.</summary>
    internal sealed class IntentRole
    {
        public IntentRole(ClassIdentity identity) => Identity = identity;

        public ClassIdentity Identity { get; }

        public List<AttributeSnapshot> Attributes { get; } = new();

        /// <summary>Whether an attribute came from the expansion (replaceable) rather than from the user's source.</summary>
        public HashSet<AttributeSnapshot> Synthetic { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>For a route: the destination port the pattern's rule sends to, given to the user's [HttpRoute]s that set
        /// none.</summary>
        public int DefaultDestinationPort { get; set; }

        /// <summary>For a route: the pattern's timeout, given to the user's [HttpRoute]s that set none.</summary>
        public string? DefaultTimeout { get; set; }

        public void Add(SyntheticAttribute attribute)
        {
            var built = attribute.Build();
            Attributes.Add(built);
            Synthetic.Add(built);
        }

        /// <summary>The expansion's first attribute with this short name that <paramref name="match"/> accepts.</summary>
        public AttributeSnapshot? FindSynthetic(string shortName, System.Func<AttributeSnapshot, bool>? match = null) =>
            Attributes.FirstOrDefault(a => a.ShortName == shortName && Synthetic.Contains(a) && (match is null || match(a)));

        private sealed class ReferenceEqualityComparer : IEqualityComparer<AttributeSnapshot>
        {
            public static readonly ReferenceEqualityComparer Instance = new();

            public bool Equals(AttributeSnapshot? x, AttributeSnapshot? y) => ReferenceEquals(x, y);

            public int GetHashCode(AttributeSnapshot obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }

    /// <summary>The roles a pattern expands to: always the service, under the class's own name; the others only when the pattern has
    /// them.</summary>
    internal sealed class IntentRoles
    {
        public IntentRoles(IntentRole service) => Service = service;

        public IntentRole Service { get; }

        public IntentRole? Upstream { get; set; }

        public IntentRole? Gateway { get; set; }

        public IntentRole? Route { get; set; }

        /// <summary>
        /// The service's origination rule reads a Secret without a WorkloadSelector in the namespace of the gateway the pattern
        /// writes, whose sidecars reach the host only through that gateway: Istio's documented flow, where EGRESS053's advice
        /// (select the gateway's pods) does not apply, as it does not in <c>istio-system</c>.
        /// </summary>
        public bool OriginatesBesideGateway { get; set; }

        /// <summary>Service first (its model is the class's own), then the companions.</summary>
        public IEnumerable<IntentRole> All
        {
            get
            {
                yield return Service;
                if (Upstream is not null)
                {
                    yield return Upstream;
                }

                if (Gateway is not null)
                {
                    yield return Gateway;
                }

                if (Route is not null)
                {
                    yield return Route;
                }
            }
        }
    }

    /// <summary>
    /// What the patterns (<see cref="IntentPatterns"/>) need while they expand one intent attribute: its arguments, checked
    /// as they are read (each mistake one error on its argument), the roles they fill, and the merge of the class's own
    /// low-level attributes into them.
    /// </summary>
    internal sealed class IntentExpansion
    {
        // Low-level argument names that stand for an intent argument of another name, so a rule that fires on the expansion
        // points at what the user wrote.
        private static readonly Dictionary<string, string> IntentArgumentOf = new()
        {
            [nameof(ExternalServiceAttribute.Hosts)] = nameof(DirectEgressAttribute.Host),
            [nameof(ServicePortAttribute.Number)] = nameof(DirectEgressAttribute.Port),
            [nameof(KubernetesServiceAttribute.ExternalName)] = nameof(KubernetesEgressServiceAttribute.ExternalHost),
            [nameof(EgressRouteAttribute.Through)] = nameof(GatewayEgressAttribute.Gateway),
        };

        // The arguments every intent attribute has (Name, Namespace, and Host or Port for most) are named through
        // [DirectEgress], which stands for all five here.

        private readonly List<DiagnosticInfo> diagnostics;

        public IntentExpansion(ClassSnapshot snapshot, AttributeSnapshot intent, List<DiagnosticInfo> diagnostics)
        {
            Snapshot = snapshot;
            Intent = intent;
            this.diagnostics = diagnostics;
        }

        public ClassSnapshot Snapshot { get; }

        public AttributeSnapshot Intent { get; }

        public string ClassName => Snapshot.Identity.Name;

        public bool HasErrors => diagnostics.Any(d => d.IsError);

        /// <summary>Whether this expansion writes the pattern's Kubernetes Gateway API recipe rather than Istio's.</summary>
        public bool GatewayApi { get; init; }

        /// <summary>In the Gateway API expansion: the argument whose combination the Gateway API cannot write, if any.</summary>
        public IntentGatewayApiRefusal? GatewayApiRefusal { get; private set; }

        /// <summary>Records the first argument the Gateway API form cannot write; resolution reports it (EGRESS400) only where that form is
        /// chosen.</summary>
        public void RefuseInGatewayApi(string argument, string what, string reason) => GatewayApiRefusal ??= new IntentGatewayApiRefusal(argument, what, reason);

        // ---- the intent's arguments, read and checked

        public string? String(string name) => Intent.String(name);

        public bool Bool(string name) => Intent.Bool(name);

        public bool Has(string name) => Intent.Has(name);

        public TypeReference? Type(string name) => Intent.Type(name);

        public string?[] Strings(string name) => Intent.Strings(name);

        /// <summary>A host argument: a DNS name, a wildcard only where the pattern takes one.</summary>
        public string Host(string name, bool allowWildcard)
        {
            var value = Intent.String(name) ?? string.Empty;
            if (Validation.CheckHost(value, allowWildcard) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidHost, name, value, reason);
            }

            return value;
        }

        /// <summary>A port argument; 0 (unset) gives <paramref name="defaultPort"/>, when there is one.</summary>
        public int Port(string name, int defaultPort)
        {
            var value = Intent.Int(name);
            if (value == 0 && defaultPort != 0)
            {
                return defaultPort;
            }

            if (value < 1 || value > 65535)
            {
                Report(DiagnosticDescriptors.PortOutOfRange, name, value.ToString(CultureInfo.InvariantCulture));
            }

            return value;
        }

        /// <summary>An enum argument's value, <paramref name="defaultValue"/> when unset; an undefined value is reported.</summary>
        public int Enum<TEnum>(string name, TEnum defaultValue)
            where TEnum : struct, System.Enum
        {
            var value = Intent.EnumValue(name) ?? System.Convert.ToInt32(defaultValue, CultureInfo.InvariantCulture);
            if (!DefinedValues<TEnum>.Contains(value))
            {
                Report(DiagnosticDescriptors.UndefinedEnumValue, name, value.ToString(CultureInfo.InvariantCulture), typeof(TEnum).Name);
            }

            return value;
        }

        /// <summary>
        /// The base of the pattern's resource names: <c>Name</c>, or the class name in kebab case. A DNS label where the
        /// pattern also makes it a subset or Service name, otherwise a DNS subdomain.
        /// </summary>
        public string BaseName(bool dnsLabel)
        {
            var value = Intent.String(nameof(DirectEgressAttribute.Name));
            var explicitName = value is not null;
            value ??= Naming.ToKebabCase(ClassName);
            var reason = dnsLabel ? Validation.CheckDnsLabel(value) : Validation.CheckDnsSubdomain(value);
            if (reason is not null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName.Id, explicitName
                    ? Intent.ArgumentLocation(nameof(DirectEgressAttribute.Name)) : Intent.AttributeLocation(),
                    EquatableArray.Create(nameof(DirectEgressAttribute.Name), value, explicitName ? reason : reason + "; the name comes from the class name, so set Name explicitly")));
            }

            return value;
        }

        public string? Namespace()
        {
            var value = Intent.String(nameof(DirectEgressAttribute.Namespace));
            if (value is not null && Validation.CheckDnsLabel(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, nameof(DirectEgressAttribute.Namespace), nameof(DirectEgressAttribute.Namespace),
                    value, reason);
            }

            return value;
        }

        /// <summary>EGRESS201: an option the pattern cannot take, on its argument.</summary>
        public void NotForPattern(string argument, string shown, string reason) =>
            Report(DiagnosticDescriptors.IntentOptionNotForPattern, argument, shown, reason);

        public void Report(DiagnosticDescriptor descriptor, string? argument, params string[] arguments) =>
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, argument is null ? Intent.AttributeLocation() : Intent.ArgumentLocation(argument), arguments.ToEquatableArray()));

        // ---- the roles

        /// <summary>A low-level attribute of the expansion, pointing at the intent.</summary>
        public SyntheticAttribute Synthetic(string shortName) => new(shortName, Intent.Ordinal);

        /// <summary>The class itself as the pattern's service.</summary>
        public IntentRole ServiceRole() => new(Snapshot.Identity);

        /// <summary>A companion of the class, which cannot receive members (its resources go to a holder class).</summary>
        public IntentRole CompanionRole(string suffix) => new(Snapshot.Identity with
        {
            MetadataName = IntentParser.CompanionName(Snapshot.Identity.MetadataName, suffix),
            CanReceiveMembers = false,
        });

        /// <summary>The class, as a <c>typeof</c> in a route of the expansion: a service.</summary>
        public TypeReference Self => new(Snapshot.Identity.MetadataName, ClassName, true, false);

        public TypeReference Companion(string suffix, bool isService, bool isGateway) =>
            new(IntentParser.CompanionName(Snapshot.Identity.MetadataName, suffix), ClassName, isService, isGateway);

        /// <summary>The pattern's route, [EgressRoute(typeof(class))] with Istio's explicit weights, for a pattern without one of its
        /// own.</summary>
        public IntentRole NewDirectRoute(string name, string? ns)
        {
            var route = CompanionRole(IntentParser.RouteSuffix);
            route.Add(Synthetic(AttributeNames.EgressRouteShort).With(nameof(EgressRouteAttribute.Service), Self)
                .With(nameof(EgressRouteAttribute.Name), name)
                .With(nameof(EgressRouteAttribute.Namespace), ns).With(nameof(EgressRouteAttribute.ExplicitWeights), true));
            return route;
        }

        // ---- the user's low-level attributes, merged into the expansion

        /// <summary>
        /// Adds each low-level attribute the user wrote on the class to the role it belongs to. One that states the same thing as
        /// the expansion (a port, a server or a load balancer with the same number, the DestinationRule's names) replaces it; one
        /// that would contradict the pattern (TLS settings for the port the pattern originates on, a gateway server on a pattern
        /// without its own gateway) is EGRESS204.
        /// </summary>
        public void MergeRefinements(IntentRoles roles)
        {
            var routeRulesSeen = false;
            foreach (var attribute in Snapshot.Attributes)
            {
                if (attribute == Intent || AttributeNames.IsRole(attribute.ShortName) || attribute.ShortName == AttributeNames.ExpectRoute)
                {
                    continue;
                }

                switch (attribute.ShortName)
                {
                    case AttributeNames.ServicePort:
                        Replace(roles.Service, attribute, AttributeNames.ServicePort,
                            a => a.Int(nameof(ServicePortAttribute.Number)) == attribute.Int(nameof(ServicePortAttribute.Number)));
                        break;
                    case AttributeNames.DestinationRule:
                        Replace(roles.Service, attribute, AttributeNames.DestinationRule, _ => true);
                        break;
                    case AttributeNames.LoadBalancer:
                        Replace(roles.Service, attribute, AttributeNames.LoadBalancer, a => SameScope(a, attribute));
                        break;
                    case AttributeNames.TlsOrigination:
                        if (roles.Service.FindSynthetic(AttributeNames.TlsOrigination, a => SameScope(a, attribute)) is { } tls)
                        {
                            Conflict(attribute, "the pattern already writes the TLS settings " + Scope(tls) + "; set them with the intent's own options (Mode, CredentialName, Sni...) instead");
                        }
                        else
                        {
                            roles.Service.Attributes.Add(attribute);
                        }

                        break;
                    case AttributeNames.KubernetesService:
                        if (roles.Service.FindSynthetic(AttributeNames.KubernetesService) is not null)
                        {
                            Conflict(attribute, "the pattern writes the Kubernetes Service itself; set its options (Endpoints, Port, PortName, Name, Namespace) on the intent");
                        }
                        else
                        {
                            roles.Service.Attributes.Add(attribute);
                        }

                        break;
                    case AttributeNames.GatewayServer:
                        if (roles.Gateway is null)
                        {
                            Conflict(attribute, "the pattern has no egress gateway of its own to add a server to"
                                + (Intent.ShortName == AttributeNames.GatewayEgressShort ? "; declare the server on the class that Gateway names" : "; use [GatewayEgress] to go through a gateway"));
                        }
                        else
                        {
                            Replace(roles.Gateway, attribute, AttributeNames.GatewayServer,
                                a => a.Int(nameof(GatewayServerAttribute.Port)) == attribute.Int(nameof(GatewayServerAttribute.Port)));
                        }

                        break;
                    case AttributeNames.HttpRoute:
                    case AttributeNames.TlsRoute:
                    case AttributeNames.TcpRoute:
                        var route = roles.Route ??= NewDirectRoute(BaseNameWithoutCheck(),
                            Intent.String(nameof(DirectEgressAttribute.Namespace)));
                        if (!routeRulesSeen)
                        {
                            // The user's rules replace the pattern's single catch-all rule.
                            route.Attributes.RemoveAll(a => a.ShortName is AttributeNames.HttpRoute or AttributeNames.TlsRoute or AttributeNames.TcpRoute && route.Synthetic.Contains(a));
                            routeRulesSeen = true;
                        }

                        route.Attributes.Add(attribute.ShortName == AttributeNames.HttpRoute ? WithRouteDefaults(attribute, route) : attribute);
                        break;
                    default:
                        // [Endpoint], [Subset]: added to what the pattern writes.
                        roles.Service.Attributes.Add(attribute);
                        break;
                }
            }
        }

        /// <summary>Points a diagnostic that the low-level rules found on the expansion at the intent argument it comes from.</summary>
        public DiagnosticInfo OnIntent(DiagnosticInfo diagnostic)
        {
            if (diagnostic.Target is not { } target || target.AttributeOrdinal != Intent.Ordinal || target.ArgumentName is not { } name)
            {
                return diagnostic;
            }

            var intentArgument = IntentArgument(Intent.ShortName, name);
            var onIntent = Intent.Argument(intentArgument) is not null
                ? new ArgumentReference(target.AttributeOrdinal, intentArgument, Intent.Argument(intentArgument)!.Value.Kind == TypedConstantKind.Array ? target.Element : null)
                : new ArgumentReference(target.AttributeOrdinal, null, null);
            return diagnostic with { Target = onIntent };
        }

        /// <summary>The intent argument a low-level argument of its expansion stands for, so a rule found on the expansion points at what
        /// the user wrote.</summary>
        public static string IntentArgument(string intentShortName, string lowLevelArgument)
        {
            var intentArgument = IntentArgumentOf.TryGetValue(lowLevelArgument, out var mapped) ? mapped : lowLevelArgument;
            return intentArgument == nameof(DirectEgressAttribute.Host) && intentShortName == AttributeNames.KubernetesEgressServiceShort
                ? nameof(KubernetesEgressServiceAttribute.ExternalHost) : intentArgument;
        }

        private string BaseNameWithoutCheck() => Intent.String(nameof(DirectEgressAttribute.Name)) ?? Naming.ToKebabCase(ClassName);

        private static void Replace(IntentRole role, AttributeSnapshot user, string shortName, System.Func<AttributeSnapshot, bool> same)
        {
            var index = role.Attributes.FindIndex(a => a.ShortName == shortName && role.Synthetic.Contains(a) && same(a));
            if (index >= 0)
            {
                role.Synthetic.Remove(role.Attributes[index]);
                role.Attributes[index] = user;
            }
            else
            {
                role.Attributes.Add(user);
            }
        }

        // [TlsOrigination] and [LoadBalancer] share Port and Subset, the scope of a DestinationRule setting.
        private static bool SameScope(AttributeSnapshot a, AttributeSnapshot b) =>
            a.Int(nameof(TlsOriginationAttribute.Port)) == b.Int(nameof(TlsOriginationAttribute.Port))
            && a.String(nameof(TlsOriginationAttribute.Subset)) == b.String(nameof(TlsOriginationAttribute.Subset));

        private static string Scope(AttributeSnapshot tls)
        {
            var port = tls.Int(nameof(TlsOriginationAttribute.Port));
            var subset = tls.String(nameof(TlsOriginationAttribute.Subset));
            return (port == 0 ? "for every port" : "for port " + port.ToString(CultureInfo.InvariantCulture)) + (subset is null ? string.Empty : " of subset " + subset);
        }

        private void Conflict(AttributeSnapshot user, string reason) =>
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.IntentRefinementConflict.Id, user.AttributeLocation(),
                EquatableArray.Create(user.ShortName, Intent.ShortName, ClassName, reason)));

        /// <summary>The user's [HttpRoute] with the pattern's destination port and timeout, where it sets none.</summary>
        private static AttributeSnapshot WithRouteDefaults(AttributeSnapshot rule, IntentRole route)
        {
            var added = new List<ArgumentSnapshot>(rule.Arguments);
            if (route.DefaultDestinationPort != 0 && rule.Int(nameof(HttpRouteAttribute.DestinationPort)) == 0
                && rule.Argument(nameof(HttpRouteAttribute.Split)) is null)
            {
                added.Add(new ArgumentSnapshot(nameof(HttpRouteAttribute.DestinationPort), TypedConstantKind.Primitive, route.DefaultDestinationPort, false, EquatableArray<ArgumentSnapshot>.Empty));
            }

            if (route.DefaultTimeout is { } timeout && rule.String(nameof(HttpRouteAttribute.Timeout)) is null)
            {
                added.Add(new ArgumentSnapshot(nameof(HttpRouteAttribute.Timeout), TypedConstantKind.Primitive, timeout, false, EquatableArray<ArgumentSnapshot>.Empty));
            }

            return added.Count == rule.Arguments.Count ? rule : rule with { Arguments = EquatableArray<ArgumentSnapshot>.Own(added.ToArray()) };
        }
    }
}
