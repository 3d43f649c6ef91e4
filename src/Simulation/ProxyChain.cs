using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation
#else
namespace EgressDsl.Simulation
#endif
{
    /// <summary>A request followed through several proxies: the sidecar, then the egress gateway it was sent to.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class ChainResult
    {
        internal ChainResult(IReadOnlyList<SimulationResult> hops) => Hops = hops;

        /// <summary>Each proxy's result, in the order the request passed them.</summary>
        public IReadOnlyList<SimulationResult> Hops { get; }

        /// <summary>The last proxy's result: where the request finally goes, or why it stops.</summary>
        public SimulationResult Final => Hops[Hops.Count - 1];

        /// <summary>Whether the request left the last proxy for an endpoint.</summary>
        public bool IsForwarded => Final.IsForwarded;

        /// <summary>
        /// What happened in one sentence, naming the route that matched (or where matching stopped) at each proxy: the text
        /// EGRESS300 gives for an [ExpectRoute], and the command-line simulator prints under its hop-by-hop trace.
        /// </summary>
        public string Explanation => string.Join("; then ", Hops.Select(Describe));

        private static string Describe(SimulationResult hop)
        {
            var where = hop.Route is not null
                ? "at " + hop.Proxy + " it matched route " + hop.RouteDescription + Origin(hop)
                : hop.FilterChain is not null && hop.Clusters.Count > 0
                    ? "at " + hop.Proxy + " filter chain " + hop.FilterChain + " of listener " + hop.Listener + " took it"
                    : "at " + hop.Proxy;
            var clusters = hop.Clusters.Count == 0 ? string.Empty : string.Join(", ", hop.Clusters.Select(c => c.ToString()));
            switch (hop.Outcome)
            {
                case SimulationOutcome.Forwarded:
                    return where + " and went to " + clusters;
                case SimulationOutcome.NoRoute:
                    return where + " no route matched (404 NR: " + (hop.Trace.LastOrDefault() ?? "nothing matched") + ")";
                case SimulationOutcome.ClusterNotFound:
                    return where + " and went to " + clusters + ", which the proxy does not have (503 NC)";
                case SimulationOutcome.NoHealthyUpstream:
                    return where + " and went to " + clusters + ", which has no endpoint (503 UH)";
                case SimulationOutcome.DirectResponse:
                    return where + ", which answers " + hop.StatusCode?.ToString(CultureInfo.InvariantCulture);
                default:
                    return where + ": " + (hop.Trace.LastOrDefault() ?? "the connection failed");
            }
        }

        private static string Origin(SimulationResult hop)
        {
            // Istio's route metadata names the VirtualService: /apis/networking.istio.io/v1/namespaces/ns/virtual-service/name.
            var origin = hop.RouteOrigin;
            var slash = origin?.LastIndexOf('/') ?? -1;
            return slash < 0 ? string.Empty : " of VirtualService " + origin!.Substring(slash + 1);
        }

        /// <inheritdoc />
        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (var hop in Hops)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(hop);
            }

            return text.ToString();
        }
    }

    /// <summary>Follows a request from proxy to proxy, the way an Istio sidecar hands it to an egress gateway.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    static class ProxyChain
    {
        private const int MaximumHops = 8;

        /// <summary>
        /// Simulates <paramref name="request"/> at the sidecar, and while the chosen cluster is the Service of one of the
        /// <paramref name="gateways"/> (its host equals the gateway's <see cref="EnvoyProxy.ServiceHost"/>), again at that gateway:
        /// on the endpoint's port (the gateway pod's port, such as 8080), with the same authority, path and headers. TLS the
        /// sidecar originates (ISTIO_MUTUAL) reaches the gateway with the cluster's SNI; a TLS stream keeps its SNI.
        /// </summary>
        public static ChainResult SimulateThroughGateway(EnvoyProxy sidecar, IEnumerable<EnvoyProxy> gateways, SimulatedRequest request)
        {
            if (sidecar is null)
            {
                throw new ArgumentNullException(nameof(sidecar));
            }

            var gatewayList = (gateways ?? throw new ArgumentNullException(nameof(gateways))).ToList();
            var hops = new List<SimulationResult>();
            var proxy = sidecar;
            var current = request ?? throw new ArgumentNullException(nameof(request));
            var visited = new HashSet<EnvoyProxy>();
            while (hops.Count < MaximumHops && visited.Add(proxy))
            {
                var result = proxy.Simulate(current);
                hops.Add(result);
                if (!result.IsForwarded || result.Endpoints.Count == 0)
                {
                    break;
                }

                var host = result.DestinationHost;
                var candidates = host is null ? new List<EnvoyProxy>() : gatewayList.Where(g => string.Equals(g.ServiceHost, host, StringComparison.OrdinalIgnoreCase)).ToList();
                if (candidates.Count == 0)
                {
                    break;
                }

                var endpoint = result.Endpoints[0];
                current = current.WithPort(endpoint.Port).WithDestinationAddress(endpoint.Address);
                if (current.Protocol == RequestProtocol.Http)
                {
                    current = current.WithSni(result.Tls?.SniFor(current.Authority));
                }

                // Gateways behind one Service run on the same pods, where Istio merges their servers into one configuration:
                // the request reaches whichever of them has a server and a route for it.
                var next = candidates.Count == 1 ? candidates[0] : candidates.FirstOrDefault(g => g.MayRoute(current) && g.Simulate(current).Outcome != SimulationOutcome.NoRoute) ?? candidates[0];

                result.trace.Add("the request continues to " + next.Name + " at " + endpoint);
                proxy = next;
            }

            return new ChainResult(hops);
        }

        /// <summary>Simulates through one gateway; see <see cref="SimulateThroughGateway(EnvoyProxy, IEnumerable{EnvoyProxy}, SimulatedRequest)"/>.</summary>
        public static ChainResult SimulateThroughGateway(EnvoyProxy sidecar, EnvoyProxy gateway, SimulatedRequest request) =>
            SimulateThroughGateway(sidecar, new[] { gateway }, request);
    }
}
