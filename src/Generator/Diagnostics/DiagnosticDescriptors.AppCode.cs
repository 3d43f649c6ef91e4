using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // The application's own code against the egress it declares: EGRESS220-239.
    internal static partial class DiagnosticDescriptors
    {
        // Rules about the application's code (its string literals), reported when the whole compilation has been seen.
        private const string AppCode = "EgressDsl.AppCode";

        public static readonly DiagnosticDescriptor AppAddressMismatch = Warning("EGRESS220", AppCode,
            "Address literal disagrees with the declared egress",
            "'{0}' calls {1} with {2} on port {3}, but {4}: call '{5}' ({6})");
    }
}
