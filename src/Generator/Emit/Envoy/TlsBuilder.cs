using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// The TLS Istio programs into proxies (<c>cluster_tls.go</c>, <c>constructUpstreamTLS</c>): certificates always come over
    /// SDS, from istio-agent for files (<c>file-cert:</c>, <c>file-root:</c>) and Istio's own certificates, from istiod for
    /// Kubernetes Secrets (<c>kubernetes://</c>).
    /// </summary>
    internal static class TlsBuilder
    {
        /// <summary>
        /// The DestinationRule TLS setting of one cluster. A subset's setting replaces the service's, and inside either a port's
        /// setting replaces the general one (Istio's <c>MergeTrafficPolicy</c>).
        /// </summary>
        public static TlsSettingsModel? Select(DestinationRuleModel? rule, int port, string? subset)
        {
            if (rule is null)
            {
                return null;
            }

            if (subset is not null)
            {
                var subsetSetting = rule.Tls.FirstOrDefault(t => t.Subset == subset && t.Port == port) ?? rule.Tls.FirstOrDefault(t => t.Subset == subset && t.Port == 0);
                if (subsetSetting is not null)
                {
                    return subsetSetting;
                }
            }

            return rule.Tls.FirstOrDefault(t => t.Subset is null && t.Port == port) ?? rule.Tls.FirstOrDefault(t => t.Subset is null && t.Port == 0);
        }

        /// <summary>The load balancer of one cluster, merged the same way as TLS.</summary>
        public static LoadBalancerAlgorithm? SelectLoadBalancer(DestinationRuleModel? rule, int port, string? subset)
        {
            if (rule is null)
            {
                return null;
            }

            LoadBalancerModel? chosen = null;
            if (subset is not null)
            {
                chosen = rule.LoadBalancers.FirstOrDefault(b => b.Subset == subset && b.Port == port) ?? rule.LoadBalancers.FirstOrDefault(b => b.Subset == subset && b.Port == 0);
            }

            chosen ??= rule.LoadBalancers.FirstOrDefault(b => b.Subset is null && b.Port == port) ?? rule.LoadBalancers.FirstOrDefault(b => b.Subset is null && b.Port == 0);
            return chosen?.Algorithm;
        }

        // Built once: every TLS cluster and listener of every proxy holds the same trees, which are immutable, and at a
        // thousand services building them again for each was a tenth of the Envoy step.
        private static readonly MappingNode IstioCertificateSdsConfig = BuildAgentSdsConfig(zeroInitialFetchTimeout: true);
        private static readonly MappingNode FileCertificateSdsConfig = BuildAgentSdsConfig(zeroInitialFetchTimeout: false);
        private static readonly MappingNode AdsSds = new MappingBuilder().Add("ads", EnvoyNodes.EmptyObject).Add("resource_api_version", "V3").Build();
        private static readonly MappingNode TlsVersions =
            new MappingBuilder().Add("tls_minimum_protocol_version", "TLSv1_2").Add("tls_maximum_protocol_version", "TLSv1_3").Build();

        /// <summary>SDS from istio-agent over the <c>sds-grpc</c> cluster.</summary>
        public static MappingNode AgentSdsConfig(bool zeroInitialFetchTimeout) =>
            zeroInitialFetchTimeout ? IstioCertificateSdsConfig : FileCertificateSdsConfig;

        private static MappingNode BuildAgentSdsConfig(bool zeroInitialFetchTimeout)
        {
            var grpc = Nodes.Map("envoy_grpc", Nodes.Map("cluster_name", EnvoyNames.SdsCluster));
            var apiConfigSource = new MappingBuilder()
                .Add("api_type", "GRPC")
                .Add("set_node_on_first_message_only", true)
                .Add("transport_api_version", "V3")
                .Add("grpc_services", Nodes.Sequence(grpc));

            // Istio's own certificates do not block warming (0s); file certificates keep Envoy's default initial fetch timeout.
            return new MappingBuilder()
                .Add("api_config_source", apiConfigSource)
                .Add("resource_api_version", "V3")
                .Add("initial_fetch_timeout", zeroInitialFetchTimeout ? "0s" : null)
                .Build();
        }

        /// <summary>SDS from istiod over ADS, for Kubernetes Secrets named by credentialName.</summary>
        public static MappingNode AdsSdsConfig() => AdsSds;

        private static MappingNode SecretConfig(string name, MappingNode sdsConfig) =>
            new MappingBuilder().Add("name", name).Add("sds_config", sdsConfig).Build();

        private static MappingNode TlsParameters() => TlsVersions;

        private static MappingNode SubjectAltNames(IEnumerable<string> names)
        {
            var list = names.ToList();
            return list.Count == 0
                ? EnvoyNodes.EmptyObject
                : Nodes.Map("match_subject_alt_names", EnvoyNodes.Sequence(list.Select(n => (DocumentNode)Nodes.Map("exact", n))));
        }

        /// <summary>The transport socket of Istio's mutual TLS (ISTIO_MUTUAL, or the auto-mTLS match): workload certificate, mesh root, ALPN and SNI.</summary>
        public static MappingNode IstioMutualSocket(string sni, IEnumerable<string> subjectAltNames)
        {
            var sds = AgentSdsConfig(zeroInitialFetchTimeout: true);
            var common = new MappingBuilder()
                .Add("tls_params", TlsParameters())
                .Add("alpn_protocols", Nodes.Strings(new[] { "istio-peer-exchange", "istio" }))
                .Add("tls_certificate_sds_secret_configs", Nodes.Sequence(SecretConfig(EnvoyNames.WorkloadCertificate, sds)))
                .Add("combined_validation_context", new MappingBuilder()
                    .Add("default_validation_context", SubjectAltNames(subjectAltNames))
                    .Add("validation_context_sds_secret_config", SecretConfig(EnvoyNames.MeshRootCertificate, sds)));
            var context = new MappingBuilder().Add("common_tls_context", common).Add("sni", sni);
            return EnvoyNodes.Extension(EnvoyTypes.TlsTransportSocketName, EnvoyTypes.UpstreamTlsContext, context);
        }

        /// <summary>
        /// Auto mutual TLS for a cluster without TLS settings: mutual TLS to endpoints labelled <c>tlsMode: istio</c>, plain text
        /// to the others. ServiceEntry endpoints and gateway pods carry no such label, so their traffic stays plain text.
        /// </summary>
        public static SequenceNode AutoMutualTlsMatches(string sni, IEnumerable<string> subjectAltNames)
        {
            var istio = new MappingBuilder()
                .Add("name", "tlsMode-istio")
                .Add("match", Nodes.Map("tlsMode", "istio"))
                .Add("transport_socket", IstioMutualSocket(sni, subjectAltNames))
                .Build();
            var disabled = new MappingBuilder()
                .Add("name", "tlsMode-disabled")
                .Add("match", EnvoyNodes.EmptyObject)
                .Add("transport_socket", EnvoyNodes.Extension(EnvoyTypes.RawBufferTransportSocketName, EnvoyTypes.RawBuffer))
                .Build();
            return Nodes.Sequence(istio, disabled);
        }

        /// <summary>
        /// The transport socket for SIMPLE or MUTUAL origination. Without a CA or credential, SIMPLE verifies against the system
        /// trust store (VERIFY_CERTIFICATE_AT_CLIENT, on by default since Istio 1.20); InsecureSkipVerify verifies nothing.
        /// </summary>
        public static MappingNode OriginationSocket(TlsSettingsModel tls)
        {
            var common = new MappingBuilder().Add("tls_params", TlsParameters());
            MappingNode? validation;
            if (tls.CredentialName is { } credential)
            {
                if (tls.Mode == TlsMode.Mutual)
                {
                    common.Add("tls_certificate_sds_secret_configs", Nodes.Sequence(SecretConfig(EnvoyNames.KubernetesSecret(credential), AdsSdsConfig())));
                }

                validation = SecretConfig(EnvoyNames.KubernetesCaSecret(credential), AdsSdsConfig());
            }
            else
            {
                if (tls.Mode == TlsMode.Mutual && tls.ClientCertificate is { } certificate && tls.PrivateKey is { } key)
                {
                    common.Add("tls_certificate_sds_secret_configs", Nodes.Sequence(SecretConfig(EnvoyNames.FileCertificate(certificate, key), AgentSdsConfig(zeroInitialFetchTimeout: false))));
                }

                var root = tls.CaCertificates is { } ca ? EnvoyNames.FileRoot(ca) : EnvoyNames.SystemRootCertificate;
                validation = SecretConfig(root, AgentSdsConfig(zeroInitialFetchTimeout: false));
            }

            if (!tls.InsecureSkipVerify)
            {
                common.Add("combined_validation_context", new MappingBuilder()
                    .Add("default_validation_context", SubjectAltNames(tls.SubjectAltNames))
                    .Add("validation_context_sds_secret_config", validation));
            }

            var context = new MappingBuilder().Add("common_tls_context", common).Add("sni", tls.Sni);
            return EnvoyNodes.Extension(EnvoyTypes.TlsTransportSocketName, EnvoyTypes.UpstreamTlsContext, context);
        }

        /// <summary>The TLS a gateway server terminates (<c>buildGatewayListenerTLSContext</c>).</summary>
        public static MappingNode ServerSocket(GatewayServerModel server)
        {
            // A TCP server terminating ISTIO_MUTUAL also offers Istio's metadata exchange (BuildListenerTLSContext, ALPNDownstreamWithMxc).
            var alpn = server.Tls == ServerTlsMode.IstioMutual && ProtocolHops.TerminatesTlsForTcp(server)
                ? new[] { "istio-peer-exchange", "h2", "http/1.1" }
                : new[] { "h2", "http/1.1" };
            var common = new MappingBuilder()
                .Add("tls_params", TlsParameters())
                .Add("alpn_protocols", Nodes.Strings(alpn));
            var requireClientCertificate = server.Tls is ServerTlsMode.Mutual or ServerTlsMode.IstioMutual;
            MappingNode? validation = null;
            if (server.Tls == ServerTlsMode.IstioMutual)
            {
                var sds = AgentSdsConfig(zeroInitialFetchTimeout: true);
                common.Add("tls_certificate_sds_secret_configs", Nodes.Sequence(SecretConfig(EnvoyNames.WorkloadCertificate, sds)));
                validation = SecretConfig(EnvoyNames.MeshRootCertificate, sds);
            }
            else if (server.CredentialName is { } credential)
            {
                common.Add("tls_certificate_sds_secret_configs", Nodes.Sequence(SecretConfig(EnvoyNames.KubernetesSecret(credential), AdsSdsConfig())));
                if (server.Tls is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual)
                {
                    validation = SecretConfig(EnvoyNames.KubernetesCaSecret(credential), AdsSdsConfig());
                }
            }
            else
            {
                if (server.ServerCertificate is { } certificate && server.PrivateKey is { } key)
                {
                    common.Add("tls_certificate_sds_secret_configs", Nodes.Sequence(SecretConfig(EnvoyNames.FileCertificate(certificate, key), AgentSdsConfig(zeroInitialFetchTimeout: false))));
                }

                if (server.Tls is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual && server.CaCertificates is { } ca)
                {
                    validation = SecretConfig(EnvoyNames.FileRoot(ca), AgentSdsConfig(zeroInitialFetchTimeout: false));
                }
            }

            if (validation is not null)
            {
                common.Add("combined_validation_context", new MappingBuilder()
                    .Add("default_validation_context", EnvoyNodes.EmptyObject)
                    .Add("validation_context_sds_secret_config", validation));
            }

            var context = new MappingBuilder()
                .Add("common_tls_context", common)
                .Add("require_client_certificate", requireClientCertificate);
            return EnvoyNodes.Extension(EnvoyTypes.TlsTransportSocketName, EnvoyTypes.DownstreamTlsContext, context);
        }
    }
}
