using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Finds rules that can never match because an earlier rule of the same kind already matches every request they
    /// match (IST0130, IST0131): a rule without a match, an identical match, or a URI prefix that covers the later
    /// rule's URI with the same port and headers. Envoy takes the first matching rule, so the later one is dead.
    /// It runs at resolution because the port a rule matches on the gateway hop is the chosen server's port.
    /// </summary>
    internal static class RuleCoverage
    {
        public static void Check(string className, RouteModel route, ExternalServiceModel service, EquatableArray<int> gatewayServerPorts, IssueList issues)
        {
            var rules = route.Rules;
            for (var later = 0; later < rules.Count; later++)
            {
                if (rules[later].AttributeOrdinal < 0)
                {
                    continue;
                }

                for (var earlier = 0; earlier < later; earlier++)
                {
                    if (rules[earlier].Kind != rules[later].Kind)
                    {
                        continue;
                    }

                    var reason = Covers(rules, earlier, Port(route, rules, earlier, gatewayServerPorts), rules[later], Port(route, rules, later, gatewayServerPorts), service);
                    if (reason is not null)
                    {
                        issues.Add(DiagnosticDescriptors.UnreachableRule, className, rules[later].AttributeOrdinal, null, null, reason);
                        break;
                    }
                }
            }
        }

        /// <summary>The port a rule matches, as the emitter writes it; 0 means any port.</summary>
        private static int Port(RouteModel route, EquatableArray<RouteRuleModel> rules, int index, EquatableArray<int> gatewayServerPorts)
        {
            var rule = rules[index];
            if (rule.Port != 0)
            {
                return rule.Port;
            }

            return route.GatewayMetadataName is not null && index < gatewayServerPorts.Count ? gatewayServerPorts[index] : route.Port;
        }

        /// <summary>Whether every SNI host of the later TLS rule matches one of the earlier rule's (a rule without SNI hosts has the service's).</summary>
        private static bool CoversSniHosts(RouteRuleModel earlier, RouteRuleModel later, ExternalServiceModel service)
        {
            var earlierHosts = earlier.SniHosts.IsEmpty ? service.Hosts : earlier.SniHosts;
            var laterHosts = later.SniHosts.IsEmpty ? service.Hosts : later.SniHosts;
            return laterHosts.All(host => earlierHosts.Any(pattern => ProjectResolver.HostMatches(pattern, host)));
        }

        /// <summary>
        /// How a message names the rule at <paramref name="index"/>: <c>[HttpRoute] #2 ('name')</c>, counting the rules of its
        /// kind. Built only for a rule found to cover another, as most pairs cover nothing.
        /// </summary>
        private static string Name(EquatableArray<RouteRuleModel> rules, int index)
        {
            var rule = rules[index];
            var position = 0;
            for (var i = 0; i <= index; i++)
            {
                if (rules[i].Kind == rule.Kind)
                {
                    position++;
                }
            }

            return "[" + rule.Kind + "Route] #" + position.ToString(CultureInfo.InvariantCulture) + (rule.Name is { } n ? " ('" + n + "')" : string.Empty);
        }

        /// <summary>Why the rule at <paramref name="earlierIndex"/> matches everything the later one does, or null.</summary>
        private static string? Covers(EquatableArray<RouteRuleModel> rules, int earlierIndex, int earlierPort, RouteRuleModel later, int laterPort, ExternalServiceModel service)
        {
            if (earlierPort != 0 && earlierPort != laterPort)
            {
                return null;
            }

            var earlier = rules[earlierIndex];
            switch (earlier.Kind)
            {
                case RouteKind.Http:
                    foreach (var header in earlier.Headers)
                    {
                        if (later.Headers.IndexOf(header) < 0)
                        {
                            return null;
                        }
                    }

                    if (earlier.Headers.IsEmpty && earlier.Uri is null && earlierPort == 0)
                    {
                        return Name(rules, earlierIndex) + " before it matches every HTTP request";
                    }

                    if (earlier.Uri is null || earlier.Uri == later.Uri)
                    {
                        return earlier.Headers.Count == later.Headers.Count && earlier.Uri == later.Uri && earlierPort == laterPort
                            ? Name(rules, earlierIndex) + " before it has the same match"
                            : Name(rules, earlierIndex) + " before it matches every request this rule matches";
                    }

                    if (earlier.Uri.Kind == StringMatchKind.Prefix && later.Uri is { Kind: StringMatchKind.Prefix or StringMatchKind.Exact } uri
                        && uri.Value.StartsWith(earlier.Uri.Value, System.StringComparison.Ordinal))
                    {
                        return "the URI prefix '" + earlier.Uri.Value + "' of " + Name(rules, earlierIndex) + " before it covers this rule's URI";
                    }

                    return null;

                case RouteKind.Tls:
                    return CoversSniHosts(earlier, later, service) ? Name(rules, earlierIndex) + " before it matches every SNI host this rule matches" : null;

                default:
                    return earlierPort == 0 ? Name(rules, earlierIndex) + " before it matches every TCP connection" : Name(rules, earlierIndex) + " before it has the same match";
            }
        }
    }
}
