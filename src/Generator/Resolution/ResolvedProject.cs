using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// A problem found by looking across classes. It points at an attribute argument by class, attribute ordinal and
    /// argument name: the analyzer turns that into the exact source location, the generator into its refusal to emit.
    /// </summary>
    internal sealed record ResolutionIssue(
        string Id,
        string ClassMetadataName,
        int AttributeOrdinal,
        string? ArgumentName,
        int? Element,
        EquatableArray<string> Arguments);

    /// <summary>A route with the service and gateway it names, so emitting it needs nothing else.</summary>
    internal sealed record ResolvedRoute(
        RouteModel Route,
        ExternalServiceModel Service,
        GatewayModel? Gateway,
        EquatableArray<int> DestinationPorts,
        EquatableArray<int> GatewayServerPorts);

    /// <summary>One class ready to emit: its model and, for a route, what the route refers to.</summary>
    internal sealed record ResolvedClass(EgressClassModel Class, ResolvedRoute? Route, string IstioApiVersion);

    internal sealed record ResolvedProject(
        EquatableArray<ResolvedClass> Classes,
        EquatableArray<ResolutionIssue> Issues,
        string IstioApiVersion,
        bool EmitEnvoy);
}
