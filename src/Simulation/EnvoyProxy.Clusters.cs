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
    // The upstream half of a simulation: the chosen cluster, its endpoints and its TLS.
    partial class EnvoyProxy
    {
        private SimulationResult Upstream(List<WeightedCluster> targets, SimulatedRequest request, SimulationResult result)
        {
            if (targets.Count == 0)
            {
                return result.Fail(SimulationOutcome.ClusterNotFound, 503, "NC", "no cluster is named");
            }

            result.Clusters = targets;

            // A split is described by its heaviest cluster (the first of equal weights); every cluster is in Clusters.
            var chosen = targets.OrderByDescending(t => t.Weight).First();
            result.Cluster = chosen.Name;
            if (!clusters.TryGetValue(chosen.Name, out var cluster))
            {
                return result.Fail(
                    SimulationOutcome.ClusterNotFound, 503, "NC", "cluster " + chosen.Name + " is not among the proxy's clusters");
            }

            var type = TypeOf(cluster);
            result.ClusterType = type;
            var endpoints = EndpointsOf(cluster, type, chosen.Name, request, out var source);
            result.Endpoints = endpoints;
            result.Tls = UpstreamTlsOf(cluster, FirstEndpointMatchCriteria(cluster, type));
            result.trace.Add("cluster " + chosen.Name + " (" + type + ", " + source + ")"
                + (endpoints.Count == 0 ? string.Empty : ": " + string.Join(", ", endpoints.Select(e => e.ToString())))
                + (result.Tls is null ? ", plain text" : ", " + result.Tls));
            if (endpoints.Count == 0 && type != "ORIGINAL_DST")
            {
                return result.Fail(SimulationOutcome.NoHealthyUpstream, 503, "UH", "cluster " + chosen.Name + " has no endpoint");
            }

            return result.Forward();
        }

        private static string TypeOf(JsonValue cluster) =>
            cluster.String("type") ?? (cluster["cluster_type"] is null ? "STATIC" : "custom");

        /// <summary>
        /// Whether the proxy has the cluster and finds no endpoint for it, so every request sent there ends with 503 UH: what
        /// the model-level route check (EGRESS080) must agree with. An original-destination cluster forwards to the caller's
        /// address and always has one.
        /// </summary>
        internal bool HasNoEndpoint(string clusterName) =>
            clusters.TryGetValue(clusterName, out var cluster)
            && TypeOf(cluster) is var type && type != "ORIGINAL_DST"
            && EndpointsOf(cluster, type, clusterName, request: null, out _).Count == 0;

        private List<SimulatedEndpoint> EndpointsOf(JsonValue cluster, string type, string name, SimulatedRequest? request,
            out string source)
        {
            switch (type)
            {
                case "EDS":
                    var serviceName = cluster["eds_cluster_config"]?.String("service_name") ?? name;
                    loadAssignments.TryGetValue(serviceName, out var assignment);
                    source = assignment is null ? "EDS sent no ClusterLoadAssignment " + serviceName : "endpoints from EDS";
                    return assignment is null ? new List<SimulatedEndpoint>() : Endpoints(assignment, dns: false);
                case "ORIGINAL_DST":
                    source = "the connection's original destination"
                        + (request?.DestinationAddress is null ? " (not given in the request)" : string.Empty);
                    return request?.DestinationAddress is null
                        ? new List<SimulatedEndpoint>()
                        : new List<SimulatedEndpoint> { new(request.DestinationAddress, request.Port, 1, null, false) };
                default:
                    source = type is "STRICT_DNS" or "LOGICAL_DNS" ? "DNS names in the cluster" : "addresses in the cluster";
                    return cluster["load_assignment"] is { } inline
                        ? Endpoints(inline, dns: type is "STRICT_DNS" or "LOGICAL_DNS")
                        : new List<SimulatedEndpoint>();
            }
        }

        private static List<SimulatedEndpoint> Endpoints(JsonValue assignment, bool dns)
        {
            var endpoints = new List<SimulatedEndpoint>();
            foreach (var group in assignment.Array("endpoints"))
            {
                var locality = group["locality"] is { } place
                    ? string.Join(
                        "/",
                        new[] { place.String("region"), place.String("zone"), place.String("sub_zone") }
                            .Where(p => !string.IsNullOrEmpty(p)))
                    : string.Empty;
                foreach (var entry in group.Array("lb_endpoints"))
                {
                    if (entry.String("health_status") is "UNHEALTHY" or "DRAINING" or "TIMEOUT")
                    {
                        continue;
                    }

                    var address = entry["endpoint"]?["address"];
                    var weight = (int)(entry.Wrapped("load_balancing_weight") is { } value
                        && long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1);
                    if (address?["socket_address"] is { } socket)
                    {
                        endpoints.Add(new SimulatedEndpoint(
                            socket.String("address") ?? string.Empty, (int)(socket.Integer("port_value") ?? 0), weight,
                            locality.Length == 0 ? null : locality, dns));
                    }
                    else if (address?["pipe"] is { } pipe)
                    {
                        endpoints.Add(new SimulatedEndpoint(
                            "unix://" + pipe.String("path"), 0, weight, locality.Length == 0 ? null : locality, false));
                    }
                }
            }

            return endpoints;
        }

        /// <summary>The <c>envoy.transport_socket_match</c> metadata of the first endpoint, which picks a transport socket match.</summary>
        private JsonValue? FirstEndpointMatchCriteria(JsonValue cluster, string type)
        {
            JsonValue? assignment = type == "EDS"
                ? (loadAssignments.TryGetValue(
                    cluster["eds_cluster_config"]?.String("service_name") ?? cluster.String("name") ?? string.Empty, out var found)
                    ? found
                    : null)
                : cluster["load_assignment"];
            var first = assignment?.Array("endpoints").SelectMany(g => g.Array("lb_endpoints")).FirstOrDefault();
            return first?["metadata"]?["filter_metadata"]?["envoy.transport_socket_match"];
        }

        /// <summary>
        /// The cluster's upstream TLS: the first <c>transport_socket_matches</c> entry whose criteria the endpoint's metadata
        /// carries, else <c>transport_socket</c>; plus auto SNI and SAN validation from the HTTP protocol options.
        /// </summary>
        private static UpstreamTls? UpstreamTlsOf(JsonValue cluster, JsonValue? assignmentCriteria)
        {
            var socket = cluster["transport_socket"];
            string? matchName = null;
            foreach (var entry in cluster.Array("transport_socket_matches"))
            {
                var criteria = entry["match"];
                var applies = criteria is null || criteria.Members.All(member =>
                    assignmentCriteria?[member.Key] is { } value && value.Text == member.Value.Text);
                if (applies)
                {
                    socket = entry["transport_socket"];
                    matchName = entry.String("name");
                    break;
                }
            }

            var config = socket?["typed_config"];
            if (config is null || !(config.String("@type") ?? string.Empty).EndsWith(UpstreamTlsType, StringComparison.Ordinal))
            {
                return null;
            }

            var common = config["common_tls_context"] ?? JsonValue.Null;
            var certificate = common.Array("tls_certificates")
                .Select(c => c["certificate_chain"]?.String("filename")).FirstOrDefault(f => f is not null)
                ?? common.Array("tls_certificate_sds_secret_configs").Select(c => c.String("name")).FirstOrDefault(n => n is not null);
            var combined = common["combined_validation_context"];
            var validation = common["validation_context"] ?? combined?["default_validation_context"];
            var trustedCa = common["validation_context"]?["trusted_ca"]?.String("filename")
                ?? combined?["default_validation_context"]?["trusted_ca"]?.String("filename")
                ?? combined?["validation_context_sds_secret_config"]?.String("name")
                ?? common["validation_context_sds_secret_config"]?.String("name");
            var names = new List<string>();
            if (validation is not null)
            {
                names.AddRange(validation.Array("match_subject_alt_names").Select(DescribeMatcher));
                names.AddRange(
                    validation.Array("match_typed_subject_alt_names").Select(m => DescribeMatcher(m["matcher"] ?? JsonValue.Null)));
            }

            var options = cluster["typed_extension_protocol_options"]?[HttpProtocolOptionsName]?["upstream_http_protocol_options"];
            return new UpstreamTls(
                config.String("sni"),
                options?.Bool("auto_sni") ?? false,
                options?.Bool("auto_san_validation") ?? false,
                certificate,
                trustedCa,
                names,
                common.Array("alpn_protocols").Select(a => a.Text ?? string.Empty).ToList(),
                matchName);
        }

        private static string DescribeMatcher(JsonValue matcher) =>
            matcher.String("exact") ?? matcher.String("prefix") ?? matcher.String("suffix") ?? matcher.String("contains")
                ?? matcher["safe_regex"]?.String("regex") ?? string.Empty;
    }
}
