using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EgressDsl.Cli.Yaml;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Diff
{
    /// <summary>One field that differs between the generated object and the live one.</summary>
    /// <param name="Path">Where, such as <c>spec.subsets[0].labels.version</c>.</param>
    /// <param name="Generated">The generated value as one line of YAML, or null when only the live object has the field.</param>
    /// <param name="Live">The live value as one line of YAML, or null when the live object lacks the field.</param>
    internal sealed record FieldDifference(string Path, string? Generated, string? Live)
    {
        public override string ToString() =>
            Live is null ? Path + ": missing in the cluster (generated: " + Generated + ")"
            : Generated is null ? Path + ": extra in the cluster (" + Live + ")"
            : Path + ": generated " + Generated + ", cluster " + Live;
    }

    /// <summary>
    /// Compares two Kubernetes objects field by field, leaving out what the API server sets on its own (status, resourceVersion,
    /// uid, managedFields, creationTimestamp, generation, selfLink, kubectl's last-applied annotation) and the defaults it fills
    /// into a Service, which no manifest writes and no apply changes.
    /// </summary>
    internal static class ObjectDiff
    {
        private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

        private static readonly HashSet<string> ServerSetMetadata = new(StringComparer.Ordinal)
        {
            "resourceVersion", "uid", "managedFields", "creationTimestamp", "generation", "selfLink",
        };

        /// <summary>
        /// Whether a field of a Service's spec holds what the API server allocates or fills in when a manifest leaves it out: an
        /// allocated cluster IP (not a headless Service's <c>None</c>), the IP families, and the default affinity and traffic policy.
        /// </summary>
        internal static bool IsServiceDefault(string field, YamlNode? value)
        {
            var text = (value as YamlScalarNode)?.Value;
            switch (field)
            {
                case "clusterIP":
                    return text != null && text != "None";
                case "clusterIPs":
                    return value is YamlSequenceNode addresses && addresses.Children.All(a => (a as YamlScalarNode)?.Value is { } ip && ip != "None");
                case "ipFamilies":
                    return value is YamlSequenceNode;
                case "ipFamilyPolicy":
                    return text == "SingleStack";
                case "sessionAffinity":
                    return text == "None";
                case "internalTrafficPolicy":
                    return text == "Cluster";
                default:
                    return false;
            }
        }

        /// <param name="generated">The generated object.</param>
        /// <param name="live">The cluster's object.</param>
        /// <param name="defaultNamespace">The namespace a generated object that names none is applied to.</param>
        internal static IReadOnlyList<FieldDifference> Compare(YamlMappingNode generated, YamlMappingNode live, string defaultNamespace)
        {
            var differences = new List<FieldDifference>();
            var kind = YamlInput.Scalar(generated, "kind") ?? string.Empty;
            Compare(kind, new List<string>(), WithNamespace(generated, defaultNamespace), WithNamespace(WithoutServerSetFields(live, serviceDefaults: false), defaultNamespace), differences);
            return differences;
        }

        private static YamlMappingNode WithNamespace(YamlMappingNode generated, string defaultNamespace)
        {
            if (YamlInput.Child(generated, "metadata") is not YamlMappingNode metadata || YamlInput.Child(metadata, "namespace") != null)
            {
                return generated;
            }

            var withNamespace = new YamlMappingNode(metadata.Children) { { "namespace", defaultNamespace } };
            return Replace(generated, "metadata", withNamespace);
        }

        /// <summary>
        /// A copy of the live object without what the API server and kubectl set; the annotations go when nothing else is left in
        /// them. With <paramref name="serviceDefaults"/>, a Service also loses the fields the API server allocates (its cluster IPs).
        /// </summary>
        internal static YamlMappingNode WithoutServerSetFields(YamlMappingNode live, bool serviceDefaults)
        {
            var copy = new YamlMappingNode(live.Children.Where(pair => (pair.Key as YamlScalarNode)?.Value != "status"));
            if (serviceDefaults && YamlInput.Scalar(copy, "kind") == "Service" && YamlInput.Child(copy, "spec") is YamlMappingNode spec)
            {
                copy = Replace(copy, "spec", new YamlMappingNode(spec.Children.Where(pair => !IsServiceDefault((pair.Key as YamlScalarNode)?.Value ?? string.Empty, pair.Value))));
            }

            if (YamlInput.Child(copy, "metadata") is not YamlMappingNode metadata)
            {
                return copy;
            }

            var kept = new YamlMappingNode(metadata.Children.Where(pair => !ServerSetMetadata.Contains((pair.Key as YamlScalarNode)?.Value ?? string.Empty)));
            if (YamlInput.Child(kept, "annotations") is YamlMappingNode annotations)
            {
                var rest = new YamlMappingNode(annotations.Children.Where(pair => (pair.Key as YamlScalarNode)?.Value != LastApplied));
                kept = rest.Children.Count == 0
                    ? new YamlMappingNode(kept.Children.Where(pair => (pair.Key as YamlScalarNode)?.Value != "annotations"))
                    : Replace(kept, "annotations", rest);
            }

            return Replace(copy, "metadata", kept);
        }

        private static YamlMappingNode Replace(YamlMappingNode mapping, string key, YamlNode value) =>
            new(mapping.Children.Select(pair => (pair.Key as YamlScalarNode)?.Value == key ? new KeyValuePair<YamlNode, YamlNode>(pair.Key, value) : pair));

        private static void Compare(string kind, List<string> path, YamlNode? generated, YamlNode? live, List<FieldDifference> differences)
        {
            if (IsAbsent(generated) && IsAbsent(live))
            {
                return;
            }

            if (generated is YamlMappingNode generatedMapping && live is YamlMappingNode liveMapping)
            {
                var keys = Keys(generatedMapping).Concat(Keys(liveMapping).Where(key => !generatedMapping.Children.ContainsKey(new YamlScalarNode(key)))).ToList();
                foreach (var key in keys)
                {
                    path.Add(key);
                    var generatedChild = YamlInput.Child(generatedMapping, key);
                    var liveChild = YamlInput.Child(liveMapping, key);
                    if (!(IsAbsent(generatedChild) && IsServerDefault(kind, path, liveChild, liveMapping)))
                    {
                        Compare(kind, path, generatedChild, liveChild, differences);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                return;
            }

            if (generated is YamlSequenceNode generatedSequence && live is YamlSequenceNode liveSequence)
            {
                // Istio binds a VirtualService to each gateway it names, whatever the order (Istio's own pages write both orders).
                if (kind == "VirtualService" && path.Count == 2 && path[0] == "spec" && path[1] == "gateways")
                {
                    generatedSequence = Sorted(generatedSequence);
                    liveSequence = Sorted(liveSequence);
                }

                var count = Math.Max(generatedSequence.Children.Count, liveSequence.Children.Count);
                for (var i = 0; i < count; i++)
                {
                    path.Add("[" + i + "]");
                    Compare(
                        kind,
                        path,
                        i < generatedSequence.Children.Count ? generatedSequence.Children[i] : null,
                        i < liveSequence.Children.Count ? liveSequence.Children[i] : null,
                        differences);
                    path.RemoveAt(path.Count - 1);
                }

                return;
            }

            if (generated is YamlScalarNode generatedScalar && live is YamlScalarNode liveScalar && generatedScalar.Value == liveScalar.Value)
            {
                return;
            }

            differences.Add(new FieldDifference(Format(path), IsAbsent(generated) ? null : Inline(generated!), IsAbsent(live) ? null : Inline(live!)));
        }

        private static YamlSequenceNode Sorted(YamlSequenceNode sequence) =>
            new(sequence.Children.OrderBy(child => (child as YamlScalarNode)?.Value, StringComparer.Ordinal));

        private static IEnumerable<string> Keys(YamlMappingNode mapping) =>
            mapping.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value ?? string.Empty);

        /// <summary>Absent, null, or an empty mapping or sequence: all mean "not set" to the API server.</summary>
        private static bool IsAbsent(YamlNode? node) =>
            node is null
            || (node is YamlScalarNode scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value == "null" || scalar.Value == "~"))
            || (node is YamlMappingNode mapping && mapping.Children.Count == 0)
            || (node is YamlSequenceNode sequence && sequence.Children.Count == 0);

        /// <summary>A field only the live object has, with the value the API server gives it when a manifest leaves it out.</summary>
        private static bool IsServerDefault(string kind, List<string> path, YamlNode? live, YamlMappingNode liveParent)
        {
            if (kind != "Service" || path.Count < 2 || path[0] != "spec")
            {
                return false;
            }

            var field = path[path.Count - 1];
            var value = (live as YamlScalarNode)?.Value;
            if (path.Count == 2)
            {
                return IsServiceDefault(field, live) || (field == "type" && value == "ClusterIP");
            }

            // spec.ports[i].protocol and targetPort.
            return path.Count == 4 && path[1] == "ports"
                && ((field == "protocol" && value == "TCP") || (field == "targetPort" && value != null && value == YamlInput.Scalar(liveParent, "port")));
        }

        /// <summary><c>spec.subsets[0].labels["app.kubernetes.io/name"]</c>: keys that are not plain names are quoted.</summary>
        internal static string Format(IReadOnlyList<string> path)
        {
            var text = new StringBuilder();
            foreach (var segment in path)
            {
                if (segment.StartsWith("[", StringComparison.Ordinal))
                {
                    text.Append(segment);
                }
                else if (segment.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-'))
                {
                    text.Append(text.Length == 0 ? string.Empty : ".").Append(segment);
                }
                else
                {
                    text.Append("[\"").Append(segment).Append("\"]");
                }
            }

            return text.ToString();
        }

        /// <summary>A value as one line of flow-style YAML, short enough for a report line.</summary>
        internal static string Inline(YamlNode node)
        {
            switch (node)
            {
                case YamlScalarNode scalar:
                    return scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? scalar.Value ?? "null" : "\"" + scalar.Value + "\"";
                case YamlSequenceNode sequence:
                    return "[" + string.Join(", ", sequence.Children.Select(Inline)) + "]";
                case YamlMappingNode mapping:
                    return "{" + string.Join(", ", mapping.Children.Select(pair => Inline(pair.Key) + ": " + Inline(pair.Value))) + "}";
                default:
                    return node.ToString();
            }
        }
    }
}
