using System;
using System.Linq;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>
/// The Gateway API v1.6.1 CRDs through the strict validator (issue 22): defaults applied before the CEL rules, the
/// Kubernetes IP library's <c>isIP</c>, root metadata left to the ObjectMeta checks, and the channel chosen per kind.
/// </summary>
public class GatewayApiCrdTests
{
    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: to-gateway
        spec:
          parentRefs:
          - kind: ServiceEntry
            group: networking.istio.io
            name: cnn
          rules:
          - backendRefs:
            - name: cnn-egress-gateway-istio
              port: 80
        """;

    [Fact]
    public void A_valid_route_passes_with_its_metadata_and_defaults()
    {
        Assert.Empty(GatewayApiCrds.ValidateDocuments(Route));
    }

    [Fact]
    public void A_service_backend_without_port_breaks_the_rule_that_only_defaults_make_apply()
    {
        // kind and group are absent: their defaults (Service, "") are what make the CRD's port rule apply.
        var errors = GatewayApiCrds.ValidateDocuments(Route.Replace("\n      port: 80", string.Empty, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Must have port for Service reference", StringComparison.Ordinal));

        var hostname = Route
            .Replace("    - name: cnn-egress-gateway-istio\n      port: 80",
                "    - kind: Hostname\n      group: networking.istio.io\n      name: edition.cnn.com", StringComparison.Ordinal);
        Assert.Contains("kind: Hostname", hostname, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayApiCrds.ValidateDocuments(hostname), e => e.Contains("Must have port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("edition.cnn.com", true)]
    [InlineData("\"*.wikipedia.org\"", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("\"2001:db8::1\"", false)]
    public void A_tls_route_hostname_may_not_be_an_ip_address(string hostname, bool valid)
    {
        var route = $"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: TLSRoute
            metadata:
              name: forward
            spec:
              parentRefs:
              - name: gw
              hostnames:
              - {hostname}
              rules:
              - backendRefs:
                - kind: Hostname
                  group: networking.istio.io
                  name: edition.cnn.com
                  port: 443
            """;
        var errors = GatewayApiCrds.ValidateDocuments(route);
        Assert.True(valid == (errors.Count == 0), string.Join("\n", errors));
    }

    [Fact]
    public void Metadata_is_still_checked_by_the_object_meta_rules()
    {
        var errors = GatewayApiCrds.ValidateDocuments(Route.Replace("name: to-gateway", "name: To_Gateway", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("metadata.name", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_kind_is_checked_against_the_channel_that_serves_it()
    {
        Assert.Same(GatewayApiCrds.Standard, GatewayApiCrds.For("gateway.networking.k8s.io/v1", "TLSRoute"));
        Assert.Contains("gateway.networking.k8s.io/v1alpha2 TLSRoute (not served)", GatewayApiCrds.Standard.KnownResources);
        Assert.Same(GatewayApiCrds.Experimental, GatewayApiCrds.For("gateway.networking.k8s.io/v1alpha2", "TLSRoute"));
    }
}
