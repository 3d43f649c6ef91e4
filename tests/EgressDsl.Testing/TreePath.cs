using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace EgressDsl.Testing;

/// <summary>
/// A path into a YAML or JSON tree as tests write it: keys separated by dots, list items by index in brackets
/// (<c>spec.servers[0].port.number</c>). A key with a dot or a bracket in it goes in brackets and quotes
/// (<c>metadata.annotations["networking.istio.io/exportTo"]</c>). One path instead of a chain of indexers, and a failure
/// that names the step that is missing instead of a null reference.
/// </summary>
public static class TreePath
{
    /// <summary>One step: a mapping key, or a list index.</summary>
    public readonly record struct Step(string? Key, int Index)
    {
        /// <inheritdoc />
        public override string ToString() => Key is null ? $"[{Index}]" : Key;
    }

    /// <summary>Splits <paramref name="path"/> into its steps.</summary>
    /// <exception cref="FormatException">The path is not written as described above.</exception>
    public static IReadOnlyList<Step> Parse(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var steps = new List<Step>();
        int position = 0;
        while (position < path.Length)
        {
            if (path[position] == '[')
            {
                int end = path.IndexOf(']', position);
                if (end < 0)
                {
                    throw new FormatException($"'{path}': '[' at {position} is never closed.");
                }

                string inside = path.Substring(position + 1, end - position - 1);
                if (inside.Length >= 2 && inside[0] == '"' && inside[^1] == '"')
                {
                    steps.Add(new Step(inside[1..^1], -1));
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    steps.Add(new Step(null, index));
                }
                else
                {
                    throw new FormatException($"'{path}': [{inside}] is neither an index nor a quoted key.");
                }

                position = end + 1;
            }
            else
            {
                int end = path.IndexOfAny(new[] { '.', '[' }, position);
                end = end < 0 ? path.Length : end;
                if (end == position)
                {
                    throw new FormatException($"'{path}': empty key at {position}.");
                }

                steps.Add(new Step(path[position..end], -1));
                position = end;
            }

            if (position < path.Length && path[position] == '.')
            {
                position++;
                if (position == path.Length)
                {
                    throw new FormatException($"'{path}' ends with a dot.");
                }
            }
        }

        return steps;
    }

    /// <summary>The node at <paramref name="path"/> below <paramref name="tree"/>, or null when a step is missing.</summary>
    public static YamlTree? Find(this YamlTree tree, string path)
    {
        YamlTree? node = tree;
        foreach (Step step in Parse(path))
        {
            node = step.Key is null
                ? node!.Kind == YamlNodeKind.Sequence && step.Index < node.Items.Count ? node.Items[step.Index] : null
                : node![step.Key];
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The node at <paramref name="path"/> below <paramref name="tree"/>.</summary>
    /// <exception cref="KeyNotFoundException">A step is missing; the message names the part of the path that exists.</exception>
    public static YamlTree At(this YamlTree tree, string path) =>
        tree.Find(path) ?? throw new KeyNotFoundException(Missing(path, prefix => tree.Find(prefix) is not null, tree.ToCanonicalJson()));

    /// <summary>The node at <paramref name="path"/> below <paramref name="node"/>, or null when a step is missing.</summary>
    public static JsonNode? Find(this JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (Step step in Parse(path))
        {
            current = step.Key is null
                ? current is JsonArray array && step.Index < array.Count ? array[step.Index] : null
                : current is JsonObject mapping && mapping.TryGetPropertyValue(step.Key, out JsonNode? value) ? value : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The node at <paramref name="path"/> below <paramref name="node"/>.</summary>
    /// <exception cref="KeyNotFoundException">A step is missing (or holds null); the message names the part of the path that exists.</exception>
    public static JsonNode At(this JsonNode node, string path) =>
        node.Find(path) ?? throw new KeyNotFoundException(Missing(path, prefix => node.Find(prefix) is not null, node.ToJsonString()));

    /// <summary>The string at <paramref name="path"/> below <paramref name="node"/>.</summary>
    public static string StringAt(this JsonNode node, string path) => node.At(path).GetValue<string>();

    private static string Missing(string path, Func<string, bool> exists, string tree)
    {
        IReadOnlyList<Step> steps = Parse(path);
        string found = string.Empty;
        foreach (Step step in steps)
        {
            string next = step.Key is null ? $"{found}[{step.Index}]"
                : step.Key.IndexOfAny(new[] { '.', '[', ']' }) >= 0 ? $"{found}[\"{step.Key}\"]"
                : found.Length == 0 ? step.Key : $"{found}.{step.Key}";
            if (!exists(next))
            {
                string shown = tree.Length > 2000 ? tree[..2000] + "..." : tree;
                return $"'{path}': '{next}' does not exist{(found.Length > 0 ? $" below '{found}'" : string.Empty)} in {shown}";
            }

            found = next;
        }

        return $"'{path}' holds null";
    }
}
