using System;
using System.Collections.Generic;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>EGRESS016: two classes that write the same Kubernetes resource (kind, namespace and name).</summary>
    internal static class DuplicateResources
    {
        /// <summary>
        /// Two classes writing the same resource: the later one is refused. Classes refused before are left out; a class
        /// refused here still owns its other resources, as it can be refused only while its own resources are looked at.
        /// </summary>
        public static void Find(List<ResolvedClass> classes, IssueList issues)
        {
            // By name, which nearly tells resources apart on its own, with the kind, namespace and owner of each.
            var owners = new KeyChains<(ResourceKey Key, string Owner)>(StringComparer.Ordinal, classes.Count * 2);
            var keys = new List<ResourceKey>();
            foreach (var resolved in classes)
            {
                var className = resolved.Class.Identity.MetadataName;
                if (issues.IsRefused(className))
                {
                    continue;
                }

                keys.Clear();
                AddResourceKeys(resolved, keys);
                foreach (var key in keys)
                {
                    var link = owners.Last(key.Name);
                    while (link >= 0 && !owners.Item(link).Key.Equals(key))
                    {
                        link = owners.Previous(link);
                    }

                    if (link < 0)
                    {
                        owners.Add(key.Name, (key, className));
                    }
                    else if (owners.Item(link).Owner != className)
                    {
                        issues.Add(
                            DiagnosticDescriptors.DuplicateResource, className, ResolutionIssue.RoleAttribute, "Name", null,
                            key.Kind, key.Name, ProjectResolver.ShortName(owners.Item(link).Owner));
                    }
                }
            }
        }

        private static void AddResourceKeys(ResolvedClass resolved, List<ResourceKey> keys)
        {
            var model = resolved.Class;
            if (model.Service is { } service)
            {
                keys.Add(new ResourceKey("ServiceEntry", service.Namespace, service.Name));
                if (service.DestinationRule is { } rule)
                {
                    keys.Add(new ResourceKey("DestinationRule", rule.Namespace, rule.Name));
                }

                if (service.KubernetesService is { } kubernetes)
                {
                    keys.Add(new ResourceKey("Service", kubernetes.Namespace, kubernetes.Name));
                }

                foreach (var backend in service.SubsetBackends)
                {
                    keys.Add(new ResourceKey("ServiceEntry", backend.Service.Namespace, backend.Service.Name));
                    if (backend.Service.DestinationRule is { } backendRule)
                    {
                        keys.Add(new ResourceKey("DestinationRule", backendRule.Namespace, backendRule.Name));
                    }
                }
            }

            if (model.Gateway is { } gateway)
            {
                // The two forms' Gateways are different kinds (networking.istio.io and gateway.networking.k8s.io): both may share a name.
                keys.Add(new ResourceKey(resolved.KubernetesForm ? GatewayApiShapes.Group + "/Gateway" : "Gateway", gateway.Namespace,
                    gateway.Name));
                if (gateway.DestinationRule is { } rule)
                {
                    keys.Add(new ResourceKey("DestinationRule", rule.Namespace, rule.Name));
                }
            }

            if (resolved.Route is { } gatewayApiRoute && resolved.KubernetesForm)
            {
                // GatewayApiEmitter.Routes: per kind of rule, the direct route, or the sidecar's and the gateway's hops; or one
                // VirtualService for the sidecar's hop.
                if (gatewayApiRoute.MeshHopIsVirtualService)
                {
                    keys.Add(new ResourceKey("VirtualService", gatewayApiRoute.Route.Namespace, gatewayApiRoute.Route.MeshName));
                }

                foreach (var kind in GatewayApiShapes.KindsOf(gatewayApiRoute.Route))
                {
                    var kindName = GatewayApiShapes.RouteKindName(kind);
                    if (gatewayApiRoute.Gateway is null)
                    {
                        keys.Add(new ResourceKey(kindName, gatewayApiRoute.Route.Namespace, gatewayApiRoute.Route.CombinedName));
                        continue;
                    }

                    if (!gatewayApiRoute.MeshHopIsVirtualService)
                    {
                        keys.Add(new ResourceKey(kindName, gatewayApiRoute.Route.Namespace, gatewayApiRoute.Route.MeshName));
                    }

                    keys.Add(new ResourceKey(kindName, gatewayApiRoute.Route.Namespace, gatewayApiRoute.Route.GatewayName));
                }
            }
            else if (resolved.Route is { } route)
            {
                if (route.Gateway is null || route.Route.Combined)
                {
                    keys.Add(new ResourceKey("VirtualService", route.Route.Namespace, route.Route.CombinedName));
                }
                else
                {
                    keys.Add(new ResourceKey("VirtualService", route.Route.Namespace, route.Route.MeshName));
                    keys.Add(new ResourceKey("VirtualService", route.Route.Namespace, route.Route.GatewayName));
                }
            }
        }
    }
}
