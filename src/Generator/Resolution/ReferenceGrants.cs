using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// The ReferenceGrants of the Kubernetes Gateway API form. A route that names a Service in another namespace (the gateway's
    /// <c>&lt;name&gt;-istio</c> from a route in another namespace than its Gateway, or a [KubernetesService] backend) needs
    /// that namespace's consent. Many routes can need the same consent, and each class's files are written on their own, so
    /// each grant is given to one class: the first by metadata name that needs it, whatever the order of declarations and
    /// files. Grants are never looked at by EGRESS016: only this writes them, once.
    /// </summary>
    internal static class ReferenceGrants
    {
        public static EquatableArray<ResolvedClass> Assign(EquatableArray<ResolvedClass> classes)
        {
            var grants = new Dictionary<(string Namespace, string Name), PendingGrant>();
            var owned = new List<(string Namespace, string Name)>?[classes.Count];
            for (var i = 0; i < classes.Count; i++)
            {
                if (classes[i] is not { KubernetesForm: true, Route: { } route })
                {
                    continue;
                }

                foreach (var (grantNamespace, service, kind, routeNamespace) in Needed(route))
                {
                    var key = (grantNamespace, Name(service, routeNamespace, kind));
                    if (!grants.TryGetValue(key, out var grant))
                    {
                        grant = new PendingGrant();
                        grants.Add(key, grant);
                        (owned[i] ??= new List<(string, string)>()).Add(key);
                    }

                    grant.Add(new ReferenceGrantSource(GatewayApiShapes.RouteKindName(kind), routeNamespace), service);
                }
            }

            if (grants.Count == 0)
            {
                return classes;
            }

            var assigned = new ResolvedClass[classes.Count];
            for (var i = 0; i < classes.Count; i++)
            {
                assigned[i] = owned[i] is not { } keys ? classes[i] : classes[i] with
                {
                    ReferenceGrants = keys.Select(k => grants[k].ToModel(k.Namespace, k.Name)).ToEquatableArray(),
                };
            }

            return EquatableArray<ResolvedClass>.Own(assigned);
        }

        /// <summary>
        /// The consents a route's Gateway API routes need, per kind of rule: the Gateway's namespace for the sidecar's route to
        /// <c>&lt;name&gt;-istio</c> from another namespace, and the namespace of a backend Service in another namespace.
        /// </summary>
        private static IEnumerable<(string GrantNamespace, string Service, RouteKind Kind, string RouteNamespace)> Needed(
            ResolvedRoute route)
        {
            var routeNamespace = route.Route.Namespace ?? "default";
            foreach (var kind in GatewayApiShapes.KindsOf(route.Route))
            {
                // A VirtualService for the sidecars' hop names the gateway's Service without any consent.
                if (route.Gateway is { } gateway && !route.MeshHopIsVirtualService
                    && (gateway.Namespace ?? "default") is var gatewayNamespace && gatewayNamespace != routeNamespace)
                {
                    yield return (gatewayNamespace, GatewayApiShapes.DeploymentName(gateway.Name), kind, routeNamespace);
                }

                if (route.BackendService is { Namespace: { } serviceNamespace } backend && serviceNamespace != routeNamespace)
                {
                    yield return (serviceNamespace, backend.Name, kind, routeNamespace);
                }
            }
        }

        /// <summary>
        /// Named as Istio's page names it (<c>&lt;service&gt;-reference-grant</c>), with the routes' namespace and kind added when
        /// they are not the page's (default, HTTPRoute), so grants for different consents do not share a name. Routes with no
        /// namespace and routes in <c>default</c> need the same consent, so they share the name.
        /// </summary>
        private static string Name(string service, string routeNamespace, RouteKind kind) =>
            service + "-reference-grant"
            + (routeNamespace == "default" ? string.Empty : "-" + routeNamespace)
            + (kind == RouteKind.Http ? string.Empty : "-" + GatewayApiShapes.RouteKindName(kind).ToLowerInvariant());

        /// <summary>
        /// A grant being collected. Two different consents share a name only when a namespace is named like a suffix
        /// (<c>x-tlsroute</c>); one grant lists both then, as two objects of one name would overwrite each other.
        /// </summary>
        private sealed class PendingGrant
        {
            private readonly List<ReferenceGrantSource> sources = new();
            private readonly List<string> services = new();

            public void Add(ReferenceGrantSource source, string service)
            {
                if (!sources.Contains(source))
                {
                    sources.Add(source);
                }

                if (!services.Contains(service))
                {
                    services.Add(service);
                }
            }

            public ReferenceGrantModel ToModel(string grantNamespace, string name) => new(grantNamespace, name,
                sources.OrderBy(s => s.RouteKind, StringComparer.Ordinal).ThenBy(s => s.Namespace, StringComparer.Ordinal)
                    .ToEquatableArray(),
                services.OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray());
        }
    }
}
