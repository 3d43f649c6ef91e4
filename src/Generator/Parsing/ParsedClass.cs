using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// What the parser made of one class: where it is declared, the model (null when an error makes it unusable), the diagnostics as data,
    /// and where the class's role attribute is, for the generator's own "not generated" error.
    /// </summary>
    internal sealed record ParsedClass(
        ClassIdentity Identity,
        EgressClassModel? Model,
        EquatableArray<DiagnosticInfo> Diagnostics,
        LocationInfo? RoleAttributeLocation)
    {
        public string MetadataName => Identity.MetadataName;

        /// <summary>
        /// The models an intent attribute expands to besides <see cref="Model"/> (the pattern's route, gateway, or the upstream
        /// service a gateway forwards to), each under a name of its own derived from the class's (Parsing/Intents). Empty for
        /// every class written with low-level attributes only.
        /// </summary>
        public EquatableArray<EgressClassModel> Companions { get; init; } = EquatableArray<EgressClassModel>.Empty;

        /// <summary>
        /// A [GatewayEgress]'s advice (warnings, infos) that only one of its recipes earns, which the analyzer reports once the
        /// project says which form the pattern's gateway takes. Not in <see cref="Diagnostics"/>.
        /// </summary>
        public FormAdvice FormAdvice { get; init; } = FormAdvice.None;

        /// <summary>The model and its companions: everything the class adds to the project.</summary>
        public System.Collections.Generic.IEnumerable<EgressClassModel> AllModels()
        {
            if (Model is null)
            {
                yield break;
            }

            yield return Model;
            foreach (var companion in Companions)
            {
                yield return companion;
            }
        }

        public bool HasErrors
        {
            get
            {
                foreach (var diagnostic in Diagnostics)
                {
                    if (diagnostic.IsError)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    /// <summary>Advice of an intent for the Istio form and for the Kubernetes Gateway API form of its gateway.</summary>
    internal sealed record FormAdvice(EquatableArray<DiagnosticInfo> Istio, EquatableArray<DiagnosticInfo> GatewayApi)
    {
        public static readonly FormAdvice None = new(EquatableArray<DiagnosticInfo>.Empty, EquatableArray<DiagnosticInfo>.Empty);

        public bool IsEmpty => Istio.IsEmpty && GatewayApi.IsEmpty;
    }
}
