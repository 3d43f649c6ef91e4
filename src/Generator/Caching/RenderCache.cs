using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.CSharp;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis.Text;

namespace EgressDsl.Generator.Caching
{
    /// <summary>
    /// Rendered (and packed) classes, their generated sources and packed Envoy files by the resolved values they were made from, kept
    /// for every build in one compiler or IDE process (see <see cref="SharedResults{TKey, TValue}"/>).
    /// </summary>
    /// <remarks>
    /// Rendering is a pure function of a <see cref="ResolvedClass"/>, and the Envoy files of a <see cref="ResolvedProject"/>,
    /// so an equal value can take the earlier result. In a build after an edit that changed no model (a method body, a
    /// comment) nothing is rendered or packed again; after a one-service edit, only that service's group, and of the
    /// project's Envoy files only the parts the edit reaches. The Envoy entry keeps the packed files, not the configuration they were packed from.
    /// </remarks>
    internal static class RenderCache
    {
        /// <summary>Room for a project of several thousand services, with the YAML text of each kept once.</summary>
        public const int ClassCapacity = 16_384;

        /// <summary>
        /// A few projects' bootstrap skeletons. A project's Envoy files are found by the instance of its resolved project,
        /// which <see cref="ResolvedProjectCache"/> hands back for equal models, and live as long as it does.
        /// </summary>
        public const int ProjectCapacity = 4;

        /// <summary>Room for the gateways of a few projects of several thousand services (one gateway per ten services in the benchmarks).</summary>
        public const int GatewayCapacity = 4_096;

        private static readonly SharedResults<ResolvedClass, RenderedClass> Classes = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<OutputGroup, RenderedGroup> Groups = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<ResolvedProject, EnvoyFiles> Projects = new(ProjectCapacity, KeyLookup.Instance);

        // The catalogue is the same after nearly every edit, but every build has a new driver, which emits it again: a
        // source of about 150 KB at a thousand services (a class per gateway).
        private static readonly SharedResults<Catalog, SourceText> Catalogs = new(ProjectCapacity, KeyLookup.Value);

        // A project's Envoy files are made again when any model changed, but a gateway's file only when what it is made
        // from changed (GatewayInputs), and a service's sidecar clusters and virtual hosts only when that service or its
        // route did (SidecarServiceInputs, SidecarVirtualHostInputs): after a one-service edit, one gateway of a hundred is
        // written and packed again, and one service's clusters (in the sidecar and in the bootstrap, whose clusters and
        // virtual hosts YamlDotNet writes once: BootstrapClusterInputs, BootstrapVirtualHostInputs). The mesh view keeps
        // each service's registry entries and each route's VirtualServices by their models. The price is memory in the
        // compiler server: about 30 MB at a thousand services, mostly the sidecar's clusters as text (`envoy 1000`
        // measures it). The IDE builds no Envoy output, so it keeps none of it.
        private static readonly SharedResults<Model.ExternalServiceModel, IReadOnlyList<RegistryService>> ServiceEntries = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<ResolvedRoute, IReadOnlyList<VirtualServiceView>> RouteVirtualServices = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<GatewayInputs, ManifestFile> Gateways = new(GatewayCapacity, KeyLookup.Value);
        private static readonly SharedResults<SidecarServiceInputs, ServiceClusters> SidecarServices = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<SidecarVirtualHostInputs, string> SidecarVirtualHosts = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<BootstrapClusterInputs, string> BootstrapClusters = new(ClassCapacity * 2, KeyLookup.Value);
        private static readonly SharedResults<BootstrapVirtualHostInputs, string> BootstrapVirtualHosts = new(ClassCapacity, KeyLookup.Value);
        private static readonly SharedResults<MappingNode, string> BootstrapSkeletons = new(ProjectCapacity, KeyLookup.Value);
        /// <summary>The Envoy parts kept from build to build, for the build's Envoy step and the route checks' configuration.</summary>
        public static IEnvoyReuse EnvoyParts { get; } = new KeptEnvoyParts();

        // By instance: an unchanged group gets its earlier rendering back from Groups, and with it the earlier source. The
        // sources are kept as SourceText, as AddSource would make them, so the checksum the compiler computes for every
        // generated file (for the PDB) is computed once, not once a build.
        private static ConditionalWeakTable<RenderedGroup, SourceText> memberSources = new();
        private static ConditionalWeakTable<RenderedGroup, SourceText> publicMemberSources = new();
        private static ConditionalWeakTable<RenderedGroup, SourceText> holderSources = new();
        private static ConditionalWeakTable<EnvoyFiles, SourceText> projectFilesSources = new();

        public static RenderedClass Render(ResolvedClass resolved) =>
            Classes.GetOrAdd(resolved, ClassRenderer.Render);

