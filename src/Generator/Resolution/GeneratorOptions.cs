using System;
using EgressDsl.Generator.Model;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>The MSBuild properties the generator reads, as a small record so option changes cache like any other input.</summary>
    /// <remarks>
    /// <paramref name="PublicMembers"/> is EgressGeneratedAccessibility=public: each class's <c>Egress</c> class is then
    /// public, otherwise internal, so a library's public classes do not gain generated members in its API. The build's
    /// targets stop on any value but <c>internal</c> or <c>public</c> (EGRESS107) before the compiler runs.
    /// <paramref name="GatewayApi"/> is EgressGatewayApi: the form of gateways that do not choose one, and of routes
    /// without a gateway; <paramref name="InvalidGatewayApi"/> holds a value that is neither <c>istio</c> nor <c>kubernetes</c>
    /// (EGRESS401).
    /// </remarks>
    internal sealed record GeneratorOptions(
        string IstioApiVersion,
        bool EmitEnvoy,
        string? InvalidApiVersion,
        bool PublicMembers = false,
        GatewayApi GatewayApi = GatewayApi.Istio,
        string? InvalidGatewayApi = null)
    {
        public static readonly GeneratorOptions Default = new(ProjectResolver.DefaultApiVersion, true, null);

        public static GeneratorOptions From(AnalyzerConfigOptions options)
        {
            options.TryGetValue("build_property.EgressIstioApiVersion", out var version);
            options.TryGetValue("build_property.EgressEmitEnvoy", out var emitEnvoy);
            options.TryGetValue("build_property.EgressGeneratedAccessibility", out var accessibility);
            options.TryGetValue("build_property.EgressGatewayApi", out var gatewayApi);
            version = string.IsNullOrWhiteSpace(version) ? ProjectResolver.DefaultApiVersion : version!.Trim();
            var valid = version is "v1" or "v1beta1" or "v1alpha3";
            var api = gatewayApi?.Trim() ?? string.Empty;
            var form = api.Length == 0 || string.Equals(api, "istio", StringComparison.OrdinalIgnoreCase) ? GatewayApi.Istio
                : string.Equals(api, "kubernetes", StringComparison.OrdinalIgnoreCase) ? GatewayApi.Kubernetes
                : GatewayApi.Default;
            return new GeneratorOptions(
                valid ? version : ProjectResolver.DefaultApiVersion,
                !string.Equals(emitEnvoy?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                valid ? null : version,
                string.Equals(accessibility?.Trim(), "public", StringComparison.OrdinalIgnoreCase),
                form == GatewayApi.Default ? GatewayApi.Istio : form,
                form == GatewayApi.Default ? api : null);
        }
    }
}
