using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EgressDsl.Testing.Crd;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing;

/// <summary>One <c>x-kubernetes-validations</c> rule of a CRD version.</summary>
/// <param name="ApiVersion"><c>group/version</c>, e.g. <c>networking.istio.io/v1</c>.</param>
/// <param name="Kind">The kind, e.g. <c>ServiceEntry</c>.</param>
/// <param name="SchemaPath">Where the rule sits: <c>spec.endpoints[*].address</c>; <c>[*]</c> stands for any item or map value.</param>
/// <param name="Rule">The CEL expression.</param>
/// <param name="Message">The message reported when the rule fails (null when the CRD gives none).</param>
public sealed record CrdValidationRule(string ApiVersion, string Kind, string SchemaPath, string Rule, string? Message);

/// <summary>
/// Strict validator of Istio resources (any kind defined in Istio's CRD file) against the CRDs'
/// <c>openAPIV3Schema</c>, with Kubernetes' semantics and none of its leniency: unknown fields anywhere, wrong
/// scalar types, bad enums, missing required fields, <c>oneOf</c>/<c>anyOf</c>/<c>not</c> violations, failing
/// <c>x-kubernetes-validations</c> CEL rules and invalid <c>metadata</c> are all errors.
/// </summary>
/// <remarks>
/// Scalars are typed as Kubernetes types them (a plain <c>443</c> is an integer, <c>"443"</c> a string), and a
/// plain scalar whose meaning differs between YAML 1.2 and kubectl's YAML 1.1 reader (<c>yes</c>, <c>0755</c>) is
/// rejected. Instances are immutable and thread-safe.
/// </remarks>
public sealed class CrdSchemaValidator
{
    private static readonly ConcurrentDictionary<string, Lazy<CrdSchemaValidator>> Loaded = new(StringComparer.Ordinal);

    private readonly CrdCatalog _catalog;
    private readonly CelRuleEvaluator _cel = new();

    private CrdSchemaValidator(CrdCatalog catalog) => _catalog = catalog;

    /// <summary>
    /// The validator for the project's Istio CRD file (<see cref="SharedFiles.IstioCrdsPath"/>). The file is read
    /// and compiled once per process; later calls return the same instance.
    /// </summary>
    /// <exception cref="FileNotFoundException">The CRD file cannot be found.</exception>
    /// <exception cref="NotSupportedException">The file uses a schema feature this validator does not implement.</exception>
    public static CrdSchemaValidator LoadDefault() => Load(SharedFiles.IstioCrdsPath);

    /// <summary>The validator for a CRD file (multi-document YAML); cached per full path for the process.</summary>
    /// <exception cref="NotSupportedException">The file uses a schema feature this validator does not implement.</exception>
    public static CrdSchemaValidator Load(string crdFilePath)
    {
        string fullPath = Path.GetFullPath(crdFilePath);
        return Loaded.GetOrAdd(fullPath, p => new Lazy<CrdSchemaValidator>(() => FromYaml(File.ReadAllText(p)))).Value;
    }

    /// <summary>A validator for CRDs given as YAML text (not cached).</summary>
    /// <exception cref="NotSupportedException">The CRDs use a schema feature this validator does not implement.</exception>
    public static CrdSchemaValidator FromYaml(string crdYaml) => new(CrdCatalog.Parse(crdYaml));

    /// <summary>Every <c>apiVersion</c> and kind the validator knows, e.g. <c>networking.istio.io/v1 ServiceEntry</c>, served or not.</summary>
    public IReadOnlyList<string> KnownResources
        => _catalog.Definitions
            .SelectMany(d => d.Versions.Values.Select(v => $"{d.Group}/{v.Name} {d.Kind}{(v.Served ? string.Empty : " (not served)")}"))
            .ToList();

    /// <summary>
    /// Validates one YAML document (one Istio resource).
    /// </summary>
    /// <returns>
    /// Human-readable errors, each <c>path: problem (line N)</c> with a JSON-path-like path such as
    /// <c>spec.endpoints[0].ports["http-tls"]</c>; empty when the document is valid.
    /// </returns>
    public IReadOnlyList<string> Validate(string yamlDocument)
        => ValidateDetailed(yamlDocument).Select(e => e.ToString()).ToList();

    /// <summary>Like <see cref="Validate"/>, with each error's path, message, kind and line apart.</summary>
    public IReadOnlyList<ValidationError> ValidateDetailed(string yamlDocument)
    {
        ArgumentNullException.ThrowIfNull(yamlDocument);
        var errors = new ErrorSink();
        List<ParsedDocument> documents;
        try
        {
            documents = YamlTreeBuilder.ParseStream(yamlDocument);
        }
        catch (YamlTreeException e)
        {
            errors.Add("<root>", $"invalid YAML: {e.Problem}", ValidationErrorKind.Yaml, (int)e.Line);
            return errors.Errors;
        }

        if (documents.Count != 1)
        {
            string problem = documents.Count == 0
                ? "the document is empty"
                : $"expected one YAML document but found {documents.Count}; use ValidateDocuments for a stream";
            errors.Add("<root>", problem, ValidationErrorKind.Yaml, 1);
            return errors.Errors;
        }

        ValidateTree(documents[0].Tree, errors);
        return errors.Errors;
    }

