using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Simulation;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Finds rules that can never match (IST0130, IST0131, generalised): per route, in order, whether each rule matches
    /// some request that no earlier rule of its kind takes. HTTP rules are reasoned about as sets of requests: the path
    /// and each header a set of strings (exact, prefix and RE2 regex as automata, <see cref="Re2Regex.FindString"/>, the
    /// matching the simulator does), the port one number or any. A rule whose own matches exclude each other matches
    /// nothing; a rule whose every request an earlier rule (or several earlier rules differing on one field) matches is
    /// dead, as Envoy takes the first matching rule. Only what is proven is reported: a search that cannot finish says
    /// nothing. It runs at resolution because the port a rule matches on the gateway hop is the chosen server's port.
    /// </summary>
    internal static class RuleCoverage
    {
        public static void Check(string className, RouteModel route, ExternalServiceModel service, EquatableArray<int> gatewayServerPorts, IssueList issues)
        {
            // Replayed in the order found: errors and advisories each keep theirs (IssueList sorts them by severity).
            foreach (var issue in RuleCoverageCache.Issues(new RuleCoverageInputs(className, route, service, gatewayServerPorts), Find))
            {
                issues.Add(issue);
            }
        }

        private static ResolutionIssue[] Find(RuleCoverageInputs inputs)
        {
            var found = new IssueList();
            Find(inputs.ClassName, inputs.Route, inputs.Service, inputs.GatewayServerPorts, found);
            return found.ErrorCount == 0 && found.Advisories.IsEmpty
                ? Array.Empty<ResolutionIssue>()
                : found.Errors.Concat(found.Advisories).ToArray();
        }

        private static void Find(
            string className, RouteModel route, ExternalServiceModel service, EquatableArray<int> gatewayServerPorts, IssueList issues)
        {
            var rules = route.Rules;
            var requests = new RequestSet?[rules.Count];
            for (var later = 0; later < rules.Count; later++)
            {
                if (rules[later].Kind == RouteKind.Http)
                {
                    requests[later] = RequestSet.Of(rules[later], Port(route, rules, later, gatewayServerPorts));
                }

                if (rules[later].AttributeOrdinal < 0)
                {
                    continue;
                }

                if (requests[later] is { } own)
                {
                    if (own.Contradiction() is { } contradiction)
                    {
                        issues.Add(DiagnosticDescriptors.UnreachableRule, className, rules[later].AttributeOrdinal, contradiction.Argument, contradiction.Element, contradiction.Reason);
                        continue;
                    }

                    if (CoveredHttp(rules, requests, later) is { } covered)
                    {
                        issues.Add(DiagnosticDescriptors.UnreachableRule, className, rules[later].AttributeOrdinal, null, null, covered);
                    }

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
                        issues.Add(DiagnosticDescriptors.UnreachableRule, className, rules[later].AttributeOrdinal, null, null, reason + "; move it before that rule or remove it");
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// Why the earlier HTTP rules take every request of the rule at <paramref name="later"/>, or null: one earlier rule
        /// whose every match holds for all of them, or several that agree with it on all but one field and together cover
        /// that field's values.
        /// </summary>
        private static string? CoveredHttp(EquatableArray<RouteRuleModel> rules, RequestSet?[] requests, int later)
        {
            var target = requests[later]!;
            var candidates = new List<int>();
            for (var earlier = 0; earlier < later; earlier++)
            {
                if (requests[earlier] is { } set && !set.Undecided && set.PortCovers(target))
                {
                    candidates.Add(earlier);
                }
            }

            foreach (var earlier in candidates)
            {
                if (requests[earlier]!.CoversAllBut(target, null))
                {
                    return Name(rules, earlier) + " before it takes every request this rule matches (for example " + target.Example() + "); move it before that rule, or narrow the earlier one";
                }
            }

            // Several earlier rules, each as wide as this one on every other field, may together cover one field.
            foreach (var field in target.Fields)
            {
                var group = candidates.Where(e => requests[e]!.CoversAllBut(target, field) && requests[e]!.Matchers(field).Count == 1).ToList();
                if (group.Count > 1 && target.Within(field, group.Select(e => requests[e]!.Matchers(field)[0]).ToList()) == true)
                {
                    return string.Join(" and ", group.Select(e => Name(rules, e))) + " before it together take every " + RequestSet.FieldName(field)
                        + " this rule matches (for example " + target.Example() + "); move it before them, or narrow them";
                }
            }

            return null;
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
            return laterHosts.All(host => earlierHosts.Any(pattern => HostNames.Matches(pattern, host)));
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

        /// <summary>Why the TLS or TCP rule at <paramref name="earlierIndex"/> matches everything the later one does, or null.</summary>
        private static string? Covers(EquatableArray<RouteRuleModel> rules, int earlierIndex, int earlierPort, RouteRuleModel later, int laterPort, ExternalServiceModel service)
        {
            if (earlierPort != 0 && earlierPort != laterPort)
            {
                return null;
            }

            // HTTP rules are compared as sets of requests (CoveredHttp); TLS rules by SNI hosts, TCP rules by port.
            var earlier = rules[earlierIndex];
            switch (earlier.Kind)
            {
                case RouteKind.Tls:
                    return CoversSniHosts(earlier, later, service) ? Name(rules, earlierIndex) + " before it matches every SNI host this rule matches" : null;

                default:
                    return earlierPort == 0 ? Name(rules, earlierIndex) + " before it matches every TCP connection" : Name(rules, earlierIndex) + " before it has the same match";
            }
        }
    }
}
