using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Cli.Diff;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Import
{
    /// <summary>
    /// Reads one object's fields and remembers which it read, so that every field no attribute took is reported afterwards
    /// (<see cref="Unread"/>): nothing of the input can be dropped without a line in the report.
    /// </summary>
    internal sealed class FieldReader
    {
        private readonly YamlMappingNode _root;
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _lost = new(StringComparer.Ordinal);

        internal FieldReader(YamlMappingNode root) => _root = root;

        /// <summary>The node at a path of keys and <c>[i]</c> indexes, or null.</summary>
        internal YamlNode? Node(params string[] path)
        {
            YamlNode? node = _root;
            foreach (var segment in path)
            {
                if (segment.StartsWith("[", StringComparison.Ordinal))
                {
                    var index = int.Parse(segment.Substring(1, segment.Length - 2), CultureInfo.InvariantCulture);
                    node = node is YamlSequenceNode sequence && index < sequence.Children.Count ? sequence.Children[index] : null;
                }
                else
                {
                    node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(segment), out var child) ? child : null;
                }

                if (node == null)
                {
                    return null;
                }
            }

            return node;
        }

        /// <summary>Marks a field (and everything below it) as taken by an attribute.</summary>
        internal void MarkRead(params string[] path) => _read.Add(ObjectDiff.Format(path));

        /// <summary>Marks a field as lost with a reason of its own (a value the DSL cannot write), instead of "no attribute for it".</summary>
        internal void MarkLost(string reason, params string[] path)
        {
            var key = ObjectDiff.Format(path);
            _read.Add(key);
            _lost[key] = reason;
        }

        /// <summary>
        /// Reports that the DSL writes a list in another order, without taking its items: what else of them no attribute takes is
        /// still reported, each on its own line.
        /// </summary>
        internal void MarkOrderLost(string reason, params string[] path) => _lost[ObjectDiff.Format(path)] = reason;

        internal string? String(params string[] path)
        {
            var node = Node(path) as YamlScalarNode;
            if (node != null)
            {
                MarkRead(path);
            }

            return node?.Value;
        }

        internal int? Int(params string[] path)
        {
            var text = (Node(path) as YamlScalarNode)?.Value;
            if (text == null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                MarkRead(path);
                return value;
            }

            MarkLost("'" + text + "' is not a whole number", path);
            return null;
        }

        internal bool? Bool(params string[] path)
        {
            var text = (Node(path) as YamlScalarNode)?.Value;
            if (text == null)
            {
                return null;
            }

            MarkRead(path);
            return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A list of strings; read only when every item is a scalar.</summary>
        internal List<string>? Strings(params string[] path)
        {
            if (Node(path) is not YamlSequenceNode sequence || sequence.Children.Any(child => child is not YamlScalarNode))
            {
                return null;
            }

            MarkRead(path);
            return sequence.Children.Select(child => ((YamlScalarNode)child).Value ?? string.Empty).ToList();
        }

        /// <summary>A string map (labels, selectors) as <c>key=value</c> entries, in order.</summary>
        internal List<string>? Labels(params string[] path)
        {
            if (Node(path) is not YamlMappingNode mapping || mapping.Children.Any(pair => pair.Key is not YamlScalarNode || pair.Value is not YamlScalarNode))
            {
                return null;
            }

            MarkRead(path);
            return mapping.Children.Select(pair => ((YamlScalarNode)pair.Key).Value + "=" + ((YamlScalarNode)pair.Value).Value).ToList();
        }

        internal int Count(params string[] path) => Node(path) is YamlSequenceNode sequence ? sequence.Children.Count : 0;

        internal IEnumerable<string> Keys(params string[] path) =>
            Node(path) is YamlMappingNode mapping ? mapping.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value ?? string.Empty).ToList() : Enumerable.Empty<string>();

        /// <summary>Every field no attribute took, with why: the fields' paths and the reasons.</summary>
        internal IEnumerable<(string Path, string Reason)> Unread()
        {
            foreach (var lost in _lost)
            {
                yield return (lost.Key, lost.Value);
            }

            foreach (var path in Leaves(_root, new List<string>()))
            {
                yield return (path, "the DSL has no attribute for this field");
            }
        }

        private IEnumerable<string> Leaves(YamlNode node, List<string> path)
        {
            if (path.Count > 0 && _read.Contains(ObjectDiff.Format(path)))
            {
                yield break;
            }

            if (node is YamlMappingNode mapping && mapping.Children.Count > 0)
            {
                foreach (var pair in mapping.Children)
                {
                    path.Add((pair.Key as YamlScalarNode)?.Value ?? string.Empty);
                    foreach (var leaf in Leaves(pair.Value, path))
                    {
                        yield return leaf;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }
            else if (node is YamlSequenceNode sequence && sequence.Children.Count > 0)
            {
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    path.Add("[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                    foreach (var leaf in Leaves(sequence.Children[i], path))
                    {
                        yield return leaf;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }
            else if (!_lost.ContainsKey(ObjectDiff.Format(path)))
            {
                yield return ObjectDiff.Format(path);
            }
        }
    }
}
