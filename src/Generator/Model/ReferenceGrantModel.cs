using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Model
{
    /// <summary>
    /// A Gateway API ReferenceGrant the DSL writes: in <paramref name="Namespace"/>, the consent to routes of the kinds and
    /// namespaces in <paramref name="From"/> to name the Services <paramref name="Services"/> there (one, but for a clash of
    /// names). Several routes that need the same consent share one grant, written by one class (Resolution/ReferenceGrants).
    /// </summary>
    internal sealed record ReferenceGrantModel(string Namespace, string Name, EquatableArray<ReferenceGrantSource> From,
        EquatableArray<string> Services);

    /// <summary>Routes of one kind (HTTPRoute, TLSRoute, TCPRoute) in one namespace.</summary>
    internal sealed record ReferenceGrantSource(string RouteKind, string Namespace);
}
