using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Intents;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>
    /// Checks [ExpectRoute] at build time: when the whole compilation has been seen, it builds the Envoy configuration with the
    /// generator's own parser, resolver and Envoy emitter, simulates each expected request, and reports EGRESS300 on every
    /// expectation the routing table breaks. Nothing runs in projects without expectations.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RouteExpectationAnalyzer : DiagnosticAnalyzer
    {
        private const string ExpectRouteAttribute = "EgressDsl.ExpectRouteAttribute";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.RouteExpectationFailed, DiagnosticDescriptors.InvalidRouteExpectation, DiagnosticDescriptors.RouteExpectationUndecided);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                if (start.Compilation.GetTypeByMetadataName(ExpectRouteAttribute) is null)
                {
                    return;
                }

                var options = GeneratorOptions.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
                var egressClasses = new ConcurrentDictionary<string, ClassSnapshot>();
                var expectations = new ConcurrentDictionary<string, (INamedTypeSymbol Symbol, ParsedRouteExpectations Parsed)>();
                start.RegisterSymbolAction(symbolContext =>
                {
                    var type = (INamedTypeSymbol)symbolContext.Symbol;
                    if (!type.GetAttributes().Any(a => AttributeNames.ShortNameOf(a.AttributeClass) is not null))
                    {
                        return;
                    }

                    var snapshot = ClassSnapshot.Read(type, symbolContext.CancellationToken);
                    var name = snapshot.Identity.MetadataName;
                    egressClasses[name] = snapshot;
                    var parsed = RouteExpectationParser.Parse(snapshot);
                    foreach (var diagnostic in parsed.Diagnostics)
                    {
                        symbolContext.ReportDiagnostic(diagnostic.ToDiagnostic(ArgumentLocator.Locate(type, diagnostic.Target, symbolContext.CancellationToken)));
                    }

                    if (!parsed.Expectations.IsEmpty)
                    {
                        expectations[name] = (type, parsed);
                    }
                }, SymbolKind.NamedType);

                start.RegisterCompilationEndAction(end =>
                {
                    if (!expectations.IsEmpty)
                    {
                        Check(end, egressClasses, expectations, options);
                    }
                });
            });
        }

        private static void Check(
            CompilationAnalysisContext context,
            ConcurrentDictionary<string, ClassSnapshot> egressClasses,
            ConcurrentDictionary<string, (INamedTypeSymbol Symbol, ParsedRouteExpectations Parsed)> expectations,
            GeneratorOptions options)
        {
            var cancellationToken = context.CancellationToken;
            var models = egressClasses.Values
                .SelectMany(snapshot => ParsedClassCache.Parse(snapshot, cancellationToken).AllModels())
                .ToImmutableArray();
            var project = ResolvedProjectCache.Resolve(models, options);

            // The configuration is built whatever EgressEmitEnvoy says: expectations hold for the routing, not for the files.
            var checker = RouteExpectationChecker.Of(project);
            foreach (var pair in expectations.OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                // A route with errors of its own is not generated; those errors are reported where they are.
                var route = RouteOf(project, pair.Key);
                if (route is null)
                {
                    continue;
                }

                foreach (var expectation in pair.Value.Parsed.Expectations)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (checker.Check(expectation, route) is not { } failure)
                    {
                        continue;
                    }

                    var location = ArgumentLocator.Locate(pair.Value.Symbol, new ArgumentReference(expectation.AttributeOrdinal, null, null), cancellationToken);
                    context.ReportDiagnostic(failure.Undecided is { } reason
                        ? Diagnostic.Create(DiagnosticDescriptors.RouteExpectationUndecided, location, failure.Request, failure.Expected, reason)
                        : Diagnostic.Create(DiagnosticDescriptors.RouteExpectationFailed, location, failure.Request, failure.Expected, failure.Actual));
                }
            }
        }

        /// <summary>
        /// The route a class's expectations are about: its own; for an intent class, its pattern's route; and for an intent
        /// class without one (a direct pattern the sidecar forwards by its ServiceEntry), the service with no rules of its own,
        /// which gives the expectations their defaults (the service's host and port).
        /// </summary>
        private static ResolvedRoute? RouteOf(ResolvedProject project, string metadataName)
        {
            var routeName = IntentParser.CompanionName(metadataName, IntentParser.RouteSuffix);
            ResolvedClass? own = null;
            foreach (var resolved in project.Classes)
            {
                if (resolved.Route is not null && resolved.Class.Identity.MetadataName == routeName)
                {
                    return resolved.Route;
                }

                if (resolved.Class.Identity.MetadataName == metadataName)
                {
                    own = resolved;
                }
            }

            if (own?.Route is { } route)
            {
                return route;
            }

            // Only an intent class reaches this: [ExpectRoute] on an [ExternalService] is refused by the parser.
            return own?.Class.Service is { } service
                ? new ResolvedRoute(
                    new RouteModel(metadataName, null, 0, 0, null, false, string.Empty, string.Empty, string.Empty, null, EquatableArray<string>.Empty, EquatableArray<RouteRuleModel>.Empty),
                    service, null, EquatableArray<int>.Empty, EquatableArray<int>.Empty)
                : null;
        }
    }
}
