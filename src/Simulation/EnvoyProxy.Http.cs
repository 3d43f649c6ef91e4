using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;

#if EGRESS_GENERATOR
using EgressDsl.Generator.Simulation.Json;

namespace EgressDsl.Generator.Simulation
#else
using EgressDsl.Simulation.Json;

namespace EgressDsl.Simulation
#endif
{
    // The HTTP half of a simulation: virtual hosts, routes and their matches, as Envoy's router picks them.
    partial class EnvoyProxy
    {
        // A sidecar's route configuration has a virtual host per service, and every request on its port looks at all their
        // domains: listed once per configuration, not once per request.
        private readonly ConditionalWeakTable<JsonValue, IReadOnlyList<IReadOnlyList<string>>> domainsByConfiguration = new();

        private static IReadOnlyList<IReadOnlyList<string>> DomainsOf(JsonValue configuration) =>
            configuration.Array("virtual_hosts")
                .Select(v => (IReadOnlyList<string>)v.Array("domains").Select(d => d.Text ?? string.Empty).ToList())
                .ToList();

        private SimulationResult RouteHttp(JsonValue connectionManager, SimulatedRequest request, SimulationResult result)
        {
            JsonValue? configuration;
            string configurationName;
            if (connectionManager["route_config"] is { } inline)
            {
                configuration = inline;
                configurationName = inline.String("name") ?? "(inline)";
            }
            else
            {
                configurationName = connectionManager["rds"]?.String("route_config_name") ?? string.Empty;
                routeConfigurations.TryGetValue(configurationName, out configuration);
            }

            result.RouteConfiguration = configurationName;
            if (configuration is null)
            {
                return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "route configuration " + configurationName
                    + " is not in the proxy's configuration (an RDS name with no RouteConfiguration routes nothing)");
            }

            var ignorePort = configuration.Bool("ignore_port_in_host_matching") || connectionManager.Bool("strip_any_host_port");
            var host = ignorePort ? EnvoyMatching.HostWithoutPort(request.Authority) : request.Authority;
            var virtualHosts = configuration.Array("virtual_hosts");
            var index = EnvoyMatching.FindVirtualHost(domainsByConfiguration.GetValue(configuration, DomainsOf), host);
            if (index < 0)
            {
                return result.Fail(SimulationOutcome.NoRoute, 404, "NR",
                    "route configuration " + configurationName + ": no virtual host has a domain matching " + EnvoyMatching.Quote(host)
                    + (ignorePort ? " (ports in the Host header are ignored)" : string.Empty));
            }

            var virtualHost = virtualHosts[index];
            result.VirtualHost = virtualHost.String("name") ?? "#" + Number(index);
            result.trace.Add("route configuration " + configurationName + ", virtual host " + result.VirtualHost + " for host "
                + EnvoyMatching.Quote(host)
                + (ignorePort && host != request.Authority ? " (port ignored)" : string.Empty));

            var path = connectionManager.Bool("normalize_path") ? EnvoyMatching.NormalizePath(request.Path) : request.Path;
            var routes = virtualHost.Array("routes");
            for (var i = 0; i < routes.Count; i++)
            {
                var route = routes[i];
                var match = route["match"] ?? JsonValue.Null;
                var undecidedBefore = result.undecided.Count;
                if (!RouteMatches(match, request, path, out var description, out var reason, result.undecided))
                {
                    var undecided = result.undecided.Count > undecidedBefore
                        ? " (counted as no match, but not decided: " + string.Join("; ", result.undecided.Skip(undecidedBefore)) + ")"
                        : string.Empty;
                    result.trace.Add("route #" + Number(i) + " (" + description + ") does not match: " + reason + undecided);
                    continue;
                }

                result.RouteIndex = i;
                result.RouteMatch = description;
                result.Route = route.String("name") ?? description;
                result.RouteOrigin = route["metadata"]?["filter_metadata"]?["istio"]?.String("config");
                result.trace.Add("route #" + Number(i) + (route.String("name") is { } name ? " '" + name + "'" : string.Empty)
                    + " (" + description + ") matches");
                return RouteAction(route, request, result);
            }

            return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "no route of virtual host " + result.VirtualHost + " matches");
        }

        private SimulationResult RouteAction(JsonValue route, SimulatedRequest request, SimulationResult result)
        {
            if (route["route"] is { } action)
            {
                var targets = Targets(action);
                if (targets.Count == 0)
                {
                    if (action["cluster_header"] is not null || action["cluster_specifier_plugin"] is not null
                        || action["inline_cluster_specifier_plugin"] is not null)
                    {
                        result.undecided.Add("the route chooses its cluster by cluster_header or a cluster specifier plugin, "
                            + "which the simulator does not follow");
                    }

                    return result.Fail(SimulationOutcome.ClusterNotFound, 503, "NC",
                        "the route names no cluster (cluster_header and cluster_specifier_plugin are not simulated)");
                }

                return Upstream(targets, request, result);
            }

            if (route["direct_response"] is { } response)
            {
                var status = (int)(response.Integer("status") ?? 200);
                result.Outcome = SimulationOutcome.DirectResponse;
                result.StatusCode = status;
                result.ResponseFlags = null;
                result.trace.Add("the route answers directly with " + Number(status));
                return result;
            }

            if (route["redirect"] is { } redirect)
            {
                var code = redirect.String("response_code") switch
                {
                    "FOUND" => 302,
                    "SEE_OTHER" => 303,
                    "TEMPORARY_REDIRECT" => 307,
                    "PERMANENT_REDIRECT" => 308,
                    _ => 301,
                };
                result.Outcome = SimulationOutcome.DirectResponse;
                result.StatusCode = code;
                result.ResponseFlags = null;
                result.trace.Add("the route redirects with " + Number(code));
                return result;
            }

            return result.Fail(SimulationOutcome.NoRoute, 404, "NR", "the route has no action");
        }

        /// <summary>
        /// A route's match (<c>RouteEntryImplBase::matchRoute</c>): the path specifier on the path without its query string (a
        /// prefix or path is case-sensitive unless <c>case_sensitive</c> is false; a regex must match the whole path), then
        /// every header matcher, then every query parameter matcher.
        /// </summary>
        private static bool RouteMatches(JsonValue match, SimulatedRequest request, string path, out string description, out string reason,
            ICollection<string> undecided)
        {
            var caseSensitive = match.Wrapped("case_sensitive")?.Text != "false";
            var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var pathOnly = EnvoyMatching.RemoveQueryAndFragment(path);
            var parts = new List<string>();
            bool pathMatches;
            if (match.String("prefix") is { } prefix)
            {
                parts.Add("prefix " + EnvoyMatching.Quote(prefix));
                pathMatches = pathOnly.StartsWith(prefix, comparison);
            }
            else if (match.String("path") is { } exact)
            {
                parts.Add("path " + EnvoyMatching.Quote(exact));
                pathMatches = string.Equals(pathOnly, exact, comparison);
            }
            else if (match["safe_regex"] is { } regex)
            {
                var pattern = regex.String("regex") ?? string.Empty;
                parts.Add("path regex " + EnvoyMatching.Quote(pattern));
                pathMatches = EnvoyMatching.FullMatch(pattern, pathOnly, undecided);
            }
            else if (match.String("path_separated_prefix") is { } separated)
            {
                parts.Add("path segments " + EnvoyMatching.Quote(separated));
                pathMatches = string.Equals(pathOnly, separated, comparison) || pathOnly.StartsWith(separated + "/", comparison);
            }
            else
            {
                parts.Add("an unsupported path matcher");
                var names = string.Join(", ", PathMatcherNames(match));
                undecided.Add(names.Length == 0
                    ? "the route has no path matcher, which Envoy requires"
                    : "the route's path matcher (" + names + ") is not one the simulator evaluates");
                pathMatches = false;
            }

            var failures = new List<string>();
            if (!pathMatches)
            {
                failures.Add("path " + EnvoyMatching.Quote(pathOnly));
            }

            foreach (var header in match.Array("headers"))
            {
                var matched = EnvoyMatching.HeaderMatches(header, request, out var headerDescription, undecided);
                parts.Add(headerDescription);
                if (!matched)
                {
                    var name = (header.String("name") ?? string.Empty).ToLowerInvariant();
                    var value = request.Header(name);
                    failures.Add(value is null ? "header " + name + " is missing" : "header " + name + " is " + EnvoyMatching.Quote(value));
                }
            }

            foreach (var parameter in match.Array("query_parameters"))
            {
                var name = parameter.String("name") ?? string.Empty;
                var value = QueryParameter(path, name);
                bool matched;
                if (parameter["string_match"] is { } stringMatch)
                {
                    var stringMatched = EnvoyMatching.StringMatches(stringMatch, value ?? string.Empty, out var what, undecided);
                    matched = value is not null && stringMatched;
                    parts.Add("query " + name + " " + what);
                }
                else
                {
                    matched = value is not null;
                    parts.Add("query " + name + " present");
                }

                if (!matched)
                {
                    failures.Add(value is null
                        ? "query parameter " + name + " is missing"
                        : "query parameter " + name + " is " + EnvoyMatching.Quote(value));
                }
            }

            if (match["grpc"] is not null)
            {
                parts.Add("gRPC");
                if (!(request.Header("content-type") ?? string.Empty).StartsWith("application/grpc", StringComparison.Ordinal))
                {
                    failures.Add("the request is not gRPC");
                }
            }

            description = string.Join(", ", parts);
            reason = string.Join("; ", failures);
            return failures.Count == 0;
        }

        private static IEnumerable<string> PathMatcherNames(JsonValue match)
        {
            foreach (var name in new[] { "path_match_policy", "connect_matcher", "path_template" })
            {
                if (match[name] is not null)
                {
                    yield return name;
                }
            }
        }

        private static string? QueryParameter(string path, string name)
        {
            var question = path.IndexOf('?');
            if (question < 0)
            {
                return null;
            }

            var query = path.Substring(question + 1);
            var hash = query.IndexOf('#');
            if (hash >= 0)
            {
                query = query.Substring(0, hash);
            }

            foreach (var pair in query.Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = equals < 0 ? pair : pair.Substring(0, equals);
                if (key == name)
                {
                    return equals < 0 ? string.Empty : pair.Substring(equals + 1);
                }
            }

            return null;
        }

        /// <summary>The clusters of a route action or TCP proxy: <c>cluster</c>, or the entries of <c>weighted_clusters</c> with a weight
        /// above 0.</summary>
        private static List<WeightedCluster> Targets(JsonValue action)
        {
            var targets = new List<WeightedCluster>();
            if (action.String("cluster") is { } cluster)
            {
                targets.Add(new WeightedCluster(cluster, 0));
            }
            else if (action["weighted_clusters"] is { } weighted)
            {
                foreach (var entry in weighted.Array("clusters"))
                {
                    var weight = (int)(entry.Wrapped("weight") is { } value
                        && long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0);
                    if (weight > 0 && entry.String("name") is { } name)
                    {
                        targets.Add(new WeightedCluster(name, weight));
                    }
                }
            }

            return targets;
        }
    }
}
