using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Analyzers;
using EgressDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// EGRESS220: puts the generated address in place of a literal that calls a declared host with the wrong scheme or
    /// port: <c>Api.Egress.Address</c> (with the literal's path appended, <c>Api.Egress.Address + "/v1/pay"</c>), or the
    /// corrected literal when the service class is not partial and has no generated members.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseEgressAddressFix)), Shared]
    public sealed class UseEgressAddressFix : EgressDocumentFix
    {
        private const string Key = "EGRESS220.UseAddress";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.AppAddressMismatch.Id);

        // Each diagnostic is its own literal: edits never overlap.
        internal override bool UsesBatchFixer => true;

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (Literal(root, diagnostic) is null || !diagnostic.Properties.TryGetValue(AppAddressCheck.AddressProperty, out var address))
            {
                yield break;
            }

            var member = diagnostic.Properties.TryGetValue(AppAddressCheck.MemberProperty, out var m) && !string.IsNullOrEmpty(m) ? m : null;
            yield return (member is null ? "Call '" + address + "'" : "Use " + ShortMember(member), Key);
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            var replacements = new Dictionary<SyntaxNode, ExpressionSyntax>();
            foreach (var diagnostic in diagnostics)
            {
                if (Literal(root, diagnostic) is { } literal && Replacement(diagnostic) is { } replacement)
                {
                    replacements[literal] = replacement.WithTriviaFrom(literal);
                }
            }

            return root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        }

        private static LiteralExpressionSyntax? Literal(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindToken(diagnostic.Location.SourceSpan.Start).Parent as LiteralExpressionSyntax;

        private static ExpressionSyntax? Replacement(Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(AppAddressCheck.AddressProperty, out var address) || address is null)
            {
                return null;
            }

            diagnostic.Properties.TryGetValue(AppAddressCheck.PathProperty, out var rest);
            rest ??= string.Empty;
            if (!diagnostic.Properties.TryGetValue(AppAddressCheck.MemberProperty, out var member) || string.IsNullOrEmpty(member))
            {
                return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(address + rest));
            }

            var reference = SyntaxFactory.ParseExpression(member!).WithAdditionalAnnotations(Simplifier.Annotation);
            return rest.Length == 0
                ? reference
                : SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, reference, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(rest)));
        }

        private static string ShortMember(string member)
        {
            var parts = member.Split('.');
            return string.Join(".", parts.Skip(System.Math.Max(0, parts.Length - 3)));
        }
    }
}
