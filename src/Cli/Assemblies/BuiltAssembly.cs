using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using EgressDsl.Simulation;
using EgressDsl.Tasks;

namespace EgressDsl.Cli.Assemblies
{
    /// <summary>
    /// What a built assembly declares, read from its metadata with the MSBuild task's own reader (<see cref="ManifestAssemblyReader"/>):
    /// the manifest files the build writes, the Kubernetes objects among them, and the Envoy configuration of each proxy.
    /// </summary>
    internal sealed class BuiltAssembly
    {
        private const string IstioFolder = "istio/";
        private const string EnvoySidecarPath = "envoy/sidecar.json";
        private const string EnvoyGatewayPrefix = "envoy/gateway_";

        private BuiltAssembly(string path, IReadOnlyList<ManifestFile> files)
        {
            Path = path;
            Files = files;
        }

        internal string Path { get; }

        /// <summary>Every file the build writes (joins such as <c>istio.yaml</c> first, then by path), as the task reads them.</summary>
        internal IReadOnlyList<ManifestFile> Files { get; }

        /// <summary>The Kubernetes objects, one file each under <c>istio/</c>, in path order.</summary>
        internal IEnumerable<ManifestFile> ObjectFiles => Files.Where(file => file.RelativePath.StartsWith(IstioFolder, StringComparison.Ordinal));

        /// <summary>Reads the assembly; an unreadable one, or one without EgressDsl classes, is an input error.</summary>
        internal static BuiltAssembly Read(string path)
        {
            string full = FullPath(path);
            IReadOnlyList<ManifestFile>? files;
            try
            {
                files = ManifestAssemblyReader.Read(full, kustomizationReserved: false);
            }
            catch (EgressTaskException exception)
            {
                throw new CliInputException(exception.Code + ": " + exception.Message, exception);
            }

            return files == null || files.Count == 0
                ? throw new CliInputException($"The assembly '{path}' declares no EgressDsl manifests: it has no class with EgressDsl attributes, or was built without the EgressDsl generator.")
                : new BuiltAssembly(full, files);
        }

        internal static string FullPath(string path)
        {
            try
            {
                return System.IO.Path.GetFullPath(path);
            }
            catch (Exception exception) when (exception is ArgumentException || exception is NotSupportedException || exception is PathTooLongException)
            {
                throw new CliInputException($"'{path}' is not a usable path ({exception.Message}).", exception);
            }
        }

        /// <summary>
        /// The sidecar's and every egress gateway's Envoy configuration, parsed by the simulator under the names the
        /// [ExpectRoute] check uses (<c>the sidecar</c>, <c>gateway NAME</c>).
        /// </summary>
        internal (EnvoyProxy? Sidecar, IReadOnlyList<EnvoyProxy> Gateways) ReadProxies()
        {
            var gatewayHosts = ReadGatewayServiceHosts();
            EnvoyProxy? sidecar = null;
            var gateways = new List<EnvoyProxy>();
            foreach (ManifestFile file in Files)
            {
                if (file.RelativePath == EnvoySidecarPath)
                {
                    sidecar = Parse(file, "the sidecar", null);
                }
                else if (file.RelativePath.StartsWith(EnvoyGatewayPrefix, StringComparison.Ordinal) && gatewayHosts.TryGetValue(file.RelativePath, out var gateway))
                {
                    gateways.Add(Parse(file, "gateway " + gateway.Name, gateway.ServiceHost));
                }
            }

            return (sidecar, gateways);
        }

        private EnvoyProxy Parse(ManifestFile file, string name, string? serviceHost)
        {
            try
            {
                return EnvoyProxy.Parse(file.Content, name, serviceHost);
            }
            catch (Exception exception) when (exception is FormatException || exception is InvalidOperationException || exception is ArgumentException)
            {
                throw new CliInputException($"The Envoy configuration '{file.RelativePath}' in '{Path}' cannot be read: {exception.Message}", exception);
            }
        }

        /// <summary>
        /// Each gateway's name and Kubernetes Service host, by its Envoy file's path: the constants of the generated
        /// <c>EgressCatalog.Envoy.Gateways.*</c> classes, which the sidecar's clusters name when they lead to the gateway.
        /// </summary>
        private Dictionary<string, (string Name, string ServiceHost)> ReadGatewayServiceHosts()
        {
            var hosts = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            using var stream = ManifestAssemblyReader.OpenShared(Path);
            using var peReader = new PEReader(stream, PEStreamOptions.PrefetchMetadata);
            MetadataReader reader = peReader.GetMetadataReader();
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (type.GetDeclaringType().IsNil || !reader.StringComparer.Equals(reader.GetTypeDefinition(type.GetDeclaringType()).Name, "Gateways"))
                {
                    continue;
                }

                var constants = ManifestAssemblyReader.ReadStringConstants(reader, type);
                if (constants.TryGetValue("Path", out var path) && constants.TryGetValue("ServiceHost", out var host) && constants.TryGetValue("Name", out var name))
                {
                    hosts[path] = (name, host);
                }
            }

            return hosts;
        }
    }
}
