using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>A cluster of one proxy's configuration that has no endpoint: <paramref name="ProxyPath"/> is the proxy's file.</summary>
    internal sealed record EmptyCluster(string ProxyPath, string Name);

    /// <summary>
    /// The clusters of the project's proxies that have no endpoint, from the models: the cluster plans and the endpoint
    /// selection the emitters write, without building or reading any configuration. A request can end with 503 UH only at
    /// one of them, so the route check (EGRESS080) simulates nothing when there is none, which is the case of a valid
    /// project; the simulator reads the same clusters as empty (<c>EmptyClustersTests</c>).
    /// </summary>
    internal sealed class EmptyClusters
    {
        private EmptyClusters(IReadOnlyList<EmptyCluster> clusters, bool hasSplits)
        {
            Clusters = clusters;
            HasSplits = hasSplits;
        }

        /// <summary>Every proxy's clusters without an endpoint, the sidecar's first, then each gateway's.</summary>
        public IReadOnlyList<EmptyCluster> Clusters { get; }

        /// <summary>Whether some rule sends to more than one cluster, so a request's clusters may be empty and not at once.</summary>
        public bool HasSplits { get; }

        /// <summary>The project's empty clusters; the registry entries and VirtualServices come from <paramref name="reuse"/>.</summary>
        public static EmptyClusters Of(ResolvedProject project, IEnvoyReuse? reuse = null)
        {
            var clusters = new List<EmptyCluster>();
            var shapes = EnvoyEmitter.ShapesOf(project);
            if (shapes.Count == 0)
            {
                return new EmptyClusters(clusters, hasSplits: false);
            }

            var view = MeshView.From(project, reuse);
            foreach (var (shape, gateway) in shapes)
            {
                if (gateway is null)
                {
                    var scope = ProxyScope.ForSidecar(view.Gateways);
                    foreach (var service in view.Services)
                    {
                        Add(shape.Path, ClusterBuilder.Plan(service, scope), scope);
                    }
                }
                else
                {
                    Add(shape.Path, GatewayEmitter.ClusterPlans(view, gateway), ProxyScope.ForGateway(gateway));
                }
            }

            var hasSplits = view.VirtualServices.Any(v => v.Rules.Any(r => r.Destinations.Count > 1));
            return new EmptyClusters(clusters, hasSplits);

            void Add(string path, IEnumerable<ClusterBuilder.ClusterPlan> plans, ProxyScope scope)
            {
                foreach (var plan in plans)
                {
                    if (ClusterBuilder.HasNoEndpoint(plan, scope))
                    {
                        clusters.Add(new EmptyCluster(path, plan.Name));
                    }
                }
            }
        }
    }
}
