using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// EGRESS221: the gateway originates the host's TLS, so its server for the host is plain HTTP on port 80, as in Istio's
    /// egress gateway with TLS origination: the server's port becomes 80, its protocol <c>Http</c>, and its name
    /// <c>http</c> unless another server of the gateway has that name. The other attributes are left as they are.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PlainHttpGatewayServerFix)), Shared]
    public sealed class PlainHttpGatewayServerFix : EgressDocumentFix
    {
        private const string Key = "EGRESS221.PlainHttpServer";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.GatewayOriginationServerNotHttp.Id);

        // Each diagnostic is its own server attribute.
        internal override bool UsesBatchFixer => true;

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (Server(root, diagnostic) is not null)
            {
                yield return ("Make the server plain HTTP on port 80 (the gateway originates TLS)", Key);
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
            root.ReplaceNodes(
                diagnostics.Select(d => Server(root, d)).OfType<AttributeSyntax>().Distinct(),
                (original, current) => PlainHttp(original, current));

        /// <summary>The [GatewayServer] the diagnostic is on, when it has the three positional arguments the fix rewrites.</summary>
        private static AttributeSyntax? Server(SyntaxNode root, Diagnostic diagnostic) =>
            SyntaxHelpers.AttributeAt(root, diagnostic.Location.SourceSpan) is { } attribute
            && SyntaxHelpers.ShortNameOf(attribute) == AttributeNames.GatewayServer
            && SyntaxHelpers.Positional(attribute).Count >= 3
            && SyntaxHelpers.Positional(attribute)[2].Expression is MemberAccessExpressionSyntax
                ? attribute
                : null;

        private static AttributeSyntax PlainHttp(AttributeSyntax original, AttributeSyntax current)
        {
            var positional = SyntaxHelpers.Positional(current);
            var nameTaken = original.Parent?.Parent is ClassDeclarationSyntax declaration
                && declaration.AttributeLists.SelectMany(l => l.Attributes)
                    .Where(a => a != original && SyntaxHelpers.ShortNameOf(a) == AttributeNames.GatewayServer)
                    .Any(a => SyntaxHelpers.Positional(a).Count >= 2 && SyntaxHelpers.Positional(a)[1].Expression is LiteralExpressionSyntax { Token.ValueText: "http" });
            var protocol = (MemberAccessExpressionSyntax)positional[2].Expression;
            var replacements = new Dictionary<ExpressionSyntax, ExpressionSyntax>
            {
                [positional[0].Expression] = SyntaxHelpers.NumberLiteral(80).WithTriviaFrom(positional[0].Expression),
                [protocol] = protocol.WithName(SyntaxFactory.IdentifierName("Http").WithTriviaFrom(protocol.Name)),
            };
            if (!nameTaken)
            {
                replacements[positional[1].Expression] = SyntaxHelpers.StringLiteral("http").WithTriviaFrom(positional[1].Expression);
            }

            return current.ReplaceNodes(replacements.Keys, (node, _) => replacements[node]);
        }
    }
}
