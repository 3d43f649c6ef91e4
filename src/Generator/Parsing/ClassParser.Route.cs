using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    // The [EgressRoute] role: the VirtualServices, their rules, matches and destinations.
    internal sealed partial class ClassParser
    {
        private RouteModel ParseRoute(AttributeSnapshot root)
        {
            var service = root.Type(nameof(EgressRouteAttribute.Service));
            var serviceName = string.Empty;
            if (service is null || !service.IsExternalService)
            {
                Report(DiagnosticDescriptors.NotAnEgressClass, root.ArgumentLocation(nameof(EgressRouteAttribute.Service)), service?.Name ?? "null", "an external service", "the route's service", AttributeNames.ExternalServiceShort + "] or [" + AttributeNames.MeshHostShort);
            }
            else
            {
                serviceName = service.MetadataName;
            }

            string? gatewayName = null;
            if (root.Argument(nameof(EgressRouteAttribute.Through)) is { IsNull: false })
            {
                var gateway = root.Type(nameof(EgressRouteAttribute.Through));
                if (gateway is null || !gateway.IsEgressGateway)
                {
                    Report(DiagnosticDescriptors.NotAnEgressClass, root.ArgumentLocation(nameof(EgressRouteAttribute.Through)), gateway?.Name ?? "null", "an egress gateway", nameof(EgressRouteAttribute.Through), AttributeNames.EgressGatewayShort);
                }
                else
                {
                    gatewayName = gateway.MetadataName;
                }
            }

            var port = ReadPort(root, nameof(EgressRouteAttribute.Port), required: false);
            var gatewayPort = ReadPort(root, nameof(EgressRouteAttribute.GatewayPort), required: false);
            var gatewaySubset = root.String(nameof(EgressRouteAttribute.GatewaySubset));
            if (gatewaySubset is not null && Validation.CheckDnsLabel(gatewaySubset) is { } subsetReason)
            {
                Report(DiagnosticDescriptors.InvalidName, root.ArgumentLocation(nameof(EgressRouteAttribute.GatewaySubset)), "Subset name", gatewaySubset, subsetReason);
            }

            var combined = root.Bool(nameof(EgressRouteAttribute.Combined));
            var baseName = Naming.ToKebabCase(ClassName);
            var combinedName = ReadResourceName(root, nameof(EgressRouteAttribute.Name), baseName, "VirtualService name", dnsLabel: false);
            var meshName = ReadResourceName(root, nameof(EgressRouteAttribute.MeshName), baseName + "-mesh", "VirtualService name",
                dnsLabel: false);
            var gatewayVirtualServiceName = ReadResourceName(root, nameof(EgressRouteAttribute.GatewayName), baseName + "-gateway", "VirtualService name", dnsLabel: false);
            if (gatewayName is not null && !combined && meshName == gatewayVirtualServiceName)
            {
                Report(DiagnosticDescriptors.InvalidName, root.ArgumentLocation(root.Has(nameof(EgressRouteAttribute.GatewayName)) ? nameof(EgressRouteAttribute.GatewayName) : nameof(EgressRouteAttribute.MeshName)), "VirtualService name", gatewayVirtualServiceName,
                    "the mesh hop and the gateway hop are two VirtualServices and need two names (or set Combined = true for one)");
            }

            var ns = ReadNamespace(root, nameof(EgressRouteAttribute.Namespace));
            var exportTo = ReadExportTo(root, nameof(EgressRouteAttribute.ExportTo), ns);

            var rules = new List<RouteRuleModel>();
            foreach (var attribute in ClassAttributes)
            {
                var kind = attribute.ShortName switch
                {
                    AttributeNames.HttpRoute => RouteKind.Http,
                    AttributeNames.TlsRoute => RouteKind.Tls,
                    AttributeNames.TcpRoute => RouteKind.Tcp,
                    _ => (RouteKind?)null,
                };

                if (kind is { } routeKind)
                {
                    rules.Add(ParseRule(attribute, routeKind));
                }
            }

            if (rules.Count == 0)
            {
                rules.Add(new RouteRuleModel(RouteKind.Http, -1, null, 0, EquatableArray<HeaderMatchModel>.Empty, null, EquatableArray<string>.Empty, EquatableArray<WeightedSubsetModel>.Empty, 0, null));
            }

            string? forwardToName = null;
            if (root.Argument(nameof(EgressRouteAttribute.ForwardTo)) is { IsNull: false })
            {
                var forwardTo = root.Type(nameof(EgressRouteAttribute.ForwardTo));
                if (forwardTo is null || !forwardTo.IsExternalService)
                {
                    Report(DiagnosticDescriptors.NotAnEgressClass, root.ArgumentLocation(nameof(EgressRouteAttribute.ForwardTo)), forwardTo?.Name ?? "null", "an external service", nameof(EgressRouteAttribute.ForwardTo), AttributeNames.ExternalServiceShort + "] or [" + AttributeNames.MeshHostShort);
                }
                else if (gatewayName is null)
                {
                    // Without a gateway the sidecar sends to the routed host itself; only a gateway can forward elsewhere.
                    Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(EgressRouteAttribute.ForwardTo)), forwardTo.Name, nameof(EgressRouteAttribute.ForwardTo), "only the gateway hop can forward to another service; set Through as well");
                }
                else
                {
                    forwardToName = forwardTo.MetadataName;
                }
            }

            return new RouteModel(serviceName, gatewayName, port, gatewayPort, gatewaySubset, combined, combinedName, meshName, gatewayVirtualServiceName, ns, exportTo, rules.ToEquatableArray(),
                ReadExplicitWeightHops(root, throughGateway: gatewayName is not null || root.Argument(nameof(EgressRouteAttribute.Through)) is { IsNull: false }), forwardToName, root.Bool(nameof(EgressRouteAttribute.OmitSingleDestinationPort)));
        }

        /// <summary><c>ExplicitWeights = true</c> is every hop; <c>ExplicitWeightHops</c> chooses them, and only one of the two may be
        /// set.</summary>
        private RouteHops ReadExplicitWeightHops(AttributeSnapshot root, bool throughGateway)
        {
            var all = root.Bool(nameof(EgressRouteAttribute.ExplicitWeights));
            if (!root.Has(nameof(EgressRouteAttribute.ExplicitWeightHops)))
            {
                return all ? RouteHops.All : RouteHops.None;
            }

            var hops = ReadEnum<RouteHops>(root, nameof(EgressRouteAttribute.ExplicitWeightHops));
            if (all)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(EgressRouteAttribute.ExplicitWeightHops)), hops.ToString(), nameof(EgressRouteAttribute.ExplicitWeightHops),
                    "ExplicitWeights = true already writes the weight on every hop; set only one of the two");
                return RouteHops.All;
            }

            if ((hops & RouteHops.Mesh) != 0 && !throughGateway)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, root.ArgumentLocation(nameof(EgressRouteAttribute.ExplicitWeightHops)), hops.ToString(), nameof(EgressRouteAttribute.ExplicitWeightHops),
                    "a route without Through has no mesh hop to a gateway; use RouteHops.Service");
                return hops & RouteHops.Service;
            }

            return hops;
        }

        private RouteRuleModel ParseRule(AttributeSnapshot attribute, RouteKind kind)
        {
            var name = kind == RouteKind.Http ? ReadOptionalText(attribute, nameof(HttpRouteAttribute.Name)) : null;
            var port = ReadPort(attribute, nameof(HttpRouteAttribute.Port), required: false);
            var headers = new List<HeaderMatchModel>();
            UriMatchModel? uri = null;
            string? timeout = null;
            if (kind == RouteKind.Http)
            {
                var entries = attribute.Strings(nameof(HttpRouteAttribute.Headers));
                for (var i = 0; i < entries.Length; i++)
                {
                    var (header, reason) = ParseHeaderMatch(entries[i]);
                    if (header is null)
                    {
                        Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Headers), i), entries[i] ?? "null", nameof(HttpRouteAttribute.Headers), reason!);
                        continue;
                    }

                    headers.Add(header);
                }

                foreach (var (field, matchKind) in new[] { (nameof(HttpRouteAttribute.UriExact), StringMatchKind.Exact), (nameof(HttpRouteAttribute.UriPrefix), StringMatchKind.Prefix), (nameof(HttpRouteAttribute.UriRegex), StringMatchKind.Regex) })
                {
                    var value = ReadOptionalText(attribute, field);
                    if (value is null)
                    {
                        continue;
                    }

                    if (uri is not null)
                    {
                        Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field), value, field, "a rule matches the URI one way: set only one of UriExact, UriPrefix and UriRegex");
                        continue;
                    }

                    var reason = matchKind == StringMatchKind.Regex ? CheckRegex(value) : value.Length == 0 ? "it is empty" : value[0] != '/' ? "a path starts with '/'" : null;
                    if (reason is not null)
                    {
                        Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(field), value, field, reason);
                    }

                    uri = new UriMatchModel(matchKind, value);
                }

                timeout = ReadOptionalText(attribute, nameof(HttpRouteAttribute.Timeout));
                if (timeout is not null && Validation.CheckDuration(timeout) is { } timeoutReason)
                {
                    Report(DiagnosticDescriptors.InvalidTimeout, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Timeout)), timeout,
                        nameof(HttpRouteAttribute.Timeout), timeoutReason);
                }
            }

            var sniHosts = EquatableArray<string>.Empty;
            if (kind == RouteKind.Tls)
            {
                sniHosts = ReadHosts(attribute, nameof(TlsRouteAttribute.SniHosts), allowWildcard: true);
            }

            var destinations = ReadDestinations(attribute);
            var destinationPort = ReadPort(attribute, nameof(HttpRouteAttribute.DestinationPort), required: false);
            return new RouteRuleModel(kind, attribute.Ordinal, name, port, headers.ToEquatableArray(), uri, sniHosts, destinations, destinationPort, timeout);
        }

        private static (HeaderMatchModel? Header, string? Reason) ParseHeaderMatch(string? entry)
        {
            if (entry is null)
            {
                return (null, "it is null");
            }

            var equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                return (null, "write name=value (exact), name^=value (prefix) or name~=regex");
            }

            var kind = StringMatchKind.Exact;
            var nameEnd = equals;
            if (entry[equals - 1] == '^')
            {
                kind = StringMatchKind.Prefix;
                nameEnd--;
            }
            else if (entry[equals - 1] == '~')
            {
                kind = StringMatchKind.Regex;
                nameEnd--;
            }

            var name = entry.Substring(0, nameEnd);
            var value = entry.Substring(equals + 1);
            if (Validation.CheckHeaderName(name) is { } reason)
            {
                return (null, reason);
            }

            if (Validation.CheckHeaderValue(value) is { } valueReason)
            {
                return (null, valueReason);
            }

            if (kind != StringMatchKind.Exact && value.Length == 0)
            {
                return (null, "a prefix or regex match needs a value");
            }

            if (kind == StringMatchKind.Regex && CheckRegex(value) is { } regexReason)
            {
                return (null, regexReason);
            }

            // Istio lower-cases header names; writing them lower-case keeps what the user reads equal to what Envoy matches.
            return (new HeaderMatchModel(name.ToLowerInvariant(), kind, value), null);
        }

        private static string? CheckRegex(string value)
        {
            if (value.Length == 0)
            {
                return "the regular expression is empty";
            }

            if (value.Length > 1024)
            {
                return "the regular expression is longer than 1024 characters";
            }

            // Envoy matches with RE2, and Istio's webhook checks with Go's regexp, which has RE2's syntax: what RE2 rejects
            // never reaches a proxy. The simulator's engine parses it (one parser for the check and the simulation).
            return Simulation.Re2Regex.Check(value, goSyntax: true) is { } reason
                ? "the regular expression is not valid RE2, the syntax Envoy and Istio accept: " + reason
                : null;
        }

        private EquatableArray<WeightedSubsetModel> ReadDestinations(AttributeSnapshot attribute)
        {
            var subset = attribute.String(nameof(HttpRouteAttribute.Subset));
            if (subset is not null && Validation.CheckDnsLabel(subset) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Subset)), "Subset name",
                    subset, reason);
            }

            if (!attribute.Has(nameof(HttpRouteAttribute.Split)))
            {
                return EquatableArray.Create(new WeightedSubsetModel(subset, 0));
            }

            if (subset is not null)
            {
                Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), nameof(HttpRouteAttribute.Split), "[" + attribute.ShortName + "]", "set either Subset or Split, not both");
            }

            var destinations = new List<WeightedSubsetModel>();
            var entries = attribute.Strings(nameof(HttpRouteAttribute.Split));
            for (var i = 0; i < entries.Length; i++)
            {
                var (name, weightText, splitReason) = Validation.SplitPair(entries[i], "subset=weight, such as v1=90");
                if (splitReason is null && Validation.CheckDnsLabel(name) is { } nameReason)
                {
                    splitReason = "the subset name " + nameReason;
                }

                if (splitReason is null && (!int.TryParse(weightText, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 100))
                {
                    splitReason = "the weight must be a whole number from 0 to 100";
                }
                else if (splitReason is null && destinations.Any(d => d.Subset == name))
                {
                    splitReason = "subset '" + name + "' appears twice (KIA1105)";
                }

                if (splitReason is not null)
                {
                    Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split), i), entries[i] ?? "null", nameof(HttpRouteAttribute.Split), splitReason);
                    continue;
                }

                destinations.Add(new WeightedSubsetModel(name, int.Parse(weightText, CultureInfo.InvariantCulture)));
            }

            if (entries.Length == 0)
            {
                Report(DiagnosticDescriptors.MissingValue, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), nameof(HttpRouteAttribute.Split), "list subset=weight entries, or leave Split out");
            }
            else if (destinations.Count == entries.Length && destinations.Sum(d => d.Weight) == 0)
            {
                Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), nameof(HttpRouteAttribute.Split), "[" + attribute.ShortName + "]", "the weights add up to 0, so no destination gets traffic");
            }
            else if (destinations.Count == entries.Length)
            {
                CheckWeights(attribute, destinations);
            }

            return destinations.ToEquatableArray();
        }
    }
}
