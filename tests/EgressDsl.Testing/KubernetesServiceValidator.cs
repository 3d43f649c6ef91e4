using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Numerics;
using EgressDsl.Testing.Crd;
using EgressDsl.Testing.Yaml;
using k8s;
using k8s.Models;

namespace EgressDsl.Testing;

/// <summary>
/// Strict validator of core <c>v1</c> Service documents, the one built-in kind the generator emits.
/// </summary>
/// <remarks>
/// Three layers, all reported: (1) the YAML tree is checked against KubernetesClient's <see cref="V1Service"/>
/// model with Kubernetes' scalar typing (unknown fields, <c>port: "443"</c>, non-string labels);
/// (2) the document is read with <c>KubernetesYaml.Deserialize&lt;V1Service&gt;(yaml, strict: true)</c> and any
/// exception becomes an error; (3) the main rules of the API server's ValidateService are applied (names, ports,
/// protocols, target ports, types, policies).
/// </remarks>
public static class KubernetesServiceValidator
{
    private static readonly HashSet<string> MetadataField = new(StringComparer.Ordinal) { "metadata" };
    private static readonly string[] Protocols = { "TCP", "UDP", "SCTP" };
    private static readonly string[] ServiceTypes = { "ClusterIP", "NodePort", "LoadBalancer", "ExternalName" };
    private static readonly string[] SessionAffinities = { "None", "ClientIP" };
    private static readonly string[] TrafficPolicies = { "Cluster", "Local" };
    private static readonly string[] IpFamilyPolicies = { "SingleStack", "PreferDualStack", "RequireDualStack" };
    private static readonly string[] IpFamilies = { "IPv4", "IPv6" };

    /// <summary>Validates one YAML document holding an <c>apiVersion: v1</c>, <c>kind: Service</c> object.</summary>
    /// <returns>Human-readable errors (<c>path: problem (line N)</c>); empty when the Service is valid.</returns>
    public static IReadOnlyList<string> Validate(string yaml) => ValidateDetailed(yaml).Select(e => e.ToString()).ToList();

    /// <summary>Like <see cref="Validate"/>, with each error's path, message, kind and line apart.</summary>
    public static IReadOnlyList<ValidationError> ValidateDetailed(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new ErrorSink();
        if (SingleObject(yaml, errors) is not { } root)
        {
            return errors.Errors;
        }

        CheckConstant(root, "apiVersion", "v1", errors);
        CheckConstant(root, "kind", "Service", errors);
        ObjectMetaValidator.Validate(root["metadata"], namespaced: true, errors);
        if (root["metadata"]?["name"]?.AsString is { } name)
        {
            // Services need DNS-1035 labels: their names become DNS labels and environment variable prefixes.
            foreach (string problem in KubernetesNames.CheckDns1035Label(name))
            {
                errors.Add("metadata.name", $"Invalid value: \"{name}\": {problem}", ValidationErrorKind.Metadata, root["metadata"]!["name"]!.Line);
            }
        }

        ClrModelWalker.Validate(typeof(V1Service), root, FieldPath.Root, errors, MetadataField);

        V1Service? service = null;
        try
        {
            service = KubernetesYaml.Deserialize<V1Service>(yaml, strict: true);
        }
        catch (Exception e)
        {
            errors.Add("<root>", $"KubernetesClient strict deserialization failed: {Messages(e)}", ValidationErrorKind.Type, 0);
        }

        YamlChecks.ReportYamlAmbiguities(root, FieldPath.Root, errors);
        if (service?.Spec is not null)
        {
            CheckSpec(service.Spec, root["spec"]!, errors);
        }
        else if (service is not null)
        {
            errors.Add("spec", "Required value", ValidationErrorKind.Required, root.Line);
        }

        return errors.Errors;
    }

