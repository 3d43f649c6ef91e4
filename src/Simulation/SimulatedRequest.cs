using System;
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
    /// <summary>What a simulated connection carries.</summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    enum RequestProtocol
    {
        /// <summary>An HTTP request (plain text, or inside TLS when <see cref="SimulatedRequest.Sni"/> is set).</summary>
        Http,

        /// <summary>A TLS connection the proxy does not decrypt: it is routed on its SNI.</summary>
        Tls,

        /// <summary>An opaque TCP connection: it is routed on its destination address and port.</summary>
        Tcp,
    }

    /// <summary>
    /// A request to simulate: an HTTP request (authority, port, path, headers), a TLS connection (SNI, port) or a TCP
    /// connection (destination address, port). Immutable: the <c>With</c> methods return changed copies.
    /// </summary>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed class SimulatedRequest
    {
        private readonly KeyValuePair<string, string>[] headers;

        private SimulatedRequest(RequestProtocol protocol, string authority, int port, string path, string method, KeyValuePair<string, string>[] headers, string? sni, string? destinationAddress)
        {
            if (port < 1 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is a number from 1 to 65535.");
            }

            Protocol = protocol;
            Authority = authority;
            Port = port;
            Path = path;
            Method = method;
            this.headers = headers;
            Sni = sni;
            DestinationAddress = destinationAddress;
        }

        /// <summary>An HTTP request to <paramref name="authority"/> (the Host header, optionally with a port) on <paramref name="port"/>.</summary>
        /// <param name="authority">The <c>:authority</c> (Host) of the request, such as <c>nginx.example.com</c> or <c>nginx.example.com:8080</c>.</param>
        /// <param name="port">The port the connection is made to: the proxy's listener is chosen by it.</param>
        /// <param name="path">The <c>:path</c>, with an optional query string.</param>
        public static SimulatedRequest Http(string authority, int port, string path = "/")
        {
            if (string.IsNullOrEmpty(authority))
            {
                throw new ArgumentException("An HTTP request needs an authority (Host header).", nameof(authority));
            }

            return new SimulatedRequest(RequestProtocol.Http, authority, port, string.IsNullOrEmpty(path) ? "/" : path, "GET", new KeyValuePair<string, string>[0], null, null);
        }

        /// <summary>A TLS connection with SNI <paramref name="sni"/> to <paramref name="port"/>, which the proxy routes without decrypting it.</summary>
        public static SimulatedRequest Tls(string sni, int port)
        {
            if (string.IsNullOrEmpty(sni))
            {
                throw new ArgumentException("A TLS connection needs an SNI.", nameof(sni));
            }

            return new SimulatedRequest(RequestProtocol.Tls, sni, port, "/", "GET", new KeyValuePair<string, string>[0], sni, null);
        }

        /// <summary>A TCP connection to <paramref name="port"/>, optionally to <paramref name="destinationAddress"/> (an IP address).</summary>
        public static SimulatedRequest Tcp(int port, string? destinationAddress = null) =>
            new(RequestProtocol.Tcp, destinationAddress ?? string.Empty, port, "/", "GET", new KeyValuePair<string, string>[0], null, destinationAddress);

        /// <summary>What the connection carries.</summary>
        public RequestProtocol Protocol { get; }

        /// <summary>The HTTP <c>:authority</c> (Host header); for TLS the SNI; for TCP the destination address or an empty string.</summary>
        public string Authority { get; }

        /// <summary>The destination port, which selects the listener.</summary>
        public int Port { get; }

        /// <summary>The HTTP <c>:path</c>.</summary>
        public string Path { get; }

        /// <summary>The HTTP method.</summary>
        public string Method { get; }

        /// <summary>The request headers, names in lower case, in the order they were added.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;

        /// <summary>The TLS server name: set for TLS connections, and for HTTP requests sent inside TLS (HTTPS).</summary>
        public string? Sni { get; }

        /// <summary>The IP address the connection goes to, when known: it selects address-matched filter chains and original-destination endpoints.</summary>
        public string? DestinationAddress { get; }

        /// <summary>Whether the connection is TLS (a TLS connection, or HTTP inside TLS).</summary>
        public bool IsTls => Protocol == RequestProtocol.Tls || Sni is not null;

        /// <summary>Adds a header (names are compared in lower case, as in HTTP/2).</summary>
        public SimulatedRequest WithHeader(string name, string value)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A header needs a name.", nameof(name));
            }

            var list = headers.ToList();
            list.Add(new KeyValuePair<string, string>(name.ToLowerInvariant(), value ?? string.Empty));
            return new SimulatedRequest(Protocol, Authority, Port, Path, Method, list.ToArray(), Sni, DestinationAddress);
        }

        /// <summary>The same request with another HTTP method.</summary>
        public SimulatedRequest WithMethod(string method) =>
            new(Protocol, Authority, Port, Path, string.IsNullOrEmpty(method) ? "GET" : method.ToUpperInvariant(), headers, Sni, DestinationAddress);

        /// <summary>The same request to another port.</summary>
        public SimulatedRequest WithPort(int port) => new(Protocol, Authority, port, Path, Method, headers, Sni, DestinationAddress);

        /// <summary>The same request inside TLS with this SNI (for an HTTP request: HTTPS); null removes TLS from an HTTP request.</summary>
        public SimulatedRequest WithSni(string? sni) =>
            new(Protocol, Protocol == RequestProtocol.Tls && sni is not null ? sni : Authority, Port, Path, Method, headers, sni, DestinationAddress);

        /// <summary>The same request to this destination IP address.</summary>
        public SimulatedRequest WithDestinationAddress(string? address) =>
            new(Protocol, Protocol == RequestProtocol.Tcp ? address ?? string.Empty : Authority, Port, Path, Method, headers, Sni, address);

        /// <summary>The value of a header, or null; <c>:authority</c>/<c>host</c>, <c>:path</c>, <c>:method</c> and <c>:scheme</c> are the request's own.</summary>
        public string? Header(string name)
        {
            switch (name.ToLowerInvariant())
            {
                case ":authority":
                case "host":
                    return Authority;
                case ":path":
                    return Path;
                case ":method":
                    return Method;
                case ":scheme":
                    return Sni is null ? "http" : "https";
            }

            // Several values of one header are joined with commas, as Envoy's header matchers see them.
            var values = headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            return values.Count == 0 ? null : string.Join(",", values);
        }

        /// <inheritdoc />
        public override string ToString()
        {
            var text = new StringBuilder();
            switch (Protocol)
            {
                case RequestProtocol.Http:
                    text.Append(Method).Append(' ').Append(Sni is null ? "http://" : "https://").Append(Authority);
                    if (Authority.IndexOf(':') < 0 || Authority.EndsWith("]", StringComparison.Ordinal))
                    {
                        text.Append(" port ").Append(Port.ToString(CultureInfo.InvariantCulture));
                    }

                    text.Append(' ').Append(Path);
                    if (Sni is not null && Sni != Authority)
                    {
                        text.Append(" (SNI ").Append(Sni).Append(')');
                    }

                    foreach (var header in headers)
                    {
                        text.Append(", ").Append(header.Key).Append(": ").Append(header.Value);
                    }

                    break;
                case RequestProtocol.Tls:
                    text.Append("TLS to port ").Append(Port.ToString(CultureInfo.InvariantCulture)).Append(" with SNI ").Append(Sni);
                    break;
                default:
                    text.Append("TCP to ").Append(DestinationAddress is null ? "port " : DestinationAddress + ":").Append(Port.ToString(CultureInfo.InvariantCulture));
                    break;
            }

            if (DestinationAddress is not null && Protocol != RequestProtocol.Tcp)
            {
                text.Append(" (to ").Append(DestinationAddress).Append(')');
            }

            return text.ToString();
        }
    }
}
