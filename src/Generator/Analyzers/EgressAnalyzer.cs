using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>
    /// Reports every EgressDsl diagnostic on the attribute argument that causes it. It runs the generator's own parser
    /// and resolver, so the IDE, the build and the generated manifests always agree.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EgressAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            DiagnosticDescriptors.All.Where(d => d.Id != DiagnosticDescriptors.NotGenerated.Id && d.Id != DiagnosticDescriptors.InvalidApiVersion.Id).ToImmutableArray();

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                // Nothing to do in projects that do not reference the DSL.
                if (start.Compilation.GetTypeByMetadataName(AttributeNames.ExternalService) is null)
                {
                    return;
                }

                var options = GeneratorOptions.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
                var classes = new ConcurrentDictionary<string, (INamedTypeSymbol Symbol, ClassSnapshot Snapshot, EgressClassModel Model)>();
                var advice = new ConcurrentDictionary<INamedTypeSymbol, ParsedClass>(SymbolEqualityComparer.Default);
                start.RegisterSymbolAction(symbolContext => AnalyzeClass(symbolContext, classes, advice), SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end =>
                {
                    var project = AnalyzeProject(end, classes, options);
                    ReportFormAdvice(end, advice, project);
                });
            });
        }

        private static void AnalyzeClass(SymbolAnalysisContext context,
            ConcurrentDictionary<string, (INamedTypeSymbol Symbol, ClassSnapshot Snapshot, EgressClassModel Model)> classes,
            ConcurrentDictionary<INamedTypeSymbol, ParsedClass> advice)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!HasEgressAttribute(type))
            {
                return;
            }

            var snapshot = ClassSnapshot.Read(type, context.CancellationToken);
            var parsed = ParsedClassCache.Parse(snapshot, context.CancellationToken);
            foreach (var diagnostic in parsed.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic(ArgumentLocator.Locate(type, diagnostic.Target, context.CancellationToken)));
            }

            if (parsed.Model is not null)
            {
                classes[parsed.MetadataName] = (type, snapshot, parsed.Model);
            }

            if (!parsed.FormAdvice.IsEmpty)
            {
                advice[type] = parsed;
            }

            // An intent's route, gateway and upstream: what resolution finds about them is reported on the intent's class.
            foreach (var companion in parsed.Companions)
            {
                classes[companion.Identity.MetadataName] = (type, snapshot, companion);
            }
        }

        private static ResolvedProject AnalyzeProject(
            CompilationAnalysisContext context,
            ConcurrentDictionary<string, (INamedTypeSymbol Symbol, ClassSnapshot Snapshot, EgressClassModel Model)> classes,
            GeneratorOptions options)
        {
            var project = ResolvedProjectCache.Resolve(classes.Values.Select(c => c.Model).ToImmutableArray(), options);
            foreach (var issue in project.Issues.Concat(project.Advisories))
            {
                if (issue.Id == DiagnosticDescriptors.NotGenerated.Id || !classes.TryGetValue(issue.ClassMetadataName, out var owner))
                {
                    // A dependency with errors of its own: those errors are already reported where they are.
                    continue;
                }

                var location = ArgumentLocator.Locate(owner.Symbol, ArgumentLocator.TargetOf(issue, owner.Snapshot), context.CancellationToken);
                var arguments = issue.Arguments.Cast<object>().ToArray();
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById(issue.Id), location, arguments));
            }

            ReportRoutesWithoutEndpoints(context, classes, project);
            AppAddressCheck.Report(context, project);
            return project;
        }

        /// <summary>
        /// A [GatewayEgress]'s advice for the form its gateway takes: the Istio recipe's (EGRESS031 on the subset of the gateway's
        /// Service that only it writes) is noise when the project writes the Gateway API recipe, which has no such subset.
        /// </summary>
        private static void ReportFormAdvice(CompilationAnalysisContext context, ConcurrentDictionary<INamedTypeSymbol, ParsedClass> advice,
            ResolvedProject project)
        {
            foreach (var entry in advice)
            {
                var (type, parsed) = (entry.Key, entry.Value);
                var gatewayName = parsed.Model?.GatewayApiForm?.GatewayMetadataName;
                var kubernetes = gatewayName is not null && project.Classes.Any(c => c.Class.Identity.MetadataName == gatewayName
                    && c.Class.Gateway?.Api == GatewayApi.Kubernetes);
                foreach (var diagnostic in kubernetes ? parsed.FormAdvice.GatewayApi : parsed.FormAdvice.Istio)
                {
                    var location = ArgumentLocator.Locate(type, diagnostic.Target, context.CancellationToken);
                    context.ReportDiagnostic(diagnostic.ToDiagnostic(location));
                }
            }
        }

        /// <summary>
        /// EGRESS080: routes whose own request ends at a cluster with no endpoint (503 UH), found by the simulator that checks
        /// [ExpectRoute], so the warning and the expectations agree. Only routes through a gateway are simulated (a sidecar
        /// forwards a service without endpoints to the address the application called, a gateway has no such address), and
        /// only when the models show a cluster without endpoints (<see cref="RouteEndpointCheck"/>).
        /// </summary>
        private static void ReportRoutesWithoutEndpoints(
            CompilationAnalysisContext context,
            ConcurrentDictionary<string, (INamedTypeSymbol Symbol, ClassSnapshot Snapshot, EgressClassModel Model)> classes,
            ResolvedProject project)
        {
            foreach (var found in RouteEndpointCheck.RoutesWithoutEndpoints(project, context.CancellationToken))
            {
                if (classes.TryGetValue(found.RouteMetadataName, out var owner))
                {
                    // On the route's service, like the other rules about where a route sends.
                    var issue = new ResolutionIssue(DiagnosticDescriptors.RouteReachesNoEndpoint.Id, owner.Snapshot.Identity.MetadataName, ResolutionIssue.RoleAttribute, "Service", null, Helpers.EquatableArray<string>.Empty);
                    var location = ArgumentLocator.Locate(owner.Symbol, ArgumentLocator.TargetOf(issue, owner.Snapshot), context.CancellationToken);
                    // Supported: SupportedDiagnostics is every descriptor of DiagnosticDescriptors.All, which RS1005 cannot see through.
#pragma warning disable RS1005
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RouteReachesNoEndpoint, location, found.Request, found.Actual));
#pragma warning restore RS1005
                }
            }
        }

        private static bool HasEgressAttribute(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (AttributeNames.ShortNameOf(attribute.AttributeClass) is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
