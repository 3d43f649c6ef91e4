using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// The shape every EgressDsl fix has: the code actions a diagnostic offers (a title and a stable equivalence key),
    /// and one method that applies a key to any number of diagnostics. A single fix and Fix All run the same code,
    /// so they cannot disagree.
    /// </summary>
    public abstract class EgressCodeFix : CodeFixProvider
    {
        /// <summary>
        /// True when the fixes of different diagnostics never touch the same text, so Roslyn's batch fixer can merge
        /// them. Fixes that can (two diagnostics on one attribute, one subset wanted by two routes) return false and get
        /// <see cref="EgressFixAllProvider"/>, which applies every diagnostic of a document or solution at once.
        /// </summary>
        internal virtual bool UsesBatchFixer => false;

        /// <inheritdoc />
        public sealed override FixAllProvider GetFixAllProvider() =>
            UsesBatchFixer ? WellKnownFixAllProviders.BatchFixer : new EgressFixAllProvider(this);

        /// <inheritdoc />
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                foreach (var (title, key) in Actions(root, model, diagnostic, context.CancellationToken))
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create(title, cancellationToken => ApplyAsync(document.Project.Solution, new[] { (document.Id, diagnostic) }, key, cancellationToken), key),
                        diagnostic);
                }
            }
        }

        /// <summary>The code actions offered for one diagnostic, each as a title and an equivalence key.</summary>
        internal abstract IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

        /// <summary>Applies the action with this key to every diagnostic given, which may be in several documents.</summary>
        internal abstract Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, string key, CancellationToken cancellationToken);

        /// <summary>The diagnostic ID an equivalence key belongs to: keys are "ID.action".</summary>
        internal static string IdOf(string key) => key.Split('.')[0];
    }

    /// <summary>A fix that only edits the document holding each diagnostic: one syntax rewrite per document.</summary>
    public abstract class EgressDocumentFix : EgressCodeFix
    {
        internal sealed override async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, string key, CancellationToken cancellationToken)
        {
            foreach (var group in diagnostics.GroupBy(d => d.Document))
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var rewritten = Rewrite(root, group.Select(d => d.Diagnostic).ToImmutableArray(), key, cancellationToken);
                solution = solution.WithDocumentSyntaxRoot(group.Key, rewritten);
            }

            return solution;
        }

        /// <summary>The document's root with the action applied to all of the document's diagnostics.</summary>
        internal abstract SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken);
    }
}
