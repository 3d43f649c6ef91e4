namespace EgressDsl.Generator.Model
{
    /// <summary>
    /// A subset of a service lowered for the Kubernetes Gateway API form, whose backendRefs name a host, never a subset
    /// (istio/istio#44446: one backend per version): its own ServiceEntry with the subset's endpoints under a host of its own,
    /// and a DestinationRule for that host with the subset's traffic policy. The service's class writes it.
    /// </summary>
    internal sealed record SubsetBackendModel(string Subset, ExternalServiceModel Service);
}
