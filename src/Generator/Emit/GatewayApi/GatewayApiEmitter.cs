using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Istio;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;
using static EgressDsl.Generator.Emit.Istio.IstioEmitter;

namespace EgressDsl.Generator.Emit.GatewayApi
{
    /// <summary>
    /// The Kubernetes Gateway API form of a gateway and of the routes through it (docs/gateway-api.md): a Gateway of class
    /// istio, and for each hop a route of the rule's kind, as Istio's egress pages write them in their Gateway API tabs. The
    /// ServiceEntry and the DestinationRules stay Istio's (<see cref="IstioEmitter"/>); what cannot be mapped was refused by
    /// GatewayApiChecks before this runs.
    /// </summary>
    internal static class GatewayApiEmitter
    {
        private const string IstioNetworkingGroup = "networking.istio.io";

        public static IstioResource Gateway(GatewayModel gateway)
        {
            var listeners = new List<DocumentNode>();
            foreach (var listener in gateway.Servers.SelectMany(GatewayApiShapes.Listeners))
            {
                var node = new MappingBuilder()
                    .Add("name", listener.Name)
                    .Add("hostname", listener.Hostname)
                    .Add("port", listener.Port)
                    .Add("protocol", listener.Protocol);
                if (listener.TlsMode is { } mode)
                {
                    var tls = new MappingBuilder().Add("mode", mode);
                    if (listener.Server.Tls == ServerTlsMode.Simple)
                    {
                        tls.AddNodes("certificateRefs", new DocumentNode[] { Nodes.Map("name", listener.Server.CredentialName!) });
                    }
                    else if (listener.Server.Tls == ServerTlsMode.IstioMutual)
                    {
                        tls.Add("options", Nodes.Map(GatewayApiShapes.TerminateModeOption, "ISTIO_MUTUAL"));
                    }

                    node.Add("tls", tls);
                }

                node.Add("allowedRoutes", Nodes.Map("namespaces", AllowedNamespaces(gateway)));
                listeners.Add(node.Build());
            }

            var spec = new MappingBuilder().Add("gatewayClassName", "istio").AddNodes("listeners", listeners);
            var annotations = new MappingBuilder().Add("annotations", Nodes.Map(GatewayApiShapes.ServiceTypeAnnotation, "ClusterIP"));
            return Resource("Gateway", GatewayApiShapes.ApiVersion, gateway.Name, gateway.Namespace, spec, annotations);
        }

        /// <summary>
        /// Routes come from the Gateway's own namespace unless the DSL writes routes to it from others: then exactly the namespaces
        /// of those routes (<see cref="GatewayModel.RouteNamespaces"/>), tighter than Istio's <c>from: All</c>, and still no route
        /// silently detached.
        /// </summary>
        private static DocumentNode AllowedNamespaces(GatewayModel gateway) => gateway.RouteNamespaces.IsEmpty
            ? Nodes.Map("from", "Same")
            : new MappingBuilder()
                .Add("from", "Selector")
                .Add("selector", new MappingBuilder().AddNodes("matchExpressions", new DocumentNode[]
                {
                    new MappingBuilder()
                        .Add("key", GatewayApiShapes.NamespaceNameLabel)
                        .Add("operator", "In")
                        .AddStrings("values", gateway.RouteNamespaces.ToList())
                        .Build(),
                }))
                .Build();

