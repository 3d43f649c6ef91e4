using System.Collections.Generic;
using System.Linq;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing.Crd;

/// <summary>Collects validation errors; counts type errors so callers can tell whether a subtree is well-typed.</summary>
internal sealed class ErrorSink
{
    private readonly List<ValidationError> _errors = new();

    public IReadOnlyList<ValidationError> Errors => _errors;

    public int Count => _errors.Count;

    /// <summary>
    /// Mappings validated as free-keyed maps (labels, <c>additionalProperties</c>), so that later reports can
    /// render their keys as map keys (<c>labels[app]</c>) rather than fields.
    /// </summary>
    public HashSet<YamlTree> FreeKeyedMaps { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Number of <see cref="ValidationErrorKind.Type"/> errors so far.</summary>
    public int TypeErrors { get; private set; }

    public void Add(FieldPath path, string message, ValidationErrorKind kind, YamlTree? node)
        => Add(path.ToString(), message, kind, node?.Line ?? 0);

    public void Add(string path, string message, ValidationErrorKind kind, int line)
    {
        if (kind == ValidationErrorKind.Type)
        {
            TypeErrors++;
        }

        _errors.Add(new ValidationError(path, message, kind, line));
    }

    public void AddRange(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors.ToList())
        {
            Add(error.Path, error.Message, error.Kind, error.Line);
        }
    }
}
