using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Model
{
    /// <summary>A header an expected request carries.</summary>
    internal sealed record ExpectedHeader(string Name, string Value);

    /// <summary>
    /// One [ExpectRoute]: the request to simulate and where it must go. <paramref name="AttributeOrdinal"/> points back at the
    /// attribute, so a failed expectation is reported on it.
    /// </summary>
    internal sealed record RouteExpectationModel(
        int AttributeOrdinal,
        string? Authority,
        int Port,
        string Path,
        EquatableArray<ExpectedHeader> Headers,
        string? Sni,
        bool Tcp,
        string? DestinationAddress,
        string? ReachesSubset,
        string? ReachesHost,
        int ReachesPort,
        string? ReachesCluster,
        bool NoRoute);
}
