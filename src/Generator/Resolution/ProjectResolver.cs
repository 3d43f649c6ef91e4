using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Links classes to each other (a route to its service and gateway) and finds what no single class shows: a subset
    /// or port that does not exist, a gateway that does not accept the host, two classes writing the same resource.
    /// Classes with problems are left out, so no wrong manifest is written.
    /// </summary>
    internal static class ProjectResolver
    {
        public const string DefaultApiVersion = "v1";

        public static ResolvedProject Resolve(ImmutableArray<EgressClassModel> models, GeneratorOptions options)
        {
            var sorted = models
                .GroupBy(m => m.Identity.MetadataName, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(m => m.Identity.MetadataName, StringComparer.Ordinal)
                .ToList();
            var byName = sorted.ToDictionary(m => m.Identity.MetadataName, StringComparer.Ordinal);
            var issues = new List<ResolutionIssue>();
            var classes = new List<ResolvedClass>();

            foreach (var model in sorted)
            {
                if (model.Route is not { } route)
                {
                    classes.Add(new ResolvedClass(model, null, options.IstioApiVersion));
                    continue;
                }

                var resolved = ResolveRoute(model, route, byName, issues);
                if (resolved is not null)
                {
                    classes.Add(new ResolvedClass(model, resolved, options.IstioApiVersion));
                }
            }

            var duplicates = FindDuplicateResources(classes, issues);
            var kept = classes.Where(c => !duplicates.Contains(c.Class.Identity.MetadataName)).ToEquatableArray();
            return new ResolvedProject(kept, issues.ToEquatableArray(), options.IstioApiVersion, options.EmitEnvoy);
        }

        private static ResolvedRoute? ResolveRoute(EgressClassModel model, RouteModel route, Dictionary<string, EgressClassModel> byName, List<ResolutionIssue> issues)
        {
            var className = model.Identity.MetadataName;
            var rootOrdinal = -2;
            if (!byName.TryGetValue(route.ServiceMetadataName, out var serviceClass) || serviceClass.Service is not { } service)
            {
                // The service has errors of its own, reported there; a route to it cannot be written correctly.
                issues.Add(Issue(DiagnosticDescriptors.NotGenerated.Id, className, rootOrdinal, "Service", null, route.ServiceMetadataName, "errors in the routed service"));
                return null;
            }

            GatewayModel? gateway = null;
            if (route.GatewayMetadataName is not null)
            {
                if (!byName.TryGetValue(route.GatewayMetadataName, out var gatewayClass) || gatewayClass.Gateway is null)
                {
                    issues.Add(Issue(DiagnosticDescriptors.NotGenerated.Id, className, rootOrdinal, "Through", null, route.GatewayMetadataName, "errors in the egress gateway"));
                    return null;
                }

                gateway = gatewayClass.Gateway;
            }

            var before = issues.Count;
            var subsets = service.DestinationRule?.Subsets.Select(s => s.Name).ToImmutableHashSet(StringComparer.Ordinal) ?? ImmutableHashSet<string>.Empty;
            var destinationPorts = new List<int>();
            var gatewayServerPorts = new List<int>();
            foreach (var rule in route.Rules)
            {
                foreach (var destination in rule.Destinations)
                {
                    if (destination.Subset is { } subset && !subsets.Contains(subset))
                    {
                        var argument = rule.Destinations.Count > 1 ? "Split" : "Subset";
                        var element = rule.Destinations.Count > 1 ? rule.Destinations.AsImmutableArray().IndexOf(destination) : (int?)null;
                        issues.Add(Issue(DiagnosticDescriptors.UnknownSubset.Id, className, rule.AttributeOrdinal, argument, element, subset, service.Hosts.FirstOrDefault() ?? service.Name, ShortName(serviceClassName: route.ServiceMetadataName)));
                    }
                }

                destinationPorts.Add(ResolveDestinationPort(className, rule, service, issues));

                if (gateway is not null)
                {
                    gatewayServerPorts.Add(ResolveGatewayServerPort(className, route, rule, service, gateway, issues));
                }
            }

            if (gateway is not null && route.GatewaySubset is { } gatewaySubset
                && !(gateway.DestinationRule?.Subsets.Any(s => s.Name == gatewaySubset) ?? false))
            {
                issues.Add(Issue(DiagnosticDescriptors.UnknownSubset.Id, className, rootOrdinal, "GatewaySubset", null, gatewaySubset, gateway.ServiceHost, ShortName(route.GatewayMetadataName!)));
            }

            if (issues.Count != before)
            {
                return null;
            }

            return new ResolvedRoute(route, service, gateway, destinationPorts.ToEquatableArray(), gatewayServerPorts.ToEquatableArray());
        }

        private static int ResolveDestinationPort(string className, RouteRuleModel rule, ExternalServiceModel service, List<ResolutionIssue> issues)
        {
            var ports = string.Join(", ", service.Ports.Select(p => p.Number.ToString(CultureInfo.InvariantCulture)));
            if (rule.DestinationPort != 0)
            {
                if (!service.Ports.Any(p => p.Number == rule.DestinationPort))
                {
                    issues.Add(Issue(DiagnosticDescriptors.UnknownDestinationPort.Id, className, rule.AttributeOrdinal, "DestinationPort", null,
                        rule.DestinationPort.ToString(CultureInfo.InvariantCulture), service.Hosts.FirstOrDefault() ?? service.Name, ports.Length == 0 ? "none" : ports));
                }

                return rule.DestinationPort;
            }

            if (service.Ports.Count == 1)
            {
                return service.Ports[0].Number;
            }

            if (service.Ports.Count > 1)
            {
                issues.Add(Issue(DiagnosticDescriptors.DestinationPortRequired.Id, className, rule.AttributeOrdinal, null, null, service.Hosts.FirstOrDefault() ?? service.Name, ports));
            }

            // No declared port: the route names no port, which Istio accepts for a service with one implicit port.
            return 0;
        }

        private static int ResolveGatewayServerPort(string className, RouteModel route, RouteRuleModel rule, ExternalServiceModel service, GatewayModel gateway, List<ResolutionIssue> issues)
        {
            var candidates = gateway.Servers
                .Where(server => ServerCarries(server, rule.Kind) && service.Hosts.Any(host => ServerAcceptsHost(server, host, gateway.Namespace)))
                .ToList();
            var wanted = route.GatewayPort != 0 ? route.GatewayPort : 0;
            var chosen = wanted != 0 ? candidates.FirstOrDefault(s => s.Port == wanted) : candidates.FirstOrDefault();
            if (chosen is null)
            {
                var portText = wanted != 0 ? " on port " + wanted.ToString(CultureInfo.InvariantCulture) : string.Empty;
                issues.Add(Issue(DiagnosticDescriptors.NoGatewayServerForHost.Id, className, rule.AttributeOrdinal < 0 ? -2 : rule.AttributeOrdinal, rule.AttributeOrdinal < 0 ? "Through" : null, null,
                    gateway.Name, service.Hosts.FirstOrDefault() ?? service.Name, portText + " for " + rule.Kind.ToString().ToUpperInvariant() + " traffic"));
                return 0;
            }

            return chosen.Port;
        }

        /// <summary>Which gateway servers can carry a rule's traffic: HTTP rules need a server that sees HTTP, TLS and TCP rules one that forwards the stream.</summary>
        public static bool ServerCarries(GatewayServerModel server, RouteKind kind) => kind switch
        {
            RouteKind.Http => server.Protocol is PortProtocol.Http or PortProtocol.Http2 or PortProtocol.Grpc
                || (server.Protocol == PortProtocol.Https && server.Tls is not (ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough)),
            RouteKind.Tls => server.Protocol is PortProtocol.Tls or PortProtocol.Https && server.Tls is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough,
            _ => server.Protocol is PortProtocol.Tcp or PortProtocol.Tls or PortProtocol.Mongo,
        };

        /// <summary>Gateway host matching: <c>ns/host</c> is reduced to its host, <c>*</c> matches anything, <c>*.x</c> matches names under x.</summary>
        public static bool ServerAcceptsHost(GatewayServerModel server, string host, string? gatewayNamespace)
        {
            _ = gatewayNamespace;
            foreach (var entry in server.Hosts)
            {
                var slash = entry.IndexOf('/');
                var serverHost = slash >= 0 ? entry.Substring(slash + 1) : entry;
                if (HostMatches(serverHost, host))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool HostMatches(string pattern, string host)
        {
            if (pattern == "*" || string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = pattern.Substring(1);
                if (host.StartsWith("*.", StringComparison.Ordinal))
                {
                    return host.Substring(1).EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
                }

                return host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && host.Length > suffix.Length;
            }

            return false;
        }

        private static HashSet<string> FindDuplicateResources(List<ResolvedClass> classes, List<ResolutionIssue> issues)
        {
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            var duplicates = new HashSet<string>(StringComparer.Ordinal);
            foreach (var resolved in classes)
            {
                foreach (var (kind, ns, name) in ResourceKeys(resolved))
                {
                    var key = kind + "/" + (ns ?? string.Empty) + "/" + name;
                    if (owners.TryGetValue(key, out var owner) && owner != resolved.Class.Identity.MetadataName)
                    {
                        duplicates.Add(resolved.Class.Identity.MetadataName);
                        issues.Add(Issue(DiagnosticDescriptors.DuplicateResource.Id, resolved.Class.Identity.MetadataName, -2, "Name", null, kind, name, ShortName(owner)));
                    }
                    else
                    {
                        owners[key] = resolved.Class.Identity.MetadataName;
                    }
                }
            }

            return duplicates;
        }

        private static IEnumerable<(string Kind, string? Namespace, string Name)> ResourceKeys(ResolvedClass resolved)
        {
            var model = resolved.Class;
            if (model.Service is { } service)
            {
                yield return ("ServiceEntry", service.Namespace, service.Name);
                if (service.DestinationRule is { } rule)
                {
                    yield return ("DestinationRule", rule.Namespace, rule.Name);
                }

                if (service.KubernetesService is { } kubernetes)
                {
                    yield return ("Service", kubernetes.Namespace, kubernetes.Name);
                }
            }

            if (model.Gateway is { } gateway)
            {
                yield return ("Gateway", gateway.Namespace, gateway.Name);
                if (gateway.DestinationRule is { } rule)
                {
                    yield return ("DestinationRule", rule.Namespace, rule.Name);
                }
            }

            if (resolved.Route is { } route)
            {
                foreach (var name in VirtualServiceNames(route))
                {
                    yield return ("VirtualService", route.Route.Namespace, name);
                }
            }
        }

        public static IEnumerable<string> VirtualServiceNames(ResolvedRoute route)
        {
            if (route.Gateway is null || route.Route.Combined)
            {
                yield return route.Route.CombinedName;
            }
            else
            {
                yield return route.Route.MeshName;
                yield return route.Route.GatewayName;
            }
        }

        /// <summary>The class name a user reads, from a fully qualified metadata name.</summary>
        public static string ShortName(string serviceClassName)
        {
            var dot = serviceClassName.LastIndexOf('.');
            var name = dot >= 0 ? serviceClassName.Substring(dot + 1) : serviceClassName;
            return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
        }

        private static ResolutionIssue Issue(string id, string className, int ordinal, string? argument, int? element, params string[] arguments) =>
            new(id, className, ordinal, argument, element, arguments.ToEquatableArray());
    }
}
