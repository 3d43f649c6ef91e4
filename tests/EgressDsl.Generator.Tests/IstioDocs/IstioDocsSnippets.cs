namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>The DSL version of each snippet of Istio's egress task pages (see <see cref="IstioDocsCorpus"/>).</summary>
internal static class IstioDocsSnippets
{
    /// <summary>A DSL source and the snippet files it reproduces ("4", or "2+3" for snippets applied together).</summary>
    public sealed record Case(string Page, string Snippet, string ApiVersion, string Source);

    private const string KubernetesServices = "egress-kubernetes-services";

    public static readonly Case[] All =
    {
        // Plain HTTP through an ExternalName Service, Istio's mutual TLS turned off for its host (a host Istio already knows).
        new(KubernetesServices, "4", "v1alpha3", """
            [MeshHost("my-httpbin.default.svc.cluster.local")]
            [DestinationRule(Name = "my-httpbin")]
            [TlsOrigination(TlsMode.Disable)]
            public partial class MyHttpbin;
            """),
        new(KubernetesServices, "9", "v1alpha3", """
            [MeshHost("my-wikipedia.default.svc.cluster.local")]
            [DestinationRule(Name = "my-wikipedia")]
            [TlsOrigination(TlsMode.Disable)]
            public partial class MyWikipedia;
            """),
    };
}
