using System.Globalization;
using System.Text;

namespace EgressDsl.Reliability.Tests;

/// <summary>One generated egress setup: the C# source and the values it declares, to check the output against.</summary>
internal sealed record FuzzCase(
    int Index,
    string Source,
    string ServiceClass,
    string? RouteClass,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<(int Number, string Name)> Ports,
    IReadOnlyList<(string Address, IReadOnlyList<string> Labels)> Endpoints,
    IReadOnlyList<(string Name, IReadOnlyList<string> Labels)> Subsets,
    IReadOnlyDictionary<string, string> TlsFields,
    string? HeaderValue)
{
    public static FuzzCase Create(int index, FuzzValues values)
    {
        var serviceClass = "Service" + index.ToString(CultureInfo.InvariantCulture);
        // Half the cases are clean: valid values in consistent combinations, which must come out as correct manifests.
        var clean = values.Chance(0.5);
        values.Hostility = clean ? 0 : 1;
        var source = new StringBuilder();
        var hosts = Enumerable.Range(0, !clean && values.Chance(0.05) ? 0 : 1 + values.Next(2)).Select(_ => values.Host()).Distinct().ToList();
        if (values.Chance(0.01))
        {
            // ServiceEntry.spec.hosts: at most 256.
            var count = values.AtOrOver(256);
            hosts = hosts.Concat(Enumerable.Range(0, count).Select(n => "h" + n.ToString(CultureInfo.InvariantCulture) + ".example.com")).Distinct().Take(count).ToList();
        }
        var resolution = clean ? "ServiceResolution.Dns" : values.Enum("ServiceResolution", 4);
        source.Append("[ExternalService(").Append(string.Join(", ", hosts.Select(FuzzValues.Literal)));
        source.Append(hosts.Count > 0 ? ", " : string.Empty).Append("Resolution = ").Append(resolution);
        if (values.Chance(0.3))
        {
            source.Append(", Location = ").Append(values.Enum("ServiceLocation", 2));
        }

        if (!clean && values.Chance(0.2))
        {
            source.Append(", Addresses = ").Append(values.Array(values.Address, 2));
        }

        if (values.Chance(0.1))
        {
            source.Append(", Namespace = ").Append(FuzzValues.Literal(values.Name()));
        }

        source.Append(")]\n");

        var ports = new List<(int, string)>();
        for (var i = 0; i < 1 + values.Next(3); i++)
        {
            var port = (values.Port(), values.Name());
            if (clean && ports.Any(p => p.Item1 == port.Item1 || p.Item2 == port.Item2))
            {
                continue;
            }

            ports.Add(port);
            source.Append($"[ServicePort({port.Item1}, {FuzzValues.Literal(port.Item2)}, {values.Enum("PortProtocol", 7)})]\n");
        }

        var endpoints = new List<(string, IReadOnlyList<string>)>();
        if (values.Chance(0.6))
        {
            for (var i = 0; i < 1 + values.Next(3); i++)
            {
                var address = values.Chance(0.5) ? values.Address() : values.Host();
                var labels = Enumerable.Range(0, values.Next(3)).Select(_ => values.Label()).ToList();
                if (values.Chance(0.01))
                {
                    // ServiceEntry.spec.endpoints[].labels: at most 256.
                    labels = Enumerable.Range(0, values.AtOrOver(256)).Select(n => "k" + n.ToString(CultureInfo.InvariantCulture) + "=v").ToList();
                }

                endpoints.Add((address, labels));
                source.Append($"[Endpoint({FuzzValues.Literal(address)}, Labels = new string[] {{ {string.Join(", ", labels.Select(FuzzValues.Literal))} }}");
                if (values.Chance(0.2))
                {
                    // spec.endpoints[].network and .locality: at most 2,048 characters.
                    source.Append(", Network = ").Append(FuzzValues.Literal(values.Chance(0.1) ? new string('n', values.AtOrOver(2048)) : values.Text()));
                }

                if (values.Chance(0.1))
                {
                    source.Append(", Locality = ").Append(FuzzValues.Literal(values.Chance(0.2) ? new string('l', values.AtOrOver(2048)) : values.Locality()));
                }

                if (values.Chance(0.3))
                {
                    source.Append(", Weight = ").Append(values.Weight().ToString(CultureInfo.InvariantCulture));
                }

                source.Append(")]\n");
            }

            if (values.Chance(0.002))
            {
                // ServiceEntry.spec.endpoints: at most 4,096.
                var count = values.AtOrOver(4096);
                for (var n = endpoints.Count; n < count; n++)
                {
                    var address = "10." + (n / 250).ToString(CultureInfo.InvariantCulture) + "." + (n % 250).ToString(CultureInfo.InvariantCulture) + ".7";
                    endpoints.Add((address, Array.Empty<string>()));
                    source.Append("[Endpoint(").Append(FuzzValues.Literal(address)).Append(")]\n");
                }
            }
        }

        var subsets = new List<(string, IReadOnlyList<string>)>();
        for (var i = 0; i < values.Next(3); i++)
        {
            var name = values.Chance(0.9) ? "v" + (i + 1).ToString(CultureInfo.InvariantCulture) : values.Name();
            var labels = Enumerable.Range(0, values.Next(2) + 1).Select(_ => values.Label()).DistinctBy(l => clean ? l.Split('=')[0] : l).ToList();
            subsets.Add((name, labels));
            source.Append($"[Subset({FuzzValues.Literal(name)}{string.Concat(labels.Select(l => ", " + FuzzValues.Literal(l)))})]\n");
        }

        var tls = new Dictionary<string, string>(StringComparer.Ordinal);
        if (clean && values.Chance(0.5))
        {
            // Consistent TLS: SIMPLE verifying the server, or MUTUAL with a client certificate and key.
            var mutual = values.Chance(0.5);
            source.Append("[TlsOrigination(TlsMode.").Append(mutual ? "Mutual" : "Simple");
            tls["caCertificates"] = "/etc/certs/ca.pem";
            if (mutual)
            {
                tls["clientCertificate"] = "/etc/certs/client.pem";
                tls["privateKey"] = "/etc/certs/client.key";
            }

            foreach (var (key, value) in tls)
            {
                source.Append(", ").Append(char.ToUpperInvariant(key[0])).Append(key.Substring(1)).Append(" = ").Append(FuzzValues.Literal(value));
            }

            source.Append(")]\n");
        }
        else if (!clean && values.Chance(0.5))
        {
            source.Append("[TlsOrigination(").Append(values.Enum("TlsMode", 3));
            foreach (var (field, key) in new[] { ("ClientCertificate", "clientCertificate"), ("PrivateKey", "privateKey"), ("CaCertificates", "caCertificates"), ("Sni", "sni"), ("CredentialName", "credentialName") })
            {
                if (values.Chance(0.4))
                {
                    var text = values.Text();
                    tls[key] = text;
                    source.Append(", ").Append(field).Append(" = ").Append(FuzzValues.Literal(text));
                }
            }

            if (values.Chance(0.3))
            {
                source.Append(", Port = ").Append(ports[0].Item1.ToString(CultureInfo.InvariantCulture));
            }

            source.Append(")]\n");
        }

        source.Append("public partial class ").Append(serviceClass).Append(";\n");

        string? routeClass = null;
        string? headerValue = null;
        if (values.Chance(0.5))
        {
            routeClass = "Route" + index.ToString(CultureInfo.InvariantCulture);
            headerValue = values.Text();
            source.Append($"[EgressRoute(typeof({serviceClass}), Port = {values.Port()})]\n");
            source.Append($"[HttpRoute(Headers = new string[] {{ \"x-fuzz=\" + {FuzzValues.Literal(headerValue)} }}");
            if (subsets.Count > 0 && values.Chance(0.8))
            {
                source.Append(", Subset = ").Append(FuzzValues.Literal(subsets[values.Next(subsets.Count)].Item1));
            }

            source.Append(", DestinationPort = ").Append(ports[values.Next(ports.Count)].Item1.ToString(CultureInfo.InvariantCulture));
            if (values.Chance(0.3))
            {
                source.Append(", Timeout = ").Append(FuzzValues.Literal(values.Timeout()));
            }
            source.Append(")]\npublic partial class ").Append(routeClass).Append(";\n");
        }

        return new FuzzCase(index, source.ToString(), serviceClass, routeClass, hosts, ports, endpoints, subsets, tls, headerValue);
    }
}

