using System;
using System.Collections.Generic;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// Everything one egress gateway's configuration is made from: the gateway, the routes bound to it (its VirtualServices
    /// come from them alone), and for each host those routes send to, every declaration that could supply that host's
    /// service (<see cref="MeshView"/> keeps the first). Equal inputs give the same file, so a build keeps the files of the
    /// gateways an edit did not reach.
    /// </summary>
    /// <remarks>
    /// A gateway sees ten services where the sidecar sees all of them. With its file kept by these inputs, a one-service edit
    /// writes and packs one gateway again instead of every gateway (a fifth of the Envoy step at a thousand services). What
    /// the gateway emitter reads from the view must stay within these inputs: <c>GatewayInputsTests</c> holds every gateway's
    /// file made from cached inputs to one made from nothing, after edits of each kind.
    /// </remarks>
    internal sealed record GatewayInputs(GatewayModel Gateway, EquatableArray<ResolvedRoute> Routes, EquatableArray<HostSources> Hosts, string ApiVersion)
    {
        /// <summary>The inputs of each gateway of <paramref name="view"/>, which must be the view of <paramref name="project"/>.</summary>
        public static Func<GatewayModel, GatewayInputs> For(ResolvedProject project, MeshView view)
        {
            var routesByGateway = new Dictionary<(string Name, string? Namespace), List<ResolvedRoute>>();
            var servicesByHost = new Dictionary<string, List<ServiceHostSource>>(StringComparer.OrdinalIgnoreCase);
            var gatewaysByServiceHost = new Dictionary<string, List<GatewayModel>>(StringComparer.OrdinalIgnoreCase);
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

            return gateway =>
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
                                hosts.Add(new HostSources(destination.Host, Sources(servicesByHost, destination.Host), Sources(gatewaysByServiceHost, destination.Host)));
                            }
                        }
                    }
                }

                return new GatewayInputs(
                    gateway,
                    Sources(routesByGateway, (gateway.Name, gateway.Namespace)),
                    EquatableArray<HostSources>.Own(hosts.ToArray()),
                    view.ApiVersion);
            };
        }

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
