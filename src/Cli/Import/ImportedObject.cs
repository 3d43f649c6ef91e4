using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EgressDsl.Cli.Yaml;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Import
{
    /// <summary>The kinds the import reads.</summary>
    internal enum ImportKind
    {
        ServiceEntry,
        DestinationRule,
        Gateway,
        VirtualService,
        Service,
        Endpoints,
        EndpointSlice,
        KubernetesGateway,
        HttpRoute,
        TlsRoute,
        TcpRoute,
        ReferenceGrant,
    }

    /// <summary>One input object the import understands, with the reader that records which of its fields became attributes.</summary>
    internal sealed class ImportedObject
    {
        internal const string IstioGroup = "networking.istio.io";

        // ${VAR}, $VAR, $(VAR) (envsubst, Kustomize vars), {{ ... }} (Helm, Go templates), <% %> (ERB).
        private static readonly Regex Templating = new(@"\$\{[^}]*\}|\$\([A-Za-z_][A-Za-z0-9_.]*\)|\$[A-Z_][A-Z0-9_]*|\{\{|\}\}|<%", RegexOptions.CultureInvariant);

        private ImportedObject(YamlObject source, ImportKind kind, int order)
        {
            Source = source;
            Kind = kind;
            Order = order;
            Reader = new FieldReader(source.Root);
            foreach (var field in new[] { "apiVersion", "kind" })
            {
                Reader.MarkRead(field);
            }

            Reader.MarkRead("metadata", "name");
            Reader.MarkRead("metadata", "namespace");
        }

        internal YamlObject Source { get; }

        internal ImportKind Kind { get; }

        /// <summary>The position over every input, for keeping the input's order.</summary>
        internal int Order { get; }

        internal FieldReader Reader { get; }

        internal string Name => Source.Name!;

        internal string? Namespace => Source.Namespace;

        /// <summary><c>ServiceEntry default/x</c>; <c>x</c> alone when no namespace is written.</summary>
        internal string Description => Source.Kind + " " + (Namespace == null ? string.Empty : Namespace + "/") + Name;

        internal string Origin => Source.Location + ": " + Description;

        internal string? IstioVersion => Source.Group == IstioGroup ? Source.ApiVersion!.Substring(IstioGroup.Length + 1) : null;

        internal ImportLoss Loss(string? path, string reason) => new(Source.Source, Source.Document, Source.Item, Description, path, reason);

        /// <summary>The object as an import input, or why it is left out whole.</summary>
        internal static (ImportedObject? Object, ImportLoss? LeftOut) Classify(YamlObject source, int order)
        {
            ImportLoss LeftOut(string reason) =>
                new(source.Source, source.Document, source.Item, source.Kind == null ? null : source.Kind + " " + source.Name, null, reason);

            if (FindTemplating(source.Root, new List<string>()) is { } templated)
            {
                return (null, LeftOut("templating or a variable at " + templated.Path + " ('" + templated.Text + "'): the document is not configuration yet; render it first (helm template, envsubst, kustomize build)"));
            }

            var kind = source.Kind;
            var group = source.Group;
            var version = source.ApiVersion ?? string.Empty;
            if (kind == null || source.ApiVersion == null)
            {
                return (null, LeftOut("not a Kubernetes object: no apiVersion or kind"));
            }

            var (known, reason) = ImportKinds.Classify(group, version, kind);
            if (known == null)
            {
                return (null, LeftOut(reason!));
            }

            if (string.IsNullOrEmpty(source.Name))
            {
                return (null, LeftOut("no metadata.name"));
            }

            return (new ImportedObject(source, known.Value, order), null);
        }

        private static (string Path, string Text)? FindTemplating(YamlNode node, List<string> path)
        {
            switch (node)
            {
                case YamlScalarNode scalar when scalar.Value != null && Templating.Match(scalar.Value) is { Success: true } match:
                    return (path.Count == 0 ? "the document" : Diff.ObjectDiff.Format(path), match.Value);
                case YamlMappingNode mapping:
                    foreach (var pair in mapping.Children)
                    {
                        var key = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
                        if (Templating.Match(key) is { Success: true } keyMatch)
                        {
                            return (Diff.ObjectDiff.Format(path.Append(key).ToList()), keyMatch.Value);
                        }

                        path.Add(key);
                        var found = FindTemplating(pair.Value, path);
                        path.RemoveAt(path.Count - 1);
                        if (found != null)
                        {
                            return found;
                        }
                    }

                    return null;
                case YamlSequenceNode sequence:
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        path.Add("[" + i + "]");
                        var found = FindTemplating(sequence.Children[i], path);
                        path.RemoveAt(path.Count - 1);
                        if (found != null)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }
    }
}
