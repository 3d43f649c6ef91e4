using EgressDsl.Cli.Import;
using Xunit;

namespace EgressDsl.Cli.Tests;

/// <summary>Which documents the import reads, by kind family, and what it says of the others.</summary>
public sealed class ImportKindsTests
{
    [Theory]
    [InlineData("networking.istio.io/v1alpha3", "ServiceEntry", "ServiceEntry")]
    [InlineData("networking.istio.io/v1beta1", "VirtualService", "VirtualService")]
    [InlineData("v1", "Endpoints", "Endpoints")]
    [InlineData("discovery.k8s.io/v1", "EndpointSlice", "EndpointSlice")]
    public void A_kind_of_a_readable_family_is_imported(string apiVersion, string kind, string expected)
    {
        var (known, leftOut) = ImportKinds.Classify(Group(apiVersion), apiVersion, kind);

        Assert.Equal(Enum.Parse<ImportKind>(expected), known);
        Assert.Null(leftOut);
    }

    /// <summary>The Gateway API kinds are read in every version the Gateway API served them in, and only there.</summary>
    [Theory]
    [InlineData("gateway.networking.k8s.io/v1", "Gateway", "KubernetesGateway")]
    [InlineData("gateway.networking.k8s.io/v1beta1", "Gateway", "KubernetesGateway")]
    [InlineData("gateway.networking.k8s.io/v1", "HTTPRoute", "HttpRoute")]
    [InlineData("gateway.networking.k8s.io/v1beta1", "HTTPRoute", "HttpRoute")]
    [InlineData("gateway.networking.k8s.io/v1alpha2", "TLSRoute", "TlsRoute")]
    [InlineData("gateway.networking.k8s.io/v1", "TCPRoute", "TcpRoute")]
    [InlineData("gateway.networking.k8s.io/v1beta1", "ReferenceGrant", "ReferenceGrant")]
    public void Gateway_api_kinds_are_imported_in_their_versions(string apiVersion, string kind, string expected)
    {
        var (known, leftOut) = ImportKinds.Classify(Group(apiVersion), apiVersion, kind);

        Assert.Equal(Enum.Parse<ImportKind>(expected), known);
        Assert.Null(leftOut);
    }

    [Theory]
    [InlineData("gateway.networking.k8s.io/v1beta1", "TLSRoute")]
    [InlineData("gateway.networking.k8s.io/v1alpha2", "HTTPRoute")]
    [InlineData("gateway.networking.k8s.io/v1", "GRPCRoute")]
    public void A_gateway_api_kind_in_a_version_without_it_is_left_out(string apiVersion, string kind)
    {
        var (known, leftOut) = ImportKinds.Classify(Group(apiVersion), apiVersion, kind);

        Assert.Null(known);
        Assert.StartsWith(kind + " (" + apiVersion + ") has no EgressDsl attributes", leftOut);
    }

    [Theory]
    [InlineData("networking.istio.io/v1", "Sidecar",
        "Sidecar (networking.istio.io/v1) has no EgressDsl attributes (the import reads ServiceEntry, DestinationRule, Gateway, "
            + "VirtualService in networking.istio.io/v1")]
    [InlineData("networking.istio.io/v2", "ServiceEntry", "ServiceEntry (networking.istio.io/v2) has no EgressDsl attributes")]
    [InlineData("apps/v1", "Deployment", "Deployment (apps/v1) is not a kind EgressDsl writes")]
    public void Other_documents_are_left_out_with_why(string apiVersion, string kind, string reason)
    {
        var (known, leftOut) = ImportKinds.Classify(Group(apiVersion), apiVersion, kind);

        Assert.Null(known);
        Assert.StartsWith(reason, leftOut);
    }

    private static string Group(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : string.Empty;
}
