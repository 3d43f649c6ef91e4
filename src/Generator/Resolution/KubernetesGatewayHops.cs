using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// What an Istio-form egress recipe says about the gateway, lowered to the gateway Istio deploys for a Gateway API Gateway
    /// (Istio's Gateway API tab of "Egress gateways with TLS origination" is the model):
    /// <list type="bullet">
    /// <item>the one gateway subset every route through the gateway uses (<c>GatewaySubset</c>) has its traffic policy moved to the
    /// DestinationRule of the gateway's whole Service <c>&lt;name&gt;-istio</c>: a backendRef names the Service, never a subset;</item>
    /// <item>routes the DSL writes from other namespaces than the Gateway's are allowed by the listeners, exactly those namespaces;</item>
    /// <item>a DestinationRule scoped to the gateway's Istio-form pods (its <c>Selector</c>, <c>istio=egressgateway</c> by default)
    /// is scoped to the deployed pods, <c>gateway.networking.k8s.io/gateway-name=&lt;name&gt;</c>.</item>
    /// </list>
    /// Whatever cannot be lowered exactly is left as declared, and GatewayApiChecks refuses it.
    /// </summary>
    internal static class KubernetesGatewayHops
    {
        /// <param name="models">The models, with the Kubernetes-form gateways already rewritten as deployed.</param>
        /// <param name="declared">The Kubernetes-form gateways as declared (Istio-form selector), by class metadata name.</param>
        public static ImmutableArray<EgressClassModel> Lower(ImmutableArray<EgressClassModel> models,
            IReadOnlyDictionary<string, GatewayModel> declared)
        {
            var routesByGateway = models
                .Where(m => m.Route is { GatewayMetadataName: { } gateway } && declared.ContainsKey(gateway))
                .GroupBy(m => m.Route!.GatewayMetadataName!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(m => m.Route!).ToList(), StringComparer.Ordinal);
            if (routesByGateway.Count == 0)
            {
                return models;
            }

            var deployedSelectors = new Dictionary<string, HashSet<GatewayModel>>(StringComparer.Ordinal);
            foreach (var pair in routesByGateway)
            {
                foreach (var route in pair.Value)
                {
                    var destination = route.ForwardToMetadataName ?? route.ServiceMetadataName;
                    if (!deployedSelectors.TryGetValue(destination, out var gateways))
                    {
                        deployedSelectors[destination] = gateways = new HashSet<GatewayModel>();
                    }

                    gateways.Add(declared[pair.Key]);
                }
            }

            var builder = ImmutableArray.CreateBuilder<EgressClassModel>(models.Length);
            foreach (var model in models)
            {
                var className = model.Identity.MetadataName;
                var lowered = model;
                if (model.Gateway is { } gateway && routesByGateway.TryGetValue(className, out var routes))
                {
                    lowered = lowered with { Gateway = WithRoutes(gateway, routes) };
                }

                if (model.Route is { GatewayMetadataName: { } through } route && routesByGateway.TryGetValue(through, out var siblings)
                    && FoldableSubset(declared[through], siblings) is not null)
                {
                    lowered = lowered with { Route = route with { GatewaySubset = null } };
                }

                // A rule scoped to the pods of one gateway only: with two, the declared selector keeps its meaning for neither.
                if (model.Service?.DestinationRule is { WorkloadSelector.IsEmpty: false } rule
                    && deployedSelectors.TryGetValue(className, out var gateways) && gateways.Count == 1
                    && gateways.First() is var only && SameLabels(rule.WorkloadSelector, only.Selector))
                {
                    var deployed = EquatableArray.Create(new Label(GatewayApiShapes.GatewayNameLabel, only.Name));
                    lowered = lowered with
                    {
                        Service = model.Service with { DestinationRule = rule with { WorkloadSelector = deployed } },
                    };
                }

                builder.Add(lowered);
            }

            return builder.MoveToImmutable();
        }

        /// <summary>
        /// The gateway subset a gateway's policy can be folded into its whole Service from: every route through it names the
        /// same one, the gateway's DestinationRule has no other, and it selects every pod (a label of the Istio-form pods would
        /// select none of the deployed ones).
        /// </summary>
        public static string? FoldableSubset(GatewayModel gateway, IReadOnlyCollection<RouteModel> routes)
        {
            var used = routes.Select(r => r.GatewaySubset).Distinct().ToList();
            return used.Count == 1 && used[0] is { } subset
                && gateway.DestinationRule is { Subsets.Count: 1 } rule && rule.Subsets[0] is { Labels.IsEmpty: true } declared
                && declared.Name == subset
                ? subset
                : null;
        }

        private static GatewayModel WithRoutes(GatewayModel gateway, List<RouteModel> routes)
        {
            var own = gateway.Namespace ?? "default";
            var namespaces = routes.Select(r => r.Namespace ?? "default").Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (namespaces.Any(n => n != own))
            {
                gateway = gateway with { RouteNamespaces = namespaces.ToEquatableArray() };
            }

            if (FoldableSubset(gateway, routes) is not null && gateway.DestinationRule is { } rule)
            {
                // The subset's settings win port by port over the Service's, as they did for the subset's cluster.
                var tls = rule.Tls.Where(t => t.Subset is not null).Select(t => t with { Subset = null }).ToList();
                tls.AddRange(rule.Tls.Where(t => t.Subset is null && !tls.Any(s => s.Port == 0 || s.Port == t.Port)));
                var balancers = rule.LoadBalancers.Where(b => b.Subset is not null).Select(b => b with { Subset = null }).ToList();
                balancers.AddRange(rule.LoadBalancers.Where(b => b.Subset is null
                    && !balancers.Any(s => s.Port == 0 || s.Port == b.Port)));
                gateway = gateway with
                {
                    DestinationRule = rule with
                    {
                        Subsets = EquatableArray<SubsetModel>.Empty,
                        Tls = tls.ToEquatableArray(),
                        LoadBalancers = balancers.ToEquatableArray(),
                    },
                };
            }

            return gateway;
        }

        private static bool SameLabels(EquatableArray<Label> a, EquatableArray<Label> b) =>
            a.Count == b.Count && a.All(label => b.Contains(label));
    }
}
