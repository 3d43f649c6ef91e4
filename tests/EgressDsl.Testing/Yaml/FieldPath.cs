using System.Text;
using System.Text.RegularExpressions;

namespace EgressDsl.Testing.Yaml;

/// <summary>
/// An immutable JSON-path-like location, rendered the way kubectl reports fields:
/// <c>spec.ports[0].number</c>, with awkward keys bracketed: <c>metadata.labels["app.kubernetes.io/name"]</c>.
/// </summary>
internal sealed class FieldPath
{
    private static readonly Regex SimpleKey = new("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

    private static readonly Regex PlainMapKey = new(@"^[^\[\]""\s]+$", RegexOptions.CultureInvariant);

    private readonly FieldPath? _parent;
    private readonly string? _key;
    private readonly int _index;
    private readonly bool _mapKey;

    private FieldPath(FieldPath? parent, string? key, int index, bool mapKey = false)
    {
        _parent = parent;
        _key = key;
        _index = index;
        _mapKey = mapKey;
    }

    /// <summary>The document root.</summary>
    public static FieldPath Root { get; } = new(null, null, -1);

    /// <summary>True for the document root.</summary>
    public bool IsRoot => _parent is null;

    /// <summary>The path of a mapping key below this one.</summary>
    public FieldPath Key(string key) => new(this, key, -1);

    /// <summary>
    /// The path of an entry of a free-keyed map (labels, <c>additionalProperties</c>), rendered as Kubernetes
    /// renders map keys: <c>ports[http-tls]</c>, <c>labels["app.kubernetes.io/name"]</c> when the key needs quoting.
    /// </summary>
    public FieldPath MapKey(string key) => new(this, key, -1, mapKey: true);

    /// <summary>The path of a sequence item below this one.</summary>
    public FieldPath Index(int index) => new(this, null, index);

    /// <inheritdoc/>
    public override string ToString()
    {
        if (IsRoot)
        {
            return "<root>";
        }

        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    private void Append(StringBuilder builder)
    {
        if (IsRoot)
        {
            return;
        }

        _parent!.Append(builder);
        if (_key is null)
        {
            builder.Append('[').Append(_index).Append(']');
        }
        else if (_mapKey && PlainMapKey.IsMatch(_key) && !_key.Contains('.'))
        {
            builder.Append('[').Append(_key).Append(']');
        }
        else if (!_mapKey && SimpleKey.IsMatch(_key))
        {
            if (!_parent.IsRoot)
            {
                builder.Append('.');
            }

            builder.Append(_key);
        }
        else
        {
            builder.Append("[\"").Append(_key.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\"]");
        }
    }
}
