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

                    var position = rules.Take(earlier + 1).Count(r => r.Kind == rules[earlier].Kind).ToString(CultureInfo.InvariantCulture);
                    var name = "[" + rules[earlier].Kind + "Route] #" + position + (rules[earlier].Name is { } n ? " ('" + n + "')" : string.Empty);
                    var reason = Covers(rules[earlier], Port(route, rules, earlier, gatewayServerPorts), rules[later], Port(route, rules, later, gatewayServerPorts), service, name);
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

        /// <summary>Why the earlier rule (called <paramref name="name"/>) matches everything the later one does, or null.</summary>
        private static string? Covers(RouteRuleModel earlier, int earlierPort, RouteRuleModel later, int laterPort, ExternalServiceModel service, string name)
        {
            if (earlierPort != 0 && earlierPort != laterPort)
            {
                return null;
            }

            switch (earlier.Kind)
            {
                case RouteKind.Http:
                    if (!earlier.Headers.All(header => later.Headers.Contains(header)))
                    {
                        return null;
                    }

                    if (earlier.Headers.IsEmpty && earlier.Uri is null && earlierPort == 0)
                    {
                        return name + " before it matches every HTTP request";
                    }

                    if (earlier.Uri is null || earlier.Uri == later.Uri)
                    {
                        return earlier.Headers.Count == later.Headers.Count && earlier.Uri == later.Uri && earlierPort == laterPort
                            ? name + " before it has the same match"
                            : name + " before it matches every request this rule matches";
                    }

                    if (earlier.Uri.Kind == StringMatchKind.Prefix && later.Uri is { Kind: StringMatchKind.Prefix or StringMatchKind.Exact } uri
                        && uri.Value.StartsWith(earlier.Uri.Value, System.StringComparison.Ordinal))
                    {
                        return "the URI prefix '" + earlier.Uri.Value + "' of " + name + " before it covers this rule's URI";
                    }

                    return null;

                case RouteKind.Tls:
                    var earlierHosts = earlier.SniHosts.IsEmpty ? service.Hosts : earlier.SniHosts;
                    var laterHosts = later.SniHosts.IsEmpty ? service.Hosts : later.SniHosts;
                    return laterHosts.All(host => earlierHosts.Any(pattern => ProjectResolver.HostMatches(pattern, host)))
                        ? name + " before it matches every SNI host this rule matches"
                        : null;

                default:
                    return earlierPort == 0 ? name + " before it matches every TCP connection" : name + " before it has the same match";
            }
        }
    }
}
