using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// EGRESS015: declares the class partial, and the classes it is nested in, so the generator can add its nested
    /// <c>Egress</c> constants. Not offered for generic classes, records and structs, which the generator never extends.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialFix)), Shared]
    public sealed class MakePartialFix : EgressDocumentFix
    {
        internal const string Key = "EGRESS015.MakePartial";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ClassNotPartial.Id);

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var declarations = DeclarationsToChange(root, diagnostic);
            if (declarations.Count > 0)
            {
                yield return (declarations.Count == 1 ? "Make the class partial" : "Make the class and the classes it is nested in partial", Key);
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            // Nested classes share their outer classes: collect every declaration once, then change them together.
            var declarations = diagnostics.SelectMany(d => DeclarationsToChange(root, d)).Distinct().ToList();
            return root.ReplaceNodes(declarations, (_, current) => AddPartial(current));
        }

        /// <summary>The class declaration and its containing declarations that lack <c>partial</c>; empty when partial cannot help.</summary>
        private static List<TypeDeclarationSyntax> DeclarationsToChange(SyntaxNode root, Diagnostic diagnostic)
        {
            var declaration = SyntaxHelpers.NodeAt(root, diagnostic.Location.SourceSpan)?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            var chain = declaration?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().ToList() ?? new List<TypeDeclarationSyntax>();
            if (chain.Count == 0 || chain.Any(t => t is not ClassDeclarationSyntax || t.TypeParameterList is not null))
            {
                return new List<TypeDeclarationSyntax>();
            }

            return chain.Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList();
        }

        private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
        {
            if (declaration.Modifiers.Count > 0)
            {
                return declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }

            // Without modifiers the keyword carries the indentation: move it to 'partial' so the line stays as it was.
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }
    }
}
