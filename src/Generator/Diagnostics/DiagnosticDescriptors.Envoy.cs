using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // Envoy output and route expectations: EGRESS300-399.
    internal static partial class DiagnosticDescriptors
    {
        // Rules checked by simulating requests against the Envoy configuration the project produces.
        private const string EnvoyCategory = "EgressDsl.Envoy";

        // EGRESS080: the same simulation, without any expectation: a route whose own request can only fail.
        public static readonly DiagnosticDescriptor RouteReachesNoEndpoint = CompilationEnd("EGRESS080", EnvoyCategory,
            "Route that ends at a cluster with no endpoint",
            "The request {0} ends at a cluster with no endpoint, so Envoy answers 503 UH: {1}; send the last hop to a service with endpoints (a DNS or STATIC ServiceEntry, ForwardTo = typeof(...) from the gateway), or give the service [Endpoint]s",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RouteExpectationFailed = CompilationEndError("EGRESS300", EnvoyCategory,
            "Route expectation failed",
            "Route expectation failed: {0} was expected to {1}, but {2}");

        public static readonly DiagnosticDescriptor InvalidRouteExpectation = Error("EGRESS301", EnvoyCategory,
            "Invalid route expectation",
            "{0} is not a valid route expectation: {1}");

        public static readonly DiagnosticDescriptor RouteExpectationUndecided = CompilationEnd("EGRESS302", EnvoyCategory,
            "Route expectation could not be decided",
            "Route expectation could not be decided: {0} was expected to {1}, which could not be decided, because {2}",
            DiagnosticSeverity.Warning);

        // The simulation needs every service, gateway and route, so it runs when the whole compilation has been seen; the IDE
        // needs the tag to know that. (Error() tags only the CrossClass and AppCode categories.)
        private static DiagnosticDescriptor CompilationEndError(string id, string category, string title, string message) =>
            CompilationEnd(id, category, title, message, DiagnosticSeverity.Error);

        private static DiagnosticDescriptor CompilationEnd(string id, string category, string title, string message, DiagnosticSeverity severity) =>
            new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md",
                customTags: new[] { WellKnownDiagnosticTags.CompilationEnd });
    }
}
