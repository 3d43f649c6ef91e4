using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing;

/// <summary>Splits multi-document YAML streams.</summary>
public static class YamlDocuments
{
    /// <summary>
    /// Splits a multi-document YAML stream into the texts of its non-empty documents, in order. Each text is the
    /// original slice of the stream (so its quirks survive) without the <c>---</c> separator; empty documents,
    /// such as one after a trailing <c>---</c>, are dropped as kubectl drops them.
    /// </summary>
    /// <remarks>
    /// Document boundaries come from a real YAML parser, not from searching for <c>---</c>, so a <c>---</c> inside
    /// a block scalar or a quoted string is never taken for a separator.
    /// </remarks>
    /// <exception cref="YamlTreeException">The stream is not well-formed YAML.</exception>
    public static IReadOnlyList<string> Split(string multiDocumentYaml)
    {
        ArgumentNullException.ThrowIfNull(multiDocumentYaml);
        return YamlTreeBuilder.ParseStream(multiDocumentYaml)
            .Select(d => Tidy(multiDocumentYaml.Substring(d.StartIndex, d.EndIndex - d.StartIndex)))
            .ToList();
    }

    private static string Tidy(string text)
    {
        // Drop the rest of the '---' line and blank lines before the content, but never the content's own indentation.
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                start = i + 1;
            }
            else if (!char.IsWhiteSpace(text[i]))
            {
                break;
            }
        }

        string body = text.Substring(start).TrimEnd();
        return body + "\n";
    }
}
