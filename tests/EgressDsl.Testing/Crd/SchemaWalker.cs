using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// Validates a YAML tree against a structural CRD schema with Kubernetes' semantics, strictly: fields the schema
/// does not declare are errors (Kubernetes would silently prune them, hiding a generator bug).
/// </summary>
internal sealed class SchemaWalker
{
    private static readonly HashSet<string> ImplicitRootFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };
    private static readonly BigInteger Int32Min = int.MinValue;
    private static readonly BigInteger Int32Max = int.MaxValue;
    private static readonly BigInteger UInt32Max = uint.MaxValue;
    private static readonly BigInteger UInt64Max = ulong.MaxValue;

    private readonly CelRuleEvaluator _cel;

    public SchemaWalker(CelRuleEvaluator cel) => _cel = cel;

    /// <summary>Validates <paramref name="node"/> at <paramref name="path"/>.</summary>
    /// <param name="schema">The schema node.</param>
    /// <param name="node">The value.</param>
    /// <param name="path">Where the value is.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="structural">
    /// False inside <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>/<c>not</c> branches, whose <c>properties</c> do not
    /// declare fields (Kubernetes prunes by the structural skeleton only), so they reject no unknown field.
    /// </param>
    /// <param name="objectRoot">True at a document root, where apiVersion, kind and metadata are implicit.</param>
    public void Validate(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors, bool structural, bool objectRoot = false)
    {
        int typeErrorsBefore = errors.TypeErrors;
        if (node.IsNull)
        {
            if (!schema.Nullable && (schema.Type is not null || schema.IntOrString))
            {
                errors.Add(path, "Invalid value: null: the field is not nullable (Kubernetes would drop it silently); omit it instead", ValidationErrorKind.Type, node);
            }

            return;
        }

        if (!CheckType(schema, node, path, errors))
        {
            return;
        }

        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                CheckObject(schema, node, path, errors, structural, objectRoot || schema.EmbeddedResource);
                break;
            case YamlNodeKind.Sequence:
                CheckArray(schema, node, path, errors, structural);
                break;
            default:
                CheckScalar(schema, node, path, errors);
                break;
        }

        if (schema.Enum is { } allowed && !allowed.Any(a => a.StructurallyEquals(node)))
        {
            string supported = string.Join(", ", allowed.Select(a => a.Kind == YamlNodeKind.Scalar ? a.ScalarJson() : a.ToCanonicalJson()));
            errors.Add(path, $"Unsupported value: {Short(node)}: supported values: {supported}", ValidationErrorKind.Value, node);
        }

        foreach (var branch in schema.AllOf)
        {
            Validate(branch, node, path, errors, structural: false);
        }

        if (schema.AnyOf.Count > 0)
        {
            CheckAnyOf(schema, node, path, errors);
        }

        if (schema.OneOf.Count > 0)
        {
            CheckOneOf(schema, node, path, errors);
        }

        if (schema.Not is { } not && Matches(not, node, path, out _))
        {
            string what = not.Keywords.All(k => k is "anyOf" or "description") && not.AnyOf.All(b => b.IsRequiredOnly)
                ? $"none of {FieldList(not.AnyOf)} may be set"
                : "must not match the schema under 'not'";
            errors.Add(path, $"Invalid value: {what}", ValidationErrorKind.Composition, node);
        }

        // Like the API server, evaluate CEL only over well-typed values: a rule that compares a port with 65535
        // says nothing useful about a port written as a string, which is already reported.
        if (schema.Validations.Count > 0 && errors.TypeErrors == typeErrorsBefore)
        {
            EvaluateRules(schema, node, path, errors);
        }
    }

    private static bool CheckType(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors)
    {
        string? problem = null;
        if (schema.IntOrString)
        {
            bool ok = node.Kind == YamlNodeKind.Scalar
                      && (node.ScalarType == YamlScalarType.String
                          || (node.ScalarType == YamlScalarType.Integer && YamlChecks.FitsInt64((BigInteger)node.Value!)));
            problem = ok ? null : "integer or string";
        }
        else
        {
            switch (schema.Type)
            {
                case null:
                    return true;
                case "object":
                    problem = node.Kind == YamlNodeKind.Mapping ? null : "object";
                    break;
                case "array":
                    problem = node.Kind == YamlNodeKind.Sequence ? null : "array";
                    break;
                case "string":
                    problem = IsScalar(node, YamlScalarType.String) ? null : "string";
                    break;
                case "boolean":
                    problem = IsScalar(node, YamlScalarType.Boolean) ? null : "boolean";
                    break;
                case "integer":
                    if (!IsScalar(node, YamlScalarType.Integer))
                    {
                        problem = "integer";
                    }
                    else if (!YamlChecks.FitsInt64((BigInteger)node.Value!))
                    {
                        errors.Add(path, $"Invalid value: {node.ScalarJson()}: out of the int64 range", ValidationErrorKind.Type, node);
                        return false;
                    }

                    break;
                case "number":
                    if (IsScalar(node, YamlScalarType.Float) && !double.IsFinite((double)node.Value!))
                    {
                        errors.Add(path, $"Invalid value: {node.ScalarJson()}: JSON cannot represent infinity or NaN", ValidationErrorKind.Type, node);
                        return false;
                    }

                    problem = IsScalar(node, YamlScalarType.Integer) || IsScalar(node, YamlScalarType.Float) ? null : "number";
                    break;
            }
        }

        if (problem is null)
        {
            return true;
        }

        errors.Add(path, $"Invalid type: expected {problem} but found {node.Describe()}", ValidationErrorKind.Type, node);
        return false;
    }

    private void CheckObject(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors, bool structural, bool implicitObjectFields)
    {
        bool rejectUnknown = structural
                             && !schema.PreserveUnknownFields
                             && !schema.AdditionalPropertiesAllowed
                             && schema.AdditionalProperties is null
                             && (schema.Type == "object" || schema.Properties is not null);
        if (schema.AdditionalProperties is not null)
        {
            errors.FreeKeyedMaps.Add(node);
        }

        foreach (var (key, value) in node.Entries)
        {
            var fieldPath = path.Key(key);
            if (implicitObjectFields && ImplicitRootFields.Contains(key))
            {
                // apiVersion, kind and metadata are checked by the caller, as the API server checks them apart, even where
                // the CRD declares them (the Gateway API's say only `metadata: {type: object}`, which the server does not apply).
            }
            else if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var property))
            {
                Validate(property, value, fieldPath, errors, structural);
            }
            else if (schema.AdditionalProperties is not null)
            {
                Validate(schema.AdditionalProperties, value, path.MapKey(key), errors, structural);
            }
            else if (rejectUnknown)
            {
                errors.Add(fieldPath, $"unknown field \"{key}\"{Suggest(key, schema)}", ValidationErrorKind.UnknownField, value);
            }
        }

        foreach (string required in schema.Required)
        {
            if (node[required] is null)
            {
                errors.Add(path.Key(required), "Required value", ValidationErrorKind.Required, node);
            }
        }

        if (schema.MinProperties is { } minProperties && node.Entries.Count < minProperties)
        {
            errors.Add(path, $"Invalid value: must have at least {minProperties} properties (has {node.Entries.Count})", ValidationErrorKind.Value, node);
        }

        if (schema.MaxProperties is { } maxProperties && node.Entries.Count > maxProperties)
        {
            errors.Add(path, $"Too many: {node.Entries.Count}: must have at most {maxProperties} properties", ValidationErrorKind.Value, node);
        }
    }

    private void CheckArray(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors, bool structural)
    {
        int count = node.Items.Count;
        if (schema.MinItems is { } minItems && count < minItems)
        {
            errors.Add(path, $"Invalid value: must have at least {minItems} items (has {count})", ValidationErrorKind.Value, node);
        }

        if (schema.MaxItems is { } maxItems && count > maxItems)
        {
            errors.Add(path, $"Too many: {count}: must have at most {maxItems} items", ValidationErrorKind.Value, node);
        }

        if (schema.Items is { } items)
        {
            for (int i = 0; i < count; i++)
            {
                Validate(items, node.Items[i], path.Index(i), errors, structural);
            }
        }

        if (schema.UniqueItems || schema.ListType == "set")
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string canonical = node.Items[i].ToCanonicalJson();
                if (!seen.Add(canonical))
                {
                    errors.Add(path.Index(i), $"Duplicate value: {canonical}", ValidationErrorKind.Value, node.Items[i]);
                }
            }
        }

        if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                var item = node.Items[i];
                if (item.Kind != YamlNodeKind.Mapping)
                {
                    continue;
                }

                string key = "{" + string.Join(",", schema.ListMapKeys.Select(k => $"\"{k}\":{item[k]?.ToCanonicalJson() ?? "null"}")) + "}";
                if (!seen.Add(key))
                {
                    errors.Add(path.Index(i), $"Duplicate value: {key}", ValidationErrorKind.Value, item);
                }
            }
        }
    }

    private static void CheckScalar(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors)
    {
        if (node.ScalarType == YamlScalarType.String)
        {
            string text = (string)node.Value!;
            int length = text.EnumerateRunes().Count();
            if (schema.MinLength is { } minLength && length < minLength)
            {
                errors.Add(path, $"Invalid value: {Short(node)}: must be at least {minLength} characters long", ValidationErrorKind.Value, node);
            }

            if (schema.MaxLength is { } maxLength && length > maxLength)
            {
                errors.Add(path, $"Too long: may not be more than {maxLength} characters (is {length})", ValidationErrorKind.Value, node);
            }

            if (schema.PatternRegex is { } pattern && !pattern.IsMatch(text))
            {
                errors.Add(path, $"Invalid value: {Short(node)}: should match '{schema.Pattern}'", ValidationErrorKind.Value, node);
            }

            if (schema.Format is { } format && Formats.CheckString(format, text) is { } formatProblem)
            {
                errors.Add(path, $"Invalid value: {Short(node)}: {formatProblem}", ValidationErrorKind.Value, node);
            }
        }

        if (ExactNumber.FromScalar(node) is { } number)
        {
            CheckNumber(schema, node, number, path, errors);
        }
    }

    private static void CheckNumber(OpenApiSchema schema, YamlTree node, ExactNumber number, FieldPath path, ErrorSink errors)
    {
        if (schema.Minimum is { } minimum)
        {
            int cmp = number.CompareTo(minimum);
            if (cmp < 0 || (schema.ExclusiveMinimum && cmp == 0))
            {
                string bound = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
                errors.Add(path, $"Invalid value: {node.ScalarJson()}: must be {bound} {minimum}", ValidationErrorKind.Value, node);
            }
        }

        if (schema.Maximum is { } maximum)
        {
            int cmp = number.CompareTo(maximum);
            if (cmp > 0 || (schema.ExclusiveMaximum && cmp == 0))
            {
                string bound = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
                errors.Add(path, $"Invalid value: {node.ScalarJson()}: must be {bound} {maximum}", ValidationErrorKind.Value, node);
            }
        }

        if (schema.MultipleOf is { } multipleOf && !IsMultiple(number, multipleOf))
        {
            errors.Add(path, $"Invalid value: {node.ScalarJson()}: must be a multiple of {multipleOf}", ValidationErrorKind.Value, node);
        }

        // format bounds the value's machine type (e.g. protobuf int32 fields).
        if (number.Integer is { } integer && schema.Format is { } format)
        {
            (BigInteger Min, BigInteger Max)? range = format switch
            {
                "int32" => (Int32Min, Int32Max),
                "uint32" => (BigInteger.Zero, UInt32Max),
                "uint64" => (BigInteger.Zero, UInt64Max),
                _ => null,
            };
            if (range is { } r && (integer < r.Min || integer > r.Max))
            {
                errors.Add(path, $"Invalid value: {integer}: out of the {format} range [{r.Min}, {r.Max}]", ValidationErrorKind.Value, node);
            }
        }

        if (number.Real is { } real && schema.Format == "float" && double.IsFinite(real) && float.IsInfinity((float)real))
        {
            errors.Add(path, $"Invalid value: {node.ScalarJson()}: out of the float range", ValidationErrorKind.Value, node);
        }
    }

    private static bool IsMultiple(ExactNumber number, ExactNumber multipleOf)
    {
        if (number.Integer is { } a && multipleOf.Integer is { } b)
        {
            return b.IsZero || BigInteger.Remainder(a, b).IsZero;
        }

        double x = number.Integer is { } ai ? (double)ai : number.Real!.Value;
        double y = multipleOf.Integer is { } bi ? (double)bi : multipleOf.Real!.Value;
        double quotient = x / y;
        return Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    private void CheckAnyOf(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors)
    {
        var failures = new List<IReadOnlyList<ValidationError>>();
        foreach (var branch in schema.AnyOf)
        {
            if (Matches(branch, node, path, out var branchErrors))
            {
                return;
            }

            failures.Add(branchErrors);
        }

        string message = schema.AnyOf.All(b => b.IsRequiredOnly)
            ? $"Invalid value: at least one of {FieldList(schema.AnyOf)} must be set"
            : $"Invalid value: must match at least one schema in anyOf ({Summarize(failures)})";
        errors.Add(path, message, ValidationErrorKind.Composition, node);
    }

    private void CheckOneOf(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors)
    {
        int matched = 0;
        var failures = new List<IReadOnlyList<ValidationError>>();
        foreach (var branch in schema.OneOf)
        {
            if (Matches(branch, node, path, out var branchErrors))
            {
                matched++;
            }
            else
            {
                failures.Add(branchErrors);
            }
        }

        if (matched == 1)
        {
            return;
        }

        // Istio writes "at most one of a, b" as oneOf: [not: {anyOf: [required a, required b]}, required a, required b].
        var requiredBranches = schema.OneOf.Where(b => b.IsRequiredOnly).ToList();
        bool idiom = schema.OneOf.All(b => b.IsRequiredOnly || b.IsNoneOfRequired);
        string message;
        if (idiom)
        {
            var fields = requiredBranches.SelectMany(b => b.Required).Distinct(StringComparer.Ordinal).ToList();
            var present = fields.Where(f => node[f] is not null).ToList();
            message = matched > 1
                ? $"Invalid value: only one of {FieldList(requiredBranches)} may be set, but {string.Join(" and ", present)} are set"
                : $"Invalid value: exactly one of {FieldList(requiredBranches)} must be set";
        }
        else
        {
            message = matched > 1
                ? $"Invalid value: must match exactly one schema in oneOf, but matches {matched}"
                : $"Invalid value: must match exactly one schema in oneOf, but matches none ({Summarize(failures)})";
        }

        errors.Add(path, message, ValidationErrorKind.Composition, node);
    }

    /// <summary>Validates against a branch without reporting; returns whether it matched and why not.</summary>
    private bool Matches(OpenApiSchema branch, YamlTree node, FieldPath path, out IReadOnlyList<ValidationError> branchErrors)
    {
        var sink = new ErrorSink();
        Validate(branch, node, path, sink, structural: false);
        branchErrors = sink.Errors;
        return sink.Count == 0;
    }

    private void EvaluateRules(OpenApiSchema schema, YamlTree node, FieldPath path, ErrorSink errors)
    {
        object? self = CelRuleEvaluator.ToCel(node);
        foreach (var rule in schema.Validations)
        {
            var outcome = _cel.Evaluate(rule.Rule, self);
            if (outcome.EvaluationError is { } problem)
            {
                errors.Add(path, $"could not evaluate x-kubernetes-validations rule '{rule.Rule}': {problem}", ValidationErrorKind.Rule, node);
            }
            else if (!outcome.Passed)
            {
                string message = rule.Message ?? $"failed rule: {rule.Rule}";
                errors.Add(path, $"Invalid value: {message} [x-kubernetes-validations rule: {rule.Rule}]", ValidationErrorKind.Rule, node);
            }
        }
    }

    private static bool IsScalar(YamlTree node, YamlScalarType type) => node.Kind == YamlNodeKind.Scalar && node.ScalarType == type;

    private static string FieldList(IEnumerable<OpenApiSchema> requiredBranches)
        => "[" + string.Join(", ", requiredBranches.SelectMany(b => b.Required).Distinct(StringComparer.Ordinal)) + "]";

    private static string Summarize(List<IReadOnlyList<ValidationError>> failures)
        => string.Join("; ", failures.Select((f, i) => $"branch {i + 1}: " + string.Join(", ", f.Take(2).Select(e => e.Message))));

    private static string Short(YamlTree node)
    {
        string text = node.Kind == YamlNodeKind.Scalar ? node.ScalarJson() : node.ToCanonicalJson();
        return text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }

    private static string Suggest(string key, OpenApiSchema schema)
    {
        if (schema.Properties is null || schema.Properties.Count == 0)
        {
            return " (no fields are allowed here)";
        }

        string? best = schema.Properties.Keys
            .Select(k => (Key: k, Distance: Distance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, key.Length / 4))
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();
        return best is null
            ? $" (known fields: {string.Join(", ", schema.Properties.Keys.OrderBy(k => k, StringComparer.Ordinal))})"
            : $" (did you mean \"{best}\"?)";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
