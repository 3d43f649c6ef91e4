using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>Which proxy a cluster is built for: some DestinationRule settings apply to sidecars and gateways differently.</summary>
    internal sealed class ProxyScope
    {
        private readonly IReadOnlyList<GatewayModel> gateways;

        private ProxyScope(GatewayModel? gateway, IReadOnlyList<GatewayModel> gateways)
        {
            Gateway = gateway;
            this.gateways = gateways;
        }

        /// <summary>The gateway proxy; null for the client sidecar.</summary>
        public GatewayModel? Gateway { get; }

        public bool IsGateway => Gateway is not null;

        /// <summary>The client's sidecar, in a mesh with these egress gateways.</summary>
        public static ProxyScope ForSidecar(IReadOnlyList<GatewayModel> gateways) => new(null, gateways);

        public static ProxyScope ForGateway(GatewayModel gateway) => new(gateway, new[] { gateway });

        /// <summary>
        /// A DestinationRule with a workload selector applies only to the proxies it selects. A gateway is selected when its pod
        /// labels carry the selector. The client's labels are unknown: a selector is taken to be written for the client, unless
        /// it selects an egress gateway's pods (<c>istio=egressgateway</c>), which is how rules are confined to the gateway.
        /// </summary>
        public bool Applies(DestinationRuleModel? rule)
        {
            if (rule is null)
            {
                return false;
            }

            if (Gateway is not null)
            {
                return MeshView.AppliesToGateway(rule, Gateway);
            }

            return rule.WorkloadSelector.IsEmpty || !gateways.Any(g => MeshView.AppliesToGateway(rule, g));
        }
    }

    /// <summary>
    /// Istio's outbound clusters and their ClusterLoadAssignments (docs/istio-to-envoy.md, the clusters and endpoints of the sidecar and the gateway): one cluster per
    /// service port, plus one per DestinationRule subset and port, named <c>outbound|port|subset|host</c>.
    /// </summary>
    internal static class ClusterBuilder
    {
        private const string ConnectTimeout = "10s";

        /// <summary>One cluster to build, with what decides its shape.</summary>
        internal sealed class ClusterPlan
        {
            public ClusterPlan(RegistryService service, RegistryPort port, SubsetModel? subset, DestinationRuleModel? rule)
            {
                Service = service;
                Port = port;
                Subset = subset;
                Rule = rule;
            }

            public RegistryService Service { get; }

            public RegistryPort Port { get; }

            public SubsetModel? Subset { get; }

            /// <summary>The DestinationRule when it applies to this proxy.</summary>
            public DestinationRuleModel? Rule { get; }

            public string Name => EnvoyNames.Cluster(Port.Number, Subset?.Name, Service.Host);
        }

        /// <summary>The default cluster of each port, then one per subset, in the DestinationRule's order (<c>applyDestinationRule</c>).</summary>
        public static IEnumerable<ClusterPlan> Plan(RegistryService service, ProxyScope scope)
        {
            var rule = scope.Applies(service.DestinationRule) ? service.DestinationRule : null;
            foreach (var port in service.Ports)
            {
                if (service.IsWildcard && service.Endpoints.Count == 0 && service.Resolution is ServiceResolution.Dns or ServiceResolution.DnsRoundRobin)
                {
                    // A wildcard name cannot be resolved: Istio rejects DNS resolution for it without endpoints, so there is no cluster.
                    continue;
                }

                yield return new ClusterPlan(service, port, null, rule);
                if (rule is not null)
                {
                    foreach (var subset in rule.Subsets)
                    {
                        yield return new ClusterPlan(service, port, subset, rule);
                    }
                }
            }
        }

        /// <summary>Envoy's discovery type for the ServiceEntry resolution (<c>convertResolution</c>); at gateways NONE becomes EDS too.</summary>
        public static string DiscoveryType(RegistryService service, ProxyScope scope) => service.Resolution switch
        {
            ServiceResolution.Static => "EDS",
            ServiceResolution.Dns => "STRICT_DNS",
            ServiceResolution.DnsRoundRobin => "LOGICAL_DNS",
            _ => scope.IsGateway ? "EDS" : "ORIGINAL_DST",
        };

        /// <summary>Envoy's cluster type: the discovery type, or <c>ORIGINAL_DST</c> for a PASSTHROUGH load balancer.</summary>
        public static string ClusterType(ClusterPlan plan, ProxyScope scope) =>
            ClusterType(plan, scope, TlsBuilder.SelectLoadBalancer(plan.Rule, plan.Port.Number, plan.Subset?.Name));

        private static string ClusterType(ClusterPlan plan, ProxyScope scope, LoadBalancerAlgorithm? balancer) =>
            // A PASSTHROUGH load balancer forwards to the address the caller used: an original-destination cluster.
            balancer == LoadBalancerAlgorithm.Passthrough ? "ORIGINAL_DST" : DiscoveryType(plan.Service, scope);

        /// <summary>
        /// Whether Envoy finds no endpoint for the cluster, so a request sent to it ends with 503 UH: an original-destination
        /// cluster forwards to the caller's address, every other cluster to the endpoints its load assignment lists
        /// (<see cref="SelectedEndpoints"/>, inline or from EDS alike).
        /// </summary>
        public static bool HasNoEndpoint(ClusterPlan plan, ProxyScope scope) =>
            ClusterType(plan, scope) != "ORIGINAL_DST" && SelectedEndpoints(plan).Count == 0;

        public static MappingNode Cluster(ClusterPlan plan, ProxyScope scope, string apiVersion)
        {
            var service = plan.Service;
            var name = plan.Name;
            var balancer = TlsBuilder.SelectLoadBalancer(plan.Rule, plan.Port.Number, plan.Subset?.Name);
            var type = ClusterType(plan, scope, balancer);
            var cluster = new MappingBuilder()
                .Add("@type", EnvoyTypes.Cluster)
                .Add("name", name)
                .Add("type", type);
            if (type == "EDS")
            {
                cluster.Add("eds_cluster_config", new MappingBuilder()
                    .Add("eds_config", new MappingBuilder().Add("ads", EnvoyNodes.EmptyObject).Add("initial_fetch_timeout", "0s").Add("resource_api_version", "V3"))
                    .Add("service_name", name));
            }

            cluster.Add("connect_timeout", ConnectTimeout);
            cluster.Add("lb_policy", type == "ORIGINAL_DST" ? "CLUSTER_PROVIDED" : LoadBalancerPolicy(balancer));
            if (type is "STRICT_DNS" or "LOGICAL_DNS")
            {
                // Istio resolves IPv4 only unless the mesh is dual-stack, and refreshes at the mesh's dnsRefreshRate (60s by default).
                cluster.Add("dns_refresh_rate", "60s").Add("respect_dns_ttl", true).Add("dns_lookup_family", "V4_ONLY");
            }

            cluster.Add("circuit_breakers", CircuitBreakers());
            cluster.Add("common_lb_config", EnvoyNodes.EmptyObject);
            cluster.Add("alt_stat_name", EnvoyNames.AlternativeStatName(name));
            if (type is "STRICT_DNS" or "LOGICAL_DNS")
            {
                cluster.Add("load_assignment", LoadAssignment(plan, name, includeType: false, firstOnly: type == "LOGICAL_DNS"));
            }

            var tls = TlsOf(plan, scope);
            cluster.Add("metadata", Metadata(plan, tls, apiVersion));
            cluster.Add("filters", Nodes.Sequence(MetadataExchangeFilter()));
            var autoSni = false;
            if (tls is { Mode: TlsMode.Simple or TlsMode.Mutual })
            {
                cluster.Add("transport_socket", TlsBuilder.OriginationSocket(tls));
                autoSni = tls.Sni is null;
            }
            else if (tls is { Mode: TlsMode.IstioMutual })
            {
                var sni = tls.Sni ?? EnvoyNames.IstioMutualSni(plan.Port.Number, plan.Subset?.Name, service.Host);
                var names = tls.SubjectAltNames.IsEmpty ? service.SubjectAltNames : tls.SubjectAltNames;
                cluster.Add("transport_socket", TlsBuilder.IstioMutualSocket(sni, names));
            }
            else if (tls is null && service.MeshInternal && type != "ORIGINAL_DST")
            {
                cluster.Add("transport_socket_matches", TlsBuilder.AutoMutualTlsMatches(EnvoyNames.IstioMutualSni(plan.Port.Number, plan.Subset?.Name, service.Host), service.SubjectAltNames));
            }

            cluster.Add("typed_extension_protocol_options", ProtocolOptions(plan.Port, autoSni));
            return cluster.Build();
        }

        /// <summary>
        /// The TLS setting that reaches this proxy. Modern Istio drops SIMPLE and MUTUAL TLS from sidecars when the rule takes its
        /// certificates from a Secret (credentialName) and has no workload selector: only gateways can read the Secret (cluster_tls.go).
        /// </summary>
        private static TlsSettingsModel? TlsOf(ClusterPlan plan, ProxyScope scope)
        {
            var tls = TlsBuilder.Select(plan.Rule, plan.Port.Number, plan.Subset?.Name);
            if (tls is { Mode: TlsMode.Simple or TlsMode.Mutual, CredentialName: not null } && !scope.IsGateway && plan.Rule!.WorkloadSelector.IsEmpty)
            {
                return null;
            }

            return tls;
        }

        private static string? LoadBalancerPolicy(LoadBalancerAlgorithm? algorithm) => algorithm switch
        {
            // ROUND_ROBIN is Envoy's default enum value, which proto3 JSON leaves out.
            LoadBalancerAlgorithm.RoundRobin => null,
            LoadBalancerAlgorithm.Random => "RANDOM",
            _ => "LEAST_REQUEST",
        };

        // Shared by every cluster of every proxy (immutable trees, built once).
        private static readonly MappingNode UnlimitedCircuitBreakers = BuildCircuitBreakers();
        private static readonly MappingNode PeerMetadataExchangeFilter = BuildMetadataExchangeFilter();

        private static MappingNode CircuitBreakers() => UnlimitedCircuitBreakers;

        private static MappingNode BuildCircuitBreakers()
        {
            const long Unlimited = 4294967295;
            var thresholds = new MappingBuilder()
                .Add("max_connections", Unlimited)
                .Add("max_pending_requests", Unlimited)
                .Add("max_requests", Unlimited)
                .Add("max_retries", Unlimited)
                .Add("track_remaining", true)
                .Build();
            return Nodes.Map("thresholds", Nodes.Sequence(thresholds));
        }

        private static MappingNode Metadata(ClusterPlan plan, TlsSettingsModel? tls, string apiVersion)
        {
            var service = plan.Service;
            var services = Nodes.Sequence(new MappingBuilder()
                .Add("host", service.Host)
                .Add("name", service.MetadataName)
                .Add("namespace", service.Namespace)
                .Build());
            var istio = new MappingBuilder().Add("services", services);
            if (plan.Rule is { } rule)
            {
                istio.Add("config", EnvoyNames.ConfigurationPath(apiVersion, service.DestinationRuleNamespace, "destination-rule", rule.Name));
            }

            if (tls is { Mode: TlsMode.Simple or TlsMode.Mutual })
            {
                // Origination keeps the application's ALPN: Istio's ALPN override is turned off for the cluster.
                istio.Add("alpn_override", "false");
            }

            istio.Add("subset", plan.Subset?.Name);
            return Nodes.Map("filter_metadata", Nodes.Map("istio", istio.Build()));
        }

        private static MappingNode MetadataExchangeFilter() => PeerMetadataExchangeFilter;

        private static MappingNode BuildMetadataExchangeFilter()
        {
            var value = new MappingBuilder().Add("protocol", "istio-peer-exchange").Add("enable_discovery", true);
            var fields = new MappingBuilder().Add("type_url", EnvoyTypes.TcpMetadataExchange).Add("value", value);
            return EnvoyNodes.Extension("istio.metadata_exchange", EnvoyTypes.TypedStruct, fields);
        }

        /// <summary>HTTP protocol options: auto SNI and SAN validation when TLS names no SNI, HTTP/2 for HTTP/2 and gRPC ports.</summary>
        private static MappingNode? ProtocolOptions(RegistryPort port, bool autoSni)
        {
            if (!autoSni && !port.Http2)
            {
                return null;
            }

            var options = new MappingBuilder();
            if (autoSni)
            {
                options.Add("upstream_http_protocol_options", new MappingBuilder().Add("auto_sni", true).Add("auto_san_validation", true));
            }

            options.Add("explicit_http_config", Nodes.Map(port.Http2 ? "http2_protocol_options" : "http_protocol_options", EnvoyNodes.EmptyObject));
            return Nodes.Map(EnvoyTypes.HttpProtocolOptionsName, EnvoyNodes.Any(EnvoyTypes.HttpProtocolOptions, options));
        }

        // ---------------------------------------------------------------- endpoints

        /// <summary>The ClusterLoadAssignment istiod serves for an EDS cluster: the endpoints the subset's labels select.</summary>
        public static MappingNode ClusterLoadAssignment(ClusterPlan plan) => LoadAssignment(plan, plan.Name, includeType: true, firstOnly: false);

        /// <summary>The endpoints of a cluster's load assignment: those the subset's labels select, or a DNS service's own host.</summary>
        private static List<RegistryEndpoint> SelectedEndpoints(ClusterPlan plan)
        {
            var endpoints = plan.Service.Endpoints
                .Where(e => plan.Subset is null || e.HasLabels(plan.Subset.Labels))
                .ToList();
            var dns = plan.Service.Resolution is ServiceResolution.Dns or ServiceResolution.DnsRoundRobin;
            if (dns && endpoints.Count == 0 && plan.Subset is null && !plan.Service.IsWildcard)
            {
                // A DNS service without endpoints resolves its own host name.
                endpoints.Add(new RegistryEndpoint(plan.Service.Host, Helpers.EquatableArray<Label>.Empty, Helpers.EquatableArray<EndpointPortModel>.Empty, null, 0, string.Empty));
            }

            return endpoints;
        }

        private static MappingNode LoadAssignment(ClusterPlan plan, string name, bool includeType, bool firstOnly)
        {
            var endpoints = SelectedEndpoints(plan);
            if (firstOnly && endpoints.Count > 1)
            {
                // LOGICAL_DNS takes exactly one endpoint: Istio keeps the first and ignores the rest.
                endpoints = endpoints.Take(1).ToList();
            }

            var groups = new List<DocumentNode>();
            foreach (var group in endpoints.GroupBy(e => e.Locality ?? string.Empty).OrderBy(g => g.Key, System.StringComparer.Ordinal))
            {
                var lbEndpoints = new List<DocumentNode>();
                long total = 0;
                foreach (var endpoint in group)
                {
                    var weight = endpoint.Weight > 0 ? endpoint.Weight : 1;
                    total += weight;
                    var node = new MappingBuilder().Add("endpoint", Nodes.Map("address", EnvoyNodes.Address(endpoint.Address, endpoint.PortFor(plan.Port))));
                    if (endpoint.Workload.Length > 0)
                    {
                        node.Add("metadata", Nodes.Map("filter_metadata", Nodes.Map("istio", Nodes.Map("workload", endpoint.Workload))));
                    }

                    lbEndpoints.Add(node.Add("load_balancing_weight", weight).Build());
                }

                groups.Add(new MappingBuilder()
                    .Add("locality", EnvoyNodes.Locality(group.Key))
                    .Add("lb_endpoints", EnvoyNodes.Sequence(lbEndpoints))
                    .Add("load_balancing_weight", total)
                    .Build());
            }

            var assignment = new MappingBuilder();
            if (includeType)
            {
                assignment.Add("@type", EnvoyTypes.ClusterLoadAssignment);
            }

            return assignment.Add("cluster_name", name).AddNodes("endpoints", groups).Build();
        }

        /// <summary>Istio's cluster for traffic to addresses the mesh does not know (ALLOW_ANY): forward to the original destination.</summary>
        public static MappingNode PassthroughCluster()
        {
            var protocols = new MappingBuilder()
                .Add("common_http_protocol_options", Nodes.Map("idle_timeout", "3600s"))
                .Add("use_downstream_protocol_config", new MappingBuilder()
                    .Add("http_protocol_options", EnvoyNodes.EmptyObject)
                    .Add("http2_protocol_options", EnvoyNodes.EmptyObject));
            return new MappingBuilder()
                .Add("@type", EnvoyTypes.Cluster)
                .Add("name", EnvoyNames.PassthroughCluster)
                .Add("type", "ORIGINAL_DST")
                .Add("connect_timeout", ConnectTimeout)
                .Add("lb_policy", "CLUSTER_PROVIDED")
                .Add("circuit_breakers", CircuitBreakers())
                .Add("typed_extension_protocol_options", Nodes.Map(EnvoyTypes.HttpProtocolOptionsName, EnvoyNodes.Any(EnvoyTypes.HttpProtocolOptions, protocols)))
                .Build();
        }
    }
}
