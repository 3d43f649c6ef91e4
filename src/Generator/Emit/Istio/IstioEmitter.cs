using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.GatewayApi;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Istio
{
    /// <summary>Turns a resolved class into the Istio and Kubernetes objects it stands for.</summary>
    internal static class IstioEmitter
    {
        private const string MeshGateway = "mesh";

        public static EquatableArray<IstioResource> Emit(ResolvedClass resolved)
        {
            var resources = new List<IstioResource>();
            var apiVersion = "networking.istio.io/" + resolved.IstioApiVersion;
            var model = resolved.Class;
            if (model.Service is { } service)
            {
                // A [MeshHost] belongs to another registry: a ServiceEntry for it would change which of the two Istio uses.
                if (service.WritesServiceEntry)
                {
                    resources.Add(Resource("ServiceEntry", apiVersion, service.Name, service.Namespace, ServiceEntrySpec(service)));
                }

                if (service.DestinationRule is { } rule)
                {
                    resources.Add(Resource("DestinationRule", apiVersion, rule.Name, rule.Namespace, DestinationRuleSpec(rule, service.Hosts.FirstOrDefault() ?? string.Empty)));
                }

                if (service.KubernetesService is { } kubernetes)
                {
                    resources.Add(KubernetesService(kubernetes, service));
                    if (!kubernetes.Endpoints.IsEmpty)
                    {
                        resources.Add(KubernetesEndpoints(kubernetes, service));
                    }
                }

                // The subsets routes in the Kubernetes Gateway API form send to, each as a service of its own (SubsetBackends).
                foreach (var backend in service.SubsetBackends)
                {
                    resources.Add(Resource("ServiceEntry", apiVersion, backend.Service.Name, backend.Service.Namespace,
                        ServiceEntrySpec(backend.Service)));
                    if (backend.Service.DestinationRule is { } backendRule)
                    {
                        resources.Add(Resource("DestinationRule", apiVersion, backendRule.Name, backendRule.Namespace,
                            DestinationRuleSpec(backendRule, backend.Service.Hosts[0])));
                    }
                }
            }

            if (model.Gateway is { } gateway)
            {
                // A class with no server only describes the DestinationRule for the gateway's Service.
                if (!gateway.Servers.IsEmpty)
                {
                    resources.Add(resolved.KubernetesForm
                        ? GatewayApiEmitter.Gateway(gateway)
                        : Resource("Gateway", apiVersion, gateway.Name, gateway.Namespace, GatewaySpec(gateway)));
                }

                if (gateway.DestinationRule is { } rule)
                {
                    resources.Add(Resource("DestinationRule", apiVersion, rule.Name, rule.Namespace, DestinationRuleSpec(rule, gateway.ServiceHost)));
                }
            }

            if (resolved.Route is { } route)
            {
                resources.AddRange(resolved.KubernetesForm
                    ? GatewayApiEmitter.Routes(route, apiVersion)
                    : VirtualServices(route, apiVersion));
            }

            foreach (var grant in resolved.ReferenceGrants)
            {
                resources.Add(GatewayApiEmitter.Grant(grant));
            }

            return resources.ToEquatableArray();
        }

        /// <summary>One object: apiVersion, kind, metadata (name, namespace, then <paramref name="metadataExtras"/>) and spec.</summary>
        internal static IstioResource Resource(string kind, string apiVersion, string name, string? ns, MappingBuilder spec, MappingBuilder? metadataExtras = null)
        {
            var metadata = new MappingBuilder().Add("name", name).Add("namespace", ns);
            if (metadataExtras is not null)
            {
                foreach (var entry in metadataExtras.Build().Entries)
                {
                    metadata.Add(entry.Key, entry.Value);
                }
            }

            var document = new MappingBuilder()
                .Add("apiVersion", apiVersion)
                .Add("kind", kind)
                .Add("metadata", metadata)
                .Add("spec", spec.Build());
            return new IstioResource(kind, apiVersion, name, ns, document.Build());
        }

        // ---------------------------------------------------------------- ServiceEntry

        private static MappingBuilder ServiceEntrySpec(ExternalServiceModel service)
        {
            var spec = new MappingBuilder()
                .AddStrings("hosts", service.Hosts)
                .AddStrings("addresses", service.Addresses)
                .AddNodes("ports", service.Ports.Select(ServicePort).ToList());
            if (service.Location != ServiceLocation.Unspecified)
            {
                spec.Add("location", EnumNames.Of(service.Location));
            }

            if (service.Resolution != ServiceResolution.Unspecified)
            {
                spec.Add("resolution", EnumNames.Of(service.Resolution));
            }

            spec.AddNodes("endpoints", service.Endpoints.Select(Endpoint).ToList());
            if (!service.WorkloadSelector.IsEmpty)
            {
                spec.Add("workloadSelector", Nodes.Map("labels", Labels(service.WorkloadSelector)));
            }

            return spec
                .AddStrings("exportTo", service.ExportTo)
                .AddStrings("subjectAltNames", service.SubjectAltNames);
        }

        private static DocumentNode ServicePort(PortModel port)
        {
            var node = new MappingBuilder().Add("number", port.Number).Add("name", port.Name);
            if (port.Protocol != PortProtocol.Unspecified)
            {
                node.Add("protocol", EnumNames.Of(port.Protocol));
            }

            return node.AddNonZero("targetPort", port.TargetPort).Build();
        }

        private static DocumentNode Endpoint(EndpointModel endpoint)
        {
            var ports = new MappingBuilder();
            foreach (var port in endpoint.Ports)
            {
                ports.Add(port.PortName, port.Number);
            }

            return new MappingBuilder()
                .Add("address", endpoint.Address)
                .Add("ports", ports)
                .Add("labels", LabelsOrNull(endpoint.Labels))
                .Add("network", endpoint.Network)
                .Add("locality", endpoint.Locality)
                .AddNonZero("weight", endpoint.Weight)
                .Add("serviceAccount", endpoint.ServiceAccount)
                .Build();
        }

        // ---------------------------------------------------------------- DestinationRule

        private static MappingBuilder DestinationRuleSpec(DestinationRuleModel rule, string host)
        {
            var spec = new MappingBuilder()
                .Add("host", host)
                .Add("trafficPolicy", TrafficPolicy(rule, subset: null));
            var subsets = new List<DocumentNode>();
            foreach (var subset in rule.Subsets)
            {
                subsets.Add(new MappingBuilder()
                    .Add("name", subset.Name)
                    .Add("labels", LabelsOrNull(subset.Labels))
                    .Add("trafficPolicy", TrafficPolicy(rule, subset.Name))
                    .Build());
            }

            spec.AddNodes("subsets", subsets).AddStrings("exportTo", rule.ExportTo);
            if (!rule.WorkloadSelector.IsEmpty)
            {
                spec.Add("workloadSelector", Nodes.Map("matchLabels", Labels(rule.WorkloadSelector)));
            }

            return spec;
        }

        /// <summary>The traffic policy of the whole rule (subset null) or of one subset, with its port-level settings.</summary>
        private static MappingBuilder TrafficPolicy(DestinationRuleModel rule, string? subset)
        {
            var policy = new MappingBuilder();
            var balancer = rule.LoadBalancers.FirstOrDefault(b => b.Subset == subset && b.Port == 0);
            if (balancer is not null)
            {
                policy.Add("loadBalancer", Nodes.Map("simple", EnumNames.Of(balancer.Algorithm)));
            }

            var tls = rule.Tls.FirstOrDefault(t => t.Subset == subset && t.Port == 0);
            if (tls is not null)
            {
                policy.Add("tls", Tls(tls));
            }

            var ports = rule.Tls.Where(t => t.Subset == subset && t.Port != 0).Select(t => t.Port)
                .Concat(rule.LoadBalancers.Where(b => b.Subset == subset && b.Port != 0).Select(b => b.Port))
                .Distinct()
                .OrderBy(p => p)
                .ToList();
            var portLevel = new List<DocumentNode>();
            foreach (var port in ports)
            {
                var setting = new MappingBuilder().Add("port", Nodes.Map("number", port));
                if (rule.LoadBalancers.FirstOrDefault(b => b.Subset == subset && b.Port == port) is { } portBalancer)
                {
                    setting.Add("loadBalancer", Nodes.Map("simple", EnumNames.Of(portBalancer.Algorithm)));
                }

                if (rule.Tls.FirstOrDefault(t => t.Subset == subset && t.Port == port) is { } portTls)
                {
                    setting.Add("tls", Tls(portTls));
                }

                portLevel.Add(setting.Build());
            }

            return policy.AddNodes("portLevelSettings", portLevel);
        }

        private static MappingNode Tls(TlsSettingsModel tls) => new MappingBuilder()
            .Add("mode", EnumNames.Of(tls.Mode))
            .Add("clientCertificate", tls.ClientCertificate)
            .Add("privateKey", tls.PrivateKey)
            .Add("caCertificates", tls.CaCertificates)
            .Add("credentialName", tls.CredentialName)
            .AddStrings("subjectAltNames", tls.SubjectAltNames)
            .Add("sni", tls.Sni)
            .AddIfTrue("insecureSkipVerify", tls.InsecureSkipVerify)
            .Build();

        // ---------------------------------------------------------------- Kubernetes Service

        private static IstioResource KubernetesService(KubernetesServiceModel kubernetes, ExternalServiceModel service)
        {
            var spec = new MappingBuilder();
            if (kubernetes.ExternalName is not null)
            {
                spec.Add("type", "ExternalName").Add("externalName", kubernetes.ExternalName);
            }

            var ports = service.Ports
                .Select(p => (DocumentNode)new MappingBuilder().Add("port", p.Number).Add("name", NameOrNull(p)).Add("protocol", kubernetes.Protocol).AddNonZero("targetPort", p.TargetPort).Build())
                .ToList();
            spec.AddNodes("ports", ports).Add("selector", LabelsOrNull(kubernetes.Selector));
            var metadataExtras = new MappingBuilder().Add("labels", LabelsOrNull(kubernetes.Labels)).Add("annotations", LabelsOrNull(kubernetes.Annotations));
            return Resource("Service", "v1", kubernetes.Name, kubernetes.Namespace, spec, metadataExtras);
        }

        private static string? NameOrNull(PortModel port) => port.Name.Length == 0 ? null : port.Name;

        /// <summary>
        /// The endpoints of a Service without selector, which nothing else would write: core v1 Endpoints, or a
        /// discovery.k8s.io/v1 EndpointSlice tied to the Service by its kubernetes.io/service-name label. Both carry the
        /// ports the addresses listen on: a port's target port when it has one.
        /// </summary>
        private static IstioResource KubernetesEndpoints(KubernetesServiceModel kubernetes, ExternalServiceModel service)
        {
            // TCP is the default, and Kubernetes' own examples (and Istio's) leave it out of endpoint ports.
            var protocol = kubernetes.Protocol is "TCP" ? null : kubernetes.Protocol;
            var ports = service.Ports
                .Select(p => (DocumentNode)new MappingBuilder().Add("name", NameOrNull(p)).Add("port", p.TargetPort != 0 ? p.TargetPort : p.Number).Add("protocol", protocol).Build())
                .ToList();
            var metadata = new MappingBuilder().Add("name", kubernetes.Name).Add("namespace", kubernetes.Namespace);
            var document = new MappingBuilder();
            string kind;
            string apiVersion;
            if (kubernetes.EndpointSlice)
            {
                kind = "EndpointSlice";
                apiVersion = "discovery.k8s.io/v1";
                metadata.Add("labels", new MappingBuilder().Add("kubernetes.io/service-name", kubernetes.Name));
                document.Add("apiVersion", apiVersion).Add("kind", kind).Add("metadata", metadata)
                    .Add("addressType", kubernetes.Endpoints[0].IndexOf(':') >= 0 ? "IPv6" : "IPv4")
                    .AddNodes("ports", ports)
                    .AddNodes("endpoints", kubernetes.Endpoints.Select(a => (DocumentNode)new MappingBuilder().AddStrings("addresses", new[] { a }).Build()).ToList());
            }
            else
            {
                kind = "Endpoints";
                apiVersion = "v1";
                var subset = new MappingBuilder()
                    .AddNodes("addresses", kubernetes.Endpoints.Select(a => (DocumentNode)new MappingBuilder().Add("ip", a).Build()).ToList())
                    .AddNodes("ports", ports);
                document.Add("apiVersion", apiVersion).Add("kind", kind).Add("metadata", metadata).AddNodes("subsets", new List<DocumentNode> { subset.Build() });
            }

            return new IstioResource(kind, apiVersion, kubernetes.Name, kubernetes.Namespace, document.Build());
        }

        // ---------------------------------------------------------------- Gateway

        private static MappingBuilder GatewaySpec(GatewayModel gateway)
        {
            var servers = new List<DocumentNode>();
            foreach (var server in gateway.Servers)
            {
                var port = new MappingBuilder().Add("number", server.Port).Add("name", server.Name).Add("protocol", EnumNames.Of(server.Protocol));
                var node = new MappingBuilder().Add("port", port).AddStrings("hosts", server.Hosts);
                if (server.Tls != ServerTlsMode.Unspecified)
                {
                    node.Add("tls", new MappingBuilder()
                        .Add("mode", EnumNames.Of(server.Tls))
                        .Add("credentialName", server.CredentialName)
                        .Add("serverCertificate", server.ServerCertificate)
                        .Add("privateKey", server.PrivateKey)
                        .Add("caCertificates", server.CaCertificates));
                }

                servers.Add(node.Build());
            }

            return new MappingBuilder().Add("selector", Labels(gateway.Selector)).AddNodes("servers", servers);
        }

        // ---------------------------------------------------------------- VirtualService

        private static IEnumerable<IstioResource> VirtualServices(ResolvedRoute resolved, string apiVersion)
        {
            var route = resolved.Route;
            if (resolved.Gateway is not { } gateway)
            {
                var spec = VirtualServiceSpec(resolved, gateways: null, ServiceRules(resolved, gatewayReference: null));
                yield return Resource("VirtualService", apiVersion, route.CombinedName, route.Namespace, spec);
                yield break;
            }

            var reference = GatewayReference(gateway, route.Namespace);
            if (route.Combined)
            {
                var rules = MeshHopRules(resolved, matchGateway: true).Concat(ServiceRules(resolved, reference)).ToList();
                var spec = VirtualServiceSpec(resolved, new[] { reference, MeshGateway }, rules);
                yield return Resource("VirtualService", apiVersion, route.CombinedName, route.Namespace, spec);
                yield break;
            }

            yield return Resource("VirtualService", apiVersion, route.MeshName, route.Namespace,
                VirtualServiceSpec(resolved, gateways: null, MeshHopRules(resolved, matchGateway: false).ToList()));
            yield return Resource("VirtualService", apiVersion, route.GatewayName, route.Namespace,
                VirtualServiceSpec(resolved, new[] { reference }, ServiceRules(resolved, gatewayReference: null)));
        }

        /// <summary>
        /// The sidecars' hop alone, bound to the mesh by name, as Istio's Gateway API tab writes it next to the gateway's HTTPRoute
        /// (<c>direct-nginx-to-egress-gateway</c>, docs/gateway-api.md).
        /// </summary>
        internal static IstioResource MeshHopVirtualService(ResolvedRoute resolved, string apiVersion) =>
            Resource("VirtualService", apiVersion, resolved.Route.MeshName, resolved.Route.Namespace,
                VirtualServiceSpec(resolved, new[] { MeshGateway }, MeshHopRules(resolved, matchGateway: false).ToList()));

        /// <summary>A gateway in another namespace than the VirtualService is named <c>namespace/name</c>.</summary>
        public static string GatewayReference(GatewayModel gateway, string? virtualServiceNamespace) =>
            gateway.Namespace is not null && gateway.Namespace != virtualServiceNamespace ? gateway.Namespace + "/" + gateway.Name : gateway.Name;

        private sealed record Rule(RouteKind Kind, MappingNode Node);

        private static MappingBuilder VirtualServiceSpec(ResolvedRoute resolved, IReadOnlyCollection<string>? gateways, IReadOnlyCollection<Rule> rules)
        {
            var spec = new MappingBuilder().AddStrings("hosts", resolved.Service.Hosts);
            if (gateways is not null)
            {
                spec.AddStrings("gateways", gateways);
            }

            return spec
                .AddNodes("http", rules.Where(r => r.Kind == RouteKind.Http).Select(r => (DocumentNode)r.Node).ToList())
                .AddNodes("tls", rules.Where(r => r.Kind == RouteKind.Tls).Select(r => (DocumentNode)r.Node).ToList())
                .AddNodes("tcp", rules.Where(r => r.Kind == RouteKind.Tcp).Select(r => (DocumentNode)r.Node).ToList())
                .AddStrings("exportTo", resolved.Route.ExportTo);
        }

        /// <summary>The sidecar's hop: one rule per kind of traffic, sending it to the gateway's Service on the chosen server
        /// port.</summary>
        /// <summary>The weight Istio's pages write on a single destination, which gets all traffic with or without it.</summary>
        private const int FullWeight = 100;

        private static IEnumerable<Rule> MeshHopRules(ResolvedRoute resolved, bool matchGateway)
        {
            var route = resolved.Route;
            var gateway = resolved.Gateway!;
            var seen = new HashSet<RouteKind>();
            for (var i = 0; i < route.Rules.Count; i++)
            {
                var rule = route.Rules[i];
                if (!seen.Add(rule.Kind))
                {
                    continue;
                }

                var match = new MappingBuilder();
                if (matchGateway)
                {
                    match.AddStrings("gateways", new[] { MeshGateway });
                }

                match.AddNonZero("port", route.Port);
                if (rule.Kind == RouteKind.Tls)
                {
                    match.AddStrings("sniHosts", route.Rules.Where(r => r.Kind == RouteKind.Tls).SelectMany(r => SniHosts(r, resolved.Service)).Distinct().ToList());
                }

                var destination = new MappingBuilder()
                    .Add("host", gateway.ServiceHost)
                    .Add("subset", route.GatewaySubset)
                    .Add("port", Nodes.Map("number", resolved.GatewayServerPorts[i]));
                var target = new MappingBuilder().Add("destination", destination.Build());
                if ((route.ExplicitWeightHops & RouteHops.Mesh) != 0)
                {
                    target.Add("weight", FullWeight);
                }

                var node = new MappingBuilder()
                    .Add("match", match.IsEmpty ? null : Nodes.Sequence(match.Build()))
                    .Add("route", Nodes.Sequence(target.Build()));
                yield return new Rule(rule.Kind, node.Build());
            }
        }

        /// <summary>The rules that reach the service: at the gateway (with the server port matched) or straight from the sidecar.</summary>
        private static List<Rule> ServiceRules(ResolvedRoute resolved, string? gatewayReference)
        {
            var route = resolved.Route;
            var rules = new List<Rule>();
            for (var i = 0; i < route.Rules.Count; i++)
            {
                var rule = route.Rules[i];
                var port = rule.Port != 0 ? rule.Port : resolved.Gateway is not null ? resolved.GatewayServerPorts[i] : route.Port;
                var kind = resolved.Gateway is null ? rule.Kind : ProtocolHops.GatewayHopKind(rule.Kind, resolved.Gateway, resolved.GatewayServerPorts[i]);
                var match = new MappingBuilder();
                if (gatewayReference is not null)
                {
                    match.AddStrings("gateways", new[] { gatewayReference });
                }

                match.AddNonZero("port", port);
                if (kind == RouteKind.Tls)
                {
                    match.AddStrings("sniHosts", SniHosts(rule, resolved.Service).ToList());
                }

                if (rule.Kind == RouteKind.Http)
                {
                    var headers = new MappingBuilder();
                    foreach (var header in rule.Headers)
                    {
                        headers.Add(header.Name, StringMatch(header.Kind, header.Value));
                    }

                    match.Add("headers", headers);
                    if (rule.Uri is { } uri)
                    {
                        match.Add("uri", StringMatch(uri.Kind, uri.Value));
                    }
                }

                var destinations = new List<DocumentNode>();
                foreach (var destination in rule.Destinations)
                {
                    var target = new MappingBuilder()
                        .Add("host", resolved.Destination.Hosts[0])
                        .Add("port", WritesDestinationPort(resolved, rule, i) ? Nodes.Map("number", resolved.DestinationPorts[i]) : null)
                        .Add("subset", destination.Subset);
                    var node = new MappingBuilder().Add("destination", target.Build());
                    if (rule.Destinations.Count > 1)
                    {
                        node.Add("weight", destination.Weight);
                    }
                    else if ((route.ExplicitWeightHops & RouteHops.Service) != 0)
                    {
                        node.Add("weight", FullWeight);
                    }

                    destinations.Add(node.Build());
                }

                var ruleNode = new MappingBuilder()
                    .Add("name", rule.Name)
                    .Add("match", match.IsEmpty ? null : Nodes.Sequence(match.Build()))
                    .AddNodes("route", destinations)
                    .Add("timeout", rule.Timeout);
                rules.Add(new Rule(kind, ruleNode.Build()));
            }

            return rules;
        }

        private static IEnumerable<string> SniHosts(RouteRuleModel rule, ExternalServiceModel service) =>
            rule.SniHosts.IsEmpty ? service.Hosts : rule.SniHosts;

        /// <summary>
        /// A destination without a port goes to its service's only port (Istio's <c>VirtualService</c> reference), so leaving it out
        /// is the same route only when the port was inferred from a service that declares one.
        /// </summary>
        private static bool WritesDestinationPort(ResolvedRoute resolved, RouteRuleModel rule, int index) =>
            resolved.DestinationPorts[index] != 0
            && !(resolved.Route.OmitSingleDestinationPort && rule.DestinationPort == 0 && resolved.Destination.Ports.Count == 1);

        private static MappingNode StringMatch(StringMatchKind kind, string value) => Nodes.Map(
            kind switch { StringMatchKind.Prefix => "prefix", StringMatchKind.Regex => "regex", _ => "exact" },
            value);

        // ---------------------------------------------------------------- labels

        private static MappingNode Labels(EquatableArray<Label> labels)
        {
            var builder = new MappingBuilder();
            foreach (var label in labels)
            {
                builder.Add(label.Key, label.Value);
            }

            return builder.Build();
        }

        private static MappingNode? LabelsOrNull(EquatableArray<Label> labels) => labels.IsEmpty ? null : Labels(labels);
    }
}