        /// <summary>The group's classes, each rendered (<see cref="Render(ResolvedClass)"/>).</summary>
        public static RenderedGroup Render(OutputGroup group) =>
            Groups.GetOrAdd(group, static g =>
            {
                var classes = new RenderedClass[g.Classes.Count];
                for (var i = 0; i < classes.Length; i++)
                {
                    classes[i] = Render(g.Classes[i]);
                }

                // A group's first class is its service, when it has one, and the others are the routes to it.
                var binding = g.Classes.Count > 0 && g.Classes[0].Class.Service is not null
                    ? AppBinding.Of(g.Classes[0].Class, g.Classes.Where(c => c.Route is not null).Select(c => c.Route!))
                    : null;
                return new RenderedGroup(EquatableArray<RenderedClass>.Own(classes), binding);
            });

        public static EnvoyFiles EnvoyFiles(ResolvedProject project) =>
            Projects.GetOrAdd(project, static p => EnvoyEmitter.Files(p, EnvoyParts));

        /// <summary>The generated members of the group's partial classes, in one file (<see cref="ClassSourceEmitter.EmitMembers"/>).</summary>
        public static SourceText MemberSource(RenderedGroup rendered, bool publicMembers) =>
            publicMembers
                ? publicMemberSources.GetValue(rendered, static g => Text(string.Concat(g.MemberClasses.Select(c => ClassSourceEmitter.EmitMembers(c, g.BindingOf(c), publicMembers: true)))))
                : memberSources.GetValue(rendered, static g => Text(string.Concat(g.MemberClasses.Select(c => ClassSourceEmitter.EmitMembers(c, g.BindingOf(c), publicMembers: false)))));

        /// <summary>The holders of the group's classes that are not partial, in one file (<see cref="ClassSourceEmitter.EmitManifestHolder"/>).</summary>
        public static SourceText HolderSource(RenderedGroup rendered) =>
            holderSources.GetValue(rendered, static g => Text(string.Concat(g.HolderClasses.Select(ClassSourceEmitter.EmitManifestHolder))));

        /// <summary>The catalogue's source (<see cref="CatalogSourceEmitter.Emit"/>).</summary>
        public static SourceText CatalogSource(Catalog catalog) =>
            Catalogs.GetOrAdd(catalog, static c => Text(CatalogSourceEmitter.Emit(c)));

        /// <summary>The holder of the project-wide files (<see cref="CatalogSourceEmitter.EmitProjectFiles"/>).</summary>
        public static SourceText ProjectFilesSource(EnvoyFiles files) =>
            projectFilesSources.GetValue(files, static f => Text(CatalogSourceEmitter.EmitProjectFiles(f.Files)));

        // What AddSource(string, string) makes of a string.
        private static SourceText Text(string source) => SourceText.From(source, Encoding.UTF8);

        /// <summary>Forgets everything, as a new compiler process starts: for benchmarks that measure cold runs.</summary>
        public static void Clear()
        {
            Classes.Clear();
            Groups.Clear();
            Projects.Clear();
            Catalogs.Clear();
            ServiceEntries.Clear();
            RouteVirtualServices.Clear();
            Gateways.Clear();
            SidecarServices.Clear();
            SidecarVirtualHosts.Clear();
            BootstrapClusters.Clear();
            BootstrapVirtualHosts.Clear();
            BootstrapSkeletons.Clear();
            memberSources = new ConditionalWeakTable<RenderedGroup, SourceText>();
            publicMemberSources = new ConditionalWeakTable<RenderedGroup, SourceText>();
            holderSources = new ConditionalWeakTable<RenderedGroup, SourceText>();
            projectFilesSources = new ConditionalWeakTable<EnvoyFiles, SourceText>();
        }

        private sealed class KeptEnvoyParts : IEnvoyReuse
        {
            public IReadOnlyList<RegistryService> ServiceEntry(Model.ExternalServiceModel service, System.Func<IReadOnlyList<RegistryService>> make) =>
                ServiceEntries.GetOrAdd(service, _ => make());

            public IReadOnlyList<VirtualServiceView> RouteVirtualServices(ResolvedRoute route, System.Func<IReadOnlyList<VirtualServiceView>> make) =>
                RenderCache.RouteVirtualServices.GetOrAdd(route, _ => make());

            public ManifestFile Gateway(GatewayInputs inputs, System.Func<ManifestFile> make) =>
                Gateways.GetOrAdd(inputs, _ => make());

            public ServiceClusters SidecarService(SidecarServiceInputs inputs, System.Func<ServiceClusters> make) =>
                SidecarServices.GetOrAdd(inputs, _ => make());

            public string SidecarVirtualHost(SidecarVirtualHostInputs inputs, System.Func<string> make) =>
                SidecarVirtualHosts.GetOrAdd(inputs, _ => make());

            public string BootstrapSkeleton(MappingNode document, System.Func<string> make) =>
                BootstrapSkeletons.GetOrAdd(document, _ => make());

            public string BootstrapCluster(BootstrapClusterInputs inputs, System.Func<string> make) =>
                BootstrapClusters.GetOrAdd(inputs, _ => make());

            public string BootstrapVirtualHost(BootstrapVirtualHostInputs inputs, System.Func<string> make) =>
                BootstrapVirtualHosts.GetOrAdd(inputs, _ => make());
        }
    }
}