        /// <summary>
        /// The routes of a route class: for each kind of rule, the mesh hop and the gateway hop, or the one direct hop; the mesh
        /// hop to a [MeshHost] without [KubernetesService] is one VirtualService (<see cref="ResolvedRoute.MeshHopIsVirtualService"/>).
        /// </summary>
        public static IEnumerable<IstioResource> Routes(ResolvedRoute resolved, string istioApiVersion)
        {
            var route = resolved.Route;
            if (resolved.MeshHopIsVirtualService)
            {
                yield return IstioEmitter.MeshHopVirtualService(resolved, istioApiVersion);
            }

            foreach (var kind in GatewayApiShapes.KindsOf(route))
            {
                var kindName = GatewayApiShapes.RouteKindName(kind);
                var first = IndexOfFirst(route, kind);
                if (resolved.Gateway is not { } gateway)
                {
                    var direct = RouteSpec(ServiceParent(resolved, kind), Hostnames(resolved, kind, first, toGateway: false),
                        ServiceRules(resolved, kind));
                    yield return Resource(kindName, GatewayApiShapes.ApiVersion, route.CombinedName, route.Namespace, direct);
                    continue;
                }

                // The sidecar's hop: everything of this kind to the gateway's generated Service, on the listener's port.
                var gatewayNamespace = gateway.Namespace ?? "default";
                var crossNamespace = gatewayNamespace != (route.Namespace ?? "default");
                var backend = new MappingBuilder()
                    .Add("name", GatewayApiShapes.DeploymentName(gateway.Name))
                    .Add("namespace", crossNamespace ? gatewayNamespace : null)
                    .Add("port", resolved.GatewayServerPorts[first]);
                var meshRules = new List<DocumentNode> { new MappingBuilder().AddNodes("backendRefs",
                    new DocumentNode[] { backend.Build() }).Build() };
                if (!resolved.MeshHopIsVirtualService)
                {
                    yield return Resource(kindName, GatewayApiShapes.ApiVersion, route.MeshName, route.Namespace,
                        RouteSpec(ServiceParent(resolved, kind), Hostnames(resolved, kind, first, toGateway: true), meshRules));
                }

                var gatewayParent = new MappingBuilder()
                    .Add("name", gateway.Name)
                    .Add("namespace", crossNamespace ? gatewayNamespace : null);
                if (gateway.Servers.SelectMany(GatewayApiShapes.Listeners).Count(l => GatewayApiShapes.RouteKindOf(l) == kind) > 1)
                {
                    gatewayParent.Add("port", resolved.GatewayServerPorts[first]);
                }

                yield return Resource(kindName, GatewayApiShapes.ApiVersion, route.GatewayName, route.Namespace,
                    RouteSpec(gatewayParent.Build(), Hostnames(resolved, kind, first, toGateway: false), ServiceRules(resolved, kind)));
            }
        }

        private static int IndexOfFirst(RouteModel route, RouteKind kind)
        {
            for (var i = 0; i < route.Rules.Count; i++)
            {
                if (route.Rules[i].Kind == kind)
                {
                    return i;
                }
            }

            return -1;
        }

        private static MappingBuilder RouteSpec(MappingNode parent, IReadOnlyCollection<string>? hostnames,
            IReadOnlyCollection<DocumentNode> rules)
        {
            var spec = new MappingBuilder().AddNodes("parentRefs", new DocumentNode[] { parent });
            if (hostnames is not null)
            {
                spec.AddStrings("hostnames", hostnames);
            }

            return spec.AddNodes("rules", rules);
        }

        /// <summary>
        /// Hostnames: an HTTPRoute names the service's hosts, as the Istio form's VirtualService does, except the sidecar's hop
        /// to a gateway, which sends everything of the ServiceEntry's hosts (Istio's pages write none there). A TLSRoute must
        /// name them (v1 requires it): its SNI hosts. A TCPRoute has none.
        /// </summary>
        private static IReadOnlyCollection<string>? Hostnames(ResolvedRoute resolved, RouteKind kind, int first, bool toGateway)
            => kind switch
            {
                RouteKind.Tls => SniHosts(resolved.Route.Rules[first], resolved.Service).ToList(),
                RouteKind.Http when !toGateway => resolved.Service.Hosts,
                _ => null,
            };

        private static IEnumerable<string> SniHosts(RouteRuleModel rule, ExternalServiceModel service) =>
            rule.SniHosts.IsEmpty ? service.Hosts : rule.SniHosts;

        /// <summary>The parent of a hop from the sidecars: the routed service's ServiceEntry, or the Kubernetes Service of a
        /// [MeshHost].</summary>
        private static MappingNode ServiceParent(ResolvedRoute resolved, RouteKind kind)
        {
            var service = resolved.Service;
            var parent = new MappingBuilder();
            string? ns;
            if (service.WritesServiceEntry)
            {
                parent.Add("kind", "ServiceEntry").Add("group", IstioNetworkingGroup).Add("name", service.Name);
                ns = service.Namespace;
            }
            else
            {
                var kubernetes = service.KubernetesService!;
                parent.Add("kind", "Service").Add("group", string.Empty).Add("name", kubernetes.Name);
                ns = kubernetes.Namespace;
            }

            if (ns is not null && ns != resolved.Route.Namespace)
            {
                parent.Add("namespace", ns);
            }

            // A route bound to a service with several ports of its kind binds to the one the Istio form matches.
            if (resolved.Route.Port != 0 && service.Ports.Count(p => KindOf(p.Protocol) == kind) > 1)
            {
                parent.Add("port", resolved.Route.Port);
            }

            return parent.Build();
        }

        public static RouteKind? KindOf(PortProtocol protocol) => protocol switch
        {
            PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc => RouteKind.Http,
            PortProtocol.Https or PortProtocol.Tls => RouteKind.Tls,
            PortProtocol.Tcp or PortProtocol.Mongo => RouteKind.Tcp,
            _ => null,
        };

