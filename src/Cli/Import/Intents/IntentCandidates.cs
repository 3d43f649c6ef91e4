using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Cli.Yaml;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Cli.Import.Intents
{
    /// <summary>An intent attribute that may stand for some of the imported objects; <see cref="Anchor"/> is the object its class is named
    /// after.</summary>
    internal sealed record IntentCandidate(ImportedObject Anchor, AttributeSpec Intent);

    /// <summary>
    /// Proposes, for each object that can anchor a documented pattern (a ServiceEntry, a DestinationRule for an in-cluster host,
    /// a Kubernetes Service), the intent attribute that would write it and its companions, with the arguments read from the
    /// objects. A proposal is only a guess: <see cref="IntentRecognition"/> keeps it when the generator expands it to exactly
    /// the input's objects, so the rules here may be simple and never need to know what the expansion writes.
    /// </summary>
    internal static class IntentCandidates
    {
        /// <summary>
        /// The candidates, the patterns that take the most objects first: a ServiceEntry that a gateway pattern forwards to
        /// could also pass for a direct one, and must not be claimed by it first, whatever the input's order.
        /// </summary>
        internal static IEnumerable<IntentCandidate> Propose(IReadOnlyList<ImportedObject> objects) =>
            Unordered(objects).OrderBy(candidate => Array.IndexOf(Precedence, candidate.Intent.Name)).ToList();

        private static readonly string[] Precedence = { "GatewayEgress", "SidecarTlsOrigination", "KubernetesEgressService",
            "ExternalProxy", "DirectEgress" };

        private static IEnumerable<IntentCandidate> Unordered(IReadOnlyList<ImportedObject> objects)
        {
            foreach (var item in objects)
            {
                var proposals = item.Kind switch
                {
                    ImportKind.ServiceEntry => FromServiceEntry(item, objects),
                    ImportKind.DestinationRule => FromInClusterRule(item, objects),
                    ImportKind.Service => FromKubernetesService(item, objects),
                    _ => Enumerable.Empty<AttributeSpec>(),
                };
                foreach (var intent in proposals)
                {
                    yield return new IntentCandidate(item, intent);
                }
            }
        }

        private static IEnumerable<AttributeSpec> FromServiceEntry(ImportedObject entry, IReadOnlyList<ImportedObject> objects)
        {
            var hosts = Strings(entry.Source.Root, "spec", "hosts");
            if (hosts.Count != 1)
            {
                yield break;
            }

            var host = hosts[0];
            var ports = Items(entry.Source.Root, "spec", "ports").Select(port => new Port(
                Int(port, "number"), Scalar(port, "name"), Scalar(port, "protocol"), Int(port, "targetPort"))).ToList();
            if (GatewayServing(objects, host) is { } gateway)
            {
                yield return GatewayEgress(host, gateway, objects, entry.Name, entry.Namespace, inCluster: false);
                yield break;
            }

            if (ports.Count == 2 && ports.FirstOrDefault(p => p.Protocol == "HTTP") is { } plain
                && TlsRule(objects, host) is { } rule)
            {
                var tlsPort = ports.First(p => p != plain);
                yield return SidecarTlsOrigination(host, rule, plain.Number == 80 ? 0 : plain.Number, tlsPort.Number, entry,
                    inCluster: false);
            }

            if (ports.Count != 1)
            {
                yield break;
            }

            var addresses = Strings(entry.Source.Root, "spec", "addresses");
            if (addresses.Count > 0)
            {
                if (ports[0].Protocol == "TCP")
                {
                    yield return AttributeSpec.Of("ExternalProxy", CSharp.String(host), CSharp.Int(ports[0].Number),
                        CSharp.Named("Addresses", addresses),
                        CSharp.Named("Name", entry.Name), CSharp.Named("Namespace", entry.Namespace));
                }

                yield break;
            }

            var protocol = ports[0].Protocol switch
            {
                "HTTP" => "Http",
                "HTTPS" => "Https",
                "TLS" => "Tls",
                "TCP" => "Tcp",
                _ => null,
            };
            if (protocol == null)
            {
                yield break;
            }

            var timeout = objects.Where(o => o.Kind == ImportKind.VirtualService && Strings(o.Source.Root, "spec", "hosts").Contains(host,
                StringComparer.OrdinalIgnoreCase))
                .Select(o => Scalar(At(o.Source.Root, "spec", "http", "[0]"), "timeout")).FirstOrDefault(t => t != null);
            yield return AttributeSpec.Of(
                "DirectEgress",
                CSharp.String(host),
                protocol == "Https" ? null : "Protocol = PortProtocol." + protocol,
                ports[0].Number == (protocol == "Http" ? 80 : 443) ? null : CSharp.Named("Port", ports[0].Number),
                CSharp.Named("Timeout", timeout),
                CSharp.Named("Name", entry.Name),
                CSharp.Named("Namespace", entry.Namespace),
                CSharp.Named("ExportTo", Strings(entry.Source.Root, "spec", "exportTo")));
        }

        private static ImportedObject? GatewayServing(IReadOnlyList<ImportedObject> objects, string host) =>
            objects.FirstOrDefault(o => o.Kind == ImportKind.Gateway
                && Items(o.Source.Root, "spec", "servers").Any(server => Strings(server, "hosts").Contains(host,
                    StringComparer.OrdinalIgnoreCase)));

        /// <summary>
        /// Pattern c. For an in-cluster host (no ServiceEntry: a Kubernetes Service's, as the gateway TLS origination pages'
        /// nginx) the proposal carries <c>InCluster = true</c>, which builds only once [GatewayEgress] has that option.
        /// </summary>
        private static AttributeSpec GatewayEgress(string host, ImportedObject gateway, IReadOnlyList<ImportedObject> objects, string name,
            string? ns, bool inCluster)
        {
            var server = Items(gateway.Source.Root, "spec", "servers").First(s => Strings(s, "hosts").Contains(host,
                StringComparer.OrdinalIgnoreCase));
            var serverTls = Scalar(At(server, "tls"), "mode");
            var origination = TlsRule(objects, host);
            var tls = serverTls == "PASSTHROUGH" ? "Passthrough"
                : origination?.Mode == "SIMPLE" ? "Originate"
                : origination?.Mode == "MUTUAL" ? "OriginateMutual"
                : null;
            var originates = tls is "Originate" or "OriginateMutual";
            string? forwardTo = null;
            if (host.StartsWith("*", StringComparison.Ordinal))
            {
                forwardTo = objects.Where(o => o.Kind == ImportKind.VirtualService && Strings(o.Source.Root, "spec", "hosts").Contains(host,
                    StringComparer.OrdinalIgnoreCase))
                    .SelectMany(o => DestinationHosts(o.Source.Root))
                    .FirstOrDefault(destination => !string.Equals(destination, host, StringComparison.OrdinalIgnoreCase)
                        && !destination.EndsWith(".svc.cluster.local", StringComparison.OrdinalIgnoreCase));
            }

            var sni = originates ? origination!.Sni : null;
            return AttributeSpec.Of(
                "GatewayEgress",
                CSharp.String(host),
                CSharp.NamedBool("InCluster", inCluster),
                tls == null ? null : "Tls = GatewayEgressTls." + tls,
                originates ? CSharp.Named("CredentialName", origination!.CredentialName) : null,
                (tls == "OriginateMutual" || inCluster) && string.Equals(sni, host,
                    StringComparison.OrdinalIgnoreCase) ? null : CSharp.Named("Sni", sni),
                CSharp.NamedBool("MeshTls", serverTls == "ISTIO_MUTUAL"),
                CSharp.Named("ForwardTo", forwardTo),
                CSharp.Named("Name", name),
                gateway.Name == name + "-egressgateway" ? null : CSharp.Named("GatewayName", gateway.Name),
                CSharp.Named("Namespace", ns));
        }

        /// <summary>Pattern b for a host no ServiceEntry declares: TLS originated by the sidecars towards an in-cluster Service.</summary>
        private static IEnumerable<AttributeSpec> FromInClusterRule(ImportedObject rule, IReadOnlyList<ImportedObject> objects)
        {
            var host = Scalar(At(rule.Source.Root, "spec"), "host");
            if (host == null
                || objects.Any(o => o.Kind == ImportKind.ServiceEntry && Strings(o.Source.Root, "spec", "hosts").Contains(host,
                    StringComparer.OrdinalIgnoreCase))
                || Tls(rule) is not { Mode: "SIMPLE" or "MUTUAL" } tls)
            {
                yield break;
            }

            if (GatewayServing(objects, host) is { } gateway)
            {
                // The pattern's base name is the gateway subset the route sends the host's requests to.
                var route = objects.FirstOrDefault(o => o.Kind == ImportKind.VirtualService && Strings(o.Source.Root, "spec", "hosts")
                    .Contains(host, StringComparer.OrdinalIgnoreCase));
                var subset = route == null ? null : Destinations(route.Source.Root).Select(destination => Scalar(destination, "subset"))
                    .FirstOrDefault(s => s != null);
                if (subset != null)
                {
                    yield return GatewayEgress(host, gateway, objects, subset, route!.Namespace, inCluster: true);
                }

                yield break;
            }

            yield return SidecarTlsOrigination(host, tls, 0, tls.Port == 0 ? 443 : tls.Port, rule, inCluster: true);
        }

        private static AttributeSpec SidecarTlsOrigination(string host, TlsSettings tls, int port, int targetPort, ImportedObject named,
            bool inCluster) =>
            AttributeSpec.Of(
                "SidecarTlsOrigination",
                CSharp.String(host),
                tls.Mode == "MUTUAL" ? "Mode = TlsMode.Mutual" : null,
                CSharp.Named("Port", port),
                targetPort == 443 ? null : CSharp.Named("TargetPort", targetPort),
                CSharp.Named("CredentialName", tls.CredentialName),
                CSharp.Named("Sni", tls.Sni),
                CSharp.Named("CaCertificates", tls.CaCertificates),
                CSharp.Named("WorkloadSelector", tls.WorkloadSelector),
                CSharp.NamedBool("InCluster", inCluster),
                CSharp.Named("Name", named.Name),
                CSharp.Named("Namespace", named.Namespace));

        /// <summary>Pattern f: an ExternalName Service, or one without selector whose Endpoints list the external addresses.</summary>
        private static IEnumerable<AttributeSpec> FromKubernetesService(ImportedObject service, IReadOnlyList<ImportedObject> objects)
        {
            var root = service.Source.Root;
            var ports = Items(root, "spec", "ports").ToList();
            if (ports.Count != 1)
            {
                yield break;
            }

            string? externalHost;
            IReadOnlyList<string> endpoints = Array.Empty<string>();
            if (Scalar(At(root, "spec"), "type") == "ExternalName")
            {
                externalHost = Scalar(At(root, "spec"), "externalName");
            }
            else if (At(root, "spec", "selector") == null
                && objects.FirstOrDefault(o => o.Kind == ImportKind.Endpoints && o.Name == service.Name
                    && o.Namespace == service.Namespace) is { } listed)
            {
                endpoints = Items(listed.Source.Root, "subsets").SelectMany(subset => Items(subset, "addresses")).Select(address
                    => Scalar(address, "ip")).OfType<string>().ToList();

                // With Endpoints the external host is written nowhere, and an address is no host name: the Service's name stands in.
                externalHost = endpoints.Count == 0 ? null : service.Name;
            }
            else
            {
                yield break;
            }

            if (externalHost == null)
            {
                yield break;
            }

            var number = Int(ports[0], "port");
            var portName = Scalar(ports[0], "name");
            var defaultName = number == 80 ? "http" : number == 443 ? "tls" : "tcp";
            yield return AttributeSpec.Of(
                "KubernetesEgressService",
                CSharp.String(externalHost),
                CSharp.Named("Name", service.Name),
                number == 80 ? null : CSharp.Named("Port", number),
                portName == defaultName ? null : CSharp.Named("PortName", portName ?? string.Empty),
                CSharp.Named("Endpoints", endpoints),
                CSharp.Named("Namespace", service.Namespace));
        }

        private sealed record Port(int Number, string? Name, string? Protocol, int TargetPort);

        private sealed record TlsSettings(string? Mode, int Port, string? CredentialName, string? Sni, string? CaCertificates,
            IReadOnlyList<string> WorkloadSelector);

        /// <summary>The TLS settings of the DestinationRule for the host, if one sets TLS.</summary>
        private static TlsSettings? TlsRule(IReadOnlyList<ImportedObject> objects, string host) =>
            objects.Where(o => o.Kind == ImportKind.DestinationRule && string.Equals(Scalar(At(o.Source.Root, "spec"), "host"), host,
                StringComparison.OrdinalIgnoreCase))
                .Select(Tls).FirstOrDefault(tls => tls != null);

        /// <summary>A rule's TLS: its first port's, or the whole rule's.</summary>
        private static TlsSettings? Tls(ImportedObject rule)
        {
            var policy = At(rule.Source.Root, "spec", "trafficPolicy");
            var portLevel = Items(policy, "portLevelSettings").FirstOrDefault(settings => At(settings, "tls") != null);
            var tls = At(portLevel, "tls") ?? At(policy, "tls");
            if (tls == null)
            {
                return null;
            }

            var selector = At(rule.Source.Root, "spec", "workloadSelector", "matchLabels") is YamlMappingNode labels
                ? labels.Children.Select(pair => (pair.Key as YamlScalarNode)?.Value + "=" + (pair.Value as YamlScalarNode)?.Value).ToList()
                : new List<string>();
            return new TlsSettings(Scalar(tls, "mode"), Int(At(portLevel, "port"), "number"), Scalar(tls, "credentialName"), Scalar(tls,
                "sni"), Scalar(tls, "caCertificates"), selector);
        }

        private static IEnumerable<YamlNode> Destinations(YamlNode root) =>
            new[] { "http", "tls", "tcp" }
                .SelectMany(kind => Items(root, "spec", kind))
                .SelectMany(rule => Items(rule, "route"))
                .Select(route => At(route, "destination"))
                .OfType<YamlNode>();

        private static IEnumerable<string> DestinationHosts(YamlNode root) => Destinations(root).Select(destination => Scalar(destination,
            "host")).OfType<string>();

        private static YamlNode? At(YamlNode? node, params string[] path)
        {
            foreach (var key in path)
            {
                node = key.StartsWith("[", StringComparison.Ordinal)
                    ? node is YamlSequenceNode sequence && int.Parse(key.Substring(1, key.Length - 2),
                        CultureInfo.InvariantCulture) is var index && index < sequence.Children.Count ? sequence.Children[index] : null
                    : YamlInput.Child(node, key);
            }

            return node;
        }

        private static string? Scalar(YamlNode? node, string key) => YamlInput.Scalar(node, key);

        private static int Int(YamlNode? node, string key) =>
            int.TryParse(Scalar(node, key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

        private static IEnumerable<YamlNode> Items(YamlNode? node, params string[] path) =>
            At(node, path) is YamlSequenceNode sequence ? sequence.Children : Enumerable.Empty<YamlNode>();

        private static IReadOnlyList<string> Strings(YamlNode? node, params string[] path) =>
            Items(node, path).Select(item => (item as YamlScalarNode)?.Value).OfType<string>().ToList();
    }
}
