using System.Collections.Generic;

namespace EgressDsl.Cli.Import
{
    /// <summary>
    /// Rewrites imported classes that follow one of the documented egress patterns into the intent attribute that says so
    /// (<c>[DirectEgress]</c>, <c>[GatewayEgress]</c>, <c>[SidecarTlsOrigination]</c>, <c>[ExternalProxy]</c>,
    /// <c>[KubernetesEgressService]</c>), leaving the low-level attributes for everything else.
    /// </summary>
    /// <remarks>
    /// The hook for the intent attributes, which are being written on another branch: each pattern recognises a group of
    /// classes (a service class, its gateway class and its route class, say) by their attributes and replaces them with one
    /// class. A pattern must only apply where the intent attribute generates exactly the objects the low-level ones do; the
    /// round-trip tests of the import hold every pattern to that. Until the attributes ship there is no pattern.
    /// </remarks>
    internal static class IntentPatterns
    {
        /// <summary>A rewrite of the imported classes; returns them unchanged when its pattern does not apply.</summary>
        internal delegate IReadOnlyList<ImportedClass> Pattern(IReadOnlyList<ImportedClass> classes);

        /// <summary>The patterns, tried in order.</summary>
        internal static readonly IReadOnlyList<Pattern> All = new Pattern[0];

        internal static IReadOnlyList<ImportedClass> Apply(IReadOnlyList<ImportedClass> classes)
        {
            foreach (var pattern in All)
            {
                classes = pattern(classes);
            }

            return classes;
        }
    }
}