    /// <summary>
    /// Validates every document of a multi-document stream. Core <c>v1</c> Services go to
    /// <see cref="KubernetesServiceValidator"/>; everything else to <see cref="Validate"/>.
    /// </summary>
    /// <returns>Errors prefixed with <c>document N (Kind name):</c>; empty when every document is valid.</returns>
    public IReadOnlyList<string> ValidateDocuments(string multiDocumentYaml)
    {
        ArgumentNullException.ThrowIfNull(multiDocumentYaml);
        List<ParsedDocument> documents;
        try
        {
            documents = YamlTreeBuilder.ParseStream(multiDocumentYaml);
        }
        catch (YamlTreeException e)
        {
            return new[] { $"<root>: invalid YAML: {e.Problem} (line {e.Line})" };
        }

        var errors = new List<string>();
        for (int i = 0; i < documents.Count; i++)
        {
            var tree = documents[i].Tree;
            string text = multiDocumentYaml.Substring(documents[i].StartIndex, documents[i].EndIndex - documents[i].StartIndex);
            string label = $"document {i + 1} ({tree["kind"]?.ScalarText ?? "?"} {tree["metadata"]?["name"]?.ScalarText ?? "?"})";
            bool isService = tree["apiVersion"]?.AsString == "v1" && tree["kind"]?.AsString == "Service";
            var documentErrors = isService ? KubernetesServiceValidator.Validate(text) : Validate(text);
            errors.AddRange(documentErrors.Select(e => $"{label}: {e}"));
        }

        return errors;
    }

    /// <summary>The <c>x-kubernetes-validations</c> rules of one resource version, in schema order.</summary>
    /// <exception cref="ArgumentException">No such served or unserved version of the kind.</exception>
    public IReadOnlyList<CrdValidationRule> GetValidationRules(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        var definition = _catalog.Find(group, kind) ?? throw new ArgumentException($"no CRD defines {apiVersion} {kind}", nameof(kind));
        var crdVersion = definition.Versions.GetValueOrDefault(version) ?? throw new ArgumentException($"{kind} has no version {version}", nameof(apiVersion));
        var rules = new List<CrdValidationRule>();
        CollectRules(crdVersion.Schema, string.Empty, apiVersion, kind, rules);
        return rules;
    }

    /// <summary>
    /// The size limits (<c>maxItems</c>, <c>maxProperties</c>, <c>maxLength</c>) of every field of one resource version,
    /// by schema path: <c>spec.endpoints[].address</c>, with <c>[]</c> for a list's items and <c>{}</c> for a map's values.
    /// </summary>
    /// <exception cref="ArgumentException">No such served or unserved version of the kind.</exception>
    public IReadOnlyDictionary<(string Path, string Keyword), long> GetSizeLimits(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        var definition = _catalog.Find(group, kind) ?? throw new ArgumentException($"no CRD defines {apiVersion} {kind}", nameof(kind));
        var crdVersion = definition.Versions.GetValueOrDefault(version) ?? throw new ArgumentException($"{kind} has no version {version}", nameof(apiVersion));
        var limits = new Dictionary<(string Path, string Keyword), long>();
        CollectSizeLimits(crdVersion.Schema, string.Empty, limits);
        return limits;
    }

    private static void CollectSizeLimits(OpenApiSchema schema, string path, Dictionary<(string Path, string Keyword), long> limits)
    {
        foreach (var (keyword, value) in new[] { ("maxItems", schema.MaxItems), ("maxProperties", schema.MaxProperties), ("maxLength", schema.MaxLength) })
        {
            if (value is { } limit)
            {
                limits[(path, keyword)] = limit;
            }
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, OpenApiSchema>())
        {
            CollectSizeLimits(property, path.Length == 0 ? name : path + "." + name, limits);
        }

        if (schema.Items is { } items)
        {
            CollectSizeLimits(items, path + "[]", limits);
        }

        if (schema.AdditionalProperties is { } values)
        {
            CollectSizeLimits(values, path + "{}", limits);
        }

        foreach (var alternative in schema.OneOf.Concat(schema.AnyOf).Concat(schema.AllOf))
        {
            CollectSizeLimits(alternative, path, limits);
        }
    }

    /// <summary>
    /// Every rule in the CRD file that calls a CEL function this validator does not provide, as
    /// <c>apiVersion Kind path: rule (missing: f)</c>. Empty means every rule can be evaluated.
    /// </summary>
    public IReadOnlyList<string> FindUnsupportedRules()
    {
        var problems = new List<string>();
        foreach (var definition in _catalog.Definitions)
        {
            foreach (var version in definition.Versions.Values)
            {
                foreach (var rule in GetValidationRules($"{definition.Group}/{version.Name}", definition.Kind))
                {
                    var missing = CelRuleEvaluator.UnsupportedFunctions(rule.Rule);
                    if (missing.Count > 0)
                    {
                        problems.Add($"{rule.ApiVersion} {rule.Kind} {rule.SchemaPath}: {rule.Rule} (missing: {string.Join(", ", missing)})");
                    }
                }
            }
        }

        return problems;
    }

