using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Decides each gateway's form and, for the Kubernetes Gateway API, rewrites the gateway's model into the deployment Istio
    /// creates for it, so every later step (checks, the DestinationRule of the gateway's Service, the Envoy configuration and
    /// the simulator) reads the gateway as it will run: its Service is <c>&lt;name&gt;-istio.&lt;namespace&gt;.svc.cluster.local</c>,
    /// its pods carry <c>gateway.networking.k8s.io/gateway-name=&lt;name&gt;</c>, and its Service sends each listener port to
    /// the same port of the pod (pilot/pkg/config/kube/gateway: the deployment controller and its Service template).
    /// </summary>
    internal static class GatewayApiForm
    {
        public static ImmutableArray<EgressClassModel> Apply(ImmutableArray<EgressClassModel> models, GeneratorOptions options)
        {
            if (options.GatewayApi != GatewayApi.Kubernetes && !models.Any(m => m.Gateway?.Api == GatewayApi.Kubernetes))
            {
                return models;
            }

            var kubernetesGateways = new HashSet<string>(models
                .Where(m => m.Gateway is { } gateway && Resolve(gateway.Api, options) == GatewayApi.Kubernetes)
                .Select(m => m.Identity.MetadataName), StringComparer.Ordinal);
            var builder = ImmutableArray.CreateBuilder<EgressClassModel>(models.Length);
            var declaredGateways = new Dictionary<string, GatewayModel>(StringComparer.Ordinal);
            foreach (var declared in models)
            {
                var model = IntentRecipe(declared, kubernetesGateways);
                if (model.Gateway is { } gateway && Resolve(gateway.Api, options) == GatewayApi.Kubernetes)
                {
                    declaredGateways[model.Identity.MetadataName] = gateway;
                    builder.Add(model with { Gateway = AsDeployed(gateway) });
                }
                else
                {
                    builder.Add(model);
                }
            }

            var lowered = KubernetesGatewayHops.Lower(builder.MoveToImmutable(), declaredGateways);

            // A route's form is its gateway's, or for a route without one the project's.
            return SubsetBackends.Lower(lowered, route => route.GatewayMetadataName is { } gateway
                ? kubernetesGateways.Contains(gateway)
                : options.GatewayApi == GatewayApi.Kubernetes);
        }

        /// <summary>
        /// A model of a [GatewayEgress] expansion whose gateway is in the Kubernetes form: the same role in the pattern's Gateway
        /// API recipe. A combination without one keeps the Istio model with the refusal, which <see cref="GatewayApiChecks.CheckIntents"/>
        /// reports.
        /// </summary>
        private static EgressClassModel IntentRecipe(EgressClassModel model, HashSet<string> kubernetesGateways) =>
            model.GatewayApiForm is { } form && kubernetesGateways.Contains(form.GatewayMetadataName)
                ? form.Model is { } recipe ? recipe : model
                : model with { GatewayApiForm = null };

        private static GatewayApi Resolve(GatewayApi api, GeneratorOptions options) => api == GatewayApi.Default ? options.GatewayApi : api;

        private static GatewayModel AsDeployed(GatewayModel gateway) => gateway with
        {
            Api = GatewayApi.Kubernetes,
            ServiceHost = GatewayApiShapes.ServiceHost(gateway.Name, gateway.Namespace),
            Selector = EquatableArray.Create(new Label(GatewayApiShapes.GatewayNameLabel, gateway.Name)),
            TargetPorts = gateway.Servers.Select(s => s.Port).Distinct().OrderBy(p => p).Select(p => new PortMappingModel(p, p))
                .ToEquatableArray(),
        };

        /// <summary>Whether a route through <paramref name="gateway"/> (already in its resolved form), or without one, is written in
        /// the Gateway API.</summary>
        public static bool IsKubernetesRoute(GatewayModel? gateway, GeneratorOptions options) =>
            gateway is not null ? gateway.Api == GatewayApi.Kubernetes : options.GatewayApi == GatewayApi.Kubernetes;

        /// <summary>Whether a class is written in the Gateway API: its gateway is, the gateway its route goes through is, or it routes
        /// directly and the project's default is.</summary>
        public static bool IsKubernetes(EgressClassModel model, ResolvedRoute? route, GeneratorOptions options) =>
            model.Gateway?.Api == GatewayApi.Kubernetes
            || (route is not null && IsKubernetesRoute(route.Gateway, options));
    }
}
