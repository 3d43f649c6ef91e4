using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing
{
    // The DestinationRule of a service or a gateway: its subsets, TLS settings and load balancers.
    internal sealed partial class ClassParser
    {
        private DestinationRuleModel? ParseDestinationRule(AttributeSnapshot root, string defaultName, string? defaultNamespace, string host, EquatableArray<PortModel> ports)
        {
            var ruleAttribute = Attributes(AttributeNames.DestinationRule).FirstOrDefault();
            var subsets = ParseSubsets();
            var tls = ParseTls(subsets);
            var loadBalancers = ParseLoadBalancers(subsets);
            if (ruleAttribute is null && subsets.IsEmpty && tls.IsEmpty && loadBalancers.IsEmpty)
            {
                return null;
            }

            var name = ruleAttribute is null ? defaultName : ReadResourceName(ruleAttribute, nameof(DestinationRuleAttribute.Name), defaultName, "DestinationRule name", dnsLabel: false);
            var ns = ruleAttribute is null ? defaultNamespace : ReadNamespace(ruleAttribute,
                nameof(DestinationRuleAttribute.Namespace)) ?? defaultNamespace;
            var exportTo = ruleAttribute is null ? EquatableArray<string>.Empty : ReadExportTo(ruleAttribute,
                nameof(DestinationRuleAttribute.ExportTo), ns);
            var workloadSelector = ruleAttribute is null ? EquatableArray<Label>.Empty : ReadLabels(ruleAttribute,
                nameof(DestinationRuleAttribute.WorkloadSelector));
            if (ruleAttribute is not null && !workloadSelector.IsEmpty)
            {
                var written = ruleAttribute.Strings(nameof(DestinationRuleAttribute.ExportTo));
                for (var i = 0; i < written.Length; i++)
                {
                    if (written[i] is { } entry && entry != "." && entry != ns)
                    {
                        Report(DiagnosticDescriptors.ConflictingArguments,
                            ruleAttribute.ArgumentLocation(nameof(DestinationRuleAttribute.ExportTo), i), entry,
                            nameof(DestinationRuleAttribute.ExportTo),
                            "a DestinationRule with a WorkloadSelector applies only in its own namespace, so ExportTo may only be '.'");
                    }
                }
            }
            _ = root;
            _ = host;
            _ = ports;
            return new DestinationRuleModel(name, ns, exportTo, workloadSelector, subsets, tls, loadBalancers);
        }

        private EquatableArray<SubsetModel> ParseSubsets()
        {
            var subsets = new List<SubsetModel>();
            foreach (var attribute in Attributes(AttributeNames.Subset))
            {
                var name = ReadDnsLabel(attribute, nameof(SubsetAttribute.Name), "Subset name");
                if (name.Length > 0 && subsets.Any(s => s.Name == name))
                {
                    Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(SubsetAttribute.Name)), "Subset name", name, "another [Subset] of this class has the same name");
                }

                subsets.Add(new SubsetModel(name, ReadLabels(attribute, nameof(SubsetAttribute.Labels))));
            }

            return subsets.ToEquatableArray();
        }

        private EquatableArray<TlsSettingsModel> ParseTls(EquatableArray<SubsetModel> subsets)
        {
            var settings = new List<TlsSettingsModel>();
            foreach (var attribute in Attributes(AttributeNames.TlsOrigination))
            {
                var mode = ReadEnum<TlsMode>(attribute, nameof(TlsOriginationAttribute.Mode));
                var port = ReadPort(attribute, nameof(TlsOriginationAttribute.Port), required: false);
                var subset = ReadSubsetReference(attribute, subsets);
                var clientCertificate = ReadSecretPath(attribute, nameof(TlsOriginationAttribute.ClientCertificate));
                var privateKey = ReadSecretPath(attribute, nameof(TlsOriginationAttribute.PrivateKey));
                var caCertificates = ReadSecretPath(attribute, nameof(TlsOriginationAttribute.CaCertificates));
                var credentialName = ReadCredentialName(attribute);

                var sni = ReadOptionalText(attribute, nameof(TlsOriginationAttribute.Sni));
                if (sni is not null
                    && (System.Text.Encoding.UTF8.GetByteCount(sni) > MaximumServerNameBytes ? "a TLS server name is at most 255 bytes; Envoy rejects a longer one"
                        : Validation.CheckHost(sni, allowWildcard: false) is { } sniReason ? "a TLS server name is a host name (RFC 6066), and " + sniReason
                        : null) is { } sniProblem)
                {
                    Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Sni)), sni,
                        nameof(TlsOriginationAttribute.Sni), sniProblem);
                }
                var subjectAltNames = ReadPlainStrings(attribute, nameof(TlsOriginationAttribute.SubjectAltNames),
                    "subject alternative name");
                var insecureSkipVerify = attribute.Bool(nameof(TlsOriginationAttribute.InsecureSkipVerify));

                if (mode == TlsMode.Mutual && credentialName is null && (clientCertificate is null || privateKey is null))
                {
                    Report(DiagnosticDescriptors.MissingCertificate, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Mode)), "A client certificate for MUTUAL TLS", "set both ClientCertificate and PrivateKey, or CredentialName (a Secret that holds them)");
                }

                if (mode is TlsMode.Simple or TlsMode.Mutual && credentialName is not null)
                {
                    foreach (var field in new[] { nameof(TlsOriginationAttribute.ClientCertificate),
                        nameof(TlsOriginationAttribute.PrivateKey), nameof(TlsOriginationAttribute.CaCertificates) })
                    {
                        if (attribute.Has(field))
                        {
                            Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field), attribute.String(field) ?? string.Empty, field, "CredentialName already supplies the certificates; set one or the other");
                        }
                    }
                }

                if (insecureSkipVerify && mode is TlsMode.Simple or TlsMode.Mutual)
                {
                    foreach (var field in mode == TlsMode.Simple ? new[] { nameof(TlsOriginationAttribute.CaCertificates), nameof(TlsOriginationAttribute.CredentialName), nameof(TlsOriginationAttribute.SubjectAltNames) } : new[] { nameof(TlsOriginationAttribute.CaCertificates), nameof(TlsOriginationAttribute.SubjectAltNames) })
                    {
                        if (attribute.Has(field))
                        {
                            Report(DiagnosticDescriptors.ConflictingArguments, attribute.ArgumentLocation(field), field, "[TlsOrigination]", "InsecureSkipVerify turns off the server verification that " + field + " configures; Istio rejects both together");
                        }
                    }
                }

                if (settings.Any(s => s.Port == port && s.Subset == subset))
                {
                    Report(DiagnosticDescriptors.DuplicateScope, attribute.AttributeLocation(), "[TlsOrigination]", "this class", "another [TlsOrigination] already applies to the same " + ScopeText(port, subset));
                }

                settings.Add(new TlsSettingsModel(mode, port, subset, clientCertificate, privateKey, caCertificates, credentialName, sni, subjectAltNames, insecureSkipVerify));
            }

            return settings.ToEquatableArray();
        }

        /// <summary>The longest server name TLS (and so Envoy's UpstreamTlsContext.sni) accepts.</summary>
        private const int MaximumServerNameBytes = 255;

        /// <summary>
        /// Inside the mesh, Istio sends each cluster the server name <c>outbound_.port_.subset_.host</c> for its own mutual
        /// TLS. A host that is valid on its own can make that name longer than TLS allows, and Envoy would reject the cluster.
        /// </summary>
        private void CheckMeshTlsServerNames(AttributeSnapshot root, EquatableArray<string> hosts, EquatableArray<PortModel> ports, DestinationRuleModel? rule)
        {
            var longestSubset = rule?.Subsets.Select(s => s.Name.Length).DefaultIfEmpty(0).Max() ?? 0;
            var longestPort = ports.Select(p => p.Number.ToString(CultureInfo.InvariantCulture).Length).DefaultIfEmpty(0).Max();
            for (var i = 0; i < hosts.Count; i++)
            {
                var length = "outbound_.".Length + longestPort + "_.".Length + longestSubset + "_.".Length + System.Text.Encoding.UTF8.GetByteCount(hosts[i]);
                if (length > MaximumServerNameBytes)
                {
                    Report(DiagnosticDescriptors.InvalidHost, root.ArgumentLocation(nameof(ExternalServiceAttribute.Hosts), i), hosts[i],
                        "with Location = MeshInternal, Istio's mesh TLS server name 'outbound_.<port>_.<subset>_." + hosts[i].Substring(0, Math.Min(20, hosts[i].Length)) + "...' would be "
                        + length.ToString(CultureInfo.InvariantCulture) + " bytes, and TLS allows 255: shorten the host or its subset names");
                }
            }
        }

        private static string ScopeText(int port, string? subset) =>
            (subset is null ? "service" : "subset '" + subset + "'") + (port == 0 ? string.Empty : " port " + port.ToString(CultureInfo.InvariantCulture));

        private EquatableArray<LoadBalancerModel> ParseLoadBalancers(EquatableArray<SubsetModel> subsets)
        {
            var balancers = new List<LoadBalancerModel>();
            foreach (var attribute in Attributes(AttributeNames.LoadBalancer))
            {
                var algorithm = ReadEnum<LoadBalancerAlgorithm>(attribute, nameof(LoadBalancerAttribute.Algorithm));
                var port = ReadPort(attribute, nameof(LoadBalancerAttribute.Port), required: false);
                var subset = ReadSubsetReference(attribute, subsets);
                if (balancers.Any(b => b.Port == port && b.Subset == subset))
                {
                    Report(DiagnosticDescriptors.DuplicateScope, attribute.AttributeLocation(), "[LoadBalancer]", "this class", "another [LoadBalancer] already applies to the same " + ScopeText(port, subset));
                }

                balancers.Add(new LoadBalancerModel(algorithm, port, subset));
            }

            return balancers.ToEquatableArray();
        }

        private string? ReadSubsetReference(AttributeSnapshot attribute, EquatableArray<SubsetModel> subsets)
        {
            var subset = attribute.String(nameof(TlsOriginationAttribute.Subset));
            if (subset is null)
            {
                return null;
            }

            if (!subsets.Any(s => s.Name == subset))
            {
                Report(DiagnosticDescriptors.UnknownSubset, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.Subset)), subset,
                    ClassName, ClassName);
            }

            return subset;
        }

        /// <summary>A credentialName: the name of a Kubernetes Secret, in one of the forms Istio reads.</summary>
        private string? ReadCredentialName(AttributeSnapshot attribute)
        {
            var value = attribute.String(nameof(TlsOriginationAttribute.CredentialName));
            if (value is not null && Validation.CheckCredentialName(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(nameof(TlsOriginationAttribute.CredentialName)),
                    nameof(TlsOriginationAttribute.CredentialName), value, reason);
            }

            return value;
        }

        private string? ReadSecretPath(AttributeSnapshot attribute, string name)
        {
            var value = ReadOptionalText(attribute, name);
            if (value is not null && value.Length == 0)
            {
                Report(DiagnosticDescriptors.InvalidValue, attribute.ArgumentLocation(name), value, name, "give a file path, or leave it out");
            }

            return value;
        }
    }
}
