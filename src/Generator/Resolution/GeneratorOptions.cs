using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>The MSBuild properties the generator reads, as a small record so option changes cache like any other input.</summary>
    /// <remarks>
    /// <paramref name="PublicMembers"/> is EgressGeneratedAccessibility=public: each class's <c>Egress</c> class is then
    /// public, otherwise internal, so a library's public classes do not gain generated members in its API. The build's
    /// targets stop on any value but <c>internal</c> or <c>public</c> (EGRESS107) before the compiler runs.
    /// </remarks>
    internal sealed record GeneratorOptions(string IstioApiVersion, bool EmitEnvoy, string? InvalidApiVersion, bool PublicMembers = false)
    {
        public static readonly GeneratorOptions Default = new(ProjectResolver.DefaultApiVersion, true, null);

        public static GeneratorOptions From(AnalyzerConfigOptions options)
        {
            options.TryGetValue("build_property.EgressIstioApiVersion", out var version);
            options.TryGetValue("build_property.EgressEmitEnvoy", out var emitEnvoy);
            options.TryGetValue("build_property.EgressGeneratedAccessibility", out var accessibility);
            version = string.IsNullOrWhiteSpace(version) ? ProjectResolver.DefaultApiVersion : version!.Trim();
            var valid = version is "v1" or "v1beta1" or "v1alpha3";
            return new GeneratorOptions(
                valid ? version : ProjectResolver.DefaultApiVersion,
                !string.Equals(emitEnvoy?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                valid ? null : version,
                string.Equals(accessibility?.Trim(), "public", StringComparison.OrdinalIgnoreCase));
        }
    }
}
