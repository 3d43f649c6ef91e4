using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Mesh
{
    /// <summary>A destination of a routing rule: one Envoy cluster and its weight.</summary>
    internal sealed class RoutingDestination
    {
        public RoutingDestination(string host, int port, string? subset, int weight)
        {
            Host = host;
            Port = port;
            Subset = subset;
            Weight = weight;
        }

        public string Host { get; }

        public int Port { get; }

        public string? Subset { get; }

        /// <summary>The weight of a split; 0 for a single destination.</summary>
        public int Weight { get; }

        public string Cluster => EnvoyNames.Cluster(Port, Subset, Host);
    }

    /// <summary>One rule of a VirtualService as Istio translates it: its match and its destinations.</summary>
    internal sealed class RoutingRule
    {
        public RoutingRule(
            RouteKind kind,
            string? name,
            int port,
            EquatableArray<HeaderMatchModel> headers,
            UriMatchModel? uri,
            IReadOnlyList<string> sniHosts,
            IReadOnlyList<RoutingDestination> destinations,
            string? timeout)
        {
            Kind = kind;
            Name = name;
            Port = port;
            Headers = headers;
            Uri = uri;
            SniHosts = sniHosts;
            Destinations = destinations;
            Timeout = timeout;
        }

        public RouteKind Kind { get; }

        public string? Name { get; }

        /// <summary>The port the rule matches; 0 matches every port.</summary>
        public int Port { get; }

        public EquatableArray<HeaderMatchModel> Headers { get; }

        public UriMatchModel? Uri { get; }

        public IReadOnlyList<string> SniHosts { get; }

        public IReadOnlyList<RoutingDestination> Destinations { get; }

        public string? Timeout { get; }

        public bool AppliesTo(int port) => Port == 0 || Port == port;

        /// <summary>The destinations that get traffic: Istio drops weight-0 entries of a split.</summary>
        public IReadOnlyList<RoutingDestination> LiveDestinations =>
            Destinations.Count > 1 ? Destinations.Where(d => d.Weight > 0).ToList() : Destinations;
    }

    /// <summary>A VirtualService as Istio reads it: bound to the mesh (the sidecars) or to one gateway.</summary>
    internal sealed class VirtualServiceView
    {
        public VirtualServiceView(
            string name,
            string? ns,
            IReadOnlyList<string> hosts,
            GatewayModel? gateway,
            IReadOnlyList<RoutingRule> rules,
            ExternalServiceModel service,
            ResolvedRoute source)
        {
            Name = name;
            Namespace = ns;
            Hosts = hosts;
            Gateway = gateway;
            Rules = rules;
            Service = service;
            Source = source;
        }

        public string Name { get; }

        public string? Namespace { get; }

        public IReadOnlyList<string> Hosts { get; }

        /// <summary>The gateway the rules apply at; null for the sidecars (<c>mesh</c>).</summary>
        public GatewayModel? Gateway { get; }

        public IReadOnlyList<RoutingRule> Rules { get; }

        /// <summary>The routed service (its addresses scope TCP rules).</summary>
        public ExternalServiceModel Service { get; }

        /// <summary>The route class it is made from, which determines all of it: what a part made from it is kept by.</summary>
        public ResolvedRoute Source { get; }
    }
}