    /// <summary>The one mapping a document of a built-in kind must be, or null with the reason in <paramref name="errors"/>.</summary>
    internal static YamlTree? SingleObject(string yaml, ErrorSink errors)
    {
        List<ParsedDocument> documents;
        try
        {
            documents = YamlTreeBuilder.ParseStream(yaml);
        }
        catch (YamlTreeException e)
        {
            errors.Add("<root>", $"invalid YAML: {e.Problem}", ValidationErrorKind.Yaml, (int)e.Line);
            return null;
        }

        if (documents.Count != 1)
        {
            errors.Add("<root>", documents.Count == 0 ? "the document is empty" : $"expected one YAML document but found {documents.Count}", ValidationErrorKind.Yaml, 1);
            return null;
        }

        var root = documents[0].Tree;
        if (root.Kind != YamlNodeKind.Mapping)
        {
            errors.Add(FieldPath.Root, $"Invalid type: a Kubernetes object must be a mapping, found {root.Describe()}", ValidationErrorKind.Type, root);
            return null;
        }

        return root;
    }

    internal static void CheckConstant(YamlTree root, string field, string expected, ErrorSink errors)
    {
        var node = root[field];
        if (node is null)
        {
            errors.Add(field, "Required value", ValidationErrorKind.Required, root.Line);
        }
        else if (node.AsString != expected)
        {
            errors.Add(field, $"Invalid value: {node.Describe()}: must be \"{expected}\"", ValidationErrorKind.Resource, node.Line);
        }
    }

    private static void CheckSpec(V1ServiceSpec spec, YamlTree specNode, ErrorSink errors)
    {
        var path = FieldPath.Root.Key("spec");
        string type = spec.Type ?? "ClusterIP";
        CheckOneOf(spec.Type, ServiceTypes, path.Key("type"), specNode, errors);
        CheckOneOf(spec.SessionAffinity, SessionAffinities, path.Key("sessionAffinity"), specNode, errors);
        CheckOneOf(spec.ExternalTrafficPolicy, TrafficPolicies, path.Key("externalTrafficPolicy"), specNode, errors);
        CheckOneOf(spec.InternalTrafficPolicy, TrafficPolicies, path.Key("internalTrafficPolicy"), specNode, errors);
        CheckOneOf(spec.IpFamilyPolicy, IpFamilyPolicies, path.Key("ipFamilyPolicy"), specNode, errors);
        for (int i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            CheckOneOf(spec.IpFamilies![i], IpFamilies, path.Key("ipFamilies").Index(i), specNode, errors);
        }

        bool headless = spec.ClusterIP == "None";
        if (spec.ClusterIP is { Length: > 0 } clusterIp && !headless && !IPAddress.TryParse(clusterIp, out _))
        {
            Add(errors, path.Key("clusterIP"), specNode["clusterIP"], $"Invalid value: \"{clusterIp}\": must be empty, 'None', or a valid IP address", ValidationErrorKind.Semantic);
        }

        if (type == "ExternalName")
        {
            if (string.IsNullOrEmpty(spec.ExternalName))
            {
                Add(errors, path.Key("externalName"), specNode, "Required value: externalName is required for type ExternalName", ValidationErrorKind.Required);
            }
            else
            {
                foreach (string problem in KubernetesNames.CheckDns1123Subdomain(spec.ExternalName.TrimEnd('.')))
                {
                    Add(errors, path.Key("externalName"), specNode["externalName"], $"Invalid value: \"{spec.ExternalName}\": {problem}", ValidationErrorKind.Semantic);
                }
            }
        }

        var ports = spec.Ports ?? new List<V1ServicePort>();
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            Add(errors, path.Key("ports"), specNode, "Required value: a Service needs at least one port", ValidationErrorKind.Required);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var portProtocols = new HashSet<string>(StringComparer.Ordinal);
        var portNodes = specNode["ports"]?.Items ?? Array.Empty<YamlTree>();
        for (int i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var portPath = path.Key("ports").Index(i);
            var portNode = i < portNodes.Count ? portNodes[i] : specNode;
            if (string.IsNullOrEmpty(port.Name))
            {
                if (ports.Count > 1)
                {
                    Add(errors, portPath.Key("name"), portNode, "Required value: every port needs a name when a Service has several", ValidationErrorKind.Required);
                }
            }
            else
            {
                foreach (string problem in KubernetesNames.CheckDns1123Label(port.Name))
                {
                    Add(errors, portPath.Key("name"), portNode["name"], $"Invalid value: \"{port.Name}\": {problem}", ValidationErrorKind.Semantic);
                }

                if (!names.Add(port.Name))
                {
                    Add(errors, portPath.Key("name"), portNode["name"], $"Duplicate value: \"{port.Name}\"", ValidationErrorKind.Semantic);
                }
            }

            if (port.Port is < 1 or > 65535)
            {
                Add(errors, portPath.Key("port"), portNode["port"] ?? portNode, $"Invalid value: {port.Port}: must be between 1 and 65535, inclusive", ValidationErrorKind.Semantic);
            }

            string protocol = port.Protocol ?? "TCP";
            CheckOneOf(port.Protocol, Protocols, portPath.Key("protocol"), portNode, errors);
            if (!portProtocols.Add($"{port.Port}/{protocol}"))
            {
                Add(errors, portPath, portNode, $"Duplicate value: port {port.Port} with protocol {protocol} is declared twice", ValidationErrorKind.Semantic);
            }

            CheckTargetPort(port.TargetPort, portPath.Key("targetPort"), portNode["targetPort"], errors);
            if (port.NodePort is { } nodePort)
            {
                if (type is not ("NodePort" or "LoadBalancer"))
                {
                    Add(errors, portPath.Key("nodePort"), portNode["nodePort"], $"Forbidden: may not be used when `type` is '{type}'", ValidationErrorKind.Semantic);
                }
                else if (nodePort is < 1 or > 65535)
                {
                    Add(errors, portPath.Key("nodePort"), portNode["nodePort"], $"Invalid value: {nodePort}: must be between 1 and 65535, inclusive", ValidationErrorKind.Semantic);
                }
            }

            if (port.AppProtocol is { } appProtocol)
            {
                foreach (string problem in KubernetesNames.CheckQualifiedName(appProtocol))
                {
                    Add(errors, portPath.Key("appProtocol"), portNode["appProtocol"], $"Invalid value: \"{appProtocol}\": {problem}", ValidationErrorKind.Semantic);
                }
            }
        }

        foreach (var (key, value) in spec.Selector ?? new Dictionary<string, string>())
        {
            var selectorNode = specNode["selector"]?[key];
            foreach (string problem in KubernetesNames.CheckQualifiedName(key))
            {
                Add(errors, path.Key("selector").MapKey(key), selectorNode, $"Invalid value: \"{key}\": selector key {problem}", ValidationErrorKind.Semantic);
            }

            foreach (string problem in KubernetesNames.CheckLabelValue(value ?? string.Empty))
            {
                Add(errors, path.Key("selector").MapKey(key), selectorNode, $"Invalid value: \"{value}\": {problem}", ValidationErrorKind.Semantic);
            }
        }
    }

