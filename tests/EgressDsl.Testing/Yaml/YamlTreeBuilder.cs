using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EgressDsl.Testing.Yaml;

/// <summary>One non-empty document of a stream, with the character range of its text.</summary>
internal sealed record ParsedDocument(YamlTree Tree, int StartIndex, int EndIndex);

/// <summary>
/// Builds <see cref="YamlTree"/>s from YamlDotNet's event parser. We read events rather than YamlDotNet's
/// representation model so that we control scalar typing, duplicate keys, aliases and document ranges.
/// </summary>
internal static class YamlTreeBuilder
{
    private const string MapTag = "tag:yaml.org,2002:map";
    private const string SeqTag = "tag:yaml.org,2002:seq";

    /// <summary>Parses a whole stream; empty (null) documents are skipped, as kubectl skips them.</summary>
    public static List<ParsedDocument> ParseStream(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var documents = new List<ParsedDocument>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var documentStart))
            {
                var anchors = new Dictionary<string, YamlTree>(StringComparer.Ordinal);
                var root = ReadNode(parser, anchors);
                var documentEnd = parser.Consume<DocumentEnd>();
                if (root.IsNull)
                {
                    continue;
                }

                int start = documentStart.IsImplicit ? BackToLineStart(text, (int)documentStart.Start.Index) : (int)documentStart.End.Index;
                int end = Math.Max(start, (int)documentEnd.Start.Index);
                documents.Add(new ParsedDocument(root, start, end));
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlTreeException)
        {
            throw;
        }
        catch (YamlException e)
        {
            throw new YamlTreeException(e.Message.Trim(), e.Start.Line, e.Start.Column);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some malformed input (e.g. an unclosed flow sequence).
            var near = parser.Current?.End ?? Mark.Empty;
            throw new YamlTreeException($"malformed YAML after this point ({e.Message})", near.Line, near.Column);
        }

        return documents;
    }

    private static int BackToLineStart(string text, int index)
    {
        // An implicit document starts at its first token; keep that line's indentation with it.
        int i = Math.Min(index, text.Length);
        while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        {
            i--;
        }

        return i == 0 || text[i - 1] == '\n' ? i : index;
    }

    private static YamlTree ReadNode(IParser parser, Dictionary<string, YamlTree> anchors)
    {
        var current = parser.Current ?? throw new YamlTreeException("unexpected end of YAML", 0, 0);
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlTreeException($"alias *{alias.Value.Value} refers to no anchor", alias.Start.Line, alias.Start.Column);

            case Scalar scalar:
            {
                parser.MoveNext();
                string? tag = scalar.Tag.IsEmpty ? null : scalar.Tag.IsNonSpecific ? "!" : scalar.Tag.Value;
                var resolved = ScalarResolver.Resolve(scalar.Value, scalar.Style, tag, scalar.Start);
                var node = new YamlTree(resolved, scalar.Value, (int)scalar.Start.Line, (int)scalar.Start.Column);
                Remember(anchors, scalar, node);
                return node;
            }

            case SequenceStart sequenceStart:
            {
                CheckCollectionTag(sequenceStart.Tag, SeqTag, sequenceStart.Start);
                parser.MoveNext();
                var items = new List<YamlTree>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, anchors));
                }

                var node = new YamlTree(items, (int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column);
                Remember(anchors, sequenceStart, node);
                return node;
            }

            case MappingStart mappingStart:
            {
                CheckCollectionTag(mappingStart.Tag, MapTag, mappingStart.Start);
                parser.MoveNext();
                var entries = new List<KeyValuePair<string, YamlTree>>();
                var keyNodes = new List<YamlTree>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current!;
                    var keyNode = ReadNode(parser, anchors);
                    if (keyNode.Kind != YamlNodeKind.Scalar)
                    {
                        throw new YamlTreeException("a mapping key must be a scalar", keyEvent.Start.Line, keyEvent.Start.Column);
                    }

                    string key = KeyText(keyNode);
                    if (!seen.Add(key))
                    {
                        throw new YamlTreeException($"duplicate mapping key \"{key}\"", keyEvent.Start.Line, keyEvent.Start.Column);
                    }

                    var value = ReadNode(parser, anchors);
                    entries.Add(new KeyValuePair<string, YamlTree>(key, value));
                    keyNodes.Add(keyNode);
                }

                var node = new YamlTree(entries, keyNodes, (int)mappingStart.Start.Line, (int)mappingStart.Start.Column);
                Remember(anchors, mappingStart, node);
                return node;
            }

            default:
                throw new YamlTreeException($"unexpected YAML event {current.GetType().Name}", current.Start.Line, current.Start.Column);
        }
    }

    /// <summary>JSON object keys are strings: stringify a key the way sigs.k8s.io/yaml does.</summary>
    private static string KeyText(YamlTree key)
    {
        return key.ScalarType switch
        {
            YamlScalarType.Null => "null",
            YamlScalarType.Boolean => (bool)key.Value! ? "true" : "false",
            YamlScalarType.Integer => ((BigInteger)key.Value!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            YamlScalarType.Float => key.ScalarJson(),
            _ => (string)key.Value!,
        };
    }

    private static void CheckCollectionTag(YamlDotNet.Core.TagName tag, string allowed, Mark start)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != allowed)
        {
            throw new YamlTreeException($"unsupported YAML tag '{tag.Value}' on a collection", start.Line, start.Column);
        }
    }

    private static void Remember(Dictionary<string, YamlTree> anchors, NodeEvent nodeEvent, YamlTree node)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            anchors[nodeEvent.Anchor.Value] = node;
        }
    }
}
