using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using EgressDsl.Testing.Crd;
using EgressDsl.Testing.Yaml;
using k8s;
using k8s.Models;

namespace EgressDsl.Testing;

/// <summary>
/// Strict validator of the endpoints of a Service without selector: core <c>v1</c> <c>Endpoints</c> and
/// <c>discovery.k8s.io/v1</c> <c>EndpointSlice</c>, in the three layers of <see cref="KubernetesServiceValidator"/>:
/// KubernetesClient's model with Kubernetes' scalar typing, strict deserialisation, and the API server's main rules
/// (ValidateEndpoints, ValidateEndpointSlice: addresses of the right family, port numbers, names and protocols).
/// </summary>
public static class KubernetesEndpointsValidator
{
    private static readonly HashSet<string> MetadataField = new(StringComparer.Ordinal) { "metadata" };
    private static readonly string[] Protocols = { "TCP", "UDP", "SCTP" };
    private static readonly string[] AddressTypes = { "IPv4", "IPv6", "FQDN" };

    /// <summary>Validates one YAML document holding an <c>Endpoints</c> or an <c>EndpointSlice</c>.</summary>
    /// <returns>Human-readable errors; empty when the object is valid.</returns>
    public static IReadOnlyList<string> Validate(string yaml) => ValidateDetailed(yaml).Select(e => e.ToString()).ToList();

    /// <summary>Like <see cref="Validate"/>, with each error's path, message, kind and line apart.</summary>
    public static IReadOnlyList<ValidationError> ValidateDetailed(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new ErrorSink();
        if (KubernetesServiceValidator.SingleObject(yaml, errors) is not { } root)
        {
            return errors.Errors;
        }

        var kind = root["kind"]?.AsString;
        ObjectMetaValidator.Validate(root["metadata"], namespaced: true, errors);
        YamlChecks.ReportYamlAmbiguities(root, FieldPath.Root, errors);
        if (kind == "Endpoints")
        {
            KubernetesServiceValidator.CheckConstant(root, "apiVersion", "v1", errors);
            ClrModelWalker.Validate(typeof(V1Endpoints), root, FieldPath.Root, errors, MetadataField);
            if (Deserialize<V1Endpoints>(yaml, errors) is { } endpoints)
            {
                CheckEndpoints(endpoints, root, errors);
            }
        }
        else if (kind == "EndpointSlice")
        {
            KubernetesServiceValidator.CheckConstant(root, "apiVersion", "discovery.k8s.io/v1", errors);
            ClrModelWalker.Validate(typeof(V1EndpointSlice), root, FieldPath.Root, errors, MetadataField);
            if (Deserialize<V1EndpointSlice>(yaml, errors) is { } slice)
            {
                CheckSlice(slice, root, errors);
            }
        }
        else
        {
            errors.Add("kind", "Invalid value: must be \"Endpoints\" or \"EndpointSlice\"", ValidationErrorKind.Resource, root.Line);
        }

        return errors.Errors;
    }

    private static T? Deserialize<T>(string yaml, ErrorSink errors)
        where T : class
    {
        try
        {
            return KubernetesYaml.Deserialize<T>(yaml, strict: true);
        }
        catch (Exception e)
        {
            errors.Add("<root>", $"KubernetesClient strict deserialization failed: {KubernetesServiceValidator.Messages(e)}", ValidationErrorKind.Type, 0);
            return null;
        }
    }

    private static void CheckEndpoints(V1Endpoints endpoints, YamlTree root, ErrorSink errors)
    {
        var subsets = endpoints.Subsets ?? new List<V1EndpointSubset>();
        for (var s = 0; s < subsets.Count; s++)
        {
            var path = FieldPath.Root.Key("subsets").Index(s);
            var node = root["subsets"]?.Items[s];
            var addresses = subsets[s].Addresses ?? new List<V1EndpointAddress>();
            for (var a = 0; a < addresses.Count; a++)
            {
                if (!IPAddress.TryParse(addresses[a].Ip ?? string.Empty, out _))
                {
                    errors.Add(path.Key("addresses").Index(a).Key("ip"), $"Invalid value: \"{addresses[a].Ip}\": must be a valid IP address", ValidationErrorKind.Value, node);
                }
            }

            CheckPorts((subsets[s].Ports ?? new List<Corev1EndpointPort>()).Select(p => ((string?)p.Name, (int?)p.Port, (string?)p.Protocol)).ToList(), path.Key("ports"), node, errors);
        }
    }

    private static void CheckSlice(V1EndpointSlice slice, YamlTree root, ErrorSink errors)
    {
        if (!AddressTypes.Contains(slice.AddressType, StringComparer.Ordinal))
        {
            errors.Add(FieldPath.Root.Key("addressType"), $"Unsupported value: \"{slice.AddressType}\"", ValidationErrorKind.Value, root);
        }

        var endpoints = slice.Endpoints ?? new List<V1Endpoint>();
        for (var e = 0; e < endpoints.Count; e++)
        {
            var addresses = endpoints[e].Addresses ?? new List<string>();
            var path = FieldPath.Root.Key("endpoints").Index(e).Key("addresses");
            if (addresses.Count is < 1 or > 100)
            {
                errors.Add(path, "Required value: 1 to 100 addresses", ValidationErrorKind.Required, root);
            }

            foreach (var address in addresses)
            {
                var family = IPAddress.TryParse(address, out var ip) ? ip.AddressFamily : (AddressFamily?)null;
                var valid = slice.AddressType switch
                {
                    "IPv4" => family == AddressFamily.InterNetwork,
                    "IPv6" => family == AddressFamily.InterNetworkV6,
                    _ => !KubernetesNames.CheckDns1123Subdomain(address).Any(),
                };
                if (!valid)
                {
                    errors.Add(path, $"Invalid value: \"{address}\": must be a valid {slice.AddressType} address", ValidationErrorKind.Value, root);
                }
            }
        }

        CheckPorts((slice.Ports ?? new List<Discoveryv1EndpointPort>()).Select(p => ((string?)p.Name, p.Port, (string?)p.Protocol)).ToList(), FieldPath.Root.Key("ports"), root, errors);
    }

    /// <summary>ValidateEndpointPort: numbers 1-65535, DNS-label names, unique, required when there are several, and a known protocol.</summary>
    private static void CheckPorts(IReadOnlyList<(string? Name, int? Port, string? Protocol)> ports, FieldPath path, YamlTree? node, ErrorSink errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var (name, port, protocol) = ports[i];
            if (port is not (>= 1 and <= 65535))
            {
                errors.Add(path.Index(i).Key("port"), $"Invalid value: {port}: must be between 1 and 65535, inclusive", ValidationErrorKind.Value, node);
            }

            if (string.IsNullOrEmpty(name))
            {
                if (ports.Count > 1)
                {
                    errors.Add(path.Index(i).Key("name"), "Required value", ValidationErrorKind.Required, node);
                }
            }
            else
            {
                foreach (var problem in KubernetesNames.CheckDns1123Label(name))
                {
                    errors.Add(path.Index(i).Key("name"), $"Invalid value: \"{name}\": {problem}", ValidationErrorKind.Value, node);
                }

                if (!names.Add(name))
                {
                    errors.Add(path.Index(i).Key("name"), $"Duplicate value: \"{name}\"", ValidationErrorKind.Value, node);
                }
            }

            if (protocol is not null && !Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                errors.Add(path.Index(i).Key("protocol"), $"Unsupported value: \"{protocol}\"", ValidationErrorKind.Value, node);
            }
        }
    }
}
