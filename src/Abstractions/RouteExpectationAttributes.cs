using System;
using System.Diagnostics;

// The generator compiles this file too (EGRESS_GENERATOR), as internal types, to name the arguments it reads with nameof:
// renaming a property here then fails the generator's build instead of silently dropping the argument.
#if EGRESS_GENERATOR
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Parsing.Attributes
#else
namespace EgressDsl
#endif
{
    /// <summary>
    /// States where a request must go, checked when the project builds: a unit test of the routing table that runs with the
    /// compiler. The analyzer builds the Envoy configuration Istio would program from the project's attributes, simulates the
    /// request at the client's sidecar and, when the route goes through an egress gateway, at the gateway, and reports
    /// EGRESS300 on this attribute, naming the route that actually matched, when the request goes anywhere else.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The request is HTTP unless <see cref="Sni"/> (a TLS connection routed on its SNI) or <see cref="Tcp"/> is set; a route
    /// with only <see cref="TcpRouteAttribute"/>s is checked with a TCP connection, one with only <see cref="TlsRouteAttribute"/>s
    /// with a TLS connection whose SNI is <see cref="Authority"/>.
    /// </para>
    /// <para>
    /// State at least one of <see cref="ReachesSubset"/>, <see cref="ReachesHost"/>, <see cref="ReachesPort"/> and
    /// <see cref="ReachesCluster"/>, or set <see cref="NoRoute"/>. For a split route the expectation holds when one of the
    /// split's destinations matches.
    /// </para>
    /// </remarks>
    /// <example><code>
    /// [EgressRoute(typeof(NginxExternal), Through = typeof(NginxEgressGateway), Port = 80)]
    /// [HttpRoute(Headers = ["want=v1"], Subset = "v1")]
    /// [ExpectRoute(Headers = ["want=v1"], ReachesSubset = "v1")]
    /// [ExpectRoute(NoRoute = true)]   // no want header: 404
    /// public partial class NginxRoute;
    /// </code></example>
    [Conditional(AttributeMetadata.KeepSymbol)]
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class ExpectRouteAttribute : Attribute
    {
        /// <summary>
        /// The request's authority (Host header), optionally with a port, such as <c>api.example.com:8080</c>; for a TLS
        /// connection without <see cref="Sni"/>, the SNI. Default: the routed service's first host (a wildcard's <c>*</c> becomes <c>www</c>).
        /// </summary>
        public string? Authority { get; set; }

        /// <summary>The port the application connects to. 0: the route's <see cref="EgressRouteAttribute.Port"/>, else the service's first port.</summary>
        public int Port { get; set; }

        /// <summary>The request path, with an optional query string. Default: <c>/</c>.</summary>
        public string? Path { get; set; }

        /// <summary>The request headers, each <c>name=value</c>, such as <c>want=v1</c>.</summary>
        public string[]? Headers { get; set; }

        /// <summary>Makes the request a TLS connection with this SNI, routed without being decrypted (TLS passthrough).</summary>
        public string? Sni { get; set; }

        /// <summary>Makes the request an opaque TCP connection.</summary>
        public bool Tcp { get; set; }

        /// <summary>The IP address a TCP connection goes to. Default: the service's first address (the first address of a CIDR block).</summary>
        public string? DestinationAddress { get; set; }

        /// <summary>The subset the request must reach: the subset part of the final cluster <c>outbound|port|subset|host</c>.</summary>
        public string? ReachesSubset { get; set; }

        /// <summary>The service host the request must reach: the host part of the final cluster.</summary>
        public string? ReachesHost { get; set; }

        /// <summary>The service port the request must reach: the port part of the final cluster. 0: any.</summary>
        public int ReachesPort { get; set; }

        /// <summary>The exact name of the cluster the request must reach, such as <c>outbound|443|v1|nginx.example.com</c>.</summary>
        public string? ReachesCluster { get; set; }

        /// <summary>The request must match no route: Envoy answers 404 with response flag NR.</summary>
        public bool NoRoute { get; set; }
    }
}