/// <summary>
/// A valid service and route whose class names, containing types and namespace are fuzzed (<see cref="FuzzValues.TypeName"/>):
/// the C# source and the metadata names of the two classes, to find their generated members.
/// </summary>
internal sealed record FuzzNamedCase(int Index, string Source, string ServiceMetadataName, string RouteMetadataName, bool Refused)
{
    public static FuzzNamedCase Create(int index, FuzzValues values)
    {
        // Each case in a namespace of its own, so that no two cases declare the same type.
        var ns = new List<(string Written, string Name)> { ("Fuzz" + index.ToString(CultureInfo.InvariantCulture), "Fuzz" + index.ToString(CultureInfo.InvariantCulture)) };
        for (var i = values.Next(3); i > 0; i--)
        {
            ns.Add(values.TypeName());
        }

        // A nested type may not have its containing type's name; the service and the route differ by the route's suffix.
        var containing = new List<(string Written, string Name)>();
        for (var i = values.Next(3); i > 0; i--)
        {
            var outer = values.TypeName();
            if (containing.Count == 0 || containing[^1].Name != outer.Name)
            {
                containing.Add(outer);
            }
        }

        var service = values.TypeName();
        while (containing.Count > 0 && containing[^1].Name == service.Name)
        {
            service = values.TypeName();
        }

        var route = (Written: service.Written + "Route", Name: service.Name + "Route");
        var id = index.ToString(CultureInfo.InvariantCulture);
        var source = new StringBuilder();
        source.Append("namespace ").Append(string.Join(".", ns.Select(n => n.Written))).Append("\n{\n");
        foreach (var outer in containing)
        {
            source.Append(values.Chance(0.3) ? "public partial record " : "public partial class ").Append(outer.Written).Append("\n{\n");
        }

        // Some services have an error (an invalid host): they and their routes keep only placeholder members.
        var refused = values.Chance(0.2);
        source.Append($"[ExternalService(\"api{id}{(refused ? ".." : ".")}example.com\", Name = \"svc-{id}\", Resolution = ServiceResolution.Dns)][ServicePort(443, \"https\", PortProtocol.Https)]\n");
        source.Append(values.Chance(0.2) ? "public partial record " : "public partial class ").Append(service.Written).Append(";\n");
        source.Append($"[EgressRoute(typeof({service.Written}), Name = \"route-{id}\", MeshName = \"route-{id}-mesh\", GatewayName = \"route-{id}-gateway\")][HttpRoute(UriPrefix = \"/{id}\")]\n");
        source.Append("public partial class ").Append(route.Written).Append(";\n");
        source.Append(string.Concat(containing.Select(_ => "}\n"))).Append("}\n");

        var prefix = string.Join(".", ns.Select(n => n.Name)) + "." + string.Concat(containing.Select(c => c.Name + "+"));
        return new FuzzNamedCase(index, source.ToString(), prefix + service.Name, prefix + route.Name, refused);
    }
}