    private void ValidateTree(YamlTree root, ErrorSink errors)
    {
        if (root.Kind != YamlNodeKind.Mapping)
        {
            errors.Add(FieldPath.Root, $"Invalid type: a Kubernetes object must be a mapping, found {root.Describe()}", ValidationErrorKind.Type, root);
            return;
        }

        string? apiVersion = RequiredString(root, "apiVersion", errors);
        string? kind = RequiredString(root, "kind", errors);
        if (apiVersion is null || kind is null)
        {
            return;
        }

        var version = ResolveVersion(root, apiVersion, kind, errors, out var definition);
        if (version is null)
        {
            return;
        }

        ObjectMetaValidator.Validate(root["metadata"], definition!.Namespaced, errors);
        root = SchemaDefaults.Apply(version.Schema, root);
        var walker = new SchemaWalker(_cel);
        walker.Validate(version.Schema, root, FieldPath.Root, errors, structural: true, objectRoot: true);

        // Reported last: only now do we know which mappings are free-keyed maps, for their paths.
        YamlChecks.ReportYamlAmbiguities(root, FieldPath.Root, errors);
    }

    private CrdVersion? ResolveVersion(YamlTree root, string apiVersion, string kind, ErrorSink errors, out CrdDefinition? definition)
    {
        definition = null;
        var at = root["apiVersion"];
        var (group, versionName) = SplitApiVersion(apiVersion);
        if (group.Length == 0)
        {
            string hint = kind == "Service" ? " (use KubernetesServiceValidator for Services)" : string.Empty;
            errors.Add("apiVersion", $"Invalid value: \"{apiVersion}\": the core API group is not defined by the CRD file{hint}", ValidationErrorKind.Resource, at!.Line);
            return null;
        }

        if (!_catalog.Groups.Contains(group, StringComparer.Ordinal))
        {
            errors.Add("apiVersion", $"Invalid value: \"{apiVersion}\": no CRD defines API group \"{group}\" (known groups: {string.Join(", ", _catalog.Groups)})", ValidationErrorKind.Resource, at!.Line);
            return null;
        }

        definition = _catalog.Find(group, kind);
        if (definition is null)
        {
            errors.Add("kind", $"Invalid value: \"{kind}\": no kind \"{kind}\" in API group \"{group}\" (known kinds: {string.Join(", ", _catalog.KindsIn(group))})", ValidationErrorKind.Resource, root["kind"]!.Line);
            return null;
        }

        if (!definition.Versions.TryGetValue(versionName, out var version))
        {
            errors.Add("apiVersion", $"Invalid value: \"{apiVersion}\": {kind} has no version \"{versionName}\" (defined: {string.Join(", ", definition.Versions.Keys)})", ValidationErrorKind.Resource, at!.Line);
            return null;
        }

        if (!version.Served)
        {
            errors.Add("apiVersion", $"Invalid value: \"{apiVersion}\": version \"{versionName}\" of {kind} is not served", ValidationErrorKind.Resource, at!.Line);
            return null;
        }

        return version;
    }

    private static string? RequiredString(YamlTree root, string field, ErrorSink errors)
    {
        var node = root[field];
        if (node is null)
        {
            errors.Add(FieldPath.Root.Key(field), "Required value", ValidationErrorKind.Required, root);
            return null;
        }

        return YamlChecks.ExpectScalar(node, YamlScalarType.String, FieldPath.Root.Key(field), errors) ? (string)node.Value! : null;
    }

    private static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        int slash = apiVersion.LastIndexOf('/');
        return slash < 0 ? (string.Empty, apiVersion) : (apiVersion.Substring(0, slash), apiVersion.Substring(slash + 1));
    }

    private static void CollectRules(OpenApiSchema schema, string path, string apiVersion, string kind, List<CrdValidationRule> rules)
    {
        foreach (var rule in schema.Validations)
        {
            rules.Add(new CrdValidationRule(apiVersion, kind, path.Length == 0 ? "<root>" : path, rule.Rule, rule.Message));
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, OpenApiSchema>())
        {
            CollectRules(property, path.Length == 0 ? name : $"{path}.{name}", apiVersion, kind, rules);
        }

        if (schema.AdditionalProperties is { } values)
        {
            CollectRules(values, path + "[*]", apiVersion, kind, rules);
        }

        if (schema.Items is { } items)
        {
            CollectRules(items, path + "[*]", apiVersion, kind, rules);
        }

        foreach (var branch in schema.AllOf.Concat(schema.AnyOf).Concat(schema.OneOf).Concat(schema.Not is null ? Array.Empty<OpenApiSchema>() : new[] { schema.Not }))
        {
            CollectRules(branch, path, apiVersion, kind, rules);
        }
    }
}
