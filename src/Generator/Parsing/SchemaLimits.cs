using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>What a <see cref="SchemaLimit"/> bounds, and so what the parser counts.</summary>
    internal enum SchemaLimitKind
    {
        /// <summary><c>maxItems</c>: the attributes of one name on a class (no argument), or the entries of an array argument.</summary>
        MaxItems,

        /// <summary><c>maxProperties</c>: the <c>key=value</c> entries of an array argument (keys are unique, so one entry is one property).</summary>
        MaxProperties,

        /// <summary><c>maxLength</c>: the characters (Unicode code points, as Kubernetes counts) of a string argument or of each entry.</summary>
        MaxLength,

        /// <summary>
        /// A CEL rule <c>self.all(key, size(key) &lt; N)</c> on a map: the key of each <c>key=value</c> entry has at most
        /// N - 1 characters (the value here).
        /// </summary>
        MaxKeyLength,
    }

    /// <summary>
    /// One limit of Istio's CRD schemas (<c>maxItems</c>, <c>maxProperties</c>, <c>maxLength</c>, or a length in a CEL
    /// rule) on a field EgressDsl writes, and the attribute (and argument) that field comes from.
    /// </summary>
    /// <param name="Kind">The Istio kind whose schema holds the limit.</param>
    /// <param name="SchemaPath">The field in the kind's <c>openAPIV3Schema</c>, <c>[]</c> for the items of a list.</param>
    /// <param name="LimitKind">Which keyword.</param>
    /// <param name="Value">The keyword's value in the schema.</param>
    /// <param name="Attribute">The attribute's short name.</param>
    /// <param name="Argument">The argument, or null when the attributes themselves are counted.</param>
    internal sealed record SchemaLimit(string Kind, string SchemaPath, SchemaLimitKind LimitKind, int Value, string Attribute, string? Argument);

    /// <summary>
    /// The limits of Istio's CRD schemas (networking.istio.io v1, v1beta1 and v1alpha3 have the same) on every field the
    /// DSL writes, in one table: the parser checks them all with one loop (EGRESS017), and a test reads the CRD file and
    /// holds every value here to the schema's, so they cannot drift apart.
    /// </summary>
    /// <remarks>
    /// Fields the DSL writes with no limit in the schema (VirtualService hosts, http, tls and tcp rules, match lists and
    /// headers; DestinationRule subsets; Gateway servers and hosts; exportTo; subjectAltNames) are not here. Limits that a
    /// stricter rule already keeps (a label value's 63 characters, EGRESS006) are not either.
    /// </remarks>
    internal static class SchemaLimits
    {
        public static readonly SchemaLimit[] All =
        {
            new("ServiceEntry", "spec.hosts", SchemaLimitKind.MaxItems, 256, AttributeNames.ExternalServiceShort,
                nameof(ExternalServiceAttribute.Hosts)),
            new("ServiceEntry", "spec.addresses", SchemaLimitKind.MaxItems, 256, AttributeNames.ExternalServiceShort,
                nameof(ExternalServiceAttribute.Addresses)),
            new("ServiceEntry", "spec.addresses[]", SchemaLimitKind.MaxLength, 64, AttributeNames.ExternalServiceShort,
                nameof(ExternalServiceAttribute.Addresses)),
            new("ServiceEntry", "spec.workloadSelector.labels", SchemaLimitKind.MaxProperties, 256, AttributeNames.ExternalServiceShort, nameof(ExternalServiceAttribute.WorkloadSelector)),
            new("ServiceEntry", "spec.ports", SchemaLimitKind.MaxItems, 256, AttributeNames.ServicePort, null),
            new("ServiceEntry", "spec.ports[].name", SchemaLimitKind.MaxLength, 256, AttributeNames.ServicePort,
                nameof(ServicePortAttribute.Name)),
            new("ServiceEntry", "spec.endpoints", SchemaLimitKind.MaxItems, 4096, AttributeNames.Endpoint, null),
            new("ServiceEntry", "spec.endpoints[].address", SchemaLimitKind.MaxLength, 256, AttributeNames.Endpoint,
                nameof(EndpointAttribute.Address)),
            new("ServiceEntry", "spec.endpoints[].labels", SchemaLimitKind.MaxProperties, 256, AttributeNames.Endpoint,
                nameof(EndpointAttribute.Labels)),
            new("ServiceEntry", "spec.endpoints[].ports", SchemaLimitKind.MaxProperties, 128, AttributeNames.Endpoint,
                nameof(EndpointAttribute.Ports)),
            new("ServiceEntry", "spec.endpoints[].ports", SchemaLimitKind.MaxKeyLength, 62, AttributeNames.Endpoint,
                nameof(EndpointAttribute.Ports)),
            new("ServiceEntry", "spec.endpoints[].network", SchemaLimitKind.MaxLength, 2048, AttributeNames.Endpoint,
                nameof(EndpointAttribute.Network)),
            new("ServiceEntry", "spec.endpoints[].locality", SchemaLimitKind.MaxLength, 2048, AttributeNames.Endpoint,
                nameof(EndpointAttribute.Locality)),
            new("ServiceEntry", "spec.endpoints[].serviceAccount", SchemaLimitKind.MaxLength, 253, AttributeNames.Endpoint, nameof(EndpointAttribute.ServiceAccount)),
            new("DestinationRule", "spec.workloadSelector.matchLabels", SchemaLimitKind.MaxProperties, 4096, AttributeNames.DestinationRule, nameof(DestinationRuleAttribute.WorkloadSelector)),
        };
    }
}
