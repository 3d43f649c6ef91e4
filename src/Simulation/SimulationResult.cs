using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation
#else
namespace EgressDsl.Simulation
#endif
{
    /// <summary>What the proxy does with the request.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum SimulationOutcome
    {
        /// <summary>The request is sent to a cluster's endpoint.</summary>
        Forwarded,

        /// <summary>No listener, filter chain, virtual host or route takes it: Envoy answers 404 with response flag NR (no route).</summary>
        NoRoute,

        /// <summary>The route names a cluster the proxy does not have: 503 with response flag NC (cluster not found).</summary>
        ClusterNotFound,

        /// <summary>The cluster has no endpoint: 503 with response flag UH (no healthy upstream).</summary>
        NoHealthyUpstream,

        /// <summary>The route answers itself (<c>direct_response</c> or <c>redirect</c>).</summary>
        DirectResponse,

        /// <summary>The connection reached a filter that cannot read it (for example TLS or TCP bytes at an HTTP connection manager).</summary>
        ProtocolError,
    }

    /// <summary>One cluster a route or TCP proxy sends to, with its weight in a split.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class WeightedCluster
    {
        /// <summary>Creates a weighted cluster.</summary>
        public WeightedCluster(string name, int weight)
        {
            Name = name;
            Weight = weight;
        }

        /// <summary>The cluster name.</summary>
        public string Name { get; }

        /// <summary>The weight in a split; 0 when the route names a single cluster.</summary>
        public int Weight { get; }

        /// <inheritdoc />
        public override string ToString() => Weight == 0 ? Name : Name + " (weight " + Weight.ToString(CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>An upstream endpoint a cluster would send to.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class SimulatedEndpoint
    {
        /// <summary>Creates an endpoint.</summary>
        public SimulatedEndpoint(string address, int port, int weight, string? locality, bool resolvedByDns)
        {
            Address = address;
            Port = port;
            Weight = weight;
            Locality = locality;
            ResolvedByDns = resolvedByDns;
        }

        /// <summary>The IP address, host name (for DNS clusters) or unix socket path.</summary>
        public string Address { get; }

        /// <summary>The port (0 for a unix socket).</summary>
        public int Port { get; }

        /// <summary>The load-balancing weight (1 when none is set).</summary>
        public int Weight { get; }

        /// <summary>The locality, <c>region/zone/subzone</c>, or null.</summary>
        public string? Locality { get; }

        /// <summary>Whether Envoy resolves <see cref="Address"/> by DNS (STRICT_DNS and LOGICAL_DNS clusters).</summary>
        public bool ResolvedByDns { get; }

        /// <inheritdoc />
        public override string ToString() =>
            (Address.IndexOf(':') >= 0 && Port != 0 ? "[" + Address + "]" : Address) + (Port == 0 ? string.Empty : ":" + Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The TLS a cluster originates towards its endpoints, summarised from its UpstreamTlsContext.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class UpstreamTls
    {
        /// <summary>Creates a summary.</summary>
        public UpstreamTls(string? sni, bool autoSni, bool autoSanValidation, string? clientCertificate, string? trustedCa, IReadOnlyList<string> subjectAltNames, IReadOnlyList<string> alpnProtocols, string? transportSocketMatch)
        {
            Sni = sni;
            AutoSni = autoSni;
            AutoSanValidation = autoSanValidation;
            ClientCertificate = clientCertificate;
            TrustedCa = trustedCa;
            SubjectAltNames = subjectAltNames;
            AlpnProtocols = alpnProtocols;
            TransportSocketMatch = transportSocketMatch;
        }

        /// <summary>The SNI set in the cluster, or null.</summary>
        public string? Sni { get; }

        /// <summary>Whether the SNI is taken from the request's Host (<c>auto_sni</c>).</summary>
        public bool AutoSni { get; }

        /// <summary>Whether the server certificate is checked against the request's Host (<c>auto_san_validation</c>).</summary>
        public bool AutoSanValidation { get; }

        /// <summary>The client certificate: an SDS secret name (<c>file-cert:...</c>, <c>kubernetes://...</c>, <c>default</c>) or a file name; null for one-way TLS.</summary>
        public string? ClientCertificate { get; }

        /// <summary>What verifies the server: an SDS secret name (<c>file-root:...</c>, <c>ROOTCA</c>) or a CA file name; null when the server is not verified.</summary>
        public string? TrustedCa { get; }

        /// <summary>The subject alternative names the server certificate must carry.</summary>
        public IReadOnlyList<string> SubjectAltNames { get; }

        /// <summary>The ALPN protocols offered.</summary>
        public IReadOnlyList<string> AlpnProtocols { get; }

        /// <summary>The name of the <c>transport_socket_matches</c> entry that applied, when the cluster has such entries.</summary>
        public string? TransportSocketMatch { get; }

        /// <summary><c>MUTUAL</c> when a client certificate is presented, else <c>SIMPLE</c>.</summary>
        public string Mode => ClientCertificate is null ? "SIMPLE" : "MUTUAL";

        /// <summary>The SNI sent for a request to <paramref name="authority"/>: the configured one, else the Host without its port when auto SNI is on.</summary>
        public string? SniFor(string authority) => Sni ?? (AutoSni ? EnvoyMatching.HostWithoutPort(authority) : null);

        /// <inheritdoc />
        public override string ToString()
        {
            var text = new StringBuilder(Mode).Append(" TLS");
            if (Sni is not null)
            {
                text.Append(", SNI ").Append(Sni);
            }
            else if (AutoSni)
            {
                text.Append(", SNI from the Host header");
            }

            if (ClientCertificate is not null)
            {
                text.Append(", client certificate ").Append(ClientCertificate);
            }

            text.Append(TrustedCa is null ? ", server not verified" : ", server verified with " + TrustedCa);
            if (SubjectAltNames.Count > 0)
            {
                text.Append(" (names ").Append(string.Join(", ", SubjectAltNames)).Append(')');
            }
            else if (AutoSanValidation)
            {
                text.Append(" (name from the Host header)");
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// What Envoy would do with a request: the listener, filter chain, route configuration, virtual host, route, cluster,
    /// endpoints and TLS it would use, or why it answers itself (404 NR when nothing matches).
    /// </summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class SimulationResult
    {
        internal SimulationResult(string proxy, SimulatedRequest request)
        {
            Proxy = proxy;
            Request = request;
        }

        /// <summary>The proxy's name.</summary>
        public string Proxy { get; }

        /// <summary>The simulated request.</summary>
        public SimulatedRequest Request { get; }

        /// <summary>The outcome.</summary>
        public SimulationOutcome Outcome { get; internal set; } = SimulationOutcome.NoRoute;

        /// <summary>The status Envoy answers with itself (404, 503, a direct response's status); null when the request is forwarded.</summary>
        public int? StatusCode { get; internal set; } = 404;

        /// <summary>The access-log response flag: <c>NR</c>, <c>NC</c> or <c>UH</c>; null when the request is forwarded.</summary>
        public string? ResponseFlags { get; internal set; } = "NR";

        /// <summary>The listener that accepted the connection.</summary>
        public string? Listener { get; internal set; }

        /// <summary>The filter chain: its name, or its position and match.</summary>
        public string? FilterChain { get; internal set; }

        /// <summary>The route configuration (RDS name or inline name).</summary>
        public string? RouteConfiguration { get; internal set; }

        /// <summary>The virtual host.</summary>
        public string? VirtualHost { get; internal set; }

        /// <summary>The route: its name, or a description of its match when it has none.</summary>
        public string? Route { get; internal set; }

        /// <summary>The route's match, described (such as <c>prefix "/", header want exact "v1"</c>).</summary>
        public string? RouteMatch { get; internal set; }

        /// <summary>Where the route comes from, when the configuration says: Istio's <c>istio.config</c> route metadata, the path of its VirtualService.</summary>
        public string? RouteOrigin { get; internal set; }

        /// <summary>The position of the route in its virtual host, from 0.</summary>
        public int? RouteIndex { get; internal set; }

        /// <summary>Every cluster the route or TCP proxy names, with weights for a split.</summary>
        public IReadOnlyList<WeightedCluster> Clusters { get; internal set; } = new WeightedCluster[0];

        /// <summary>The cluster the result describes: the only one, or the heaviest of a split.</summary>
        public string? Cluster { get; internal set; }

        /// <summary>The cluster's discovery type (<c>EDS</c>, <c>STATIC</c>, <c>STRICT_DNS</c>, <c>LOGICAL_DNS</c>, <c>ORIGINAL_DST</c>).</summary>
        public string? ClusterType { get; internal set; }

        /// <summary>The cluster's endpoints (for ORIGINAL_DST, the request's destination when it is known).</summary>
        public IReadOnlyList<SimulatedEndpoint> Endpoints { get; internal set; } = new SimulatedEndpoint[0];

        /// <summary>The TLS the cluster originates, or null for plain text.</summary>
        public UpstreamTls? Tls { get; internal set; }

        /// <summary>Each decision, in order, as a sentence.</summary>
        public IReadOnlyList<string> Trace => trace;

        internal readonly List<string> trace = new();

        /// <summary>
        /// Why a matcher on the way could not be decided (a regex RE2 rejects, which Envoy would refuse to load, or one too
        /// large to run against the input). Such a matcher counts as not matching, so the outcome is only as sure as this is
        /// empty.
        /// </summary>
        public IReadOnlyList<string> Undecided => undecided;

        internal readonly List<string> undecided = new();

        /// <summary>Whether the request is forwarded to an endpoint.</summary>
        public bool IsForwarded => Outcome == SimulationOutcome.Forwarded;

        /// <summary>For an Istio cluster name (<c>outbound|port|subset|host</c>), its host; else null.</summary>
        public string? DestinationHost => IstioClusterName.TryParse(Cluster, out _, out _, out var host) ? host : null;

        /// <summary>For an Istio cluster name, its subset (an empty string when it has none); else null.</summary>
        public string? DestinationSubset => IstioClusterName.TryParse(Cluster, out _, out var subset, out _) ? subset : null;

        /// <summary>For an Istio cluster name, its service port; else null.</summary>
        public int? DestinationPort => IstioClusterName.TryParse(Cluster, out var port, out _, out _) ? port : (int?)null;

        /// <summary>A short verdict: where the request goes, or the status Envoy answers with.</summary>
        public string Summary
        {
            get
            {
                switch (Outcome)
                {
                    case SimulationOutcome.Forwarded:
                        var endpoints = Endpoints.Count == 0 ? string.Empty : " -> " + string.Join(", ", Endpoints.Select(e => e.ToString()));
                        return Cluster + endpoints + (Tls is null ? ", plain text" : ", " + Tls);
                    case SimulationOutcome.DirectResponse:
                        return "direct response " + StatusCode?.ToString(CultureInfo.InvariantCulture);
                    default:
                        return StatusCode?.ToString(CultureInfo.InvariantCulture) + " " + ResponseFlags + (Cluster is null ? string.Empty : " (" + Cluster + ")");
                }
            }
        }

        /// <summary>The route described for a reader: where it is and what it matches.</summary>
        public string? RouteDescription =>
            Route is null ? null : (RouteMatch is not null && Route != RouteMatch ? "'" + Route + "' (" + RouteMatch + ")" : RouteMatch ?? Route)
                + (VirtualHost is null ? string.Empty : " in virtual host " + VirtualHost);

        /// <inheritdoc />
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(Proxy).Append(": ").Append(Request).Append('\n');
            foreach (var line in trace)
            {
                text.Append("  ").Append(line).Append('\n');
            }

            text.Append("  => ").Append(Summary);
            return text.ToString();
        }

        internal SimulationResult Fail(SimulationOutcome outcome, int status, string? flags, string reason)
        {
            Outcome = outcome;
            StatusCode = status;
            ResponseFlags = flags;
            trace.Add(reason);
            return this;
        }

        internal SimulationResult Forward()
        {
            Outcome = SimulationOutcome.Forwarded;
            StatusCode = null;
            ResponseFlags = null;
            return this;
        }
    }

    /// <summary>Istio's cluster names, <c>direction|port|subset|host</c>.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    static class IstioClusterName
    {
        /// <summary>Splits an Istio cluster name; false for any other name.</summary>
        public static bool TryParse(string? name, out int port, out string subset, out string host)
        {
            port = 0;
            subset = string.Empty;
            host = string.Empty;
            var parts = name?.Split('|');
            if (parts is null || parts.Length != 4 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                return false;
            }

            subset = parts[2];
            host = parts[3];
            return true;
        }
    }
}
