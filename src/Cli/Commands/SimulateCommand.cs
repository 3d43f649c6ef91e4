using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using EgressDsl.Cli.Assemblies;
using EgressDsl.Simulation;

namespace EgressDsl.Cli.Commands
{
    /// <summary>
    /// <c>egressdsl simulate ASSEMBLY --authority HOST ...</c>: where a request goes, hop by hop, through the Envoy
    /// configuration the assembly embeds; the same simulation and explanation as an [ExpectRoute] check.
    /// </summary>
    internal static class SimulateCommand
    {
        internal static Command Create(CliConsole console)
        {
            var assembly = new Argument<string>("ASSEMBLY") { Description = "The built assembly whose Envoy configuration to use." };
            var authority = new Option<string>("--authority", "-a") { Description = "The request's authority (Host header), optionally with a port; for HTTP, and the Host the simulator reports.", HelpName = "HOST", Required = true };
            var port = new Option<int>("--port", "-p") { Description = "The port the application connects to. Default: the port in --authority, else 443 for TLS and 80 otherwise.", HelpName = "P" };
            var path = new Option<string>("--path") { Description = "The request path, with an optional query string.", DefaultValueFactory = _ => "/" };
            var method = new Option<string?>("--method", "-X") { Description = "The HTTP method. Default: GET." };
            var headers = new Option<string[]>("--header", "-H") { Description = "A request header, name=value; repeat for more.", HelpName = "k=v", AllowMultipleArgumentsPerToken = false };
            var sni = new Option<string?>("--sni") { Description = "Make the request a TLS connection with this SNI, routed without being decrypted.", HelpName = "NAME" };
            var tcp = new Option<bool>("--tcp") { Description = "Make the request an opaque TCP connection." };
            var address = new Option<string?>("--address") { Description = "The IP address the connection goes to (for TCP routes matched on addresses).", HelpName = "IP" };
            var command = new Command("simulate", "Show where a request goes, hop by hop (sidecar, egress gateway, cluster, endpoint, TLS), through the Envoy configuration a built assembly embeds: the explanation [ExpectRoute] gives. Exit code 1 when the request is not forwarded to an endpoint.")
            {
                assembly, authority, port, path, method, headers, sni, tcp, address,
            };
            command.Validators.Add(result =>
            {
                if (result.GetValue(tcp) && result.GetValue(sni) != null)
                {
                    result.AddError("--tcp and --sni cannot be combined: a connection is either opaque TCP or TLS.");
                }

                foreach (var header in result.GetValue(headers) ?? Array.Empty<string>())
                {
                    if (header.IndexOf('=') <= 0)
                    {
                        result.AddError($"--header '{header}' is not name=value.");
                    }
                }
            });
            command.SetAction(parsed =>
            {
                var request = Request(
                    parsed.GetValue(authority)!,
                    parsed.GetValue(port),
                    parsed.GetValue(path) ?? "/",
                    parsed.GetValue(method),
                    parsed.GetValue(headers) ?? Array.Empty<string>(),
                    parsed.GetValue(sni),
                    parsed.GetValue(tcp),
                    parsed.GetValue(address));
                return Run(console, parsed.GetValue(assembly)!, request);
            });
            return command;
        }

        /// <summary>The request the options describe, built as the [ExpectRoute] check builds one.</summary>
        internal static SimulatedRequest Request(string authority, int port, string path, string? method, IReadOnlyList<string> headers, string? sni, bool tcp, string? address)
        {
            var effectivePort = port != 0 ? port : PortOf(authority) ?? (sni != null ? 443 : 80);
            if (sni != null)
            {
                return SimulatedRequest.Tls(sni, effectivePort);
            }

            if (tcp)
            {
                return SimulatedRequest.Tcp(effectivePort, address);
            }

            var request = SimulatedRequest.Http(authority, effectivePort, path);
            if (method != null)
            {
                request = request.WithMethod(method);
            }

            foreach (var header in headers)
            {
                var equals = header.IndexOf('=');
                request = request.WithHeader(header.Substring(0, equals).Trim(), header.Substring(equals + 1).Trim());
            }

            return address == null ? request : request.WithDestinationAddress(address);
        }

        private static int? PortOf(string authority)
        {
            var colon = authority.LastIndexOf(':');
            return colon > 0 && !authority.EndsWith("]", StringComparison.Ordinal)
                && int.TryParse(authority.Substring(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }

        private static int Run(CliConsole console, string assemblyPath, SimulatedRequest request)
        {
            BuiltAssembly built = BuiltAssembly.Read(assemblyPath);
            var (sidecar, gateways) = built.ReadProxies();
            if (sidecar == null)
            {
                throw new CliInputException($"The assembly '{assemblyPath}' has no Envoy configuration (envoy/sidecar.json): it declares no external service, or was built with EgressEmitEnvoy=false.");
            }

            console.Progress($"simulating {request} through the sidecar and {gateways.Count} egress gateway(s)");
            ChainResult chain = ProxyChain.SimulateThroughGateway(sidecar, gateways, request);
            for (var i = 0; i < chain.Hops.Count; i++)
            {
                console.Output.WriteLine($"hop {i + 1}: {chain.Hops[i]}");
                foreach (var undecided in chain.Hops[i].Undecided)
                {
                    console.Output.WriteLine("  undecided: " + undecided);
                }
            }

            console.Output.WriteLine();
            console.Output.WriteLine("In short: " + chain.Explanation + ".");
            return chain.IsForwarded && chain.Hops.All(hop => hop.Undecided.Count == 0) ? ExitCodes.Ok : ExitCodes.Findings;
        }
    }
}
