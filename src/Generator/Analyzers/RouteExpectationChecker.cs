using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Intents;
using EgressDsl.Generator.Resolution;
using EgressDsl.Generator.Simulation;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>
    /// Why an expectation does not hold: the message arguments of EGRESS300; or, with <paramref name="Undecided"/>, why it
    /// could not be decided (EGRESS302): a matcher on the way the simulator could not evaluate, which proves nothing either way.
    /// </summary>
    internal sealed record RouteExpectationFailure(string Request, string Expected, string Actual, string? Undecided = null);

    /// <summary>
    /// Checks [ExpectRoute]s against the project's Envoy configuration: builds the request an expectation describes, runs it
    /// through the simulator from the client's sidecar (and on to the egress gateway the sidecar sends it to), and compares
    /// where it ends with what the expectation states. Works on models only; the analyzer supplies them and the locations.
    /// </summary>
    internal sealed class RouteExpectationChecker
    {
        private readonly EnvoyProxy? sidecar;
        private readonly List<EnvoyProxy> gateways;

        private RouteExpectationChecker(EnvoyProxy? sidecar, List<EnvoyProxy> gateways)
        {
            this.sidecar = sidecar;
            this.gateways = gateways;
        }

        // One checker per resolved project: the [ExpectRoute] analyzer (EGRESS300) and the endpoint check (EGRESS080) run at
        // the end of the same compilation on the same ResolvedProject instance (ResolvedProjectCache), and building the Envoy
        // configuration and reading it back is the costly part of both. The sidecar's parts come from what the build's Envoy
        // step kept (RenderCache), and the simulator builds only the parts of the JSON a request reads.
        private static readonly ConditionalWeakTable<ResolvedProject, RouteExpectationChecker> ByProject = new();

        /// <summary>The checker of a resolved project's Envoy configuration, built once for every analyzer that asks.</summary>
        public static RouteExpectationChecker Of(ResolvedProject project) =>
            ByProject.GetValue(project, static resolved => From(EnvoyEmitter.Proxies(resolved, RenderCache.EnvoyParts)));

        /// <summary>Whether a checker was built for the project: what the route check avoids when no cluster is empty.</summary>
        internal static bool WasBuiltFor(ResolvedProject project) => ByProject.TryGetValue(project, out _);

        /// <summary>Reads the generated configuration back with the simulator, exactly as a user would read the files.</summary>
        public static RouteExpectationChecker From(EnvoyOutput output)
        {
            EnvoyProxy? sidecar = null;
            var gateways = new List<EnvoyProxy>();
            foreach (var proxy in output.Proxies)
            {
                var name = proxy.Kind == EnvoyProxyFile.SidecarKind ? "the sidecar" : "gateway " + proxy.Name;
                var parsed = EnvoyProxy.Parse(proxy.Json, name, proxy.ServiceHost);
                if (proxy.Kind == EnvoyProxyFile.SidecarKind)
                {
                    sidecar = parsed;
                }
                else
                {
                    gateways.Add(parsed);
                }
            }

            return new RouteExpectationChecker(sidecar, gateways);
        }

        /// <summary>
        /// The route a class's expectations are about: its own; for an intent class, its pattern's route; and for an intent
        /// class without one (a direct pattern the sidecar forwards by its ServiceEntry), the service with no rules of its own,
        /// which gives the expectations their defaults (the service's host and port).
        /// </summary>
        public static ResolvedRoute? RouteOf(ResolvedProject project, string metadataName)
        {
            var routeName = IntentParser.CompanionName(metadataName, IntentParser.RouteSuffix);
            ResolvedClass? own = null;
            foreach (var resolved in project.Classes)
            {
                if (resolved.Route is not null && resolved.Class.Identity.MetadataName == routeName)
                {
                    return resolved.Route;
                }

                if (resolved.Class.Identity.MetadataName == metadataName)
                {
                    own = resolved;
                }
            }

            if (own?.Route is { } route)
            {
                return route;
            }

            // Only an intent class reaches this: [ExpectRoute] on an [ExternalService] is refused by the parser.
            return own?.Class.Service is { } service
                ? new ResolvedRoute(
                    new RouteModel(metadataName, null, 0, 0, null, false, string.Empty, string.Empty, string.Empty, null, EquatableArray<string>.Empty, EquatableArray<RouteRuleModel>.Empty),
                    service, null, EquatableArray<int>.Empty, EquatableArray<int>.Empty)
                : null;
        }

        /// <summary>The simulator's explanation of where the expectation's request goes, hop by hop (the docs' "where a request goes").</summary>
        public string Explain(RouteExpectationModel expectation, ResolvedRoute route)
        {
            var request = Request(expectation, route);
            return sidecar is null ? request + ": the project has no Envoy configuration to route it" : ProxyChain.SimulateThroughGateway(sidecar, gateways, request).ToString();
        }

        public RouteExpectationFailure? Check(RouteExpectationModel expectation, ResolvedRoute route)
        {
            var request = Request(expectation, route);
            var expected = Expected(expectation);
            if (sidecar is null)
            {
                return new RouteExpectationFailure(request.ToString(), expected, "the project has no Envoy configuration to route it");
            }

            var chain = ProxyChain.SimulateThroughGateway(sidecar, gateways, request);
            var undecided = chain.Hops.SelectMany(hop => hop.Undecided).Distinct().ToList();
            if (undecided.Count > 0)
            {
                return new RouteExpectationFailure(request.ToString(), expected, chain.Explanation, string.Join("; ", undecided));
            }

            var final = chain.Final;
            if (expectation.NoRoute)
            {
                return final.Outcome == SimulationOutcome.NoRoute ? null : new RouteExpectationFailure(request.ToString(), expected, chain.Explanation);
            }

            var reached = (final.Outcome == SimulationOutcome.Forwarded || EndsAtEndpointsOwnedElsewhere(chain, route))
                && final.Clusters.Any(c => Satisfies(expectation, c.Name, route.Destination));
            return reached ? null : new RouteExpectationFailure(request.ToString(), expected, chain.Explanation);
        }

        /// <summary>
        /// The route's own request (what an [ExpectRoute] without arguments describes: its port, the service's first host)
        /// when it ends at a cluster with no endpoint, so Envoy answers 503 UH: the request and where it ended. Null when it
        /// is forwarded, or ends some other way, which other rules report.
        /// </summary>
        public (string Request, string Actual)? EndsWithoutEndpoint(ResolvedRoute route)
        {
            if (sidecar is null)
            {
                return null;
            }

            var defaults = new RouteExpectationModel(-1, null, 0, "/", EquatableArray<ExpectedHeader>.Empty, null, false, null, null, null, 0, null, false);
            var request = Request(defaults, route);
            var chain = ProxyChain.SimulateThroughGateway(sidecar, gateways, request);
            return chain.Final.Outcome == SimulationOutcome.NoHealthyUpstream && chain.Hops.All(hop => hop.Undecided.Count == 0)
                && !EndsAtEndpointsOwnedElsewhere(chain, route)
                ? (request.ToString(), chain.Explanation)
                : null;
        }

        /// <summary>
        /// Whether the request ends, with no endpoint, at clusters of a [MeshHost] whose endpoints the project does not write:
        /// the pods of an in-cluster Service, or whatever registry owns the host. Those clusters are empty here only because
        /// their endpoints are not ours to write (Istio's mutual TLS origination to the in-cluster nginx): the request gets
        /// there, and an empty cluster proves no 503 UH.
        /// </summary>
        private static bool EndsAtEndpointsOwnedElsewhere(ChainResult chain, ResolvedRoute route) =>
            chain.Final.Outcome == SimulationOutcome.NoHealthyUpstream
            && chain.Final.Clusters.Count > 0
            && chain.Final.Clusters.All(c => EndpointsOwnedElsewhere(route.Destination, c.Name));

        internal static bool EndpointsOwnedElsewhere(ExternalServiceModel destination, string cluster) =>
            !destination.WritesServiceEntry
            && (destination.KubernetesService is null || destination.KubernetesService.Endpoints.IsEmpty)
            && IstioClusterName.TryParse(cluster, out _, out _, out var host)
            && destination.Hosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));

        /// <summary>The request an expectation describes, with defaults from the route: its port, the service's first host and port.</summary>
        public static SimulatedRequest Request(RouteExpectationModel expectation, ResolvedRoute route)
        {
            var service = route.Service;
            var kinds = route.Route.Rules.Select(r => r.Kind).Distinct().ToList();
            var protocol = expectation.Sni is not null ? RequestProtocol.Tls
                : expectation.Tcp ? RequestProtocol.Tcp
                : kinds.Count == 1 && kinds[0] == RouteKind.Tcp ? RequestProtocol.Tcp
                : kinds.Count == 1 && kinds[0] == RouteKind.Tls ? RequestProtocol.Tls
                : RequestProtocol.Http;
            var kind = protocol switch { RequestProtocol.Http => TrafficKind.Http, RequestProtocol.Tls => TrafficKind.Tls, _ => TrafficKind.Tcp };
            var port = expectation.Port != 0 ? expectation.Port
                : route.Route.Port != 0 ? route.Route.Port
                : route.Route.Rules.Where(r => Traffic.Of(r.Kind) == kind).Select(r => r.Port).FirstOrDefault(p => p != 0) is var rulePort && rulePort != 0 ? rulePort
                : service.Ports.Where(p => Traffic.Of(p.Protocol, p.Name) == kind).Select(p => p.Number).FirstOrDefault() is var servicePort && servicePort != 0 ? servicePort
                : service.Ports.Select(p => p.Number).FirstOrDefault() is var anyPort && anyPort != 0 ? anyPort : 80;
            var authority = expectation.Authority ?? DefaultAuthority(service);
            switch (protocol)
            {
                case RequestProtocol.Tls:
                    return SimulatedRequest.Tls(expectation.Sni ?? EnvoyMatching.HostWithoutPort(authority), port);
                case RequestProtocol.Tcp:
                    return SimulatedRequest.Tcp(port, expectation.DestinationAddress ?? DefaultAddress(service));
                default:
                    var request = SimulatedRequest.Http(authority, port, expectation.Path);
                    foreach (var header in expectation.Headers)
                    {
                        request = request.WithHeader(header.Name, header.Value);
                    }

                    return expectation.DestinationAddress is null ? request : request.WithDestinationAddress(expectation.DestinationAddress);
            }
        }

        private static string DefaultAuthority(ExternalServiceModel service)
        {
            var host = service.Hosts.FirstOrDefault(h => !h.StartsWith("*", StringComparison.Ordinal)) ?? service.Hosts.FirstOrDefault() ?? "example.com";
            return host.StartsWith("*", StringComparison.Ordinal) ? "www" + host.Substring(1) : host;
        }

        /// <summary>The service's first address: an IP, or the network address of a CIDR block.</summary>
        private static string? DefaultAddress(ExternalServiceModel service)
        {
            var address = service.Addresses.FirstOrDefault();
            var slash = address?.IndexOf('/') ?? -1;
            return slash >= 0 ? address!.Substring(0, slash) : address;
        }

        private static bool Satisfies(RouteExpectationModel expectation, string cluster, ExternalServiceModel destination)
        {
            if (expectation.ReachesCluster is { } name && name != cluster)
            {
                return false;
            }

            if (expectation.ReachesSubset is null && expectation.ReachesHost is null && expectation.ReachesPort == 0)
            {
                return true;
            }

            if (!IstioClusterName.TryParse(cluster, out var port, out var subset, out var host))
            {
                return false;
            }

            // In the Kubernetes Gateway API form a subset is a host of its own (SubsetBackends): its cluster is that subset of the
            // service's host.
            if (string.IsNullOrEmpty(subset)
                && destination.SubsetBackends
                    .FirstOrDefault(b => string.Equals(b.Service.Hosts[0], host, StringComparison.OrdinalIgnoreCase)) is { } backend)
            {
                (subset, host) = (backend.Subset, destination.Hosts[0]);
            }

            return (expectation.ReachesSubset is null || expectation.ReachesSubset == subset)
                && (expectation.ReachesHost is null || string.Equals(expectation.ReachesHost, host, StringComparison.OrdinalIgnoreCase))
                && (expectation.ReachesPort == 0 || expectation.ReachesPort == port);
        }

        public static string Expected(RouteExpectationModel expectation)
        {
            if (expectation.NoRoute)
            {
                return "match no route (404 NR)";
            }

            var parts = new List<string>();
            if (expectation.ReachesCluster is { } cluster)
            {
                parts.Add("cluster '" + cluster + "'");
            }

            if (expectation.ReachesHost is { } host)
            {
                parts.Add("host '" + host + "'");
            }

            if (expectation.ReachesPort != 0)
            {
                parts.Add("port " + expectation.ReachesPort.ToString(CultureInfo.InvariantCulture));
            }

            if (expectation.ReachesSubset is { } subset)
            {
                parts.Add(subset.Length == 0 ? "no subset" : "subset '" + subset + "'");
            }

            return "reach " + string.Join(", ", parts);
        }
    }
}
