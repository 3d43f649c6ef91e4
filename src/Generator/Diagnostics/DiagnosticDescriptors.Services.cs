using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // ServiceEntry, DestinationRule and Kubernetes Service semantics: EGRESS030-042.
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor SubsetSelectsNoEndpoint = Error("EGRESS030", Configuration,
            "Subset selects no endpoint",
            "Subset '{0}' selects no endpoint of '{1}': {2}; requests routed to it fail with 503 UH");

        public static readonly DiagnosticDescriptor SubsetWithoutLabels = Info("EGRESS031", Configuration,
            "Subset without labels",
            "Subset '{0}' has no labels, so it selects every endpoint of '{1}': that is right only for a subset that exists to carry a traffic policy");

        public static readonly DiagnosticDescriptor PortSettingForUnknownPort = Error("EGRESS032", Configuration,
            "Port-level setting for a port the service does not have",
            "Port {0} is not a port of '{1}' (ports: {2}): this [{3}] would never apply; use one of the service's ports");

        public static readonly DiagnosticDescriptor AddressesRequired = Warning("EGRESS033", Configuration,
            "ServiceEntry without addresses for a TCP port",
            "Port {0} of '{1}' is {2} and the ServiceEntry has no Addresses: unless DNS auto-allocation is on, every such ServiceEntry on port {0} shares one listener and traffic may reach the wrong service; add Addresses, or declare the protocol HTTP, HTTPS or TLS");

        public static readonly DiagnosticDescriptor KubernetesServiceSameHost = Warning("EGRESS034", Configuration,
            "Kubernetes Service and ServiceEntry declare the same host",
            "The Kubernetes Service '{0}' is '{1}', which the ServiceEntry of '{2}' declares too: Istio keeps one of the two services (same namespace first, then the oldest) and ignores the other's ports and endpoints");

        public static readonly DiagnosticDescriptor PortNameWithoutProtocol = Warning("EGRESS035", Configuration,
            "Kubernetes Service port name does not give Istio the protocol",
            "Port name '{0}' of the Kubernetes Service '{1}': {2}");

        public static readonly DiagnosticDescriptor HostsNotDistinguishable = Error("EGRESS036", Configuration,
            "Several hosts on a port that cannot tell them apart",
            "'{0}' has {1} hosts and resolution {2}, but port {3} is {4}: the proxy tells hosts apart only on HTTP and TLS ports, so Istio rejects the ServiceEntry; use one class per host, or an HTTP, HTTPS, HTTP2, GRPC or TLS port");

        public static readonly DiagnosticDescriptor WorkloadSelectorIgnored = Warning("EGRESS037", Configuration,
            "WorkloadSelector ignored with resolution NONE",
            "With resolution NONE the proxy forwards to the address the caller used, so WorkloadSelector selects nothing on '{0}'; use Resolution = ServiceResolution.Static");

        public static readonly DiagnosticDescriptor DuplicateServiceHostPort = Warning("EGRESS040", CrossClass,
            "Two ServiceEntries declare the same host and port",
            "Host '{0}' port {1} is also declared by '{2}': Istio merges the two ServiceEntries unpredictably; declare the host in one class");

        public static readonly DiagnosticDescriptor ConflictingServiceProtocols = Warning("EGRESS041", CrossClass,
            "Two ServiceEntries give one host and port different protocols",
            "Host '{0}' port {1} is {2} here but {3} in '{4}': the proxy has one protocol per port, so traffic for one of them is handled wrongly");

        public static readonly DiagnosticDescriptor OverlappingDestinationRules = Warning("EGRESS042", CrossClass,
            "Two DestinationRules for the same host",
            "The DestinationRule for host '{0}' overlaps the one generated for '{1}' ({2}): Istio applies only one of them to a proxy, so the other's subsets or traffic policy are silently lost; declare them in one class");
    }
}
