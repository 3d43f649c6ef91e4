using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Checks between services and between gateways, which only the whole project shows. In each pair the class that
    /// sorts later by name gets the diagnostic, so the result does not depend on file or declaration order.
    /// </summary>
    internal static class CrossClassChecks
    {
        /// <summary>Two ServiceEntries for one host and port (KIA1211), with different protocols (IST0177, KIA1212); two DestinationRules for one host (KIA0201).</summary>
        public static void CheckServices(IReadOnlyList<EgressClassModel> sorted, IssueList issues)
        {
            var services = new List<EgressClassModel>();
            var rules = new List<(EgressClassModel Model, DestinationRuleModel Rule, string Host)>();
            foreach (var model in sorted)
            {
                // Only ServiceEntries can clash with each other here; a [MeshHost] writes none.
                if (model.Service is { WritesServiceEntry: true })
                {
                    services.Add(model);
                }

                var rule = model.Service?.DestinationRule ?? model.Gateway?.DestinationRule;
                var host = (model.Service is { } service && !service.Hosts.IsEmpty ? service.Hosts[0] : null) ?? model.Gateway?.ServiceHost;
                if (rule is not null && host is not null)
                {
                    rules.Add((model, rule, host));
                }
            }

            var serviceHosts = new HostIndex();
            for (var later = 0; later < services.Count; later++)
            {
                var b = services[later].Service!;
                var laterName = services[later].Identity.MetadataName;
                foreach (var earlier in serviceHosts.Overlapping(b.Hosts))
                {
                    var a = services[earlier].Service!;
                    if (!IstioMatching.ExportScopesOverlap(a.ExportTo, a.Namespace, b.ExportTo, b.Namespace))
                    {
                        continue;
                    }

                    CheckSharedHostPorts(laterName, b, ProjectResolver.ShortName(services[earlier].Identity.MetadataName), a, issues);
                }

                foreach (var host in b.Hosts)
                {
                    serviceHosts.Add(later, host);
                }
            }

            var ruleHosts = new HostIndex();
            for (var later = 0; later < rules.Count; later++)
            {
                foreach (var earlier in ruleHosts.Overlapping(rules[later].Host))
                {
                    if (DestinationRuleOverlap(rules[earlier].Rule, rules[earlier].Host, rules[later].Rule, rules[later].Host) is { } reason)
                    {
                        var model = rules[later].Model;
                        issues.AddAt(DiagnosticDescriptors.OverlappingDestinationRules, model.Identity.MetadataName, AttributeNames.DestinationRule, 0, null, null,
                            rules[later].Host, ProjectResolver.ShortName(rules[earlier].Model.Identity.MetadataName), reason);
                        break;
                    }
                }

                ruleHosts.Add(later, rules[later].Host);
            }
        }

        /// <summary>
        /// TLS originated on a port whose traffic is already the application's TLS (EGRESS061). Istio's own egress-gateway
        /// task originates SIMPLE on a port declared HTTPS, which is right because its route sends plain HTTP there; so a
        /// port is reported only when no HTTP rule of the project sends to it, and the application's TLS is all that
        /// reaches it (<see cref="ProtocolHops.AppSends"/>).
        /// </summary>
        public static void CheckOriginationHops(IReadOnlyList<EgressClassModel> sorted, IssueList issues)
        {
            // The (service, port) pairs some HTTP rule sends plain HTTP to: origination there is what makes it TLS.
            var sentHttp = new HashSet<(string, int)>();
            var byName = sorted.Where(m => m.Service is not null).ToDictionary(m => m.Identity.MetadataName, m => m.Service!, StringComparer.Ordinal);
            foreach (var model in sorted)
            {
                if (model.Route is not { } route || !byName.TryGetValue(route.ServiceMetadataName, out var target))
                {
                    continue;
                }

                foreach (var rule in route.Rules.Where(r => ProtocolHops.RuleCarries(r.Kind) == HopBytes.PlainHttp))
                {
                    // Without a DestinationPort a rule goes to the service's only port; with several it is EGRESS021, and any port may be meant.
                    foreach (var port in rule.DestinationPort != 0 ? new[] { rule.DestinationPort } : target.Ports.Select(p => p.Number).ToArray())
                    {
                        sentHttp.Add((route.ServiceMetadataName, port));
                    }
                }
            }

            foreach (var model in sorted)
            {
                if (model.Service is not { DestinationRule: { } rule } service)
                {
                    continue;
                }

                for (var t = 0; t < rule.Tls.Count; t++)
                {
                    var tls = rule.Tls[t];
                    var covered = service.Ports.Where(p => tls.Port == 0 || p.Number == tls.Port).ToList();

                    // A policy-level origination that also reaches a plain-HTTP server is EGRESS060's, on the same argument: one report.
                    if (tls.Mode is not (TlsMode.Simple or TlsMode.Mutual)
                        || (tls.Port == 0 && covered.Any(p => ProtocolHops.AppSends(p) == HopBytes.PlainHttp
                            && ProtocolHops.UpstreamPorts(service, p).Any(u => ProtocolHops.ServerExpects(u.Number, u.Endpoint < 0 && !u.ByTargetPort ? p.Name : null) == HopBytes.PlainHttp))))
                    {
                        continue;
                    }

                    var port = covered.FirstOrDefault(p => ProtocolHops.AppSends(p) == HopBytes.AppTls && !sentHttp.Contains((model.Identity.MetadataName, p.Number)));
                    if (port is not null)
                    {
                        issues.AddAt(DiagnosticDescriptors.TlsInsideTls, model.Identity.MetadataName, AttributeNames.TlsOrigination, t, tls.Port != 0 ? "Port" : "Mode", null,
                            ProjectResolver.Number(port.Number), port.Name, EnumNames.Of(port.Protocol) is { Length: > 0 } declared ? "declared " + declared : "named for TLS", EnumNames.Of(tls.Mode));
                    }
                }
            }
        }

        private static void CheckSharedHostPorts(string laterName, ExternalServiceModel later, string earlierName, ExternalServiceModel earlier, IssueList issues)
        {
            for (var h = 0; h < later.Hosts.Count; h++)
            {
                var host = later.Hosts[h];
                if (!earlier.Hosts.Any(other => string.Equals(other, host, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                for (var p = 0; p < later.Ports.Count; p++)
                {
                    var port = later.Ports[p];
                    var other = earlier.Ports.FirstOrDefault(o => o.Number == port.Number);
                    if (other is null)
                    {
                        continue;
                    }

                    if (other.Protocol != port.Protocol)
                    {
                        issues.AddAt(DiagnosticDescriptors.ConflictingServiceProtocols, laterName, AttributeNames.ServicePort, p, "Protocol", null,
                            host, ProjectResolver.Number(port.Number), ProtocolText(port.Protocol), ProtocolText(other.Protocol), earlierName);
                    }
                    else
                    {
                        issues.AddAt(DiagnosticDescriptors.DuplicateServiceHostPort, laterName, AttributeNames.ExternalServiceShort, 0, "Hosts", h,
                            host, ProjectResolver.Number(port.Number), earlierName);
                    }
                }
            }
        }

        private static string ProtocolText(PortProtocol protocol) => protocol == PortProtocol.Unspecified ? "unspecified" : EnumNames.Of(protocol);

        /// <summary>KIA0201: overlapping hosts, and a shared subset name or a rule without subsets, unless the rules select different workloads.</summary>
        private static string? DestinationRuleOverlap(DestinationRuleModel a, string hostA, DestinationRuleModel b, string hostB)
        {
            if (!(HostNames.Matches(hostA, hostB) || HostNames.Matches(hostB, hostA)))
            {
                return null;
            }

            if (!a.WorkloadSelector.IsEmpty && !b.WorkloadSelector.IsEmpty && !a.WorkloadSelector.Equals(b.WorkloadSelector))
            {
                return null;
            }

            if (!IstioMatching.ExportScopesOverlap(a.ExportTo, a.Namespace, b.ExportTo, b.Namespace))
            {
                return null;
            }

            var shared = b.Subsets.Select(s => s.Name).FirstOrDefault(name => a.Subsets.Any(s => s.Name == name));
            if (shared is not null)
            {
                return "both define subset '" + shared + "'";
            }

            if (a.Subsets.IsEmpty || b.Subsets.IsEmpty)
            {
                return "one of them has no subsets, so its traffic policy competes with the other's";
            }

            return null;
        }

        /// <summary>
        /// Servers on the same gateway pods (overlapping selectors) and port that serve the same host (IST0145) or
        /// overlapping hosts (KIA0301), within one gateway class or across classes; and two gateways on the same pods
        /// with the same certificate (IST0138).
        /// </summary>
        public static void CheckGateways(IReadOnlyList<EgressClassModel> sorted, IssueList issues)
        {
            var servers = sorted
                .Where(m => m.Gateway is not null)
                .SelectMany(m => m.Gateway!.Servers.Select((server, index) => (Class: m.Identity.MetadataName, Gateway: m.Gateway!, Index: index, Server: server)))
                .ToList();
            // Only servers on the same port can clash on hosts, and only equal certificates are duplicates: index both.
            var hostsByPort = new Dictionary<int, HostIndex>();
            var byCertificate = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var later = 0; later < servers.Count; later++)
            {
                var b = servers[later];
                var reported = false;
                var candidates = new SortedSet<int>();
                if (hostsByPort.TryGetValue(b.Server.Port, out var samePort))
                {
                    candidates.UnionWith(samePort.Overlapping(b.Server.Hosts.Select(HostPart)));
                }

                foreach (var key in CertificateKeys(b.Server))
                {
                    if (byCertificate.TryGetValue(key, out var sameCertificate))
                    {
                        candidates.UnionWith(sameCertificate);
                    }
                }

                foreach (var earlier in candidates)
                {
                    if (reported)
                    {
                        break;
                    }

                    var a = servers[earlier];
                    if (!SelectorsOverlap(a.Gateway.Selector, b.Gateway.Selector))
                    {
                        continue;
                    }

                    var owner = a.Class == b.Class
                        ? "server '" + a.Server.Name + "' of this gateway"
                        : "server '" + a.Server.Name + "' of '" + ProjectResolver.ShortName(a.Class) + "'";
                    var selector = string.Join(", ", b.Gateway.Selector.Select(l => l.Key + "=" + l.Value));
                    if (a.Server.Port == b.Server.Port)
                    {
                        reported = CheckServerHosts(a.Server, b, owner, selector, issues);
                    }

                    if (!reported && a.Class != b.Class && SameCertificate(a.Server, b.Server) is { } certificate)
                    {
                        issues.AddAt(DiagnosticDescriptors.DuplicateGatewayCertificate, b.Class, AttributeNames.GatewayServer, b.Index,
                            b.Server.CredentialName is not null ? "CredentialName" : "ServerCertificate", null,
                            certificate, ProjectResolver.ShortName(a.Class), selector);
                        reported = true;
                    }
                }

                if (!hostsByPort.TryGetValue(b.Server.Port, out var index))
                {
                    hostsByPort[b.Server.Port] = index = new HostIndex();
                }

                foreach (var host in b.Server.Hosts)
                {
                    index.Add(later, HostPart(host));
                }

                foreach (var key in CertificateKeys(b.Server))
                {
                    if (!byCertificate.TryGetValue(key, out var list))
                    {
                        byCertificate[key] = list = new List<int>();
                    }

                    list.Add(later);
                }
            }
        }

        /// <summary>The keys under which two servers count as sharing a certificate (see <see cref="SameCertificate"/>).</summary>
        private static IEnumerable<string> CertificateKeys(GatewayServerModel server)
        {
            if (server.CredentialName is not null)
            {
                yield return "credential:" + server.CredentialName;
            }

            if (server.ServerCertificate is not null && server.PrivateKey is not null)
            {
                yield return "files:" + server.ServerCertificate + "\n" + server.PrivateKey;
            }
        }

        private static bool CheckServerHosts(GatewayServerModel earlier, (string Class, GatewayModel Gateway, int Index, GatewayServerModel Server) later, string owner, string selector, IssueList issues)
        {
            for (var i = 0; i < later.Server.Hosts.Count; i++)
            {
                var host = HostPart(later.Server.Hosts[i]);
                foreach (var entry in earlier.Hosts)
                {
                    var other = HostPart(entry);
                    var port = ProjectResolver.Number(later.Server.Port);
                    if (string.Equals(host, other, StringComparison.OrdinalIgnoreCase))
                    {
                        issues.AddAt(DiagnosticDescriptors.ConflictingGatewayServers, later.Class, AttributeNames.GatewayServer, later.Index, "Hosts", i, host, port, owner, selector);
                        return true;
                    }

                    if (HostNames.Matches(host, other) || HostNames.Matches(other, host))
                    {
                        issues.AddAt(DiagnosticDescriptors.OverlappingGatewayServers, later.Class, AttributeNames.GatewayServer, later.Index, "Hosts", i, host, port, other, owner, selector);
                        return true;
                    }
                }
            }

            return false;
        }

        private static string? SameCertificate(GatewayServerModel a, GatewayServerModel b)
        {
            if (b.CredentialName is not null && b.CredentialName == a.CredentialName)
            {
                return "CredentialName '" + b.CredentialName + "'";
            }

            if (b.ServerCertificate is not null && b.PrivateKey is not null && b.ServerCertificate == a.ServerCertificate && b.PrivateKey == a.PrivateKey)
            {
                return "The certificate '" + b.ServerCertificate + "'";
            }

            return null;
        }

        private static string HostPart(string entry)
        {
            var slash = entry.IndexOf('/');
            return slash >= 0 ? entry.Substring(slash + 1) : entry;
        }

        /// <summary>Two selectors pick the same pods when one's labels are all in the other (as Istio and Kiali compare them).</summary>
        public static bool SelectorsOverlap(EquatableArray<Label> a, EquatableArray<Label> b) =>
            a.All(label => b.Contains(label)) || b.All(label => a.Contains(label));
    }
}
