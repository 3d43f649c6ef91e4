using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Import
{
    /// <summary>
    /// The Gateway API kinds, read back into the classes whose Kubernetes form writes them (docs/gateway-api.md): a Gateway of
    /// class <c>istio</c> is a gateway class with <c>Api = GatewayApi.Kubernetes</c>; the sidecar's route (bound to a
    /// ServiceEntry, to the gateway's <c>&lt;name&gt;-istio</c> Service) and the gateway's route (bound to the Gateway) are one
    /// route class; a route bound to a ServiceEntry that sends to the host itself is a route without gateway; a ReferenceGrant
    /// is the one the DSL writes for a route's backend Service in another namespace.
    /// </summary>
    internal sealed partial class Importer
    {
        private const string IstioGatewayClass = "istio";
        private const string ServiceTypeAnnotation = "networking.istio.io/service-type";
        private const string TerminateModeOption = "gateway.istio.io/tls-terminate-mode";

        private static readonly Dictionary<ImportKind, string> GatewayApiRouteKinds = new()
        {
            [ImportKind.HttpRoute] = "http", [ImportKind.TlsRoute] = "tls", [ImportKind.TcpRoute] = "tcp",
        };

        /// <summary>Whether a VirtualService route without gateway was imported: the project then writes such routes in Istio's
        /// form.</summary>
        private bool _directIstioRoutes;

        /// <summary>Whether a Gateway API route without gateway was imported: the project then builds with
        /// <c>EgressGatewayApi=kubernetes</c>.</summary>
        private bool _directGatewayApiRoutes;

        /// <summary>The ReferenceGrants the imported routes make the DSL write, by <c>namespace/name</c>, with the class that writes
        /// each.</summary>
        private readonly Dictionary<string, (string Kind, string RouteNamespace, string Service,
            ImportedClass Class)> _referenceGrants = new(StringComparer.Ordinal);

        private void ImportKubernetesGateway(ImportedObject item)
        {
            var reader = item.Reader;
            var gatewayClass = reader.String("spec", "gatewayClassName");
            if (gatewayClass != IstioGatewayClass)
            {
                throw new LeaveOutException($"its gatewayClassName is {gatewayClass ?? "absent"}: the DSL writes Gateways Istio deploys "
                    + "(gatewayClassName: istio)");
            }

            var serviceType = reader.String("metadata", "annotations", ServiceTypeAnnotation);
            if (serviceType != "ClusterIP")
            {
                reader.MarkLost($"{serviceType ?? "absent here"}; the DSL writes ClusterIP (an egress gateway needs no load balancer)",
                    "metadata", "annotations", ServiceTypeAnnotation);
            }

            var servers = new List<AttributeSpec>();
            var ports = new List<int>();
            for (var i = 0; i < reader.Count("spec", "listeners"); i++)
            {
                string[] Listener(params string[] rest) => new[] { "spec", "listeners", "[" + i + "]" }.Concat(rest).ToArray();
                var name = reader.String(Listener("name")) ?? throw new LeaveOutException($"listener {i + 1} has no name");
                var port = reader.Int(Listener("port")) ?? throw new LeaveOutException($"listener {name} has no port");
                var hostname = reader.String(Listener("hostname"));
                var from = reader.String(Listener("allowedRoutes", "namespaces", "from"));
                if (from == null)
                {
                    reader.MarkLost("absent here; the DSL writes allowedRoutes from Same", Listener("allowedRoutes"));
                }
                else if (from != "Same")
                {
                    throw new LeaveOutException($"listener {name} allows routes from {from} namespaces: the DSL's listeners allow routes "
                        + "from the Gateway's own namespace");
                }

                var (protocol, tls, credential) = ListenerServer(reader, name, Listener());
                if (protocol == "PortProtocol.Tcp" && hostname != null)
                {
                    throw new LeaveOutException($"listener {name} is TCP with a hostname, which the CRD forbids");
                }

                servers.Add(AttributeSpec.Of("GatewayServer", CSharp.Int(port), CSharp.String(name), protocol, CSharp.String(hostname
                    ?? "*"), CSharp.NamedCode("Tls", tls), CSharp.Named("CredentialName", credential)));
                ports.Add(port);
            }

            var target = NewClass(item.Name, item, "Gateway");
            AddOrigin(target, item);
            var arguments = new List<string?> { CSharp.Named("Name", item.Name), CSharp.Named("Namespace", item.Namespace),
                "Api = GatewayApi.Kubernetes" };
            var gateway = new GatewayClass(target, item.Name, item.Namespace, arguments)
            {
                IsKubernetesForm = true,
                ServiceHost = item.Name + "-istio." + (item.Namespace ?? "default") + ".svc.cluster.local",
            };
            gateway.ServerPorts.AddRange(ports);
            target.Part(ClassPart.Gateway).AddRange(servers);
            _gateways.Add(gateway);
        }

        /// <summary>The server a listener is written from: its protocol, TLS mode and credential, or the listener has no server.</summary>
        private static (string Protocol, string? Tls, string? Credential) ListenerServer(FieldReader reader, string name, string[] listener)
        {
            string[] At(params string[] rest) => listener.Concat(rest).ToArray();
            var protocol = reader.String(At("protocol"));
            var mode = reader.Node(At("tls")) == null ? null : reader.String(At("tls", "mode")) ?? "Terminate";
            switch (protocol, mode)
            {
                case ("HTTP", null):
                    return ("PortProtocol.Http", null, null);
                case ("TCP", null):
                    return ("PortProtocol.Tcp", null, null);
                case ("TLS", "Passthrough"):
                    return ("PortProtocol.Tls", "ServerTlsMode.Passthrough", null);
                case ("HTTPS", "Passthrough"):
                    return ("PortProtocol.Https", "ServerTlsMode.Passthrough", null);
                case ("HTTPS", "Terminate") when reader.Count(At("tls", "certificateRefs")) == 0
                    && reader.String(At("tls", "options", TerminateModeOption)) == "ISTIO_MUTUAL":
                    return ("PortProtocol.Https", "ServerTlsMode.IstioMutual", null);
                case ("HTTPS", "Terminate") when reader.Count(At("tls", "certificateRefs")) == 1 && reader.Node(At("tls",
                    "options")) == null:
                    var certificate = At("tls", "certificateRefs", "[0]");
                    if ((reader.String(certificate.Append("kind").ToArray())
                        ?? "Secret") != "Secret" || (reader.String(certificate.Append("group").ToArray()) ?? string.Empty) != string.Empty)
                    {
                        throw new LeaveOutException($"listener {name} takes its certificate from another kind than a Secret; the DSL "
                            + "writes a CredentialName, a Secret");
                    }

                    if (reader.String(certificate.Append("namespace").ToArray()) != null)
                    {
                        throw new LeaveOutException($"listener {name} takes its certificate from another namespace; the DSL writes a "
                            + "Secret of the Gateway's namespace");
                    }

                    return ("PortProtocol.Https", "ServerTlsMode.Simple", reader.String(certificate.Append("name").ToArray()));
                default:
                    throw new LeaveOutException($"listener {name} is {protocol} with TLS {mode ?? "none"} (options and certificates as "
                        + "written): the DSL writes HTTP, HTTPS terminated with ISTIO_MUTUAL or one Secret, TLS or HTTPS passthrough, and "
                        + "TCP");
            }
        }

        /// <summary>One Gateway API route, as read before it is imported: what it is bound to and where its first rule sends.</summary>
        private sealed record GatewayApiRoute(ImportedObject Item, string Kind, string ParentKind, string ParentName,
            GatewayClass? SendsToGateway);

        private void ImportGatewayApiRoutes(List<ImportedObject> objects)
        {
            var routes = new List<GatewayApiRoute>();
            foreach (var item in objects.Where(o => GatewayApiRouteKinds.ContainsKey(o.Kind)))
            {
                var reader = item.Reader;
                if (item.Source.ApiVersion != ImportKinds.GatewayApiGroup + "/v1")
                {
                    // Istio's pages still write TLSRoute v1alpha2, which the Gateway API v1.6.1 CRDs no longer serve.
                    reader.MarkLost("the DSL writes " + ImportKinds.GatewayApiGroup + "/v1, the version the Gateway API v1.6.1 CRDs serve",
                        "apiVersion");
                }

                if (reader.Count("spec", "parentRefs") != 1)
                {
                    _losses.Add(item.Loss(null,
                        $"it has {reader.Count("spec", "parentRefs")} parentRefs; the DSL writes each route bound to one Gateway, "
                            + "ServiceEntry or Service"));
                    continue;
                }

                var parentKind = Peek(reader, "spec", "parentRefs", "[0]", "kind") ?? "Gateway";
                var parentName = Peek(reader, "spec", "parentRefs", "[0]", "name") ?? string.Empty;
                var backend = Peek(reader, "spec", "rules", "[0]", "backendRefs", "[0]", "kind") == null ? Peek(reader, "spec", "rules",
                    "[0]", "backendRefs", "[0]", "name") : null;
                var gateway = parentKind == "Gateway" ? null : _gateways.FirstOrDefault(g => g.IsKubernetesForm && backend == g.Name
                    + "-istio");
                routes.Add(new GatewayApiRoute(item, GatewayApiRouteKinds[item.Kind], parentKind, parentName, gateway));
            }

            var paired = new HashSet<ImportedObject>();
            foreach (var route in routes.Where(r => r.ParentKind != "Gateway"))
            {
                var involved = new List<ImportedObject> { route.Item };
                try
                {
                    var service = ParentService(route);
                    if (route.SendsToGateway is { } gateway)
                    {
                        var gatewayHop = routes.FirstOrDefault(r => r.ParentKind == "Gateway" && r.Kind == route.Kind
                            && !paired.Contains(r.Item)
                                && r.ParentName == gateway.Name && HasHostnames(r, service))
                            ?? throw new LeaveOutException($"it sends the sidecar's traffic to the Gateway {gateway.Name}, but no "
                                    + $"{route.Item.Source.Kind} bound to that Gateway routes {string.Join(", ", service.Hosts)} on");
                        // Paired before it is read: if the pair is left out, the gateway's route is reported once, with the pair's reason.
                        involved.Add(gatewayHop.Item);
                        paired.Add(gatewayHop.Item);
                        ImportGatewayApiHops(route, gatewayHop, gateway, service);
                    }
                    else
                    {
                        ImportGatewayApiDirectRoute(route, service);
                    }

                    foreach (var item in involved)
                    {
                        ReportUnread(item);
                    }
                }
                catch (Exception exception) when (exception is LeaveOutException || IsUnexpectedShape(exception))
                {
                    var reason = exception is LeaveOutException ? exception.Message : UnexpectedShape(exception);
                    foreach (var item in involved)
                    {
                        _losses.Add(item.Loss(null, reason));
                    }
                }
            }

            foreach (var route in routes.Where(r => r.ParentKind == "Gateway" && !paired.Contains(r.Item)))
            {
                _losses.Add(route.Item.Loss(null,
                    "it is bound to a Gateway only, and no route sends the sidecar's traffic for its hostnames to that Gateway (the DSL "
                        + "writes the gateway's route with the sidecar's)"));
            }

            foreach (var grant in objects.Where(o => o.Kind == ImportKind.ReferenceGrant))
            {
                ImportReferenceGrant(grant);
            }

            if (_directGatewayApiRoutes)
            {
                // The project builds with EgressGatewayApi=kubernetes: the gateways imported from Istio's Gateway keep their form.
                foreach (var gateway in _gateways.Where(g => !g.IsKubernetesForm))
                {
                    gateway.Arguments.Add("Api = GatewayApi.Istio");
                }
            }
        }

        /// <summary>Whether a route that reaches the service names the hostnames the DSL writes: the service's hosts, none on a
        /// TCPRoute.</summary>
        private static bool HasHostnames(GatewayApiRoute route, ServiceClass service)
        {
            var hostnames = route.Item.Reader.Strings("spec", "hostnames");
            return route.Kind == "tcp" ? hostnames == null : hostnames != null && hostnames.SequenceEqual(service.Hosts,
                StringComparer.OrdinalIgnoreCase);
        }

        private static string? Peek(FieldReader reader, params string[] path) => (reader.Node(path) as YamlScalarNode)?.Value;

        /// <summary>The service class of a route's parent: the ServiceEntry, or the Kubernetes Service of a [MeshHost].</summary>
        private ServiceClass ParentService(GatewayApiRoute route)
        {
            var reader = route.Item.Reader;
            var group = reader.String("spec", "parentRefs", "[0]", "group") ?? ImportKinds.GatewayApiGroup;
            reader.MarkRead("spec", "parentRefs", "[0]", "kind");
            reader.MarkRead("spec", "parentRefs", "[0]", "name");
            var parentNamespace = reader.String("spec", "parentRefs", "[0]", "namespace") ?? route.Item.Namespace;

            ServiceClass? service = null;
            if (route.ParentKind == "ServiceEntry" && group == ImportedObject.IstioGroup)
            {
                service = _servicesByHost.Values.FirstOrDefault(s => s.Class.Objects.Any(o => o.Kind == ImportKind.ServiceEntry
                    && o.Name == route.ParentName && o.Namespace == parentNamespace));
            }
            else if (route.ParentKind == "Service" && group.Length == 0)
            {
                service = _kubernetesServices.TryGetValue((parentNamespace ?? string.Empty) + "/" + route.ParentName,
                    out var known) ? known : null;
            }
            else
            {
                throw new LeaveOutException($"it is bound to a {route.ParentKind} of group {group}; the DSL binds a route to a Gateway, a "
                    + "ServiceEntry or a Service");
            }

            return service
                ?? throw new LeaveOutException($"it is bound to the {route.ParentKind} {route.ParentName}, which is not in the input; "
                    + "import the route together with it");
        }

        /// <summary>The sidecar's hop and the gateway's, as one route class through the gateway.</summary>
        private void ImportGatewayApiHops(GatewayApiRoute mesh, GatewayApiRoute gatewayHop, GatewayClass gateway, ServiceClass service)
        {
            var meshReader = mesh.Item.Reader;
            if (meshReader.Count("spec", "rules") != 1 || meshReader.Count("spec", "rules", "[0]", "backendRefs") != 1)
            {
                throw new LeaveOutException("the sidecar's hop to the gateway has one rule with one backend in the DSL");
            }

            var listenerPort = meshReader.Int("spec", "rules", "[0]", "backendRefs", "[0]", "port")
                ?? throw new LeaveOutException("the sidecar's hop names no port of the gateway's Service");
            meshReader.MarkRead("spec", "rules", "[0]", "backendRefs", "[0]", "name");
            if ((meshReader.String("spec", "rules", "[0]", "backendRefs", "[0]", "namespace") ?? mesh.Item.Namespace) != gateway.Namespace)
            {
                throw new LeaveOutException($"the DSL writes the sidecar's hop in the gateway's namespace");
            }

            var parentPort = meshReader.Int("spec", "parentRefs", "[0]", "port");
            ReadSidecarHostnames(mesh, service);
            if (gatewayHop.Item.Namespace != mesh.Item.Namespace)
            {
                throw new LeaveOutException("the DSL writes the sidecar's and the gateway's route in one namespace");
            }

            var reader = gatewayHop.Item.Reader;
            reader.MarkRead("spec", "parentRefs", "[0]", "name");
            reader.MarkRead("spec", "hostnames");
            var gatewayParentPort = reader.Int("spec", "parentRefs", "[0]", "port");
            if (gatewayParentPort != null && gatewayParentPort != listenerPort)
            {
                throw new LeaveOutException($"the gateway's route is bound to port {gatewayParentPort}, the sidecar's hop sends to "
                    + $"{listenerPort}; the DSL writes both on one listener port");
            }

            var (rules, forwardTo) = ReadGatewayApiRules(gatewayHop, service);
            var target = NewClass(mesh.Item.Name, mesh.Item, "Route");
            AddOrigin(target, mesh.Item);
            AddOrigin(target, gatewayHop.Item);
            var port = parentPort ?? listenerPort;
            target.Part(ClassPart.Route).Add(AttributeSpec.Of(
                "EgressRoute",
                "typeof(" + service.Class.Name + ")",
                "Through = typeof(" + gateway.Class.Name + ")",
                forwardTo == null ? null : "ForwardTo = typeof(" + forwardTo.Class.Name + ")",
                CSharp.Named("Port", port),
                CSharp.Named("GatewayPort", listenerPort == port ? 0 : listenerPort),
                CSharp.Named("MeshName", mesh.Item.Name),
                CSharp.Named("GatewayName", gatewayHop.Item.Name),
                CSharp.Named("Namespace", mesh.Item.Namespace)));
            target.Part(ClassPart.Route).AddRange(rules);
            NoteReferenceGrants(gatewayHop, target);
        }

        /// <summary>A v1 TLSRoute requires hostnames: the DSL writes the service's on the sidecar's hop, which Istio's pages leave
        /// out.</summary>
        private static void ReadSidecarHostnames(GatewayApiRoute mesh, ServiceClass service)
        {
            var hostnames = mesh.Item.Reader.Strings("spec", "hostnames");
            if (mesh.Kind != "tls")
            {
                if (hostnames != null)
                {
                    mesh.Item.Reader.MarkLost("the DSL writes no hostnames on the sidecar's hop (its parent, the service, already names "
                        + "the hosts)", "spec", "hostnames");
                }
            }
            else if (hostnames == null || !hostnames.SequenceEqual(service.Hosts, StringComparer.OrdinalIgnoreCase))
            {
                mesh.Item.Reader.MarkLost((hostnames == null ? "absent here" : "other hosts here")
                    + "; a v1 TLSRoute requires hostnames, and the DSL writes the service's hosts", "spec", "hostnames");
            }
        }

        /// <summary>A route without gateway: bound to the service, sending to the service's host.</summary>
        private void ImportGatewayApiDirectRoute(GatewayApiRoute route, ServiceClass service)
        {
            if (_directIstioRoutes)
            {
                throw new LeaveOutException("the input also has VirtualServices without gateway; the project writes every route without "
                    + "gateway in one form (EgressGatewayApi)");
            }

            var reader = route.Item.Reader;
            if (!HasHostnames(route, service))
            {
                reader.MarkLost(route.Kind == "tcp" ? "the DSL writes no hostnames on a TCPRoute (a TCP connection carries no "
                    + "name)" : "the DSL writes the service's hosts", "spec", "hostnames");
            }

            var (rules, forwardTo) = ReadGatewayApiRules(route, service);
            var target = NewClass(route.Item.Name, route.Item, "Route");
            AddOrigin(target, route.Item);
            target.Part(ClassPart.Route).Add(AttributeSpec.Of(
                "EgressRoute",
                "typeof(" + service.Class.Name + ")",
                forwardTo == null ? null : "ForwardTo = typeof(" + forwardTo.Class.Name + ")",
                CSharp.Named("Name", route.Item.Name),
                CSharp.Named("Namespace", route.Item.Namespace)));
            target.Part(ClassPart.Route).AddRange(rules);
            _directGatewayApiRoutes = true;
            NoteReferenceGrants(route, target);
        }

        /// <summary>The rules of the route that reaches the service, and the service they forward to when it is another.</summary>
        private (List<AttributeSpec> Rules, ServiceClass? ForwardTo) ReadGatewayApiRules(GatewayApiRoute route, ServiceClass service)
        {
            var reader = route.Item.Reader;
            var count = reader.Count("spec", "rules");
            if (count == 0)
            {
                throw new LeaveOutException("it has no rules; the DSL writes routes to a service");
            }

            if (route.Kind != "http" && count != 1)
            {
                throw new LeaveOutException($"a {route.Item.Source.Kind} of the DSL has one rule; this one has {count}");
            }

            var rules = new List<AttributeSpec>();
            string? destination = null;
            for (var i = 0; i < count; i++)
            {
                string[] Rule(params string[] rest) => new[] { "spec", "rules", "[" + i + "]" }.Concat(rest).ToArray();
                if (reader.Count(Rule("backendRefs")) != 1)
                {
                    throw new LeaveOutException($"rule {i + 1} sends to {reader.Count(Rule("backendRefs"))} backends; the DSL writes one "
                        + "(a split is of subsets, which a backendRef cannot name)");
                }

                var (host, port) = Backend(route, Rule("backendRefs", "[0]"));
                if (destination != null && !string.Equals(destination, host, StringComparison.OrdinalIgnoreCase))
                {
                    throw new LeaveOutException($"its rules send to {destination} and {host}; the DSL's rules send to one service");
                }

                destination = host;
                var arguments = new List<string?>();
                if (route.Kind == "http")
                {
                    ReadHttpMatch(reader, i, arguments);
                    arguments.Add(CSharp.Named("Timeout", reader.String(Rule("timeouts", "request"))));
                }

                arguments.Add(CSharp.Named("Name", reader.String(Rule("name"))));
                arguments.Add(CSharp.Named("DestinationPort", port));
                rules.Add(AttributeSpec.Of(RuleAttribute(route.Kind), arguments.ToArray()));
            }

            ServiceClass? forwardTo = null;
            if (!string.Equals(destination, service.Hosts[0], StringComparison.OrdinalIgnoreCase))
            {
                forwardTo = _servicesByHost.TryGetValue(destination!, out var other) && string.Equals(other.Hosts[0], destination,
                    StringComparison.OrdinalIgnoreCase)
                    ? other
                    : throw new LeaveOutException($"it sends traffic to {destination}, which no service in the input declares as its first "
                        + "host");
            }

            return (rules, forwardTo);
        }

        /// <summary>The host and port a backendRef reaches: an Istio Hostname, or the Kubernetes Service of a [MeshHost].</summary>
        private (string Host, int Port) Backend(GatewayApiRoute route, string[] backend)
        {
            var reader = route.Item.Reader;
            string[] At(params string[] rest) => backend.Concat(rest).ToArray();
            var kind = reader.String(At("kind")) ?? "Service";
            var group = reader.String(At("group")) ?? string.Empty;
            var name = reader.String(At("name")) ?? throw new LeaveOutException("a backendRef without name");
            var port = reader.Int(At("port"))
                ?? throw new LeaveOutException($"the backendRef {name} has no port; the DSL writes the destination port");
            if (reader.Int(At("weight")) is { } weight && weight != 1)
            {
                reader.MarkLost("the DSL writes one backend without weight (1, the default)", At("weight"));
            }

            if (kind == "Hostname" && group == ImportedObject.IstioGroup)
            {
                return (name, port);
            }

            if (kind == "Service" && group.Length == 0)
            {
                var backendNamespace = reader.String(At("namespace")) ?? route.Item.Namespace;
                if (_kubernetesServices.TryGetValue((backendNamespace ?? string.Empty) + "/" + name, out var service))
                {
                    return (service.Hosts[0], port);
                }

                throw new LeaveOutException($"it sends to the Service {name}, which is not in the input; import the route together with "
                    + "it");
            }

            throw new LeaveOutException($"it sends to a {kind} of group {group}; the DSL's routes send to an Istio Hostname or a "
                + "Kubernetes Service");
        }

        /// <summary>A rule's one match: a path (exact, regex, or the prefix <c>/</c>) and exact or regex headers.</summary>
        private static void ReadHttpMatch(FieldReader reader, int rule, List<string?> arguments)
        {
            string[] Match(params string[] rest) => new[] { "spec", "rules", "[" + rule + "]", "matches", "[0]" }.Concat(rest).ToArray();
            var matches = reader.Count("spec", "rules", "[" + rule + "]", "matches");
            if (matches > 1)
            {
                throw new LeaveOutException($"rule {rule + 1} has {matches} matches; an [HttpRoute] writes one");
            }

            if (matches == 0)
            {
                return;
            }

            var headers = new List<string>();
            for (var h = 0; h < reader.Count(Match("headers")); h++)
            {
                var type = reader.String(Match("headers", "[" + h + "]", "type")) ?? "Exact";
                var operation = type switch
                {
                    "Exact" => "=",
                    "RegularExpression" => "~=",
                    _
                    => throw new LeaveOutException($"rule {rule + 1} matches a header by {type}; the DSL writes Exact and "
                        + $"RegularExpression")
                };
                headers.Add(reader.String(Match("headers", "[" + h + "]", "name")) + operation + reader.String(Match("headers", "[" + h
                    + "]", "value")));
            }

            arguments.Add(CSharp.Named("Headers", headers));
            if (reader.Node(Match("path")) != null)
            {
                var type = reader.String(Match("path", "type")) ?? "PathPrefix";
                var value = reader.String(Match("path", "value")) ?? "/";
                arguments.Add(type switch
                {
                    "Exact" => CSharp.Named("UriExact", value),
                    "RegularExpression" => CSharp.Named("UriRegex", value),
                    "PathPrefix" when value == "/" => CSharp.Named("UriPrefix", value),
                    _
                        => throw new LeaveOutException($"rule {rule + 1} matches the path by {type} {value}; the DSL writes Exact, "
                            + "RegularExpression and the prefix /"),
                });
            }
        }

        /// <summary>The grant the DSL writes for each backend Service of the route in another namespace.</summary>
        private void NoteReferenceGrants(GatewayApiRoute route, ImportedClass target)
        {
            var reader = route.Item.Reader;
            var routeNamespace = route.Item.Namespace ?? "default";
            for (var i = 0; i < reader.Count("spec", "rules"); i++)
            {
                var backend = new[] { "spec", "rules", "[" + i + "]", "backendRefs", "[0]" };
                var grantNamespace = Peek(reader, backend.Append("namespace").ToArray());
                if (grantNamespace == null || grantNamespace == routeNamespace || Peek(reader, backend.Append("kind").ToArray()) != null)
                {
                    continue;
                }

                var service = Peek(reader, backend.Append("name").ToArray())!;
                var kind = route.Item.Source.Kind!;
                var name = service + "-reference-grant" + (routeNamespace == "default" ? string.Empty : "-" + routeNamespace)
                    + (kind == "HTTPRoute" ? string.Empty : "-" + kind.ToLowerInvariant());
                _referenceGrants[grantNamespace + "/" + name] = (kind, routeNamespace, service, target);
            }
        }

        /// <summary>A ReferenceGrant is imported when an imported route makes the DSL write it; a user never declares one.</summary>
        private void ImportReferenceGrant(ImportedObject item)
        {
            var reader = item.Reader;
            if (!_referenceGrants.TryGetValue((item.Namespace ?? "default") + "/" + item.Name, out var grant)
                || reader.Count("spec", "from") != 1 || reader.Count("spec", "to") != 1
                || reader.String("spec", "from", "[0]", "group") != ImportKinds.GatewayApiGroup
                || reader.String("spec", "from", "[0]", "kind") != grant.Kind
                || reader.String("spec", "from", "[0]", "namespace") != grant.RouteNamespace
                || (reader.String("spec", "to", "[0]", "group") ?? string.Empty) != string.Empty
                || reader.String("spec", "to", "[0]", "kind") != "Service"
                || reader.String("spec", "to", "[0]", "name") != grant.Service)
            {
                _losses.Add(item.Loss(null,
                    "the DSL writes a ReferenceGrant only for an imported route's backend Service in another namespace (named "
                        + "<service>-reference-grant[-<route namespace>][-<route kind>]), and this is not one"));
                return;
            }

            AddOrigin(grant.Class, item);
            ReportUnread(item);
        }
    }
}
