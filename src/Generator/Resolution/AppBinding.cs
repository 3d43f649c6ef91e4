using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>A scheme and port the application may use to call a declared host.</summary>
    internal sealed record AppCall(string Scheme, int Port);

    /// <summary>The request headers (exact matches) that make a route send to one subset.</summary>
    internal sealed record SubsetHeaders(string Subset, EquatableArray<Label> Headers);

    /// <summary>
    /// How the application's own code calls one service class: the address (<see cref="Address"/>, written as the class's
    /// <c>Egress.Address</c> constant), the calls the mesh carries as declared (<see cref="Accepted"/>, which the literal
    /// check holds string literals to), and the headers that select each subset when a route chooses by header.
    /// </summary>
    /// <remarks>
    /// Derived from the resolved service and the routes to it, never from the attributes that declared them, so every way
    /// of declaring a service (low-level attributes, a [MeshHost], the intent attributes that expand into them) gets it.
    /// </remarks>
    internal sealed record AppBinding(
        ClassIdentity Service,
        string Host,
        string? Address,
        bool MeshOriginatesTls,
        EquatableArray<AppCall> Accepted,
        EquatableArray<SubsetHeaders> SubsetHeaders)
    {
        public const string Http = "http";
        public const string Https = "https";

        /// <summary>The bindings of every service of the project that has a host the application can name, in project order.</summary>
        public static List<AppBinding> OfProject(ResolvedProject project)
        {
            var routesByService = new Dictionary<string, List<ResolvedRoute>>(StringComparer.Ordinal);
            foreach (var resolved in project.Classes)
            {
                if (resolved.Route is { } route)
                {
                    if (!routesByService.TryGetValue(route.Route.ServiceMetadataName, out var list))
                    {
                        routesByService[route.Route.ServiceMetadataName] = list = new List<ResolvedRoute>();
                    }

                    list.Add(route);
                }
            }

            var bindings = new List<AppBinding>();
            foreach (var resolved in project.Classes)
            {
                if (resolved.Class.Service is not null
                    && Of(resolved.Class, routesByService.TryGetValue(resolved.Class.Identity.MetadataName, out var routes) ? routes : Enumerable.Empty<ResolvedRoute>()) is { } binding)
                {
                    bindings.Add(binding);
                }
            }

            return bindings;
        }

        /// <summary>
        /// The binding of a service class and the routes that send to it; null when the class names no concrete host (only
        /// wildcards) or is not a service.
        /// </summary>
        public static AppBinding? Of(EgressClassModel serviceClass, IEnumerable<ResolvedRoute> routes)
        {
            if (serviceClass.Service is not { } service || service.Hosts.FirstOrDefault(h => !h.StartsWith("*", StringComparison.Ordinal)) is not { } host)
            {
                return null;
            }

            var accepted = new List<AppCall>();
            AppCall? chosen = null;
            var originates = false;
            var headers = new List<SubsetHeaders>();

            // A route decides what the application sends to the sidecar: its rules' kind on its match port.
            foreach (var route in routes)
            {
                for (var i = 0; i < route.Route.Rules.Count; i++)
                {
                    var rule = route.Route.Rules[i];
                    // Through a gateway a rule's own port is matched at the gateway; the route's port is the application's.
                    var port = rule.Port != 0 && route.Gateway is null ? rule.Port : route.Route.Port;
                    if (port == 0 || rule.Kind == RouteKind.Tcp)
                    {
                        continue;
                    }

                    var call = new AppCall(rule.Kind == RouteKind.Http ? Http : Https, port);
                    Add(accepted, call);
                    var destinationPort = i < route.DestinationPorts.Count ? route.DestinationPorts[i] : 0;
                    var ruleOriginates = rule.Kind == RouteKind.Http && ProtocolHops.AnyOrigination(route.Destination.DestinationRule, destinationPort);
                    if (chosen is null || (ruleOriginates && !originates))
                    {
                        chosen = call;
                        originates |= ruleOriginates;
                    }

                    if (rule.Kind == RouteKind.Http && RuleHeaders(rule) is { } selecting && !headers.Any(h => h.Subset == selecting.Subset))
                    {
                        headers.Add(selecting);
                    }
                }
            }

            // Without a route, the service's own ports: plain HTTP where the sidecar originates TLS first, then the
            // application's TLS, then plain HTTP.
            foreach (var port in service.Ports)
            {
                switch (ProtocolHops.AppSends(port))
                {
                    case HopBytes.PlainHttp:
                        var plain = new AppCall(Http, port.Number);
                        Add(accepted, plain);
                        if (ProtocolHops.AnyOrigination(service.DestinationRule, port.Number) && !originates && chosen is null)
                        {
                            chosen = plain;
                            originates = true;
                        }

                        break;
                    case HopBytes.AppTls:
                        Add(accepted, new AppCall(Https, port.Number));
                        break;
                }
            }

            chosen ??= accepted.FirstOrDefault(c => c.Scheme == Https) ?? accepted.FirstOrDefault();

            // Where the mesh originates TLS, the application's own TLS to the host is TLS inside TLS on any port.
            if (originates)
            {
                accepted.RemoveAll(c => c.Scheme == Https);
            }

            return new AppBinding(
                serviceClass.Identity,
                host,
                chosen is null ? null : Format(chosen, host),
                originates,
                accepted.ToEquatableArray(),
                headers.ToEquatableArray());
        }

        /// <summary><c>scheme://host</c>, with <c>:port</c> unless it is the scheme's default.</summary>
        public static string Format(AppCall call, string host) =>
            call.Scheme + "://" + host.ToLowerInvariant() + (call.Port == DefaultPort(call.Scheme) ? string.Empty : ":" + call.Port.ToString(CultureInfo.InvariantCulture));

        public static int DefaultPort(string scheme) => string.Equals(scheme, Https, StringComparison.OrdinalIgnoreCase) ? 443 : 80;

        /// <summary>The headers of an HTTP rule that sends everything to one subset and matches headers only exactly.</summary>
        private static SubsetHeaders? RuleHeaders(RouteRuleModel rule)
        {
            if (rule.Headers.IsEmpty || rule.Destinations.Count != 1 || rule.Destinations[0].Subset is not { } subset
                || rule.Headers.Any(h => h.Kind != StringMatchKind.Exact))
            {
                return null;
            }

            return new SubsetHeaders(subset, rule.Headers.Select(h => new Label(h.Name, h.Value)).ToEquatableArray());
        }

        private static void Add(List<AppCall> calls, AppCall call)
        {
            if (!calls.Contains(call))
            {
                calls.Add(call);
            }
        }
    }
}
