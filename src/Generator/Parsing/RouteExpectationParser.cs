using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>The [ExpectRoute]s of one class, and what is wrong with the ones that cannot be checked.</summary>
    internal sealed record ParsedRouteExpectations(EquatableArray<RouteExpectationModel> Expectations, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public static readonly ParsedRouteExpectations None = new(EquatableArray<RouteExpectationModel>.Empty, EquatableArray<DiagnosticInfo>.Empty);

        public bool IsEmpty => Expectations.IsEmpty && Diagnostics.IsEmpty;
    }

    /// <summary>
    /// Reads [ExpectRoute] attributes into models. Only the route-expectation analyzer needs them: the generator's output does not
    /// depend on expectations, so they stay out of <see cref="ClassParser"/>'s model and out of the incremental pipeline.
    /// </summary>
    internal static class RouteExpectationParser
    {
        public static ParsedRouteExpectations Parse(ClassSnapshot snapshot)
        {
            var attributes = snapshot.Attributes.Where(a => a.ShortName == AttributeNames.ExpectRoute).ToList();
            if (attributes.Count == 0)
            {
                return ParsedRouteExpectations.None;
            }

            var expectations = new List<RouteExpectationModel>();
            var diagnostics = new List<DiagnosticInfo>();
            // An expectation with a string that breaks the rules for every string (a secret, an unwritable character) is
            // left out without a word: ClassParser reports that string, once.
            foreach (var attribute in attributes.Where(a => a.IsBound && !HasRejectedString(a)))
            {
                var before = diagnostics.Count;
                var expectation = Read(attribute, diagnostics);
                if (diagnostics.Count == before)
                {
                    expectations.Add(expectation);
                }
            }

            return new ParsedRouteExpectations(expectations.ToEquatableArray(), diagnostics.ToEquatableArray());
        }

        private static bool HasRejectedString(AttributeSnapshot attribute) =>
            attribute.Arguments.Any(a => (a.Value is string value && Validation.CheckAnyString(value) is not null)
                || a.Elements.Any(e => e.Value is string element && Validation.CheckAnyString(element) is not null));

        private static RouteExpectationModel Read(AttributeSnapshot attribute, List<DiagnosticInfo> diagnostics)
        {
            void Report(string argument, string value, string reason, int? element = null) =>
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidRouteExpectation.Id, attribute.ArgumentLocation(argument, element),
                    EquatableArray.Create(value, reason)));

            var authority = attribute.String(nameof(ExpectRouteAttribute.Authority));
            if (authority is not null && (authority.Length == 0 || authority.Any(char.IsWhiteSpace) || Validation.CheckWritable(authority) is not null))
            {
                Report(nameof(ExpectRouteAttribute.Authority), "Authority \"" + authority + "\"",
                    "write a host name, optionally with :port");
            }

            var port = attribute.Int(nameof(ExpectRouteAttribute.Port));
            if (port < 0 || port > 65535)
            {
                Report(nameof(ExpectRouteAttribute.Port), "Port " + port.ToString(CultureInfo.InvariantCulture),
                    "a port is a number from 1 to 65535");
            }

            var path = attribute.String(nameof(ExpectRouteAttribute.Path));
            if (path is not null && (path.Length == 0 || path[0] != '/' || Validation.CheckWritable(path) is not null))
            {
                Report(nameof(ExpectRouteAttribute.Path), "Path \"" + path + "\"", "a path starts with '/'");
            }

            var headers = new List<ExpectedHeader>();
            var entries = attribute.Strings(nameof(ExpectRouteAttribute.Headers));
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                var equals = entry?.IndexOf('=') ?? -1;
                var name = equals > 0 ? entry!.Substring(0, equals) : string.Empty;
                var reason = entry is null ? "it is null"
                    : equals <= 0 ? "write name=value: the simulated request carries this exact header"
                    : name.EndsWith("^", System.StringComparison.Ordinal) || name.EndsWith("~", System.StringComparison.Ordinal)
                        ? "write name=value: a request carries a value, not a prefix or regex match"
                    : Validation.CheckHeaderName(name) ?? Validation.CheckWritable(entry.Substring(equals + 1));
                if (reason is not null)
                {
                    Report(nameof(ExpectRouteAttribute.Headers), "Header \"" + (entry ?? "null") + "\"", reason, i);
                    continue;
                }

                headers.Add(new ExpectedHeader(name.ToLowerInvariant(), entry!.Substring(equals + 1)));
            }

            var sni = attribute.String(nameof(ExpectRouteAttribute.Sni));
            if (sni is not null && Validation.CheckHost(sni, allowWildcard: false) is { } sniReason)
            {
                Report(nameof(ExpectRouteAttribute.Sni), "Sni \"" + sni + "\"", sniReason);
            }

            var tcp = attribute.Bool(nameof(ExpectRouteAttribute.Tcp));
            if (tcp && sni is not null)
            {
                Report(nameof(ExpectRouteAttribute.Tcp), "Tcp = true", "a connection is TCP or TLS with an SNI, not both");
            }

            if ((tcp || sni is not null) && (path is not null || headers.Count > 0 || entries.Length > 0))
            {
                Report(path is not null ? nameof(ExpectRouteAttribute.Path) : nameof(ExpectRouteAttribute.Headers), path is not null ? nameof(ExpectRouteAttribute.Path) : nameof(ExpectRouteAttribute.Headers), "only an HTTP request has a path and headers; leave them out with Sni or Tcp");
            }

            var destination = attribute.String(nameof(ExpectRouteAttribute.DestinationAddress));
            if (destination is not null && !IpAddresses.IsIpAddress(destination))
            {
                Report(nameof(ExpectRouteAttribute.DestinationAddress), "DestinationAddress \"" + destination + "\"",
                    "write an IP address");
            }

            var reachesSubset = attribute.String(nameof(ExpectRouteAttribute.ReachesSubset));
            var reachesHost = attribute.String(nameof(ExpectRouteAttribute.ReachesHost));
            var reachesPort = attribute.Int(nameof(ExpectRouteAttribute.ReachesPort));
            var reachesCluster = attribute.String(nameof(ExpectRouteAttribute.ReachesCluster));
            var noRoute = attribute.Bool(nameof(ExpectRouteAttribute.NoRoute));
            if (reachesPort < 0 || reachesPort > 65535)
            {
                Report(nameof(ExpectRouteAttribute.ReachesPort), "ReachesPort " + reachesPort.ToString(CultureInfo.InvariantCulture), "a port is a number from 1 to 65535");
            }

            if (reachesHost is not null && Validation.CheckHost(reachesHost, allowWildcard: true) is { } hostReason)
            {
                Report(nameof(ExpectRouteAttribute.ReachesHost), "ReachesHost \"" + reachesHost + "\"", hostReason);
            }

            var statesDestination = reachesSubset is not null || reachesHost is not null || reachesPort != 0 || reachesCluster is not null;
            if (noRoute && statesDestination)
            {
                Report(nameof(ExpectRouteAttribute.NoRoute), "NoRoute = true", "a request that matches no route reaches nothing: leave out the Reaches values, or NoRoute");
            }
            else if (!noRoute && !statesDestination)
            {
                Report(nameof(ExpectRouteAttribute.ReachesSubset), "[ExpectRoute]", "state where the request goes: ReachesSubset, ReachesHost, ReachesPort or ReachesCluster, or NoRoute = true");
            }

            return new RouteExpectationModel(
                attribute.Ordinal,
                authority,
                port,
                path ?? "/",
                headers.ToEquatableArray(),
                sni,
                tcp,
                destination,
                reachesSubset,
                reachesHost,
                reachesPort,
                reachesCluster,
                noRoute);
        }
    }
}