        /// <summary>The rules that reach the service, in source order.</summary>
        private static List<DocumentNode> ServiceRules(ResolvedRoute resolved, RouteKind kind)
        {
            var rules = new List<DocumentNode>();
            for (var i = 0; i < resolved.Route.Rules.Count; i++)
            {
                var rule = resolved.Route.Rules[i];
                if (rule.Kind != kind)
                {
                    continue;
                }

                var node = new MappingBuilder();
                if (kind == RouteKind.Http)
                {
                    node.Add("name", rule.Name);
                    var match = new MappingBuilder();
                    if (rule.Uri is { } uri)
                    {
                        match.Add("path", new MappingBuilder()
                            .Add("type", uri.Kind switch
                            {
                                StringMatchKind.Exact => "Exact",
                                StringMatchKind.Regex => "RegularExpression",
                                _
                                => "PathPrefix"
                            })
                            .Add("value", uri.Value));
                    }

                    match.AddNodes("headers", rule.Headers
                        .Select(h => (DocumentNode)new MappingBuilder()
                            .Add("type", h.Kind == StringMatchKind.Regex ? "RegularExpression" : null)
                            .Add("name", h.Name)
                            .Add("value", h.Value)
                            .Build())
                        .ToList());
                    if (!match.IsEmpty)
                    {
                        node.AddNodes("matches", new DocumentNode[] { match.Build() });
                    }
                }

                node.AddNodes("backendRefs", Backends(resolved, i));
                if (kind == RouteKind.Http && rule.Timeout is { } timeout)
                {
                    node.Add("timeouts", Nodes.Map("request", timeout));
                }

                rules.Add(node.Build());
            }

            return rules;
        }

        /// <summary>
        /// The last hop's backends: the Kubernetes Service of a [MeshHost] (<see cref="ResolvedRoute.BackendService"/>), otherwise
        /// Istio's Hostname backend (the ServiceEntry's host, or a subset's own host, SubsetBackends), on the resolved destination
        /// port; a split's weights go with them. Istio reads <c>group: networking.istio.io, kind: Hostname</c> as a registry host
        /// and refuses a namespace on it, and a Service backend by its name, never a host (pilot/pkg/config/kube/gateway/
        /// conversion.go, <c>buildDestination</c>, istio/istio 86c9f01).
        /// </summary>
        private static List<DocumentNode> Backends(ResolvedRoute resolved, int ruleIndex)
        {
            // The implicit rule of a route without rule attributes has no destination of its own: the service.
            var destinations = resolved.Route.Rules[ruleIndex].Destinations is { IsEmpty: false } declared
                ? declared
                : EquatableArray.Create(new WeightedSubsetModel(null, 0));
            var backends = new List<DocumentNode>(destinations.Count);
            foreach (var destination in destinations)
            {
                var backend = new MappingBuilder();
                if (resolved.BackendService is { } kubernetes)
                {
                    backend.Add("name", kubernetes.Name);
                    if (kubernetes.Namespace is { } ns && ns != resolved.Route.Namespace)
                    {
                        backend.Add("namespace", ns);
                    }
                }
                else
                {
                    backend.Add("kind", "Hostname").Add("group", IstioNetworkingGroup)
                        .Add("name", destination.BackendHost ?? resolved.Destination.Hosts[0]);
                }

                backend.Add("port", resolved.DestinationPorts[ruleIndex]);
                if (destinations.Count > 1)
                {
                    backend.Add("weight", destination.Weight);
                }

                backends.Add(backend.Build());
            }

            return backends;
        }

        /// <summary>The consent of a Service's namespace to routes from other namespaces (Resolution/ReferenceGrants decides
        /// which class writes it).</summary>
        public static IstioResource Grant(ReferenceGrantModel grant)
        {
            var from = grant.From.Select(source => (DocumentNode)new MappingBuilder()
                .Add("group", GatewayApiShapes.Group)
                .Add("kind", source.RouteKind)
                .Add("namespace", source.Namespace)
                .Build()).ToList();
            var to = grant.Services.Select(service => (DocumentNode)new MappingBuilder()
                .Add("group", string.Empty)
                .Add("kind", "Service")
                .Add("name", service)
                .Build()).ToList();
            var spec = new MappingBuilder().AddNodes("from", from).AddNodes("to", to);
            return Resource("ReferenceGrant", GatewayApiShapes.ApiVersion, grant.Name, grant.Namespace, spec);
        }
    }
}
