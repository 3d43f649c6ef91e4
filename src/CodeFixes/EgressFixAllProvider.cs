using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// Fix All for fixes whose edits can overlap, where Roslyn's batch fixer would merge text changes badly (it drops
    /// or duplicates overlapping edits): collects every diagnostic in scope and hands them to the fix in one call.
    /// </summary>
    internal sealed class EgressFixAllProvider : FixAllProvider
    {
        private readonly EgressCodeFix fix;

        public EgressFixAllProvider(EgressCodeFix fix) => this.fix = fix;

        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            var key = context.CodeActionEquivalenceKey;
            if (key is null)
            {
                return null;
            }

            IEnumerable<Document> documents = context.Scope switch
            {
                FixAllScope.Document when context.Document is not null => new[] { context.Document },
                FixAllScope.Project => context.Project.Documents,
                FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
                _ => Enumerable.Empty<Document>(),
            };

            var diagnostics = new List<(DocumentId, Diagnostic)>();
            foreach (var document in documents)
            {
                foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (diagnostic.Id == EgressCodeFix.IdOf(key))
                    {
                        diagnostics.Add((document.Id, diagnostic));
                    }
                }
            }

            if (diagnostics.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(
                "Fix all " + EgressCodeFix.IdOf(key),
                cancellationToken => fix.ApplyAsync(context.Solution, diagnostics, key, cancellationToken),
                key);
        }
    }
}
