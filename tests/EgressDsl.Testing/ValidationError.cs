namespace EgressDsl.Testing;

/// <summary>What kind of check a <see cref="ValidationError"/> comes from.</summary>
public enum ValidationErrorKind
{
    /// <summary>The text is not well-formed YAML, or a scalar's meaning depends on the YAML version.</summary>
    Yaml,

    /// <summary><c>apiVersion</c>/<c>kind</c> name no known, served resource.</summary>
    Resource,

    /// <summary>A field the schema does not declare (Kubernetes would prune it or reject it in strict mode).</summary>
    UnknownField,

    /// <summary>A value of the wrong type (including null where the schema is not nullable).</summary>
    Type,

    /// <summary>A required field is missing.</summary>
    Required,

    /// <summary>A value breaks enum, range, length, pattern, format, item-count or uniqueness constraints.</summary>
    Value,

    /// <summary>A <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>/<c>not</c> constraint fails.</summary>
    Composition,

    /// <summary>An <c>x-kubernetes-validations</c> CEL rule fails, or cannot be evaluated.</summary>
    Rule,

    /// <summary><c>metadata</c> breaks Kubernetes object-meta rules (names, namespaces, labels, annotations).</summary>
    Metadata,

    /// <summary>A Kubernetes built-in validation rule (e.g. of a Service) fails.</summary>
    Semantic,
}

/// <summary>One validation problem, located by a JSON-path-like path and a 1-based line.</summary>
/// <param name="Path">Where: <c>spec.ports[0].number</c>, or <c>&lt;root&gt;</c>.</param>
/// <param name="Message">What is wrong, in words (for a failing CEL rule, the rule's own message).</param>
/// <param name="Kind">Which kind of check failed.</param>
/// <param name="Line">1-based line in the validated document, 0 when unknown.</param>
public sealed record ValidationError(string Path, string Message, ValidationErrorKind Kind, int Line)
{
    /// <summary><c>path: message (line N)</c>.</summary>
    public override string ToString() => Line > 0 ? $"{Path}: {Message} (line {Line})" : $"{Path}: {Message}";
}
