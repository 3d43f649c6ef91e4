using System;
using System.Collections.Generic;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Caching
{
    /// <summary>
    /// Where a build keeps parts of the Envoy output by what they are made from, across builds in one process
    /// (<c>RenderCache</c>): given the inputs and a way to make the part, either returns the part made earlier from equal
    /// inputs or makes it.
    /// </summary>
    internal interface IEnvoyReuse
    {
        /// <summary>The registry's services for the hosts of a ServiceEntry (<see cref="MeshView.From"/>), by the service's model.</summary>
        IReadOnlyList<RegistryService> ServiceEntry(ExternalServiceModel service, Func<IReadOnlyList<RegistryService>> make);

        /// <summary>The VirtualServices a route class gives (<see cref="MeshView.From"/>), by the resolved route.</summary>
        IReadOnlyList<VirtualServiceView> RouteVirtualServices(ResolvedRoute route, Func<IReadOnlyList<VirtualServiceView>> make);

        ManifestFile Gateway(GatewayInputs inputs, Func<ManifestFile> make);

        ServiceClusters SidecarService(SidecarServiceInputs inputs, Func<ServiceClusters> make);

        /// <summary>A virtual host of the sidecar's route configuration, as compact JSON.</summary>
        string SidecarVirtualHost(SidecarVirtualHostInputs inputs, Func<string> make);

        /// <summary>
        /// The standalone bootstrap without its clusters and virtual hosts (<see cref="BootstrapEmitter.Skeleton"/>), as YAML.
        /// Its tree is the key: a few nodes per listener, which change when a listener comes or goes, and with the TLS and
        /// TCP routes, which stay in it.
        /// </summary>
        string BootstrapSkeleton(MappingNode document, Func<string> make);

        /// <summary>A cluster of the standalone bootstrap, as YAML at the cluster list's column (<see cref="YamlWriter.WriteItem(DocumentNode, int)"/>).</summary>
        string BootstrapCluster(BootstrapClusterInputs inputs, Func<string> make);

        /// <summary>A virtual host of the standalone bootstrap, as YAML at the column of its listener's list (<see cref="BootstrapEmitter.VirtualHostsColumn"/>).</summary>
        string BootstrapVirtualHost(BootstrapVirtualHostInputs inputs, Func<string> make);
    }

    /// <summary>
    /// Everything one egress gateway's configuration is made from: the gateway, the routes bound to it (its VirtualServices
    /// come from them alone), and for each host those routes send to, every declaration that could supply that host's
    /// service (<see cref="MeshView"/> keeps the first). Equal inputs give the same file, so a build keeps the files of the
    /// gateways an edit did not reach.
    /// </summary>
    /// <remarks>
    /// A gateway sees ten services where the sidecar sees all of them. With its file kept by these inputs, a one-service edit
    /// writes and packs one gateway again instead of every gateway (a fifth of the Envoy step at a thousand services). What
    /// the gateway emitter reads from the view must stay within these inputs: <c>EnvoyInputsTests</c> holds every file made
    /// with kept parts to the file made from nothing, after edits of each kind.
    /// </remarks>
    internal sealed record GatewayInputs(GatewayModel Gateway, EquatableArray<ResolvedRoute> Routes, EquatableArray<HostSources> Hosts, string ApiVersion);

    /// <summary>
    /// Everything a service's clusters in the sidecar are made from: the declarations that could supply its host, whether its
    /// DestinationRule applies to the sidecar (which depends on every gateway's labels, so only the answer is kept), and the
    /// Istio API version the clusters' metadata names.
    /// </summary>
    internal sealed record SidecarServiceInputs(HostSources Host, bool RuleApplies, string ApiVersion);

    /// <summary>
    /// Everything a virtual host of the sidecar's route configuration is made from: its name and its domains (which depend on
    /// the other virtual hosts, since the first by name keeps a domain, so the domains themselves are kept), the port, the
    /// Istio API version its routes' metadata names, and the route class whose mesh VirtualService gives its routes (null
    /// for a service's own virtual host, whose one route its name and port say all of).
    /// </summary>
    internal sealed record SidecarVirtualHostInputs(string Name, EquatableArray<string> Domains, int Port, string ApiVersion, ResolvedRoute? Route);

    /// <summary>
    /// Everything a cluster of the standalone bootstrap is made from: its name (which depends on the other services' hosts,
    /// so the name itself is kept), the destination's host, port and subset, and the declarations that could supply the host.
    /// </summary>
    internal sealed record BootstrapClusterInputs(string Name, string Host, int Port, string? Subset, HostSources Sources);

    /// <summary>
    /// Everything a virtual host of the standalone bootstrap is made from: its name, its domains (which depend on the other
    /// virtual hosts of its listener, so the domains themselves are kept), its port, the route class and which of its
    /// VirtualServices (the one bound to its gateway, or to the mesh) the routes come from, which of that VirtualService's
    /// rules the listener serves (by position; the others go to other ports or to hosts a standalone Envoy cannot reach), and
    /// the names of the clusters those rules go to (which depend on the other services' hosts, so the names themselves are kept).
    /// </summary>
    internal sealed record BootstrapVirtualHostInputs(
        string Name, EquatableArray<string> Domains, int Port, ResolvedRoute Route, bool AtGateway, EquatableArray<int> Rules, EquatableArray<string> Clusters);

    /// <summary>The inputs of each part of one project's Envoy output, looked up in indexes built once.</summary>
    internal sealed class EnvoyInputs
    {
        private readonly MeshView view;
        private readonly Dictionary<(string Name, string? Namespace), List<ResolvedRoute>> routesByGateway = new();
        private readonly Dictionary<string, List<ServiceHostSource>> servicesByHost = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<GatewayModel>> gatewaysByServiceHost = new(StringComparer.OrdinalIgnoreCase);

        /// <param name="view">The view of <paramref name="project"/>.</param>
        public EnvoyInputs(ResolvedProject project, MeshView view)
        {
            this.view = view;
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Service is { } service)
                {
                    for (var i = 0; i < service.Hosts.Count; i++)
                    {
                        Add(servicesByHost, service.Hosts[i], new ServiceHostSource(service, i));
                    }
                }

                if (resolved.Class.Gateway is { } gateway)
                {
                    Add(gatewaysByServiceHost, gateway.ServiceHost, gateway);
                }

                // Bound the way MeshView binds VirtualServices: by the gateway's name and namespace.
                if (resolved.Route is { Gateway: { } routeGateway } route)
                {
                    Add(routesByGateway, (routeGateway.Name, routeGateway.Namespace), route);
                }
            }
        }

        public GatewayInputs Gateway(GatewayModel gateway)
        {
            var hosts = new List<HostSources>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var virtualService in view.GatewayVirtualServices(gateway))
            {
                foreach (var rule in virtualService.Rules)
                {
                    foreach (var destination in rule.Destinations)
                    {
                        if (seen.Add(destination.Host))
                        {
                            hosts.Add(Host(destination.Host));
                        }
                    }
                }
            }

            return new GatewayInputs(gateway, Sources(routesByGateway, (gateway.Name, gateway.Namespace)), EquatableArray<HostSources>.Own(hosts.ToArray()), view.ApiVersion);
        }

        public SidecarServiceInputs SidecarService(RegistryService service, ProxyScope scope) =>
            new(Host(service.Host), scope.Applies(service.DestinationRule), view.ApiVersion);

        public SidecarVirtualHostInputs SidecarVirtualHost(SidecarVirtualHost virtualHost) =>
            new(virtualHost.Name, virtualHost.Domains.ToEquatableArray(), virtualHost.Port, view.ApiVersion, virtualHost.Route);

        public BootstrapClusterInputs BootstrapCluster(string name, RoutingDestination destination) =>
            new(name, destination.Host, destination.Port, destination.Subset, Host(destination.Host));

        public BootstrapVirtualHostInputs BootstrapVirtualHost(BootstrapVirtualHost virtualHost)
        {
            var rules = new int[virtualHost.Routes.Count];
            var clusters = new List<string>(rules.Length);
            for (var i = 0; i < rules.Length; i++)
            {
                rules[i] = virtualHost.Routes[i].Index;
                clusters.AddRange(virtualHost.Routes[i].Clusters);
            }

            return new(virtualHost.Name, virtualHost.Domains.ToEquatableArray(), virtualHost.Port, virtualHost.VirtualService.Source,
                virtualHost.VirtualService.Gateway is not null, EquatableArray<int>.Own(rules), EquatableArray<string>.Own(clusters.ToArray()));
        }

        private HostSources Host(string host) => new(host, Sources(servicesByHost, host), Sources(gatewaysByServiceHost, host));

        private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = new List<TValue>();
            }

            list.Add(value);
        }

        private static EquatableArray<TValue> Sources<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key)
            where TValue : IEquatable<TValue> =>
            index.TryGetValue(key, out var list) ? EquatableArray<TValue>.Own(list.ToArray()) : EquatableArray<TValue>.Empty;
    }

    /// <summary>The declarations that could supply a host's service: services that list it, in class order, and gateways whose Service it is.</summary>
    internal sealed record HostSources(string Host, EquatableArray<ServiceHostSource> Services, EquatableArray<GatewayModel> Gateways);

    /// <summary>A service that lists a host, with the host's position (the first host is the one its DestinationRule applies to).</summary>
    internal sealed record ServiceHostSource(ExternalServiceModel Service, int HostIndex);
}
