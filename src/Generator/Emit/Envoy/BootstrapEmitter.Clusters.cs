using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>The bootstrap's static clusters: their names, endpoints and TLS.</summary>
    internal static partial class BootstrapEmitter
    {
        /// <summary>
        /// Readable cluster names, as in the mapping note (<c>nginx_v1</c>): the host's first label, the port when the service has
        /// several, the subset. Hosts whose first labels collide use the whole host instead.
        /// </summary>
        private sealed class ClusterNames
        {
            private readonly MeshView view;
            private readonly Dictionary<string, string> bases = new(StringComparer.OrdinalIgnoreCase);
            private readonly List<(string Name, RoutingDestination Destination)> used = new();
            private readonly HashSet<string> usedNames = new(StringComparer.Ordinal);

            public ClusterNames(MeshView view)
            {
                this.view = view;
                var services = view.Services.Where(s => !s.IsGatewayService).ToList();
                // Counted once up front: counting per service made naming quadratic in the number of services.
                var labelCounts = services.GroupBy(s => FirstLabel(s.Host), StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                foreach (var service in services)
                {
                    var label = FirstLabel(service.Host);
                    bases[service.Host] = Sanitize(labelCounts[label] == 1 ? label : service.Host);
                }
            }

            /// <summary>The destinations that got a cluster, with their clusters' names, in the order they were first named.</summary>
            public IReadOnlyList<(string Name, RoutingDestination Destination)> Used => used;

            public bool AllExist(IReadOnlyList<RoutingDestination> destinations)
            {
                foreach (var destination in destinations)
                {
                    if (!Exists(destination))
                    {
                        return false;
                    }
                }

                return true;
            }

            public bool Exists(RoutingDestination destination) =>
                view.Service(destination.Host) is { } service && service.Port(destination.Port) is not null
                && (!service.IsWildcard || service.Endpoints.Count > 0)
                && (destination.Subset is null || service.DestinationRule?.Subsets.Any(s => s.Name == destination.Subset) == true);

            /// <summary>The destination's cluster name, recorded so the cluster is emitted once.</summary>
            public string Name(RoutingDestination destination)
            {
                var name = NameOf(destination);
                if (usedNames.Add(name))
                {
                    used.Add((name, destination));
                }

                return name;
            }

            private string NameOf(RoutingDestination destination)
            {
                var service = view.Service(destination.Host)!;
                var name = bases[service.Host];
                if (service.Ports.Count > 1)
                {
                    name += "_" + EnvoyNames.Number(destination.Port);
                }

                if (destination.Subset is not null)
                {
                    name += "_" + Sanitize(destination.Subset);
                }

                return name;
            }

            private static string FirstLabel(string host)
            {
                var trimmed = host.TrimStart('*', '.');
                var dot = trimmed.IndexOf('.');
                return dot < 0 ? trimmed : trimmed.Substring(0, dot);
            }

            private static string Sanitize(string text)
            {
                if (IsSanitized(text))
                {
                    // Most first labels and subset names are lower-case words already: no copy for each route in each build.
                    return text;
                }

                var builder = new System.Text.StringBuilder(text.Length);
                foreach (var c in text)
                {
                    builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : c == '*' ? 'x' : '_');
                }

                return builder.ToString().Trim('_');
            }

            private static bool IsSanitized(string text)
            {
                foreach (var c in text)
                {
                    if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
                    {
                        return false;
                    }
                }

                return text.Length == 0 || (text[0] != '_' && text[text.Length - 1] != '_');
            }
        }

        /// <summary>
        /// A static cluster for a destination, named <paramref name="name"/> (the names depend on the whole mesh:
        /// <see cref="Skeleton"/>).
        /// </summary>
        public static MappingNode Cluster(MeshView view, string name, RoutingDestination destination)
        {
            var service = view.Service(destination.Host)!;
            var port = service.Port(destination.Port)!;
            var rule = service.DestinationRule;
            var subset = destination.Subset is null ? null : rule?.Subsets.FirstOrDefault(s => s.Name == destination.Subset);
            var endpoints = service.Endpoints.Where(e => subset is null || e.HasLabels(subset.Labels)).ToList();
            if (endpoints.Count == 0 && destination.Subset is null && !service.IsWildcard)
            {
                // Without listed endpoints the standalone Envoy resolves the host itself.
                endpoints.Add(new RegistryEndpoint(
                    service.Host, EquatableArray<Label>.Empty, EquatableArray<EndpointPortModel>.Empty, null, 0, string.Empty));
            }

            var logical = service.Resolution == ServiceResolution.DnsRoundRobin && endpoints.Count > 0;
            if (logical)
            {
                endpoints = endpoints.Take(1).ToList();
            }

            var allAddresses = endpoints.All(
                e => IpAddresses.IsIpAddress(e.Address) || e.Address.StartsWith("unix://", StringComparison.Ordinal));
            var type = logical ? "LOGICAL_DNS" : allAddresses ? "STATIC" : "STRICT_DNS";
            var cluster = new MappingBuilder()
                .Add("name", name)
                .Add("type", type)
                .Add("connect_timeout", ConnectTimeout)
                .Add("lb_policy", TlsBuilder.SelectLoadBalancer(rule, port.Number, destination.Subset) switch
                {
                    LoadBalancerAlgorithm.LeastRequest => "LEAST_REQUEST",
                    LoadBalancerAlgorithm.Random => "RANDOM",
                    _ => "ROUND_ROBIN",
                });
            if (type != "STATIC")
            {
                cluster.Add("dns_lookup_family", "V4_ONLY");
            }

            cluster.Add("load_assignment", LoadAssignment(name, endpoints, port));
            var tls = TlsBuilder.Select(rule, port.Number, destination.Subset);
            if (tls is { Mode: TlsMode.Simple or TlsMode.Mutual })
            {
                cluster.Add("transport_socket", TlsSocket(tls, service));
            }

            if (port.Http2)
            {
                cluster.Add("typed_extension_protocol_options", Nodes.Map(EnvoyTypes.HttpProtocolOptionsName,
                    EnvoyNodes.Any(
                        EnvoyTypes.HttpProtocolOptions,
                        new MappingBuilder().Add("explicit_http_config", Nodes.Map("http2_protocol_options", EnvoyNodes.EmptyObject)))));
            }

            return cluster.Build();
        }

        private static MappingNode LoadAssignment(string name, IReadOnlyList<RegistryEndpoint> endpoints, RegistryPort port)
        {
            var groups = new List<DocumentNode>();
            foreach (var group in endpoints.GroupBy(e => e.Locality ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var lbEndpoints = new List<DocumentNode>();
                foreach (var endpoint in group)
                {
                    var node = new MappingBuilder()
                        .Add("endpoint", Nodes.Map("address", EnvoyNodes.Address(endpoint.Address, endpoint.PortFor(port))));
                    if (!endpoint.Labels.IsEmpty)
                    {
                        // The endpoint's labels, where Envoy's subset load balancer would look for them.
                        var labels = new MappingBuilder();
                        foreach (var label in endpoint.Labels)
                        {
                            labels.Add(label.Key, label.Value);
                        }

                        node.Add("metadata", Nodes.Map("filter_metadata", Nodes.Map("envoy.lb", labels.Build())));
                    }

                    lbEndpoints.Add(node.AddNonZero("load_balancing_weight", endpoint.Weight).Build());
                }

                groups.Add(new MappingBuilder()
                    .Add("locality", group.Key.Length == 0 ? null : EnvoyNodes.Locality(group.Key))
                    .Add("lb_endpoints", EnvoyNodes.Sequence(lbEndpoints))
                    .Build());
            }

            return new MappingBuilder().Add("cluster_name", name).AddNodes("endpoints", groups).Build();
        }

        /// <summary>
        /// TLS origination from files: the client certificate and key, the CA bundle and the server names to verify, with SNI
        /// set explicitly (a standalone Envoy has no auto SNI from a mesh). A credentialName becomes the files of that Secret.
        /// </summary>
        private static MappingNode TlsSocket(TlsSettingsModel tls, RegistryService service)
        {
            var certificate = tls.ClientCertificate;
            var key = tls.PrivateKey;
            var ca = tls.CaCertificates;
            if (tls.CredentialName is { } credential)
            {
                var directory = CredentialDirectory + credential + "/";
                (certificate, key, ca) = (directory + "tls.crt", directory + "tls.key", directory + "ca.crt");
            }

            var common = new MappingBuilder().Add(
                "tls_params",
                new MappingBuilder().Add("tls_minimum_protocol_version", "TLSv1_2").Add("tls_maximum_protocol_version", "TLSv1_3"));
            if (tls.Mode == TlsMode.Mutual && certificate is not null && key is not null)
            {
                common.Add("tls_certificates", Nodes.Sequence(new MappingBuilder()
                    .Add("certificate_chain", Nodes.Map("filename", certificate))
                    .Add("private_key", Nodes.Map("filename", key))
                    .Build()));
            }

            if (!tls.InsecureSkipVerify)
            {
                var names = tls.SubjectAltNames.IsEmpty
                    ? (service.IsWildcard ? new List<string>() : new List<string> { service.Host })
                    : tls.SubjectAltNames.ToList();
                var matchers = names.Select(n => (DocumentNode)new MappingBuilder()
                    .Add("san_type", n.StartsWith("spiffe://", StringComparison.Ordinal) ? "URI" : "DNS")
                    .Add("matcher", Nodes.Map("exact", n))
                    .Build()).ToList();
                common.Add("validation_context", new MappingBuilder()
                    .Add("trusted_ca", Nodes.Map("filename", ca ?? SystemTrustStore))
                    .AddNodes("match_typed_subject_alt_names", matchers));
            }

            var sni = tls.Sni ?? (service.IsWildcard ? null : service.Host);
            var context = new MappingBuilder().Add("sni", sni).Add("common_tls_context", common);
            return EnvoyNodes.Extension(EnvoyTypes.TlsTransportSocketName, EnvoyTypes.UpstreamTlsContext, context);
        }
    }
}
