using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Diagnostics
{
    /// <summary>Every diagnostic EgressDsl reports. Each ID has a help page in docs/diagnostics/.</summary>
    internal static partial class DiagnosticDescriptors
    {
        /// <summary>Where each ID's help page is: the repository's docs/diagnostics/ (EgressDslRepositoryUrl in Directory.Build.props).</summary>
        public const string HelpLinkBase = ThisAssembly.RepositoryUrl + "/blob/main/docs/diagnostics/";

        private const string Usage = "EgressDsl.Usage";

        // Cross-class rules: reported when the analyzer has seen the whole compilation (see CustomTags).
        private const string CrossClass = "EgressDsl.CrossClass";

        // Rules about one class's Istio semantics (what the resources mean together), reported as the class is analyzed.
        private const string Configuration = "EgressDsl.Configuration";

        // Rules about TLS verification and secrets, reported as the class is analyzed.
        private const string Security = "EgressDsl.Security";

        private const string Generation = "EgressDsl.Generation";

        public static readonly DiagnosticDescriptor InvalidHost = Error("EGRESS001", Usage,
            "Invalid host name",
            "'{0}' is not a valid host: {1}");

        public static readonly DiagnosticDescriptor InvalidAddress = Error("EGRESS002", Usage,
            "Invalid IP address or CIDR block",
            "'{0}' is not a valid {1}");

        public static readonly DiagnosticDescriptor PortOutOfRange = Error("EGRESS003", Usage,
            "Port number out of range",
            "Port {0} is out of range: a port is a number from 1 to 65535");

        public static readonly DiagnosticDescriptor DuplicatePort = Error("EGRESS004", Usage,
            "Duplicate port",
            "{0} '{1}' is declared twice on '{2}': each port needs its own number and name");

        public static readonly DiagnosticDescriptor InvalidName = Error("EGRESS005", Usage,
            "Invalid name",
            "{0} '{1}' is not valid: {2}");

        public static readonly DiagnosticDescriptor InvalidLabel = Error("EGRESS006", Usage,
            "Invalid label",
            "'{0}' is not a valid label: {1}");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("EGRESS007", Usage,
            "Undefined enum value",
            "{0} is not a defined value of {1}: use one of its named members");

        public static readonly DiagnosticDescriptor NotAnEgressClass = Error("EGRESS008", Usage,
            "typeof() does not name an EgressDsl class",
            "'{0}' is not {1}: {2} must name a class with [{3}]");

        public static readonly DiagnosticDescriptor InvalidValue = Error("EGRESS009", Usage,
            "Invalid attribute value",
            "'{0}' is not valid for {1}: {2}");

        public static readonly DiagnosticDescriptor ConflictingRoles = Error("EGRESS010", Usage,
            "A class has more than one EgressDsl role",
            "'{0}' carries both [{1}] and [{2}]: a class is one external service, one mesh host, one egress gateway or one route");

        public static readonly DiagnosticDescriptor AttributeWithoutRole = Error("EGRESS011", Usage,
            "EgressDsl attribute on a class without a role",
            "[{0}] has no effect on '{1}': add [ExternalService], [MeshHost], [EgressGateway] or [EgressRoute] to the class, as [{0}] applies to {2}");

        public static readonly DiagnosticDescriptor KeyMaterialInAttribute = Error("EGRESS012", Usage,
            "Key material or a secret pasted into an attribute",
            "{0} holds {1}: keep keys, passwords and tokens out of attributes (give a file path, or a credentialName that names a Kubernetes Secret), so secrets never land in the assembly or the manifests");

        public static readonly DiagnosticDescriptor UnwritableString = Error("EGRESS013", Usage,
            "Text that cannot be written to a manifest",
            "{0} cannot be written to a manifest: {1}");

        public static readonly DiagnosticDescriptor MissingValue = Error("EGRESS014", Usage,
            "Required value missing",
            "{0} is required: {1}");

        public static readonly DiagnosticDescriptor ClassNotPartial = new(
            "EGRESS015",
            "Declare the class partial to get its generated constants",
            "'{0}' is not partial: its manifests are only in EgressCatalog; declare it 'partial' to also get '{0}.Egress' constants",
            Usage,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "The generator adds a nested Egress class to partial classes. Others are still generated, in the catalogue.",
            helpLinkUri: HelpLinkBase + "EGRESS015.md");

        public static readonly DiagnosticDescriptor DuplicateResource = Error("EGRESS016", CrossClass,
            "Two classes generate the same resource",
            "This class generates {0} '{1}', which '{2}' generates too: one would overwrite the other in the cluster; give one of them another Name or Namespace");

        public static readonly DiagnosticDescriptor OverSchemaLimit = Error("EGRESS017", Usage,
            "Over a limit of Istio's CRD schema",
            "{0} {1}, and the {2} CRD allows at most {3} ({4}): Kubernetes would reject the manifest");

        public static readonly DiagnosticDescriptor UnknownSubset = Error("EGRESS020", CrossClass,
            "Route to an undefined subset",
            "Subset '{0}' is not defined for '{1}': Istio routes to a cluster for it that does not exist, so every request the rule takes gets 503 with response flag NC (cluster not found); declare [Subset(\"{0}\", ...)] on '{2}', or name a subset it has");

        public static readonly DiagnosticDescriptor DestinationPortRequired = Error("EGRESS021", CrossClass,
            "Destination port required",
            "'{0}' has several ports ({1}): set DestinationPort so the route knows which one to use (IST0112)");

        public static readonly DiagnosticDescriptor UnknownDestinationPort = Error("EGRESS022", CrossClass,
            "Destination port not declared by the service",
            "Port {0} is not a port of '{1}' (ports: {2}) (IST0101 host:port)");

        public static readonly DiagnosticDescriptor NoGatewayServerForHost = Error("EGRESS023", CrossClass,
            "No gateway server for the routed host",
            "{0} (IST0132)");

        public static readonly DiagnosticDescriptor InvalidApiVersion = Error("EGRESS100", Generation,
            "Unsupported Istio API version",
            "EgressIstioApiVersion '{0}' is not supported: use v1 (the default), v1beta1 or v1alpha3");

        public static readonly DiagnosticDescriptor NotGenerated = Error("EGRESS900", Generation,
            "Resources not generated because of errors",
            "No manifest was generated for '{0}' because of {1}: fix the errors reported on its attributes");

        // Built on first use, not as a field initializer: the descriptors live in several files of this partial class, and
        // C# does not order static initializers across files, so an eager registry could read fields that are still null.
        private static readonly Lazy<ImmutableDictionary<string, DiagnosticDescriptor>> Descriptors = new(() =>
            typeof(DiagnosticDescriptors).GetFields()
                .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
                .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
                .ToImmutableDictionary(descriptor => descriptor.Id, StringComparer.Ordinal));

        private static readonly Lazy<ImmutableArray<DiagnosticDescriptor>> Ordered = new(() =>
            Descriptors.Value.Values.OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal).ToImmutableArray());

        public static ImmutableArray<DiagnosticDescriptor> All => Ordered.Value;

        public static DiagnosticDescriptor ById(string id) => Descriptors.Value[id];

        private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
            new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md", customTags: CustomTags(category));

        private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
            new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md", customTags: CustomTags(category));

        private static DiagnosticDescriptor Info(string id, string category, string title, string message) =>
            new(id, title, message, category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md", customTags: CustomTags(category));

        // Cross-class rules are reported when the whole compilation has been seen; the IDE needs the tag to know that.
        private static string[] CustomTags(string category) =>
            category is CrossClass or AppCode ? new[] { WellKnownDiagnosticTags.CompilationEnd } : new string[0];
    }
}
