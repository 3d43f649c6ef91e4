using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using EgressDsl.Generator.Caching;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Parsing;
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
                var route = RouteExpectationChecker.RouteOf(project, pair.Key);
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
    }
}
