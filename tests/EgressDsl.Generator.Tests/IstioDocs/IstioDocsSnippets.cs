namespace EgressDsl.Generator.Tests.IstioDocs;

/// <summary>The DSL version of each snippet of Istio's egress task pages (see <see cref="IstioDocsCorpus"/>).</summary>
internal static class IstioDocsSnippets
{
    /// <summary>A DSL source and the snippet files it reproduces ("4", or "2+3" for snippets applied together).</summary>
    public sealed record Case(string Page, string Snippet, string ApiVersion, string Source);

    private const string KubernetesServices = "egress-kubernetes-services";

    public static readonly Case[] All =
    {
        // An ExternalName Service for httpbin.org, and Istio's mutual TLS turned off for its host: the Service is the host's
        // registry entry, so a [MeshHost] (no ServiceEntry) carries both.
        new(KubernetesServices, "1+2", "v1alpha3", """
            [MeshHost("my-httpbin.default.svc.cluster.local")]
            [ServicePort(80, "http")]
            [KubernetesService(Name = "my-httpbin", ExternalName = "httpbin.org", Protocol = "TCP")]
            [DestinationRule(Name = "my-httpbin")]
            [TlsOrigination(TlsMode.Disable)]
            public partial class MyHttpbin;
            """),
        // A Service without selector, its Endpoints (two Wikipedia addresses) and the DestinationRule for its host.
        new(KubernetesServices, "3+4+5", "v1alpha3", """
            [MeshHost("my-wikipedia.default.svc.cluster.local")]
            [ServicePort(443, "tls")]
            [KubernetesService(Name = "my-wikipedia", Protocol = "TCP", Endpoints = ["198.35.26.96", "208.80.153.224"])]
            [DestinationRule(Name = "my-wikipedia")]
            [TlsOrigination(TlsMode.Disable)]
            public partial class MyWikipedia;
            """),
    };
}
