using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // The application's own code against the egress it declares, and Istio's egress patterns written half way: EGRESS220-239.
    internal static partial class DiagnosticDescriptors
    {
        // Rules about the application's code (its string literals), reported when the whole compilation has been seen.
        private const string AppCode = "EgressDsl.AppCode";

        public static readonly DiagnosticDescriptor AppAddressMismatch = Warning("EGRESS220", AppCode,
            "Address literal disagrees with the declared egress",
            "'{0}' calls {1} with {2} on port {3}, but {4}: call '{5}' ({6})");

        public static readonly DiagnosticDescriptor GatewayOriginationServerNotHttp = Error("EGRESS221", CrossClass,
            "Gateway TLS origination half done: the server for the host is not plain HTTP",
            "This server ({0}) lists '{1}', whose TLS the gateway originates ([TlsOrigination] on '{2}'), so the sidecar sends it plain HTTP and the gateway's server for it must be Protocol = Http on port 80, with no Tls; the route's port 80 then goes to the TLS port by DestinationPort. That is {3}");

        public static readonly DiagnosticDescriptor OriginationMatchesTlsPort = Warning("EGRESS222", CrossClass,
            "TLS origination half done: the application calls the TLS port",
            "This HTTP rule matches port {0} of '{1}', whose TLS the mesh originates on port {2}, so the application would send plain HTTP to port {0}; the application calls port 80 and the route sends port 80 to {2} (Port = 80, DestinationPort = {2}, and a ServicePort 80 on the service). That is {3}");

        public static readonly DiagnosticDescriptor SidecarOriginationOnTlsPort = Info("EGRESS223", CrossClass,
            "Sidecar TLS origination on the TLS port",
            "The application has to call 'http://{0}:443' in plain HTTP for the sidecar to originate TLS on port 443; declare the port as 80 with TargetPort = 443 so it calls 'http://{0}', as {1} does");
    }
}
