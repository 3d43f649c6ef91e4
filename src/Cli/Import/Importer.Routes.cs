using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Import
{
    internal sealed partial class Importer
    {
        private static readonly string[] RuleKinds = { "http", "tls", "tcp" };

        /// <summary>What the rules of one route share while they are read: the service, the gateway hop and the weights.</summary>
        private sealed class RouteContext
        {
            internal RouteContext(IReadOnlyList<string> hosts) => Hosts = hosts;

            internal IReadOnlyList<string> Hosts { get; }

            /// <summary>How service rules at the gateway name it (<c>match.gateways</c>), or null for a direct route.</summary>
            internal string? GatewayReference { get; set; }

            /// <summary>The gateway server port the sidecar's hop sends each kind of traffic to: a service rule with this port leaves it
            /// out.</summary>
            internal Dictionary<string, int> ImpliedPorts { get; } = new(StringComparer.Ordinal);

            /// <summary>The host the rules send traffic to: the service's first host, or the ForwardTo service's.</summary>
            internal string? DestinationHost { get; set; }

            /// <summary>The hops with a single destination written with weight 100 (ExplicitWeightHops), and those written without, by
            /// hop.</summary>
            internal RouteHopSet ExplicitHops { get; set; }

            internal List<(RouteHopSet Hop, FieldReader Reader, string[] Path)> WithoutWeight { get; } = new();

            /// <summary>Service-hop destinations written without a port (OmitSingleDestinationPort when the service has one
            /// port).</summary>
            internal List<(FieldReader Reader, string[] Path)> WithoutPort { get; } = new();
        }

        /// <summary>The hops of a route, as the DSL's RouteHops flags name them.</summary>
        [Flags]
        private enum RouteHopSet
        {
            None = 0,
            Mesh = 1,
            Service = 2,
        }

        private void ImportVirtualServices(List<ImportedObject> routes)
        {
            var gatewayHalves = new List<ImportedObject>();
            var meshHalves = new List<ImportedObject>();
            foreach (var route in routes)
            {
                var gateways = Gateways(route);
                if (gateways.Count == 1 && gateways[0] != MeshGateway)
                {
                    gatewayHalves.Add(route);
                }
                else if (gateways.Count == 0 && SendsToGatewayService(route))
                {
                    meshHalves.Add(route);
                }
            }

            // Pairs first: the gateway's VirtualService may come before the sidecar's in the input.
            var pairs = new Dictionary<ImportedObject, ImportedObject>();
            foreach (var mesh in meshHalves)
            {
                var hosts = mesh.Reader.Node("spec", "hosts")?.ToString();
                var gatewayHalf = gatewayHalves.FirstOrDefault(g => !pairs.ContainsValue(g) && g.Reader.Node("spec", "hosts")?.ToString() == hosts);
                if (gatewayHalf != null)
                {
                    pairs[mesh] = gatewayHalf;
                }
            }

            foreach (var route in routes)
            {
                if (pairs.ContainsValue(route))
                {
                    continue;
                }

                var involved = new List<ImportedObject> { route };
                try
                {
                    var gateways = Gateways(route);
                    if (meshHalves.Contains(route))
                    {
                        var gatewayHalf = pairs.TryGetValue(route, out var half)
                            ? half
                            : throw new LeaveOutException("it sends the sidecar's traffic to an egress gateway, but no VirtualService bound to that gateway routes the same hosts on");
                        involved.Add(gatewayHalf);
                        ImportRoute(route, gatewayHalf);
                    }
                    else if (gatewayHalves.Contains(route))
                    {
                        throw new LeaveOutException("it is bound to a gateway only, and no VirtualService sends the sidecar's traffic for its hosts to that gateway (the DSL writes the gateway's routes with the sidecar's hop)");
                    }
                    else if (gateways.Count == 0 || (gateways.Count == 1 && gateways[0] == MeshGateway))
                    {
                        ImportRoute(route, null);
                    }
                    else if (gateways.Count == 2 && gateways.Contains(MeshGateway))
                    {
                        ImportRoute(route, route);
                    }
                    else
                    {
                        throw new LeaveOutException("it is bound to " + string.Join(", ", gateways) + ": the DSL writes a route for the sidecars, through one egress gateway, or both");
                    }

                    foreach (var item in involved)
                    {
                        ReportUnread(item);
                    }
                }
                catch (LeaveOutException exception)
                {
                    foreach (var item in involved)
                    {
                        _losses.Add(item.Loss(null, exception.Message));
                    }
                }
                catch (Exception exception) when (IsUnexpectedShape(exception))
                {
                    foreach (var item in involved)
                    {
                        _losses.Add(item.Loss(null, UnexpectedShape(exception)));
                    }
                }
            }
        }

        private static List<string> Gateways(ImportedObject route) =>
            (route.Reader.Node("spec", "gateways") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToList() ?? new List<string>();

        private bool SendsToGatewayService(ImportedObject route) =>
            RuleKinds.SelectMany(kind => Rules(route.Reader, kind)).SelectMany(rule => Destinations(route.Reader, rule)).Any(IsGatewayServiceHost);

        private bool IsGatewayServiceHost(string host) =>
            string.Equals(host, DefaultGatewayServiceHost, StringComparison.OrdinalIgnoreCase)
            || _gateways.Any(g => string.Equals(g.ServiceHost, host, StringComparison.OrdinalIgnoreCase));

        private static IEnumerable<string[]> Rules(FieldReader reader, string kind) =>
            Enumerable.Range(0, reader.Count("spec", kind)).Select(i => new[] { "spec", kind, "[" + i + "]" });

        private static IEnumerable<string> Destinations(FieldReader reader, string[] rule) =>
            Enumerable.Range(0, reader.Count(rule.Append("route").ToArray()))
                .Select(j => (reader.Node(rule.Concat(new[] { "route", "[" + j + "]", "destination", "host" }).ToArray()) as YamlScalarNode)?.Value ?? string.Empty);

        private static string[] At(string[] path, params string[] rest) => path.Concat(rest).ToArray();

        private static bool IsMeshHopRule(FieldReader reader, string[] rule) =>
            reader.Node(At(rule, "match", "[0]", "gateways")) is YamlSequenceNode gateways
            && gateways.Children.Count == 1 && (gateways.Children[0] as YamlScalarNode)?.Value == MeshGateway;

        /// <summary>
        /// One route class from a direct VirtualService (<paramref name="gatewayHalf"/> null), a combined one (both the same), or a
        /// pair of the sidecar's VirtualService and the gateway's.
        /// </summary>
        private void ImportRoute(ImportedObject first, ImportedObject? gatewayHalf)
        {
            var reader = first.Reader;
            var hosts = reader.Strings("spec", "hosts") ?? throw new LeaveOutException("a VirtualService without spec.hosts");
            var existing = _servicesByHost.TryGetValue(hosts[0], out var known) ? known : null;
            if (existing != null && !existing.Hosts.SequenceEqual(hosts, StringComparer.OrdinalIgnoreCase))
            {
                throw new LeaveOutException($"its hosts ({string.Join(", ", hosts)}) are not the hosts of one service ({string.Join(", ", existing.Hosts)}): the DSL routes all of a service's hosts together");
            }

            // A host another registry owns (a [MeshHost] of a DestinationRule, its Service applied before): the ports the route
            // sends to are the ports it declares, which write nothing of their own.
            var inferredPorts = existing is { IsMeshHost: true, KubernetesService: null, Ports.Count: 0 } ? DestinationPorts(gatewayHalf ?? first, hosts[0]) : new List<int>();
            if (existing == null || (existing.Ports.Count == 0 && inferredPorts.Count == 0))
            {
                // A route needs the service's ports (for its destination port): import the route with the objects that declare them.
                throw new LeaveOutException($"no ServiceEntry or Kubernetes Service in the input declares the ports of {string.Join(", ", hosts)}; import the route together with it");
            }

            var context = new RouteContext(hosts);
            var combined = gatewayHalf == first;
            GatewayClass? gateway = null;
            string? gatewaySubset = null;
            var meshPort = 0;
            var gatewayPort = 0;
            if (gatewayHalf != null)
            {
                var reference = Gateways(gatewayHalf).First(g => g != MeshGateway);
                gateway = _gateways.FirstOrDefault(g => g.IsNamedBy(reference, gatewayHalf.Namespace))
                    ?? throw new LeaveOutException($"it is bound to the Gateway {reference}, which is not in the input");
                if (gatewayHalf.Namespace != first.Namespace)
                {
                    throw new LeaveOutException("the DSL writes the sidecar's and the gateway's VirtualService in one namespace");
                }

                gatewayHalf.Reader.MarkRead("spec", "gateways");
                context.GatewayReference = combined ? reference : null;
                (meshPort, gatewayPort, gatewaySubset) = ReadMeshHops(first, gateway, context, combined);
            }
            else if (Gateways(first).Count == 1)
            {
                reader.MarkLost("the DSL leaves out gateways: [mesh], the default", "spec", "gateways");
            }

            var rules = new List<AttributeSpec>();
            var source = gatewayHalf ?? first;
            foreach (var kind in RuleKinds)
            {
                // The DSL writes the sidecar's hop before the gateway's rules; the two match different gateways, so Istio matches the same.
                var kinds = Rules(source.Reader, kind).Select(r => IsMeshHopRule(source.Reader, r)).ToList();
                if (combined && kinds.IndexOf(true) > kinds.IndexOf(false) && kinds.Contains(false))
                {
                    source.Reader.MarkOrderLost("the DSL writes the sidecar's hop before the gateway's rules (the same routing: they match different gateways)", "spec", kind);
                }

                foreach (var rule in Rules(source.Reader, kind).Where(r => !(combined && IsMeshHopRule(source.Reader, r))))
                {
                    rules.Add(ReadRule(source.Reader, kind, rule, context));
                }
            }

            ServiceClass? forwardTo = null;
            if (context.DestinationHost != null && !string.Equals(context.DestinationHost, hosts[0], StringComparison.OrdinalIgnoreCase))
            {
                forwardTo = _servicesByHost.TryGetValue(context.DestinationHost, out var other) && string.Equals(other.Hosts[0], context.DestinationHost, StringComparison.OrdinalIgnoreCase)
                    ? other
                    : throw new LeaveOutException($"it sends traffic to {context.DestinationHost}, which no service in the input declares as its first host");
            }

            foreach (var (hop, rulesReader, path) in context.WithoutWeight.Where(w => context.ExplicitHops.HasFlag(w.Hop)))
            {
                rulesReader.MarkLost($"absent here; the route writes weight 100 on every single destination of the {hop.ToString().ToLowerInvariant()} hop (ExplicitWeightHops), as on the others", path);
            }

            // Istio sends a destination without a port to the service's one port: the DSL leaves it out for such a service only.
            var destinationService = forwardTo ?? existing;
            var omitSinglePort = context.WithoutPort.Count > 0 && destinationService.Ports.Count == 1;
            if (context.WithoutPort.Count > 0 && !omitSinglePort)
            {
                throw new LeaveOutException($"a destination without port on {destinationService.Hosts[0]}, which has {destinationService.Ports.Count} ports: Istio needs the port, and the DSL leaves it out only for a service with one port");
            }

            var allHops = gatewayHalf == null ? RouteHopSet.Service : RouteHopSet.Mesh | RouteHopSet.Service;
            var explicitWeights = context.ExplicitHops == allHops;

            // Everything is known to fit: only now are classes made and attributes added.
            var service = existing;
            foreach (var number in inferredPorts)
            {
                service.Ports.Add((number, string.Empty, 0));
                service.Class.Part(ClassPart.Service).Add(AttributeSpec.Of("ServicePort", CSharp.Int(number), CSharp.String(string.Empty)));
            }

            var target = NewClass(first.Name, first, "Route");
            AddOrigin(target, first);
            _directIstioRoutes |= gatewayHalf == null;
            if (gatewayHalf != null && !combined)
            {
                AddOrigin(target, gatewayHalf);
            }

            var part = target.Part(ClassPart.Route);
            part.Add(AttributeSpec.Of(
                "EgressRoute",
                "typeof(" + service.Class.Name + ")",
                gateway == null ? null : "Through = typeof(" + gateway.Class.Name + ")",
                forwardTo == null ? null : "ForwardTo = typeof(" + forwardTo.Class.Name + ")",
                CSharp.Named("Port", meshPort),
                CSharp.Named("GatewayPort", gatewayPort),
                CSharp.Named("GatewaySubset", gatewaySubset),
                CSharp.NamedBool("Combined", combined),
                CSharp.NamedBool("ExplicitWeights", explicitWeights),
                explicitWeights || context.ExplicitHops == RouteHopSet.None ? null : "ExplicitWeightHops = RouteHops." + context.ExplicitHops,
                CSharp.NamedBool("OmitSingleDestinationPort", omitSinglePort),
                gatewayHalf == null || combined ? CSharp.Named("Name", first.Name) : null,
                gatewayHalf != null && !combined ? CSharp.Named("MeshName", first.Name) : null,
                gatewayHalf != null && !combined ? CSharp.Named("GatewayName", gatewayHalf.Name) : null,
                CSharp.Named("Namespace", first.Namespace),
                CSharp.Named("ExportTo", reader.Strings("spec", "exportTo"))));
            if (gatewayHalf != null && !combined)
            {
                var gatewayExport = gatewayHalf.Reader.Node("spec", "exportTo")?.ToString();
                if (gatewayExport == reader.Node("spec", "exportTo")?.ToString())
                {
                    gatewayHalf.Reader.MarkRead("spec", "exportTo");
                }

                gatewayHalf.Reader.MarkRead("spec", "hosts");
            }

            part.AddRange(rules);
        }

        /// <summary>
        /// The distinct destination ports of the rules that send to <paramref name="host"/>, or none when one of them writes no
        /// port (the route then needs the service's own ports).
        /// </summary>
        private static List<int> DestinationPorts(ImportedObject route, string host)
        {
            var ports = new List<int>();
            foreach (var rule in RuleKinds.SelectMany(kind => Rules(route.Reader, kind)))
            {
                for (var j = 0; j < route.Reader.Count(At(rule, "route")); j++)
                {
                    var destination = At(rule, "route", "[" + j + "]", "destination");
                    if (!string.Equals(route.Reader.String(At(destination, "host")), host, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var number = route.Reader.Int(At(destination, "port", "number"));
                    if (number == null)
                    {
                        return new List<int>();
                    }

                    if (!ports.Contains(number.Value))
                    {
                        ports.Add(number.Value);
                    }
                }
            }

            return ports;
        }

        /// <summary>The sidecar's hop to the gateway: the port it matches, the gateway Service port and subset it sends to.</summary>
        private static (int MeshPort, int GatewayPort, string? Subset) ReadMeshHops(ImportedObject mesh, GatewayClass gateway, RouteContext context, bool combined)
        {
            var reader = mesh.Reader;
            int? meshPort = null;
            var gatewayPort = 0;
            string? subset = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var kind in RuleKinds)
            {
                foreach (var rule in Rules(reader, kind).Where(r => !combined || IsMeshHopRule(reader, r)))
                {
                    if (!seen.Add(kind))
                    {
                        reader.MarkLost("the DSL writes one sidecar hop per kind of traffic", rule);
                        continue;
                    }

                    if (reader.Count(At(rule, "match")) > 1)
                    {
                        reader.MarkLost("the DSL writes one match on the sidecar's hop", At(rule, "match", "[1]"));
                    }

                    if (combined)
                    {
                        reader.MarkRead(At(rule, "match", "[0]", "gateways"));
                    }

                    var port = reader.Int(At(rule, "match", "[0]", "port")) ?? 0;
                    if (meshPort != null && meshPort != port)
                    {
                        reader.MarkLost($"the DSL's sidecar hop matches one port ({meshPort}) for every kind of traffic", At(rule, "match", "[0]", "port"));
                    }

                    meshPort ??= port;
                    if (kind == "tls")
                    {
                        reader.MarkRead(At(rule, "match", "[0]", "sniHosts"));
                    }

                    if (reader.Count(At(rule, "route")) != 1)
                    {
                        throw new LeaveOutException("the sidecar's hop to the gateway splits its traffic");
                    }

                    var destination = At(rule, "route", "[0]", "destination");
                    gateway.ServiceHost = reader.String(At(destination, "host")) ?? throw new LeaveOutException("the sidecar's hop has no destination host");
                    subset = reader.String(At(destination, "subset"));
                    var target = reader.Int(At(destination, "port", "number")) ?? 0;
                    context.ImpliedPorts[kind] = target;
                    if (target != port)
                    {
                        gatewayPort = target;
                    }

                    ReadWeight(reader, At(rule, "route", "[0]"), context, RouteHopSet.Mesh);
                }
            }

            return (meshPort ?? 0, gatewayPort, subset);
        }

        private static void ReadWeight(FieldReader reader, string[] destination, RouteContext context, RouteHopSet hop)
        {
            var weight = reader.Int(At(destination, "weight"));
            if (weight == 100)
            {
                context.ExplicitHops |= hop;
            }
            else if (weight == null)
            {
                context.WithoutWeight.Add((hop, reader, At(destination, "weight")));
            }
            else
            {
                reader.MarkLost($"a single destination gets all the traffic; the DSL writes its weight as 100 or not at all, not {weight}", At(destination, "weight"));
            }
        }

        private static AttributeSpec ReadRule(FieldReader reader, string kind, string[] rule, RouteContext context)
        {
            var arguments = new List<string?>();
            if (kind == "http")
            {
                arguments.Add(CSharp.Named("Name", reader.String(At(rule, "name"))));
            }

            for (var m = 1; m < reader.Count(At(rule, "match")); m++)
            {
                reader.MarkLost("the DSL writes one match per rule (write another rule for this match)", At(rule, "match", "[" + m + "]"));
            }

            var match = At(rule, "match", "[0]");
            if (context.GatewayReference != null)
            {
                var gateways = reader.Strings(At(match, "gateways"));
                if (gateways == null || gateways.Count != 1 || gateways[0] != context.GatewayReference)
                {
                    reader.MarkLost($"the DSL matches the gateway {context.GatewayReference} on every rule at the gateway", At(match, "gateways"));
                }
            }

            var port = reader.Int(At(match, "port")) ?? 0;
            if (!(context.ImpliedPorts.TryGetValue(kind, out var implied) && implied == port))
            {
                arguments.Add(CSharp.Named("Port", port));
            }

            if (kind == "tls")
            {
                var sniHosts = reader.Strings(At(match, "sniHosts")) ?? new List<string>();
                if (!sniHosts.SequenceEqual(context.Hosts, StringComparer.Ordinal))
                {
                    arguments.InsertRange(0, sniHosts.Select(CSharp.String));
                }
            }

            if (kind == "http")
            {
                var headers = new List<string>();
                foreach (var name in reader.Keys(At(match, "headers")))
                {
                    var header = At(match, "headers", name);
                    var (operation, value) = StringMatch(reader, header);
                    if (value != null)
                    {
                        headers.Add(name + operation + value);
                    }
                }

                arguments.Add(CSharp.Named("Headers", headers));
                foreach (var (field, property) in new[] { ("exact", "UriExact"), ("prefix", "UriPrefix"), ("regex", "UriRegex") })
                {
                    arguments.Add(CSharp.Named(property, reader.String(At(match, "uri", field))));
                }

                arguments.Add(CSharp.Named("Timeout", reader.String(At(rule, "timeout"))));
            }

            ReadDestinations(reader, rule, context, arguments);
            return AttributeSpec.Of(RuleAttribute(kind), arguments.ToArray());
        }

        /// <summary>The rule attribute of a kind of rule (<c>http</c>, <c>tls</c>, <c>tcp</c>), in a VirtualService or a Gateway API
        /// route.</summary>
        private static string RuleAttribute(string kind) => kind switch { "http" => "HttpRoute", "tls" => "TlsRoute", _ => "TcpRoute" };

        /// <summary>A header's string match as the DSL writes it: <c>=</c> exact, <c>^=</c> prefix, <c>~=</c> RE2.</summary>
        private static (string Operation, string? Value) StringMatch(FieldReader reader, string[] path)
        {
            var keys = reader.Keys(path).ToList();
            if (keys.Count != 1)
            {
                return ("=", null);
            }

            var operation = keys[0] switch { "exact" => "=", "prefix" => "^=", "regex" => "~=", _ => null };
            return operation == null ? ("=", null) : (operation, reader.String(At(path, keys[0])));
        }

        private static void ReadDestinations(FieldReader reader, string[] rule, RouteContext context, List<string?> arguments)
        {
            var count = reader.Count(At(rule, "route"));
            if (count == 0)
            {
                throw new LeaveOutException($"{string.Join(".", rule.Skip(1))} has no destination (a redirect or direct response); the DSL writes routes to a service");
            }

            int? destinationPort = null;
            var split = new List<string>();
            string? subset = null;
            for (var j = 0; j < count; j++)
            {
                var entry = At(rule, "route", "[" + j + "]");
                var destination = At(entry, "destination");
                var host = reader.String(At(destination, "host")) ?? string.Empty;
                if (context.DestinationHost != null && !string.Equals(context.DestinationHost, host, StringComparison.OrdinalIgnoreCase))
                {
                    throw new LeaveOutException($"its rules send traffic to two hosts ({context.DestinationHost} and {host}); the DSL routes one service to one destination service");
                }

                context.DestinationHost = host;
                var port = reader.Int(At(destination, "port", "number"));
                if (port == null)
                {
                    context.WithoutPort.Add((reader, At(destination, "port")));
                }
                else if (destinationPort != null && destinationPort != port)
                {
                    throw new LeaveOutException("one rule sends traffic to two ports; the DSL writes one destination port per rule");
                }

                destinationPort ??= port;
                subset = reader.String(At(destination, "subset"));
                if (count == 1)
                {
                    ReadWeight(reader, entry, context, RouteHopSet.Service);
                    continue;
                }

                var weight = reader.Int(At(entry, "weight"));
                if (subset == null || weight == null)
                {
                    throw new LeaveOutException("a rule splits traffic across destinations without subsets or weights; the DSL splits across subsets (Split = [\"subset=weight\"])");
                }

                split.Add(subset + "=" + weight);
            }

            if (count == 1)
            {
                arguments.Add(CSharp.Named("Subset", subset));
            }
            else
            {
                arguments.Add(CSharp.Named("Split", split));
            }

            arguments.Add(CSharp.Named("DestinationPort", destinationPort ?? 0));
        }
    }
}
