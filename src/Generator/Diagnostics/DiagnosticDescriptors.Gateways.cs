using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // Egress gateways: EGRESS090-093, and EGRESS065 (the selector against the gateway's Service).
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor GatewayPortNotOnService = Warning("EGRESS090", Configuration,
            "Gateway server port not on the gateway's Service",
            "Port {0} is neither a port nor a target port of the gateway's Service '{1}' (TargetPorts: {2}): nothing sends traffic to it; add it to TargetPorts, or use one of its ports");

        public static readonly DiagnosticDescriptor ConflictingGatewayServers = Error("EGRESS091", CrossClass,
            "Two gateway servers serve the same host on the same port",
            "Host '{0}' on port {1} is also served by {2} on the same gateway pods ({3}): the gateway keeps one of the two servers and drops the other; serve each host once per port");

        public static readonly DiagnosticDescriptor OverlappingGatewayServers = Warning("EGRESS092", CrossClass,
            "Gateway servers with overlapping hosts on the same port",
            "Host '{0}' on port {1} overlaps host '{2}' of {3} on the same gateway pods ({4}): which server gets a request depends on the most specific match; give the hosts distinct names");

        public static readonly DiagnosticDescriptor DuplicateGatewayCertificate = Warning("EGRESS093", CrossClass,
            "Two gateways use the same certificate",
            "{0} is also used by a server of '{1}' on the same gateway pods ({2}): clients that reuse HTTP/2 connections across hosts may get 404s; give each gateway its own certificate");

        public static readonly DiagnosticDescriptor GatewaySelectorMissesService = Warning("EGRESS065", Configuration,
            "Gateway selector does not select the pods behind its Service",
            "Selector '{0}' does not select the pods behind the gateway's Service '{1}', which carry {2}: the Gateway configures other pods (or none), while the sidecars send to '{1}', whose pods have no server for the traffic (404 NR, or the connection is refused); use {3}");
    }
}
