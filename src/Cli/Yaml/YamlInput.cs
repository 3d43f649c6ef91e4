using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Yaml
{
    /// <summary>One Kubernetes object read from a YAML input, with where it came from for reports.</summary>
    /// <param name="Source">The file name, or <c>-</c> for stdin.</param>
    /// <param name="Document">The document's 1-based position in the file.</param>
    /// <param name="Item">The 1-based position in the document's <c>items</c> when the document is a list (<c>kubectl get -o yaml</c>), else null.</param>
    /// <param name="Root">The object.</param>
    internal sealed record YamlObject(string Source, int Document, int? Item, YamlMappingNode Root)
    {
        /// <summary>Where the object is, such as <c>live.yaml, document 1, item 3</c>.</summary>
        public string Location => Source + ", document " + Document + (Item is { } item ? ", item " + item : string.Empty);

        public string? ApiVersion => YamlInput.Scalar(Root, "apiVersion");

        public string? Kind => YamlInput.Scalar(Root, "kind");

        public string? Name => YamlInput.Metadata(Root, "name");

        public string? Namespace => YamlInput.Metadata(Root, "namespace");

        /// <summary>The API group: <c>networking.istio.io</c> for <c>networking.istio.io/v1</c>, empty for the core <c>v1</c>.</summary>
        public string Group => ApiVersion is { } version && version.IndexOf('/') is var slash && slash > 0 ? version.Substring(0, slash) : string.Empty;

        /// <summary>
        /// <c>Kind.group namespace/name</c>, what identifies the object in a cluster. The API version is left out: a cluster returns
        /// an object in its preferred version (networking.istio.io/v1) whatever version it was applied in.
        /// </summary>
        public string Key(string defaultNamespace) =>
            Kind + (Group.Length == 0 ? string.Empty : "." + Group) + " " + (Namespace ?? defaultNamespace) + "/" + Name;
    }

    /// <summary>Reads multi-document YAML files (or stdin) into Kubernetes objects, unfolding lists as <c>kubectl get -o yaml</c> prints them.</summary>
    internal static class YamlInput
    {
        internal const string StandardInput = "-";

        /// <summary>The text of a file, or of stdin for <c>-</c>; a missing or unreadable file is an input error.</summary>
        internal static string ReadText(CliConsole console, string path)
        {
            if (path == StandardInput)
            {
                return console.Input.ReadToEnd();
            }

            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is ArgumentException || exception is NotSupportedException)
            {
                throw new CliInputException($"'{path}' cannot be read: {exception.Message}", exception);
            }
        }

        /// <summary>Every document of the text; a document that is not YAML is an input error naming the line.</summary>
        internal static IReadOnlyList<YamlNode?> Documents(string text, string source)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException exception)
            {
                throw new CliInputException($"{source}, line {exception.Start.Line}: not valid YAML ({exception.InnerException?.Message ?? exception.Message}).", exception);
            }

            return stream.Documents.Select(document => IsEmpty(document.RootNode) ? null : document.RootNode).ToList();
        }

        /// <summary>The objects of the text: each document, and each item of a list document, in order; empty documents are skipped.</summary>
        internal static IEnumerable<YamlObject> Objects(string text, string source)
        {
            var documents = Documents(text, source);
            for (var index = 0; index < documents.Count; index++)
            {
                if (documents[index] is not YamlMappingNode root)
                {
                    if (documents[index] != null)
                    {
                        throw new CliInputException($"{source}, document {index + 1}: not a Kubernetes object (a YAML mapping with apiVersion and kind).");
                    }

                    continue;
                }

                if (IsList(root) && root.Children.TryGetValue(new YamlScalarNode("items"), out var items))
                {
                    var item = 0;
                    foreach (var child in items is YamlSequenceNode sequence ? sequence.Children : (IEnumerable<YamlNode>)Array.Empty<YamlNode>())
                    {
                        item++;
                        if (child is YamlMappingNode mapping)
                        {
                            yield return new YamlObject(source, index + 1, item, mapping);
                        }
                    }
                }
                else
                {
                    yield return new YamlObject(source, index + 1, null, root);
                }
            }
        }

        /// <summary><c>kind: List</c>, or any <c>...List</c> kind with items, as the API server and kubectl return collections.</summary>
        private static bool IsList(YamlMappingNode root) =>
            Scalar(root, "kind") is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && root.Children.ContainsKey(new YamlScalarNode("items"));

        private static bool IsEmpty(YamlNode node) => node is YamlScalarNode scalar && string.IsNullOrEmpty(scalar.Value) && scalar.Style == ScalarStyle.Plain;

        internal static YamlNode? Child(YamlNode? node, string key) =>
            node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        internal static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

        internal static string? Metadata(YamlNode root, string key) => Scalar(Child(root, "metadata"), key);
    }
}
