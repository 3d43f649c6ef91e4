using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>The MSBuild properties the generator reads, as a small record so option changes cache like any other input.</summary>
    internal sealed record GeneratorOptions(string IstioApiVersion, bool EmitEnvoy, string? InvalidApiVersion)
    {
        public static readonly GeneratorOptions Default = new(ProjectResolver.DefaultApiVersion, true, null);

        public static GeneratorOptions From(AnalyzerConfigOptions options)
        {
            options.TryGetValue("build_property.EgressIstioApiVersion", out var version);
            options.TryGetValue("build_property.EgressEmitEnvoy", out var emitEnvoy);
            version = string.IsNullOrWhiteSpace(version) ? ProjectResolver.DefaultApiVersion : version!.Trim();
            var valid = version is "v1" or "v1beta1" or "v1alpha3";
            return new GeneratorOptions(
                valid ? version : ProjectResolver.DefaultApiVersion,
                !string.Equals(emitEnvoy?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                valid ? null : version);
        }
    }
}
