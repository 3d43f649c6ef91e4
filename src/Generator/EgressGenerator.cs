using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Emit;
using EgressDsl.Generator.Emit.CSharp;
using EgressDsl.Generator.Emit.Envoy;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Intents;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.Generator
{
    /// <summary>
    /// Turns EgressDsl classes into Istio manifests, embedded packed: a nested <c>Egress</c> class in each partial class
    /// (its <c>Yaml</c> and <c>Resources</c>), and <c>EgressDsl.Generated.EgressCatalog</c> for the whole assembly.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class EgressGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => GeneratorOptions.From(provider.GlobalOptions))
                .WithTrackingName(StepNames.Options);

            var services = Parse(context, AttributeNames.ExternalService);
            var gateways = Parse(context, AttributeNames.EgressGateway);
            var routes = Parse(context, AttributeNames.EgressRoute);
            var meshHosts = Parse(context, AttributeNames.MeshHost);

            // Collected once per role: after an edit Roslyn visits every node once per class, so the per-class chain stops at
            // the parse, and what comes after works on collections that only change when a class did.
            var parsedServices = services.Collect();
            var parsedGateways = gateways.Collect();
            var parsedRoutes = routes.Collect();
            var parsedMeshHosts = meshHosts.Collect();

            // Classes with an intent attribute ([DirectEgress], [GatewayEgress]...), each once even with two intents (EGRESS200).
            var parsedIntents = ParseIntents(context);

            // Diagnostics travel on their own branch, so positions shifting in a file never invalidate the output below.
            context.RegisterSourceOutput(parsedServices, static (context, parsed) => ReportRefusals(context, parsed));
            context.RegisterSourceOutput(parsedGateways, static (context, parsed) => ReportRefusals(context, parsed));
            context.RegisterSourceOutput(parsedRoutes, static (context, parsed) => ReportRefusals(context, parsed));
            context.RegisterSourceOutput(parsedMeshHosts, static (context, parsed) => ReportRefusals(context, parsed));
            context.RegisterSourceOutput(parsedIntents, static (context, parsed) => ReportRefusals(context, parsed));

            var project = Models(parsedServices)
                .Combine(Models(parsedGateways))
                .Combine(Models(parsedRoutes))
                .Combine(Models(parsedMeshHosts))
                .Combine(Models(parsedIntents))
                .Combine(options)
                .Select(static (input, _) => ResolvedProjectCache.Resolve(
                    Concat(input.Left.Left.Left.Left.Left, input.Left.Left.Right, input.Left.Left.Left.Left.Right, input.Left.Left.Left.Right, input.Left.Right), input.Right))
                .WithTrackingName(StepNames.Resolve);

            // Mesh hosts count as services from here on: they are models of the same kind (ExternalServiceModel).
            var parsedClasses = parsedServices.Combine(parsedGateways).Combine(parsedRoutes).Combine(parsedMeshHosts.Combine(parsedIntents).Select(static (pair, _) => pair.Left.AddRange(pair.Right)).WithComparer(ParsedClassesComparer.Instance));
            context.RegisterSourceOutput(project.Combine(parsedClasses).Combine(options), static (context, input) =>
            {
                var ((resolved, (((services, gateways), routes), meshHosts)), generatorOptions) = input;
                ReportResolutionIssues(context, resolved, services.AddRange(meshHosts).AddRange(gateways).AddRange(routes), generatorOptions);
            });

            // A service and the routes that send to it share a file (OutputGroup): a route is rendered again with its service
            // anyway, and Roslyn's cost per generated file grows with the number of files.
            var rendered = project
                .SelectMany(static (resolved, _) => OutputGroup.Of(resolved))
                .Select(static (group, _) => RenderCache.Render(group))
                .WithTrackingName(StepNames.Render);

            // Combined with the one option the members' source depends on, which changes nothing while it stays the same.
            var publicMembers = options.Select(static (o, _) => o.PublicMembers);
            context.RegisterSourceOutput(rendered.Combine(publicMembers), static (context, input) =>
            {
                var (group, isPublic) = input;
                if (group.MemberClasses.FirstOrDefault() is { } first)
                {
                    context.AddSource(ClassSourceEmitter.HintName(first), RenderCache.MemberSource(group, isPublic));
                }
            });

            // A class that is not partial gets a holder class instead, which only the build task and the run-time
            // catalogue (through reflection) read: the IDE may skip it.
            context.RegisterImplementationSourceOutput(rendered, static (context, group) =>
            {
                if (group.HolderClasses.FirstOrDefault() is { } first)
                {
                    context.AddSource(ClassSourceEmitter.ManifestHintName(first), RenderCache.HolderSource(group));
                }
            });

            // A partial class with errors keeps its members, empty: user code that reads them compiles, and the build's only
            // errors are the class's own. They are not manifests, and no reader takes them for one (ErrorPlaceholder).
            var placeholders = parsedClasses
                .Combine(project)
                .Select(static (input, _) => ErrorPlaceholder.Of(input.Left.Left.Left.Left.AddRange(input.Left.Right), input.Left.Left.Left.Right, input.Left.Left.Right, input.Right))
                .SelectMany(static (all, _) => all);

            context.RegisterSourceOutput(placeholders.Combine(publicMembers), static (context, input) =>
                context.AddSource(ClassSourceEmitter.PlaceholderHintName(input.Left), ClassSourceEmitter.EmitPlaceholder(input.Left, input.Right)));

            // UseEgress for IHttpClientFactory clients, only where the project references Microsoft.Extensions.Http: the
            // lookup is one name in the compilation's references, and the bool it yields stays cached between edits.
            var usesHttpClientFactory = context.CompilationProvider
                .Select(static (compilation, _) => compilation.GetTypeByMetadataName(HttpClientSourceEmitter.FactoryMarker) is not null)
                .WithTrackingName(StepNames.HttpClientFactory);
            context.RegisterSourceOutput(usesHttpClientFactory, static (context, uses) =>
            {
                if (uses)
                {
                    context.AddSource(HttpClientSourceEmitter.HintName, HttpClientSourceEmitter.Emit());
                }
            });

            // The catalogue's members depend on the options and on which Envoy proxies exist, not on their configuration:
            // each class declares its own resources, so a one-service edit leaves the catalogue alone.
            var catalog = project
                .Select(static (resolved, _) => EnvoyEmitter.Shapes(resolved))
                .Combine(options)
                .Select(static (input, _) => new Catalog(input.Right.IstioApiVersion, input.Left))
                .WithTrackingName(StepNames.Catalog);

            context.RegisterSourceOutput(catalog.Combine(options), static (context, input) =>
            {
                if (input.Right.InvalidApiVersion is null)
                {
                    context.AddSource(CatalogSourceEmitter.HintName, RenderCache.CatalogSource(input.Left));
                }
            });

            // The Envoy configuration covers every service, so it is built again on any model change; as an implementation
            // output it runs in builds only, never while someone types in the IDE. Packed files are kept for the process,
            // so a build in which no model changed packs nothing (RenderCache).
            var envoy = project
                .Select(static (resolved, _) => RenderCache.EnvoyFiles(resolved))
                .WithTrackingName(StepNames.Envoy);

            context.RegisterImplementationSourceOutput(envoy, static (context, output) =>
            {
                if (!output.IsEmpty)
                {
                    context.AddSource(CatalogSourceEmitter.ProjectFilesHintName, RenderCache.ProjectFilesSource(output));
                }
            });
        }

        /// <summary>
        /// Forgets what the generator and the analyzers keep for one another and for later builds in this process (the last
        /// snapshot of each class, parse and resolve results, rendered classes, their sources and packed Envoy files), as a
        /// new compiler process starts: for benchmarks of cold runs, and for tests that hold warm results to fresh ones.
        /// </summary>
        internal static void ForgetSharedResults()
        {
            ClassSnapshot.ForgetRecent();
            ParsedClassCache.Clear();
            ResolvedProjectCache.Clear();
            RuleCoverageCache.Clear();
            RenderCache.Clear();
        }

        private static IncrementalValuesProvider<ParsedClass> Parse(IncrementalGeneratorInitializationContext context, string attributeName) =>
            Snapshots(context, attributeName)
                // A class with an intent attribute is parsed once, by the intents' branch, whatever else it carries.
                .Where(static snapshot => !IntentParser.Declares(snapshot))
                .Select(static (snapshot, cancellationToken) => ParsedClassCache.Parse(snapshot, cancellationToken))
                .WithTrackingName(StepNames.Parse);

        private static IncrementalValuesProvider<ClassSnapshot> Snapshots(IncrementalGeneratorInitializationContext context, string attributeName) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attributeName,
                    // Record classes are classes too; the attributes' AttributeUsage already keeps them off structs.
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (syntaxContext, cancellationToken) => ClassSnapshot.Read((INamedTypeSymbol)syntaxContext.TargetSymbol, cancellationToken))
                .WithTrackingName(StepNames.Snapshot);

        /// <summary>
        /// The parsed classes with an intent attribute, in one collection with each class once: a class with two intents is
        /// found by both attributes' providers, and reported once (EGRESS200).
        /// </summary>
        private static IncrementalValueProvider<ImmutableArray<ParsedClass>> ParseIntents(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<ImmutableArray<ParsedClass>> Collected(string attributeName) =>
                Snapshots(context, attributeName)
                    .Select(static (snapshot, cancellationToken) => ParsedClassCache.Parse(snapshot, cancellationToken))
                    .WithTrackingName(StepNames.Parse)
                    .Collect();

            var all = Collected(AttributeNames.Intents[0]);
            for (var i = 1; i < AttributeNames.Intents.Length; i++)
            {
                all = all.Combine(Collected(AttributeNames.Intents[i])).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
            }

            return all
                .Select(static (parsed, _) =>
                {
                    var seen = new HashSet<string>(System.StringComparer.Ordinal);
                    return parsed.Where(p => seen.Add(p.MetadataName)).ToImmutableArray();
                })
                .WithComparer(ParsedClassesComparer.Instance);
        }

        /// <summary>Compares collections of parsed classes by their elements, so an unchanged set of intent classes stops the pipeline.</summary>
        private sealed class ParsedClassesComparer : IEqualityComparer<ImmutableArray<ParsedClass>>
        {
            public static readonly ParsedClassesComparer Instance = new();

            public bool Equals(ImmutableArray<ParsedClass> x, ImmutableArray<ParsedClass> y) => x.SequenceEqual(y);

            public int GetHashCode(ImmutableArray<ParsedClass> obj)
            {
                var hash = obj.Length;
                foreach (var parsed in obj)
                {
                    hash = (hash * 31) + parsed.GetHashCode();
                }

                return hash;
            }
        }

        /// <summary>The models of one role's classes, without positions: equal after an edit that only moved text.</summary>
        private static IncrementalValueProvider<EquatableArray<EgressClassModel>> Models(IncrementalValueProvider<ImmutableArray<ParsedClass>> parsed) =>
            parsed
                .Select(static (all, _) =>
                {
                    var models = new List<EgressClassModel>(all.Length);
                    foreach (var parsedClass in all)
                    {
                        models.AddRange(parsedClass.AllModels());
                    }

                    return EquatableArray<EgressClassModel>.Own(models.ToArray());
                })
                .WithTrackingName(StepNames.Model);

        private static ImmutableArray<EgressClassModel> Concat(
            EquatableArray<EgressClassModel> services,
            EquatableArray<EgressClassModel> meshHosts,
            EquatableArray<EgressClassModel> gateways,
            EquatableArray<EgressClassModel> routes,
            EquatableArray<EgressClassModel> intents)
        {
            var all = ImmutableArray.CreateBuilder<EgressClassModel>(services.Count + meshHosts.Count + gateways.Count + routes.Count + intents.Count);
            all.AddRange(services);
            all.AddRange(meshHosts);
            all.AddRange(gateways);
            all.AddRange(routes);
            all.AddRange(intents);
            return all.MoveToImmutable();
        }

        private static void ReportRefusals(SourceProductionContext context, ImmutableArray<ParsedClass> parsedClasses)
        {
            foreach (var parsed in parsedClasses)
            {
                if (!parsed.HasErrors)
                {
                    continue;
                }

                var errors = parsed.Diagnostics.Where(d => d.IsError).Select(d => d.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToList();
                var location = parsed.RoleAttributeLocation?.ToLocation() ?? Location.None;
                var summary = errors.Count == 1 ? "error " + errors[0] : "errors " + string.Join(", ", errors);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotGenerated, location, ProjectResolver.ShortName(parsed.MetadataName), summary));
            }
        }

        private static void ReportResolutionIssues(
            SourceProductionContext context,
            ResolvedProject project,
            ImmutableArray<ParsedClass> parsedClasses,
            GeneratorOptions options)
        {
            if (options.InvalidApiVersion is { } invalid)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidApiVersion, Location.None, invalid));
            }

            if (options.InvalidGatewayApi is { } invalidGatewayApi)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidGatewayApi, Location.None, invalidGatewayApi));
            }

            foreach (var group in project.Issues.GroupBy(issue => issue.ClassMetadataName))
            {
                // An intent's companion (its route or gateway) is reported on the intent's class.
                var owner = parsedClasses.FirstOrDefault(p => p.MetadataName == group.Key)
                    ?? parsedClasses.FirstOrDefault(p => p.Companions.Any(c => c.Identity.MetadataName == group.Key));
                var location = owner?.RoleAttributeLocation?.ToLocation() ?? Location.None;
                var reasons = group.Select(issue => issue.Id == DiagnosticDescriptors.NotGenerated.Id ? issue.Arguments[1] : "error " + issue.Id).Distinct().OrderBy(r => r, System.StringComparer.Ordinal);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotGenerated, location, ProjectResolver.ShortName(group.Key), string.Join(", ", reasons)));
            }
        }
    }
}
