using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace EgressDsl.Testing;

/// <summary>
/// Strict validators for the Kubernetes Gateway API kinds, from the shared CRDs
/// (<c>shared/gateway-api-crds/v1.6.1/&lt;channel&gt;/</c>), read in place. <see cref="For"/> picks the standard channel when
/// it has the document's kind and version, the experimental one otherwise, as the cluster's CRDs would.
/// </summary>
public static class GatewayApiCrds
{
    /// <summary>The Gateway API release the shared CRDs are.</summary>
    public const string Version = "v1.6.1";

    /// <summary>The files of one channel that hold CustomResourceDefinitions (the channel also has a ValidatingAdmissionPolicy).</summary>
    private static readonly string[] Kinds =
    {
        "backendtlspolicies", "gatewayclasses", "gateways", "grpcroutes", "httproutes", "listenersets", "referencegrants",
        "tcproutes", "tlsroutes", "udproutes",
    };

    private static readonly Lazy<CrdSchemaValidator> StandardValidator = new(() => Load("standard"));

    private static readonly Lazy<CrdSchemaValidator> ExperimentalValidator = new(() => Load("experimental"));

    /// <summary>The standard channel's validator.</summary>
    public static CrdSchemaValidator Standard => StandardValidator.Value;

    /// <summary>The experimental channel's validator.</summary>
    public static CrdSchemaValidator Experimental => ExperimentalValidator.Value;

    /// <summary>The validator of the channel that serves <paramref name="apiVersion"/> <paramref name="kind"/>: standard if it does, else
    /// experimental.</summary>
    public static CrdSchemaValidator For(string apiVersion, string kind) =>
        Standard.KnownResources.Contains(apiVersion + " " + kind) ? Standard : Experimental;

    /// <summary>
    /// Validates every <c>gateway.networking.k8s.io</c> document of a stream against its channel; other documents are
    /// left to the Istio validator. Returns <c>kind/name: error</c> lines, empty when all are valid.
    /// </summary>
    public static IReadOnlyList<string> ValidateDocuments(string multiDocumentYaml)
    {
        var errors = new List<string>();
        foreach (var document in YamlDocuments.Split(multiDocumentYaml))
        {
            var tree = YamlTree.Parse(document);
            var apiVersion = tree["apiVersion"]?.AsString ?? string.Empty;
            if (!apiVersion.StartsWith("gateway.networking.k8s.io/", StringComparison.Ordinal))
            {
                continue;
            }

            var kind = tree["kind"]?.AsString ?? string.Empty;
            var name = tree["metadata"]?["name"]?.AsString;
            errors.AddRange(For(apiVersion, kind).Validate(document).Select(e => kind + "/" + name + ": " + e));
        }

        return errors;
    }

    private static CrdSchemaValidator Load(string channel)
    {
        var text = new StringBuilder();
        foreach (var kind in Kinds)
        {
            var path = SharedFiles.Find("gateway-api-crds/" + Version + "/" + channel + "/gateway.networking.k8s.io_" + kind + ".yaml");
            text.Append("---\n").Append(File.ReadAllText(path)).Append('\n');
        }

        return CrdSchemaValidator.FromYaml(text.ToString());
    }
}
