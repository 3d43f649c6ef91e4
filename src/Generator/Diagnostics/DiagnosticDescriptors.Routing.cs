using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // Routes and the two-hop egress chain: EGRESS024-028 (across classes) and EGRESS066 and EGRESS070-072 (within a route).
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor EgressChainBroken = Error("EGRESS024", CrossClass,
            "Egress chain through the gateway is broken",
            "The egress chain through '{0}' is broken: {1}");

        public static readonly DiagnosticDescriptor OverlappingServiceHosts = Error("EGRESS025", CrossClass,
            "Routed service has overlapping hosts",
            "Hosts '{0}' and '{1}' of '{2}' overlap, and Istio rejects a VirtualService whose hosts overlap; route them from separate classes");

        public static readonly DiagnosticDescriptor SniHostOutsideService = Error("EGRESS026", CrossClass,
            "SNI host outside the service's hosts",
            "SNI host '{0}' is not covered by the hosts of '{1}' ({2}): {3}");

        public static readonly DiagnosticDescriptor ConflictingMeshRoutes = Error("EGRESS027", CrossClass,
            "Two routes bind the same host to the mesh",
            "This route's mesh {2} and the mesh {3} of '{0}' both route host '{1}': the sidecars use only one of them, or merge them in an "
                + "order the build does not decide; merge the rules into one route class");

        public static readonly DiagnosticDescriptor MatchPortNotDeclared = Warning("EGRESS028", CrossClass,
            "Route matches a port nothing listens on",
            "Match port {0} is not {1}, so requests never match this {2}; use {3}");

        public static readonly DiagnosticDescriptor UnreachableRule = Warning("EGRESS070", CrossClass,
            "Route rule that can never match",
            "This rule can never match: {0}");

        public static readonly DiagnosticDescriptor SingleWeightedDestination = Warning("EGRESS071", Configuration,
            "Split with a single destination",
            "Split has one destination, weight {0}: it receives all traffic whatever its weight; write Subset = \"{1}\" instead");

        public static readonly DiagnosticDescriptor SplitWeightsNot100 = Warning("EGRESS066", Configuration,
            "Split weights do not add up to 100",
            "The Split weights add up to {0}, not 100: Istio accepts it and Envoy divides traffic by the total, so the destinations get {1}, not the percentages written; make the weights add up to 100");

        public static readonly DiagnosticDescriptor ZeroWeightDestination = Warning("EGRESS072", Configuration,
            "Split destination with weight 0",
            "Subset '{0}' has weight 0, so it receives no traffic; remove it from Split or give it a weight");
    }
}
