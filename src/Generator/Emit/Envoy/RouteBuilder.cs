using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// VirtualService HTTP rules as Envoy routes (<c>route.go TranslateRoute</c>): <c>string_match</c> header matchers sorted by
    /// name, the URI as prefix, path or safe_regex, one cluster or weighted clusters, Istio's default retry policy, and the
    /// metadata and decorator that tie the route back to its VirtualService.
    /// </summary>
    internal static class RouteBuilder
    {
        /// <summary>
        /// A rule's RouteMatch: the URI as path, prefix or safe_regex (prefix "/" when the rule has none) and its header
        /// matchers by name. Istio's routes and the standalone bootstrap's routes match requests the same way.
        /// </summary>
        public static MappingBuilder Match(RoutingRule rule, bool caseSensitive = false)
        {
            var match = new MappingBuilder();
            switch (rule.Uri)
            {
                case { Kind: StringMatchKind.Exact } exact:
                    match.Add("path", exact.Value);
                    break;
                case { Kind: StringMatchKind.Prefix } prefix:
                    match.Add("prefix", prefix.Value);
                    break;
                case { Kind: StringMatchKind.Regex } regex:
                    match.Add("safe_regex", Nodes.Map("regex", regex.Value));
                    break;
                default:
                    match.Add("prefix", "/");
                    break;
            }

            // Istio writes case_sensitive explicitly; the bootstrap leaves Envoy's default, which is the same.
            if (caseSensitive)
            {
                match.Add("case_sensitive", true);
            }

            return match.AddNodes("headers", rule.Headers
                .OrderBy(h => h.Name, System.StringComparer.Ordinal)
                .Select(h => (DocumentNode)new MappingBuilder().Add("name", h.Name).Add("string_match", StringMatch(h.Kind, h.Value)).Build())
                .ToList());
        }

        public static MappingNode Route(RoutingRule rule, VirtualServiceView virtualService, int listenerPort, string apiVersion)
        {
            var match = Match(rule, caseSensitive: true);

            var destinations = rule.LiveDestinations;
            var timeout = rule.Timeout is { } text ? EnvoyDuration.From(text) : "0s";
            var action = new MappingBuilder()
                .AddDestinations(destinations)
                .Add("timeout", timeout)
                .Add("retry_policy", RetryPolicy())
                .Add("max_grpc_timeout", timeout);
            var operation = destinations.Count == 1
                ? EnvoyNames.VirtualHost(destinations[0].Host, destinations[0].Port) + "/*"
                : EnvoyNames.VirtualHost(virtualService.Name, listenerPort) + "/*";
            return new MappingBuilder()
                .Add("name", rule.Name)
                .Add("match", match)
                .Add("route", action)
                .Add("metadata", Nodes.Map("filter_metadata", Nodes.Map("istio", Nodes.Map("config",
                    EnvoyNames.ConfigurationPath(apiVersion, virtualService.Namespace, "virtual-service", virtualService.Name)))))
                .Add("decorator", Nodes.Map("operation", operation))
                .Build();
        }

        /// <summary>The route of a service's own virtual host when no VirtualService changes it: everything to the default cluster.</summary>
        public static MappingNode DefaultRoute(RegistryService service, int port) => new MappingBuilder()
            .Add("name", "default")
            .Add("match", Nodes.Map("prefix", "/"))
            .Add("route", new MappingBuilder()
                .Add("cluster", EnvoyNames.Cluster(port, null, service.Host))
                .Add("timeout", "0s")
                .Add("retry_policy", RetryPolicy())
                .Add("max_grpc_timeout", "0s"))
            .Add("decorator", Nodes.Map("operation", EnvoyNames.VirtualHost(service.Host, port) + "/*"))
            .Build();

        /// <summary>ALLOW_ANY: a last virtual host that sends any other host to the passthrough cluster.</summary>
        public static MappingNode AllowAnyVirtualHost()
        {
            var route = new MappingBuilder()
                .Add("name", "allow_any")
                .Add("match", Nodes.Map("prefix", "/"))
                .Add("route", new MappingBuilder().Add("cluster", EnvoyNames.PassthroughCluster).Add("timeout", "0s").Add("max_grpc_timeout", "0s"))
                .Build();
            return new MappingBuilder()
                .Add("name", "allow_any")
                .Add("domains", Nodes.Strings(new[] { "*" }))
                .Add("routes", Nodes.Sequence(route))
                .Build();
        }

        public static MappingNode VirtualHost(string name, IEnumerable<string> domains, IReadOnlyCollection<DocumentNode> routes) => new MappingBuilder()
            .Add("name", name)
            .Add("domains", Nodes.Strings(domains))
            .AddNodes("routes", routes)
            .Build();

        /// <summary>A route configuration with the settings istiod gives every proxy that is not a gRPC client.</summary>
        public static MappingNode RouteConfiguration(string name, IReadOnlyCollection<DocumentNode> virtualHosts) =>
            RouteConfiguration(name, virtualHosts.Count == 0 ? null : new SequenceNode(virtualHosts.ToEquatableArray()));

        /// <summary><see cref="RouteConfiguration(string, IReadOnlyCollection{DocumentNode})"/> of virtual hosts made as they are written.</summary>
        public static MappingNode RouteConfiguration(string name, StreamedSequenceNode virtualHosts) => RouteConfiguration(name, (DocumentNode)virtualHosts);

        private static MappingNode RouteConfiguration(string name, DocumentNode? virtualHosts) => new MappingBuilder()
            .Add("@type", EnvoyTypes.RouteConfiguration)
            .Add("name", name)
            .Add("virtual_hosts", virtualHosts)
            .Add("validate_clusters", false)
            .Add("max_direct_response_body_size_bytes", 1048576)
            .Add("ignore_port_in_host_matching", true)
            .Build();

        public static MappingNode StringMatch(StringMatchKind kind, string value) => kind switch
        {
            StringMatchKind.Prefix => Nodes.Map("prefix", value),
            StringMatchKind.Regex => Nodes.Map("safe_regex", Nodes.Map("regex", value)),
            _ => Nodes.Map("exact", value),
        };

        /// <summary>The mesh's default retry policy (<c>route/retry/retry.go</c>).</summary>
        private static MappingNode RetryPolicy() => DefaultRetryPolicy;

        // Shared by every route of every proxy (an immutable tree, built once).
        private static readonly MappingNode DefaultRetryPolicy = new MappingBuilder()
            .Add("retry_on", "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes")
            .Add("num_retries", 2)
            .Add("retry_host_predicate", Nodes.Sequence(EnvoyNodes.Extension("envoy.retry_host_predicates.previous_hosts", EnvoyTypes.PreviousHostsPredicate)))
            .Add("host_selection_retry_max_attempts", EnvoyNodes.Integer64(5))
            .Build();
    }
}
