using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    // EGRESS500-549: the rules split out of EGRESS009 (invalid value) and EGRESS014 (required value missing), so a user can
    // suppress each alone. Their messages keep the shape of the rule they came from.
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor ConflictingArguments = Error("EGRESS500", Usage,
            "Conflicting attribute arguments",
            "'{0}' is not valid for {1}: {2}");

        public static readonly DiagnosticDescriptor DuplicateScope = Error("EGRESS501", Usage,
            "Setting declared twice for the same scope",
            "'{0}' is not valid for {1}: {2}");

        public static readonly DiagnosticDescriptor InvalidTimeout = Error("EGRESS502", Usage,
            "Invalid timeout",
            "'{0}' is not valid for {1}: {2}");

        public static readonly DiagnosticDescriptor MalformedListEntry = Error("EGRESS503", Usage,
            "Malformed list entry",
            "'{0}' is not valid for {1}: {2}");

        public static readonly DiagnosticDescriptor MissingCertificate = Error("EGRESS510", Usage,
            "TLS certificate missing",
            "{0} is required: {1}");
    }
}
