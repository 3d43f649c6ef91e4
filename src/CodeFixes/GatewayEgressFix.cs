using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// EGRESS221: Istio's gateway TLS origination written half way with three classes (the service that originates TLS, an
    /// egress gateway whose one server for the host is HTTPS or TLS, and the route through it) becomes the intent attribute
    /// <c>[GatewayEgress(host, Tls = Originate or OriginateMutual, ...)]</c> on the service class, and the gateway and route
    /// classes are removed. Offered only when the rewrite keeps everything the three classes say (each says nothing the intent
    /// does not carry), all three are in the diagnostic's document, and no other code names the gateway or route class.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GatewayEgressFix)), Shared]
    public sealed class GatewayEgressFix : EgressDocumentFix
    {
        private const string Key = "EGRESS221.GatewayEgress";
        private const string IntentName = "GatewayEgress";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.GatewayOriginationServerNotHttp.Id);

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic,
            CancellationToken cancellationToken)
        {
            if (Plan(root, diagnostic, model, cancellationToken) is { } plan && OnlyTheRouteNamesTheGateway(plan, model, cancellationToken))
            {
                yield return ("Use [" + IntentName + "(...)]: the gateway originates TLS, the application calls http://", Key);
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key,
            CancellationToken cancellationToken)
        {
            foreach (var diagnostic in diagnostics)
            {
                if (Plan(root, diagnostic, null, cancellationToken) is not { } plan)
                {
                    continue;
                }

                var tracked = root.TrackNodes(plan.Service, plan.Gateway, plan.Route);
                tracked = tracked.ReplaceNode(tracked.GetCurrentNode(plan.Service)!, SyntaxHelpers.WithListsReplaced(plan.Service, l
                    => l.Attributes.Any(IsEgress), plan.Intent));
                root = tracked.RemoveNodes(new SyntaxNode[] { tracked.GetCurrentNode(plan.Gateway)!, tracked.GetCurrentNode(plan.Route)! },
                    SyntaxRemoveOptions.KeepNoTrivia)!;
            }

            return root;
        }

        private sealed record Pattern(ClassDeclarationSyntax Service, ClassDeclarationSyntax Gateway, ClassDeclarationSyntax Route,
            AttributeSyntax Intent);

        /// <summary>The three classes and the intent that says what they say, or null when they say more or are not all here.</summary>
        private static Pattern? Plan(SyntaxNode root, Diagnostic diagnostic, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (SyntaxHelpers.NodeAt(root, diagnostic.Location.SourceSpan)?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>()
                .FirstOrDefault() is not { } gateway
                || Egress(gateway) is not { } gatewayAttributes
                || SyntaxHelpers.Single(gatewayAttributes, AttributeNames.EgressGatewayShort) is not { } egressGateway
                || SyntaxHelpers.Single(gatewayAttributes, AttributeNames.GatewayServer) is not { } server
                || !Says(gatewayAttributes, (AttributeNames.EgressGatewayShort, 0, new[] { nameof(EgressGatewayAttribute.Name) }),
                    (AttributeNames.GatewayServer, 4,
                    new string[0]),
                    (AttributeNames.DestinationRule, 0, new[] { nameof(DestinationRuleAttribute.Name) }),
                        (AttributeNames.Subset, 1, new string[0]))
                || SyntaxHelpers.Positional(server)[3].Expression
                    is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } hostLiteral)
            {
                return null;
            }

            var host = hostLiteral.Token.ValueText;
            var classes = root.DescendantNodes().OfType<ClassDeclarationSyntax>().ToList();
            var service = One(classes, c => Egress(c) is { } a && SyntaxHelpers.Single(a, AttributeNames.ExternalServiceShort) is { } e
                && SyntaxHelpers.Positional(e).Count == 1 && SyntaxHelpers.Positional(e)[0].Expression is LiteralExpressionSyntax l
                    && l.Token.ValueText == host);
            var route = One(classes, c => Egress(c) is { } a && SyntaxHelpers.Single(a, AttributeNames.EgressRouteShort) is { } r
                && Names(r, null, service?.Identifier.ValueText) && Names(r, nameof(EgressRouteAttribute.Through),
                    gateway.Identifier.ValueText));
            if (service is null || route is null || Egress(service) is not { } serviceAttributes || Egress(route) is not { } routeAttributes
                || !Says(serviceAttributes,
                    (AttributeNames.ExternalServiceShort, 1,
                    new[] { nameof(ExternalServiceAttribute.Resolution), nameof(ExternalServiceAttribute.Name) }),
                    (AttributeNames.ServicePort, 3, new string[0]),
                    (AttributeNames.DestinationRule, 0,
                        new[] { nameof(DestinationRuleAttribute.Name), nameof(DestinationRuleAttribute.Namespace),
                        nameof(DestinationRuleAttribute.WorkloadSelector) }), (AttributeNames.LoadBalancer, 1,
                        new string[0]),
                    (AttributeNames.TlsOrigination, 1,
                        new[] { nameof(TlsOriginationAttribute.Port), nameof(TlsOriginationAttribute.CredentialName),
                        nameof(TlsOriginationAttribute.Sni) }))
                || !Says(routeAttributes,
                    (AttributeNames.EgressRouteShort, 1,
                    new[] { nameof(EgressRouteAttribute.Through), nameof(EgressRouteAttribute.Port),
                    nameof(EgressRouteAttribute.GatewaySubset), nameof(EgressRouteAttribute.Combined),
                    nameof(EgressRouteAttribute.Name), nameof(EgressRouteAttribute.ExplicitWeights) }),
                    (AttributeNames.HttpRoute, 0, new[] { nameof(HttpRouteAttribute.DestinationPort) }))
                || SyntaxHelpers.Single(serviceAttributes, AttributeNames.TlsOrigination) is not { } tls
                || serviceAttributes.Count(a => SyntaxHelpers.ShortNameOf(a) == AttributeNames.DestinationRule) > 1
                || routeAttributes.Count(a => SyntaxHelpers.ShortNameOf(a) == AttributeNames.HttpRoute) > 1)
            {
                return null;
            }

            var mode = SyntaxHelpers.Positional(tls)[0].Expression;
            var mutual = SyntaxHelpers.IsEnum(mode, nameof(TlsMode.Mutual), (int)TlsMode.Mutual, model, cancellationToken);
            if (!mutual && !SyntaxHelpers.IsEnum(mode, nameof(TlsMode.Simple), (int)TlsMode.Simple, model, cancellationToken))
            {
                return null;
            }

            var external = SyntaxHelpers.Single(serviceAttributes, AttributeNames.ExternalServiceShort)!;
            var intent = SyntaxFactory.Attribute(
                SyntaxHelpers.AttributeName(service.AttributeLists.FirstOrDefault(l => l.Attributes.Contains(external)), IntentName),
                SyntaxFactory.AttributeArgumentList(
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(hostLiteral.WithoutTrivia()))));
            intent = SyntaxHelpers.WithNamedArgument(intent, nameof(GatewayEgressAttribute.Tls),
                SyntaxFactory.ParseExpression("GatewayEgressTls." + (mutual ? "OriginateMutual" : "Originate")));
            var carried = new[]
            {
                (tls, nameof(TlsOriginationAttribute.CredentialName), nameof(GatewayEgressAttribute.CredentialName)),
                (tls, nameof(TlsOriginationAttribute.Sni), nameof(GatewayEgressAttribute.Sni)),
                (external, nameof(ExternalServiceAttribute.Name), nameof(GatewayEgressAttribute.Name)),
                (egressGateway, nameof(EgressGatewayAttribute.Name), nameof(GatewayEgressAttribute.GatewayName)),
            };
            foreach (var (source, name, intentName) in carried)
            {
                if (SyntaxHelpers.NamedArgument(source, name) is { } argument)
                {
                    intent = SyntaxHelpers.WithNamedArgument(intent, intentName, argument.Expression.WithoutTrivia());
                }
            }

            return new Pattern(service, gateway, route, intent);
        }

        private static ClassDeclarationSyntax? One(List<ClassDeclarationSyntax> classes, System.Func<ClassDeclarationSyntax, bool> match)
        {
            var found = classes.Where(match).Take(2).ToList();
            return found.Count == 1 ? found[0] : null;
        }

        /// <summary>The class's EgressDsl attributes, each alone in its list (so removing the lists removes nothing else), or
        /// null.</summary>
        private static List<AttributeSyntax>? Egress(ClassDeclarationSyntax declaration)
        {
            var lists = declaration.AttributeLists.Where(l => l.Attributes.Any(a => IsEgress(a))).ToList();
            return lists.All(l => l.Attributes.Count == 1) ? lists.Select(l => l.Attributes[0]).ToList() : null;
        }

        private static bool IsEgress(AttributeSyntax attribute)
            => SyntaxHelpers.ShortNameOf(attribute) is AttributeNames.ExternalServiceShort or AttributeNames.EgressGatewayShort
            or AttributeNames.EgressRouteShort or AttributeNames.MeshHostShort or AttributeNames.ServicePort or AttributeNames.Endpoint
            or AttributeNames.DestinationRule
            or AttributeNames.Subset or AttributeNames.TlsOrigination or AttributeNames.LoadBalancer or AttributeNames.KubernetesService
            or AttributeNames.GatewayServer
            or AttributeNames.HttpRoute or AttributeNames.TlsRoute or AttributeNames.TcpRoute or AttributeNames.ExpectRoute
            || AttributeNames.IsIntent(SyntaxHelpers.ShortNameOf(attribute));

        /// <summary>Every attribute is one of <paramref name="allowed"/>, with at most its count of positional arguments and only its named
        /// arguments.</summary>
        private static bool Says(List<AttributeSyntax> attributes, params (string ShortName, int Positional, string[] Named)[] allowed) =>
            attributes.All(a => allowed.Any(x => x.ShortName == SyntaxHelpers.ShortNameOf(a)
                && SyntaxHelpers.Positional(a).Count <= x.Positional && SyntaxHelpers.Only(a, x.Named)));

        /// <summary>The route's <c>typeof</c> argument (<paramref name="argument"/>, or its first positional one) names the class
        /// <paramref name="className"/>.</summary>
        private static bool Names(AttributeSyntax route, string? argument, string? className)
        {
            var expression = argument is null ? SyntaxHelpers.Positional(route)
                .FirstOrDefault()?.Expression : SyntaxHelpers.NamedArgument(route, argument)?.Expression;
            return className is not null && expression is TypeOfExpressionSyntax { Type: IdentifierNameSyntax name }
                && name.Identifier.ValueText == className;
        }

        /// <summary>The gateway class is named once, by the route, and the route class never, in the whole compilation, and each is
        /// declared once.</summary>
        private static bool OnlyTheRouteNamesTheGateway(Pattern plan, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(plan.Gateway, cancellationToken) is not { } gateway || model.GetDeclaredSymbol(plan.Route,
                cancellationToken) is not { } route
                || gateway.DeclaringSyntaxReferences.Length != 1 || route.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var named = 0;
            foreach (var tree in model.Compilation.SyntaxTrees)
            {
                var treeModel = tree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(tree);
                foreach (var name in tree.GetRoot(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    var symbol = treeModel.GetSymbolInfo(name, cancellationToken).Symbol;
                    if (SymbolEqualityComparer.Default.Equals(symbol, route))
                    {
                        return false;
                    }

                    if (SymbolEqualityComparer.Default.Equals(symbol, gateway))
                    {
                        named++;
                    }
                }
            }

            return named == 1;
        }
    }
}
