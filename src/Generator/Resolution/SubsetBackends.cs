using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// The Kubernetes Gateway API form of a route to a subset. A backendRef names a host or a Service, never a subset, so the
    /// Gateway API's answer is one backend per version (istio/istio#44446): for each subset such a route uses, a ServiceEntry
    /// <c>&lt;serviceentry&gt;-&lt;subset&gt;</c> for the host <c>&lt;subset&gt;.&lt;host&gt;</c> with the endpoints the subset
    /// selects, and a
    /// DestinationRule for that host with the traffic policy the subset had. The route's rule then names that host
    /// (<see cref="WeightedSubsetModel.BackendHost"/>), so the Istio documents, the Envoy configuration and the simulator all
    /// read the lowered route. Where the lowering cannot be exact, <see cref="Problem"/> says why, and GatewayApiChecks refuses
    /// the subset on its argument.
    /// </summary>
    internal static class SubsetBackends
    {
        /// <summary>The host of a subset's own ServiceEntry: the subset's name in front of the service's first host.</summary>
        public static string Host(string subset, ExternalServiceModel service) => subset + "." + service.Hosts[0];

        /// <summary>
        /// Lowers the subsets used by the routes <paramref name="isKubernetes"/> picks: the routes' rules get their backend hosts,
        /// the services the subsets' backends. Everything else is returned as it was.
        /// </summary>
        public static ImmutableArray<EgressClassModel> Lower(ImmutableArray<EgressClassModel> models, Func<RouteModel, bool> isKubernetes)
        {
            var services = new Dictionary<string, ExternalServiceModel>(StringComparer.Ordinal);
            foreach (var model in models)
            {
                if (model.Service is { } service && !services.ContainsKey(model.Identity.MetadataName))
                {
                    services.Add(model.Identity.MetadataName, service);
                }
            }

            var used = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var builder = ImmutableArray.CreateBuilder<EgressClassModel>(models.Length);
            foreach (var model in models)
            {
                if (model.Route is not { } route || !isKubernetes(route)
                    || !services.TryGetValue(route.ForwardToMetadataName ?? route.ServiceMetadataName, out var destination)
                    || !route.Rules.Any(r => r.Destinations.Any(d => d.Subset is not null)))
                {
                    builder.Add(model);
                    continue;
                }

                var destinationName = route.ForwardToMetadataName ?? route.ServiceMetadataName;
                var rules = route.Rules.Select(rule => rule with
                {
                    Destinations = rule.Destinations.Select(d =>
                    {
                        if (d.Subset is not { } subset || Problem(destination, subset) is not null || !HasSubset(destination, subset))
                        {
                            return d;
                        }

                        if (!used.TryGetValue(destinationName, out var subsets))
                        {
                            used[destinationName] = subsets = new HashSet<string>(StringComparer.Ordinal);
                        }

                        subsets.Add(subset);
                        return d with { BackendHost = Host(subset, destination) };
                    }).ToEquatableArray(),
                }).ToEquatableArray();
                builder.Add(model with { Route = route with { Rules = rules } });
            }

            if (used.Count == 0)
            {
                return models;
            }

            for (var i = 0; i < builder.Count; i++)
            {
                var model = builder[i];
                if (model.Service is { } service && used.TryGetValue(model.Identity.MetadataName, out var subsets))
                {
                    // In the DestinationRule's order, so the output does not depend on the order of the routes.
                    var backends = service.DestinationRule!.Subsets
                        .Where(s => subsets.Contains(s.Name))
                        .Select(s => new SubsetBackendModel(s.Name, Backend(service, s)))
                        .ToEquatableArray();
                    builder[i] = model with { Service = service with { SubsetBackends = backends } };
                }
            }

            return builder.MoveToImmutable();
        }

        /// <summary>Why a subset of <paramref name="service"/> has no exact backend of its own, or null when it has one (or is not a
        /// subset of the service at all, which EGRESS005 reports).</summary>
        public static string? Problem(ExternalServiceModel service, string subset)
        {
            if (!service.WritesServiceEntry)
            {
                return "a backendRef names a host or a Service, never a subset of it, and the subset of a [MeshHost] has no "
                    + "ServiceEntry of its own to copy; give each subset its own Kubernetes Service or leave the subset out";
            }

            if (service.Hosts.IsEmpty || service.Hosts[0].StartsWith("*", StringComparison.Ordinal))
            {
                return "a backendRef names a host, never a subset, and a wildcard host has no version-specific host to give the "
                    + "subset; leave the subset out";
            }

            if (!HasSubset(service, subset))
            {
                return null;
            }

            if (service.Resolution is ServiceResolution.None or ServiceResolution.Unspecified)
            {
                return "a backendRef names a host, never a subset, and the subset's own ServiceEntry would forward to the original "
                    + "address as this one does (resolution NONE), so nothing would pick the subset's endpoints; use STATIC or DNS "
                    + "endpoints";
            }

            var labels = service.DestinationRule!.Subsets.First(s => s.Name == subset).Labels;
            if (!service.WorkloadSelector.IsEmpty || !service.Endpoints.Any(e => HasLabels(e, labels)))
            {
                return "a backendRef names a host, never a subset, so the subset becomes a ServiceEntry of its own with the endpoints "
                    + "its labels select, and no [Endpoint] of the service carries them (a DNS-resolved ServiceEntry without endpoints, "
                    + "or one that selects workloads, has none to copy); declare the version's endpoints or leave the subset out";
            }

            return null;
        }

        private static bool HasSubset(ExternalServiceModel service, string subset) =>
            service.DestinationRule is { } rule && rule.Subsets.Any(s => s.Name == subset);

        private static bool HasLabels(EndpointModel endpoint, EquatableArray<Label> labels) =>
            labels.All(label => endpoint.Labels.Any(own => own.Key == label.Key && own.Value == label.Value));

        /// <summary>The subset's own service: same ports, resolution and location, the endpoints the subset selects, no addresses
        /// (they are the service's), and a DestinationRule with the subset's traffic policy when it has one.</summary>
        private static ExternalServiceModel Backend(ExternalServiceModel service, SubsetModel subset)
        {
            var host = Host(subset.Name, service);
            var rule = service.DestinationRule!;
            var tls = Copied(rule.Tls, subset.Name, t => t.Subset, t => t.Port)
                .Select(t => OriginatesFor(t with { Subset = null }, service.Hosts[0]))
                .ToEquatableArray();
            var loadBalancers = Copied(rule.LoadBalancers, subset.Name, b => b.Subset, b => b.Port)
                .Select(b => b with { Subset = null })
                .ToEquatableArray();
            var backendRule = tls.IsEmpty && loadBalancers.IsEmpty
                ? null
                : new DestinationRuleModel(rule.Name + "-" + subset.Name, rule.Namespace, rule.ExportTo, rule.WorkloadSelector,
                    EquatableArray<SubsetModel>.Empty, tls, loadBalancers);
            return service with
            {
                Name = service.Name + "-" + subset.Name,
                Hosts = EquatableArray.Create(host),
                Addresses = EquatableArray<string>.Empty,
                Endpoints = service.Endpoints.Where(e => HasLabels(e, subset.Labels)).ToEquatableArray(),
                DestinationRule = backendRule,
                KubernetesService = null,
                SubsetBackends = EquatableArray<SubsetBackendModel>.Empty,
            };
        }

        /// <summary>
        /// The settings that apply to the subset, as service-level settings of its own rule, so every port picks what it picked
        /// before (subset and port, subset, service and port, service: IstioTls.Select's order): the subset's own, and where
        /// the subset has none for all ports, the service's for the ports the subset does not set.
        /// </summary>
        private static IEnumerable<T> Copied<T>(EquatableArray<T> settings, string subset, Func<T, string?> subsetOf, Func<T, int> portOf)
            where T : IEquatable<T>
        {
            var own = settings.Where(s => subsetOf(s) == subset).ToList();
            if (own.Any(s => portOf(s) == 0))
            {
                return own;
            }

            var ports = new HashSet<int>(own.Select(portOf));
            return own.Concat(settings.Where(s => subsetOf(s) is null && !ports.Contains(portOf(s))));
        }

        /// <summary>
        /// TLS origination to the new host still has to present and verify the real one: without an SNI of its own Istio would take
        /// the request's (only for HTTP), so the copy names the service's host as SNI and, unless told not to verify, as the name
        /// the server certificate must carry.
        /// </summary>
        private static TlsSettingsModel OriginatesFor(TlsSettingsModel tls, string realHost)
        {
            if (tls.Mode is not (TlsMode.Simple or TlsMode.Mutual))
            {
                return tls;
            }

            return tls with
            {
                Sni = tls.Sni ?? realHost,
                SubjectAltNames = tls.SubjectAltNames.IsEmpty && !tls.InsecureSkipVerify
                    ? EquatableArray.Create(realHost)
                    : tls.SubjectAltNames,
            };
        }
    }
}