    private static void CheckTargetPort(IntOrString? targetPort, FieldPath path, YamlTree? node, ErrorSink errors)
    {
        if (targetPort?.Value is not { } value || node is null)
        {
            return;
        }

        if (node.ScalarType == YamlScalarType.Integer)
        {
            var number = (BigInteger)node.Value!;
            if (number < 1 || number > 65535)
            {
                Add(errors, path, node, $"Invalid value: {number}: must be between 1 and 65535, inclusive", ValidationErrorKind.Semantic);
            }
        }
        else
        {
            foreach (string problem in KubernetesNames.CheckIanaServiceName(value))
            {
                Add(errors, path, node, $"Invalid value: \"{value}\": a named target port {problem}", ValidationErrorKind.Semantic);
            }
        }
    }

    private static void CheckOneOf(string? value, string[] allowed, FieldPath path, YamlTree parent, ErrorSink errors)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(errors, path, parent, $"Unsupported value: \"{value}\": supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}", ValidationErrorKind.Value);
        }
    }

    private static void Add(ErrorSink errors, FieldPath path, YamlTree? node, string message, ValidationErrorKind kind)
        => errors.Add(path, message, kind, node);

    internal static string Messages(Exception e)
    {
        var parts = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            string text = current.Message.Trim();
            if (!parts.Contains(text))
            {
                parts.Add(text);
            }
        }

        return string.Join(" -> ", parts);
    }
}
