using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>
    /// One proxy's Envoy configuration as a file: a JSON array of <c>@type</c> resources, the form <c>envoy-check</c> and the
    /// simulator read, here compact (the file the build writes is the same JSON indented). <paramref name="Kind"/> is
    /// <c>sidecar</c> or <c>gateway</c>; <paramref name="ServiceHost"/> is the gateway's Service host, which the sidecar's
    /// clusters name, so a simulation can follow a request from one to the other.
    /// </summary>
    internal sealed record EnvoyProxyFile(string Kind, string Name, string Namespace, string ServiceHost, string Path, string Json)
    {
        public const string SidecarKind = "sidecar";
        public const string GatewayKind = "gateway";
    }

    /// <summary>
    /// What a proxy is, without its configuration: enough for the generated members user code sees. It is computed
    /// separately from the configuration, which only the build needs, so typing in the IDE never builds Envoy output.
    /// </summary>
    internal sealed record EnvoyProxyShape(string Kind, string Name, string Namespace, string ServiceHost, string Path);

    /// <summary>The project's Envoy output: one file per proxy and the standalone bootstrap. Empty when EgressEmitEnvoy is false.</summary>
    internal sealed record EnvoyOutput(EquatableArray<EnvoyProxyFile> Proxies, string BootstrapYaml)
    {
        public const string Directory = "envoy/";
        public const string SidecarPath = Directory + "sidecar.json";
        public const string BootstrapPath = Directory + "bootstrap.yaml";

        public static readonly EnvoyOutput Empty = new(EquatableArray<EnvoyProxyFile>.Empty, string.Empty);

        public bool IsEmpty => Proxies.IsEmpty;
    }

    /// <summary>
    /// The project's Envoy output as the generated holder declares it: each file packed (<see cref="EnvoyEmitter.Files"/>).
    /// What the build's Envoy step keeps, which is a sixteenth of the configuration's text.
    /// </summary>
    internal sealed record EnvoyFiles(EquatableArray<ManifestFile> Files)
    {
        public static readonly EnvoyFiles Empty = new(EquatableArray<ManifestFile>.Empty);

        public bool IsEmpty => Files.IsEmpty;
    }

    /// <summary>
    /// Resolved project to Envoy configuration. Like the Istio emitter it reads only models: <see cref="MeshView"/> interprets
    /// them the way istiod does, the sidecar, gateway and bootstrap emitters build document trees, and the JSON and YAML writers
    /// serialise them.
    /// </summary>
    internal static class EnvoyEmitter
    {
        /// <summary>
        /// The generator's step in a build: the files the build writes under the manifests folder, each proxy's then the
        /// bootstrap, each packed; nothing when EgressEmitEnvoy is false. Parts made earlier from equal inputs come from
        /// <paramref name="reuse"/> when one is given.
        /// </summary>
        public static EnvoyFiles Files(ResolvedProject project, IEnvoyReuse? reuse = null)
        {
            var shapes = project.EmitEnvoy ? ShapesOf(project) : new List<(EnvoyProxyShape Shape, Model.GatewayModel? Gateway)>();
            if (shapes.Count == 0)
            {
                return EnvoyFiles.Empty;
            }

            var view = MeshView.From(project, reuse);
            var inputs = reuse is null ? null : new EnvoyInputs(project, view);
            var parts = Parts(view, inputs, reuse);
            var bootstrap = Task.Run(() => ManifestFile.PackedText(EnvoyOutput.BootstrapPath, BootstrapYaml(view, parts)));
            var files = new ManifestFile[shapes.Count + 1];
            for (var i = 0; i < shapes.Count; i++)
            {
                var (shape, gateway) = shapes[i];
                ManifestFile Make() => ManifestFile.PackedCompactJson(shape.Path, ProxyResources(view, gateway, parts));
                files[i] = gateway is null || inputs is null ? Make() : reuse!.Gateway(inputs.Gateway(gateway), Make);
            }

            files[shapes.Count] = bootstrap.GetAwaiter().GetResult();
            return new EnvoyFiles(EquatableArray<ManifestFile>.Own(files));
        }

        /// <summary>The proxies the project has, without their configuration: nothing when EgressEmitEnvoy is false.</summary>
        public static EquatableArray<EnvoyProxyShape> Shapes(ResolvedProject project) =>
            project.EmitEnvoy ? ShapesOf(project).Select(p => p.Shape).ToEquatableArray() : EquatableArray<EnvoyProxyShape>.Empty;

        /// <summary>Builds the configuration whatever the option says, from nothing, with the bootstrap.</summary>
        public static EnvoyOutput Build(ResolvedProject project) => Build(project, reuse: null, withBootstrap: true);

        /// <summary>
        /// What the simulator reads (the route checks build it whatever EgressEmitEnvoy says): each proxy's configuration,
        /// without the bootstrap, with the sidecar's parts the build's Envoy step kept (<paramref name="reuse"/>), which make
        /// the same text as parts made from nothing.
        /// </summary>
        public static EnvoyOutput Proxies(ResolvedProject project, IEnvoyReuse reuse) => Build(project, reuse, withBootstrap: false);

        private static EnvoyOutput Build(ResolvedProject project, IEnvoyReuse? reuse, bool withBootstrap)
        {
            var shapes = ShapesOf(project);
            if (shapes.Count == 0)
            {
                return EnvoyOutput.Empty;
            }

            var view = MeshView.From(project, reuse);
            var parts = Parts(view, reuse is null ? null : new EnvoyInputs(project, view), reuse);
            var bootstrap = withBootstrap ? Task.Run(() => string.Concat(BootstrapYaml(view, parts))) : null;
            var proxies = shapes
                .Select(p => new EnvoyProxyFile(p.Shape.Kind, p.Shape.Name, p.Shape.Namespace, p.Shape.ServiceHost, p.Shape.Path,
                    JsonWriter.CompactArray(ProxyResources(view, p.Gateway, parts))))
                .ToArray();
            return new EnvoyOutput(EquatableArray<EnvoyProxyFile>.Own(proxies), bootstrap?.GetAwaiter().GetResult() ?? string.Empty);
        }

        /// <summary>
        /// How a service's sidecar clusters, a sidecar virtual host, a bootstrap cluster, a bootstrap virtual host and the
        /// rest of the bootstrap are made: from nothing, or through <paramref name="reuse"/> by their inputs.
        /// </summary>
        private static PartMakers Parts(MeshView view, EnvoyInputs? inputs, IEnvoyReuse? reuse)
        {
            ServiceClusters Clusters(RegistryService service, ProxyScope scope) => SidecarEmitter.Clusters(service, scope, view.ApiVersion);
            string ClusterYaml(string name, RoutingDestination destination) =>
                YamlWriter.WriteItem(BootstrapEmitter.Cluster(view, name, destination), BootstrapEmitter.ClustersColumn);

            if (inputs is null || reuse is null)
            {
                return new PartMakers(Clusters, virtualHost => virtualHost.Write(), ClusterYaml, virtualHost => virtualHost.Write(), YamlWriter.Write);
            }

            return new PartMakers(
                (service, scope) => reuse.SidecarService(inputs.SidecarService(service, scope), () => Clusters(service, scope)),
                virtualHost => reuse.SidecarVirtualHost(inputs.SidecarVirtualHost(virtualHost), virtualHost.Write),
                (name, destination) => reuse.BootstrapCluster(inputs.BootstrapCluster(name, destination), () => ClusterYaml(name, destination)),
                virtualHost => reuse.BootstrapVirtualHost(inputs.BootstrapVirtualHost(virtualHost), virtualHost.Write),
                document => reuse.BootstrapSkeleton(document, () => YamlWriter.Write(document)));
        }

        private sealed record PartMakers(
            Func<RegistryService, ProxyScope, ServiceClusters> ClustersOf,
            Func<SidecarVirtualHost, string> VirtualHostOf,
            Func<string, RoutingDestination, string> ClusterYaml,
            Func<BootstrapVirtualHost, string> BootstrapVirtualHostYaml,
            Func<MappingNode, string> SkeletonYaml);

        // The bootstrap's YAML is about 40% of the step (YamlDotNet analyses every scalar of a document the size of the
        // whole mesh), and it reads nothing the proxies write: it is written on another core while the proxies are. The
        // generator otherwise runs on one thread, and both results are pure functions of the view, so the output is the same.
        // (Writing the proxies and packing the files on every core as well measured no faster on two cores.)
        // Its clusters and its HTTP listeners' virtual hosts are written apart (each by the part makers, at their list's
        // column, which may return the text kept from an earlier build) and set into the rest of the document; a document
        // in which that cannot be done is written whole. In pieces of whole lines, so the build packs the text without
        // building it whole.
        private static IReadOnlyList<string> BootstrapYaml(MeshView view, PartMakers parts)
        {
            var skeleton = BootstrapEmitter.Skeleton(view);
            var text = parts.SkeletonYaml(skeleton.Document);
            var sequences = new List<SplicedSequence>(skeleton.VirtualHosts.Count + 1);
            foreach (var listener in skeleton.VirtualHosts)
            {
                sequences.Add(new SplicedSequence(listener.Placeholder, listener.Items.Select(parts.BootstrapVirtualHostYaml).ToList(), BootstrapEmitter.VirtualHostsColumn));
            }

            if (skeleton.Clusters.Count > 0)
            {
                sequences.Add(new SplicedSequence(BootstrapEmitter.ClustersPlaceholder, skeleton.Clusters.Select(c => parts.ClusterYaml(c.Name, c.Destination)).ToList(), BootstrapEmitter.ClustersColumn));
            }

            if (sequences.Count == 0)
            {
                return new[] { text };
            }

            return YamlWriter.Splice(text, sequences) ?? new[] { YamlWriter.Write(BootstrapEmitter.Emit(view)) };
        }

        /// <summary>The resources of the sidecar's configuration, or a gateway's, each as compact JSON.</summary>
        private static IEnumerable<CompactJson> ProxyResources(MeshView view, Model.GatewayModel? gateway, PartMakers parts) =>
            gateway is null ? SidecarEmitter.Emit(view, parts.ClustersOf, parts.VirtualHostOf) : GatewayEmitter.Emit(view, gateway).Select(JsonWriter.CompactPieces);

        /// <summary>The sidecar, then each gateway by namespace and name, as <see cref="MeshView"/> orders them; none without any service or gateway.</summary>
        internal static List<(EnvoyProxyShape Shape, Model.GatewayModel? Gateway)> ShapesOf(ResolvedProject project)
        {
            var gateways = project.Classes
                .Select(c => c.Class.Gateway)
                .Where(g => g is not null)
                .Select(g => g!)
                // A gateway class without servers only describes the DestinationRule for the gateway's Service: no proxy of its own.
                .Where(g => !g.Servers.IsEmpty)
                .OrderBy(g => g.Namespace ?? string.Empty, System.StringComparer.Ordinal)
                .ThenBy(g => g.Name, System.StringComparer.Ordinal)
                .ToList();
            var shapes = new List<(EnvoyProxyShape, Model.GatewayModel?)>();
            if (gateways.Count == 0 && !project.Classes.Any(c => c.Class.Service is not null))
            {
                return shapes;
            }

            shapes.Add((new EnvoyProxyShape(EnvoyProxyFile.SidecarKind, "sidecar", EnvoyNames.DefaultNamespace, string.Empty, EnvoyOutput.SidecarPath), null));
            foreach (var gateway in gateways)
            {
                shapes.Add((new EnvoyProxyShape(EnvoyProxyFile.GatewayKind, gateway.Name, gateway.Namespace ?? string.Empty, gateway.ServiceHost, GatewayPath(gateway.Name, gateway.Namespace)), gateway));
            }

            return shapes;
        }

        /// <summary><c>envoy/gateway_namespace_name.json</c>, as the Istio files are named; <c>_</c> cannot occur in the names, so paths never collide.</summary>
        public static string GatewayPath(string name, string? ns) =>
            EnvoyOutput.Directory + "gateway_" + (ns is null ? string.Empty : ns + "_") + name + ".json";
    }
}
