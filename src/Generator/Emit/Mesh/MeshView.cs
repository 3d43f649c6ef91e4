using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Mesh
{
    /// <summary>
    /// The project as istiod sees it: the registry (every service host and the gateways' Services), the gateways and the
    /// VirtualServices split by the proxies they apply to. The sidecar, gateway and bootstrap emitters all read this.
    /// </summary>
    internal sealed class MeshView
    {
        /// <summary>
        /// The gateway pods' IP is assigned at run time. The mapping note's example address stands in for it, so the gateway
        /// Service's endpoints (and the simulator's hop to the gateway) have the right port, and the output compares with the note.
        /// </summary>
        public const string GatewayPodAddress = "10.244.0.7";

        private MeshView(string apiVersion, List<RegistryService> services, List<GatewayModel> gateways, List<VirtualServiceView> virtualServices)
        {
            ApiVersion = apiVersion;
            Services = services;
            Gateways = gateways;
            VirtualServices = virtualServices;

            // Lookups by host and by gateway: every route looks up its destinations, and every gateway its VirtualServices,
            // so scanning the lists made the Envoy output grow with the square of the project.
            foreach (var service in services)
            {
                if (!servicesByHost.ContainsKey(service.Host))
                {
                    servicesByHost.Add(service.Host, service);
                }
            }

            foreach (var virtualService in virtualServices)
            {
                if (virtualService.Gateway is { } gateway)
                {
                    var key = (gateway.Name, gateway.Namespace);
                    if (!virtualServicesByGateway.TryGetValue(key, out var list))
                    {
                        virtualServicesByGateway[key] = list = new List<VirtualServiceView>();
                    }

                    list.Add(virtualService);
                }
            }
        }

        private readonly Dictionary<string, RegistryService> servicesByHost = new(StringComparer.OrdinalIgnoreCase);

        private readonly Dictionary<(string Name, string? Namespace), List<VirtualServiceView>> virtualServicesByGateway = new();

        public string ApiVersion { get; }

        /// <summary>Every service, sorted by host.</summary>
        public IReadOnlyList<RegistryService> Services { get; }

        public IReadOnlyList<GatewayModel> Gateways { get; }

        public IReadOnlyList<VirtualServiceView> VirtualServices { get; }

        public RegistryService? Service(string host) => servicesByHost.TryGetValue(host, out var service) ? service : null;

        public IEnumerable<VirtualServiceView> MeshVirtualServices => VirtualServices.Where(v => v.Gateway is null);

        public IEnumerable<VirtualServiceView> GatewayVirtualServices(GatewayModel gateway) =>
            virtualServicesByGateway.TryGetValue((gateway.Name, gateway.Namespace), out var list) ? list : Enumerable.Empty<VirtualServiceView>();

        /// <summary>
        /// The view of <paramref name="project"/>. A service's registry entries and a route's VirtualServices depend on that
        /// class alone, so <paramref name="reuse"/>, when given, hands back the ones made from an equal model in an earlier
        /// build: after a one-service edit only that service and the routes to it are read again.
        /// </summary>
        public static MeshView From(ResolvedProject project, IEnvoyReuse? reuse = null)
        {
            var services = new List<RegistryService>();
            var gateways = new List<GatewayModel>();
            var virtualServices = new List<VirtualServiceView>();
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Service is { } service)
                {
                    services.AddRange(reuse is null ? ServiceEntryServices(service) : reuse.ServiceEntry(service, () => ServiceEntryServices(service)));
                }

                if (resolved.Class.Gateway is { } gateway)
                {
                    gateways.Add(gateway);
                }

                if (resolved.Route is { } route)
                {
                    virtualServices.AddRange(reuse is null ? VirtualServicesOf(route) : reuse.RouteVirtualServices(route, () => VirtualServicesOf(route)));
                }
            }

            // A set, not a scan of the services for each gateway Service host: with a host per gateway that was gateways
            // times services. The groups' hosts differ from each other, so the services they add need not be in it.
            var serviceHosts = new HashSet<string>(services.Select(s => s.Host), StringComparer.OrdinalIgnoreCase);
            foreach (var group in gateways.GroupBy(g => g.ServiceHost, StringComparer.OrdinalIgnoreCase))
            {
                if (!serviceHosts.Contains(group.Key))
                {
                    services.Add(FromGatewayService(group.ToList()));
                }
            }

            // One service per host: Istio keeps the oldest ServiceEntry of a conflict; here the first class by name stands in for it.
            var unique = services
                .GroupBy(s => s.Host, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(s => s.Host, StringComparer.Ordinal)
                .ToList();
            var orderedGateways = gateways
                .OrderBy(g => g.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(g => g.Name, StringComparer.Ordinal)
                .ToList();
            var orderedVirtualServices = virtualServices
                .OrderBy(v => v.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(v => v.Name, StringComparer.Ordinal)
                .ToList();
            return new MeshView(project.IstioApiVersion, unique, orderedGateways, orderedVirtualServices);
        }

        /// <summary>A service for each host of a ServiceEntry, in the order of its hosts.</summary>
        private static IReadOnlyList<RegistryService> ServiceEntryServices(ExternalServiceModel service)
        {
            var services = new List<RegistryService>(service.Hosts.Count + service.SubsetBackends.Count);
            for (var i = 0; i < service.Hosts.Count; i++)
            {
                services.Add(FromServiceEntry(service, service.Hosts[i], primary: i == 0));
            }

            // A subset's own ServiceEntry (the Kubernetes Gateway API form, SubsetBackends) has one host.
            foreach (var backend in service.SubsetBackends)
            {
                services.Add(FromServiceEntry(backend.Service, backend.Service.Hosts[0], primary: true));
            }

            return services;
        }

        private static RegistryService FromServiceEntry(ExternalServiceModel service, string host, bool primary)
        {
            var ns = service.Namespace ?? EnvoyNames.DefaultNamespace;
            var ports = service.Ports
                .Select(p => new RegistryPort(p.Number, p.Name, Traffic.Of(p.Protocol, p.Name), Traffic.IsHttp2(p.Protocol, p.Name), p.TargetPort))
                .ToList();
            var endpoints = new List<RegistryEndpoint>();
            for (var i = 0; i < service.Endpoints.Count; i++)
            {
                var endpoint = service.Endpoints[i];

                // Inline ServiceEntry endpoints are workloads named <entry>-<index>; the canonical revision falls back to the version
                // label.
                var workload = service.Name + "-" + EnvoyNames.Number(i);
                var revision = endpoint.Labels.FirstOrDefault(l => l.Key == "version")?.Value ?? string.Empty;
                endpoints.Add(new RegistryEndpoint(endpoint.Address, endpoint.Labels, endpoint.Ports, endpoint.Locality, endpoint.Weight,
                    workload + ";" + ns + ";" + workload + ";" + revision + ";" + EnvoyNames.ClusterId));
            }

            var rule = primary ? service.DestinationRule : null;
            return new RegistryService(
                host,
                ns,
                host,
                ports,
                endpoints,
                rule,
                rule is null ? null : rule.Namespace ?? service.Namespace,
                service.Resolution,
                service.Location == ServiceLocation.MeshInternal,
                service.Addresses,
                service.SubjectAltNames,
                gateway: null);
        }

        /// <summary>
        /// The gateway's Kubernetes Service: one port per <c>port=targetPort</c> mapping, the pods selected by the gateway's
        /// selector, resolved by EDS, inside the mesh. Gateways that share a Service host share this service.
        /// </summary>
        private static RegistryService FromGatewayService(IReadOnlyList<GatewayModel> gateways)
        {
            var gateway = gateways[0];
            var (name, ns) = KubernetesName(gateway.ServiceHost);
            var ports = new List<RegistryPort>();
            foreach (var mapping in gateways.SelectMany(g => g.TargetPorts).GroupBy(m => m.Port).Select(g => g.First()).OrderBy(m => m.Port))
            {
                var kind = GatewayServicePortKind(mapping.Port, gateways);
                var portName = kind switch { TrafficKind.Http => "http2", TrafficKind.Tls => "https", _ => "tcp" } + "-" + EnvoyNames.Number(mapping.Port);
                ports.Add(new RegistryPort(mapping.Port, portName, kind, false, mapping.TargetPort));
            }

            var pod = new RegistryEndpoint(GatewayPodAddress, gateway.Selector, EquatableArray<EndpointPortModel>.Empty, null, 0,
                name + ";" + ns + ";" + name + ";;" + EnvoyNames.ClusterId);
            var (rule, ruleNamespace) = MergedGatewayRule(gateways);
            return new RegistryService(
                gateway.ServiceHost,
                ns,
                name,
                ports,
                new[] { pod },
                rule,
                ruleNamespace,
                ServiceResolution.Static,
                meshInternal: true,
                Array.Empty<string>(),
                new[] { "spiffe://cluster.local/ns/" + ns + "/sa/" + name + "-service-account" },
                gateway);
        }

        /// <summary>
        /// The DestinationRule Istio applies to the gateway's Service when several gateway classes write one for it (one
        /// subset per host, as Istio's pages and [GatewayEgress] write them): the first rule, with the subsets of the others
        /// in the same namespace added, as pilot's mergeDestinationRule does for rules without a workload selector. A subset
        /// name already present stays the first rule's, and so do its TLS and load-balancer settings; the first rule's
        /// service-wide settings win, and another's apply only when the first has none.
        /// </summary>
        private static (DestinationRuleModel? Rule, string? Namespace) MergedGatewayRule(IReadOnlyList<GatewayModel> gateways)
        {
            DestinationRuleModel? merged = null;
            string? mergedNamespace = null;
            foreach (var gateway in gateways)
            {
                if (gateway.DestinationRule is not { } rule)
                {
                    continue;
                }

                var ns = rule.Namespace ?? gateway.Namespace;
                if (merged is null)
                {
                    (merged, mergedNamespace) = (rule, ns);
                    continue;
                }

                if (ns != mergedNamespace || !rule.WorkloadSelector.IsEmpty || !merged.WorkloadSelector.IsEmpty)
                {
                    continue;
                }

                var known = new HashSet<string>(merged.Subsets.Select(s => s.Name), StringComparer.Ordinal);
                var added = new HashSet<string>(rule.Subsets.Where(s => !known.Contains(s.Name)).Select(s => s.Name), StringComparer.Ordinal);
                var serviceWide = !merged.Tls.Any(t => t.Subset is null) && !merged.LoadBalancers.Any(l => l.Subset is null);
                merged = merged with
                {
                    Subsets = merged.Subsets.Concat(rule.Subsets.Where(s => added.Contains(s.Name))).ToEquatableArray(),
                    Tls = merged.Tls.Concat(rule.Tls.Where(t => t.Subset is null ? serviceWide : added.Contains(t.Subset))).ToEquatableArray(),
                    LoadBalancers = merged.LoadBalancers.Concat(rule.LoadBalancers.Where(l => l.Subset is null ? serviceWide : added.Contains(l.Subset))).ToEquatableArray(),
                };
            }

            return (merged, mergedNamespace);
        }

        /// <summary>
        /// Istio's egress chart names port 80 <c>http2</c> and 443 <c>https</c>; other ports carry what the gateway's server on
        /// that port carries.
        /// </summary>
        private static TrafficKind GatewayServicePortKind(int port, IReadOnlyList<GatewayModel> gateways)
        {
            if (port == 80)
            {
                return TrafficKind.Http;
            }

            if (port == 443)
            {
                return TrafficKind.Tls;
            }

            var server = gateways.SelectMany(g => g.Servers).FirstOrDefault(s => s.Port == port);
            return server is null ? TrafficKind.Tcp : Traffic.Of(server.Protocol, server.Name);
        }

        /// <summary><c>name.namespace.svc.cluster.local</c> to its name and namespace.</summary>
        public static (string Name, string Namespace) KubernetesName(string host)
        {
            var parts = host.Split('.');
            if (parts.Length >= 3 && parts[2] == "svc")
            {
                return (parts[0], parts[1]);
            }

            return (host, EnvoyNames.DefaultNamespace);
        }

        // ---------------------------------------------------------------- VirtualServices

        /// <summary>The same VirtualServices the Istio emitter writes, as rules: one for the mesh hop and one at the gateway, or one
        /// without a gateway.</summary>
        private static IReadOnlyList<VirtualServiceView> VirtualServicesOf(ResolvedRoute resolved)
        {
            var route = resolved.Route;
            var service = resolved.Service;
            if (resolved.Gateway is not { } gateway)
            {
                return new[] { new VirtualServiceView(route.CombinedName, route.Namespace, service.Hosts, null, ServiceRules(resolved, atGateway: false), service, resolved) };
            }

            var meshName = route.Combined ? route.CombinedName : route.MeshName;
            var gatewayName = route.Combined ? route.CombinedName : route.GatewayName;
            return new[]
            {
                new VirtualServiceView(meshName, route.Namespace, service.Hosts, null, MeshHopRules(resolved, gateway), service, resolved),
                new VirtualServiceView(gatewayName, route.Namespace, service.Hosts, gateway, ServiceRules(resolved, atGateway: true), service, resolved),
            };
        }

        /// <summary>The sidecar's hop: one rule per kind of traffic, to the gateway's Service on the chosen server port (see
        /// IstioEmitter.MeshHopRules).</summary>
        private static List<RoutingRule> MeshHopRules(ResolvedRoute resolved, GatewayModel gateway)
        {
            var route = resolved.Route;
            var rules = new List<RoutingRule>();
            var seen = new HashSet<RouteKind>();
            for (var i = 0; i < route.Rules.Count; i++)
            {
                var rule = route.Rules[i];
                if (!seen.Add(rule.Kind))
                {
                    continue;
                }

                var sniHosts = rule.Kind == RouteKind.Tls
                    ? route.Rules.Where(r => r.Kind == RouteKind.Tls).SelectMany(r => SniHosts(r, resolved.Service)).Distinct(StringComparer.Ordinal).ToList()
                    : new List<string>();
                var destination = new RoutingDestination(gateway.ServiceHost, resolved.GatewayServerPorts[i], route.GatewaySubset, 0);
                rules.Add(new RoutingRule(rule.Kind, null, route.Port, EquatableArray<HeaderMatchModel>.Empty, null, sniHosts, new[] { destination }, null));
            }

            return rules;
        }

        /// <summary>The rules that reach the service, at the gateway (matching the server port) or straight from the sidecar.</summary>
        private static List<RoutingRule> ServiceRules(ResolvedRoute resolved, bool atGateway)
        {
            var route = resolved.Route;
            var rules = new List<RoutingRule>();
            for (var i = 0; i < route.Rules.Count; i++)
            {
                var rule = route.Rules[i];
                var port = rule.Port != 0 ? rule.Port : atGateway ? resolved.GatewayServerPorts[i] : route.Port;
                var destinations = rule.Destinations
                    .Select(d => new RoutingDestination(d.BackendHost ?? resolved.Destination.Hosts[0], resolved.DestinationPorts[i],
                        d.BackendHost is null ? d.Subset : null, rule.Destinations.Count > 1 ? d.Weight : 0))
                    .ToList();
                var kind = atGateway ? ProtocolHops.GatewayHopKind(rule.Kind, resolved.Gateway!, resolved.GatewayServerPorts[i]) : rule.Kind;
                var sniHosts = kind == RouteKind.Tls ? SniHosts(rule, resolved.Service).ToList() : new List<string>();
                var headers = kind == RouteKind.Http ? rule.Headers : EquatableArray<HeaderMatchModel>.Empty;
                var uri = kind == RouteKind.Http ? rule.Uri : null;
                rules.Add(new RoutingRule(kind, rule.Name, port, headers, uri, sniHosts, destinations, rule.Timeout));
            }

            return rules;
        }

        private static IEnumerable<string> SniHosts(RouteRuleModel rule, ExternalServiceModel service) =>
            rule.SniHosts.IsEmpty ? service.Hosts : rule.SniHosts;

        // ---------------------------------------------------------------- gateways

        /// <summary>The port the gateway pod listens on for a server port: the Service's targetPort (<c>model/gateway.go
        /// resolvePorts</c>).</summary>
        public static int TargetPort(GatewayModel gateway, int serverPort) =>
            gateway.TargetPorts.FirstOrDefault(m => m.Port == serverPort)?.TargetPort ?? serverPort;

        /// <summary>A server's hosts without their <c>namespace/</c> part.</summary>
        public static IEnumerable<string> ServerHosts(GatewayServerModel server) =>
            server.Hosts.Select(h => h.IndexOf('/') is var slash && slash >= 0 ? h.Substring(slash + 1) : h);

        /// <summary>Whether a DestinationRule applies at a gateway: one without a workload selector applies everywhere, one with a selector
        /// only to pods it selects.</summary>
        public static bool AppliesToGateway(DestinationRuleModel rule, GatewayModel gateway) =>
            rule.WorkloadSelector.All(label => gateway.Selector.Any(own => own.Key == label.Key && own.Value == label.Value));
    }
}
