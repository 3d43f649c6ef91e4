using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// Removes an attribute argument that has no effect or does harm: a field ISTIO_MUTUAL ignores (EGRESS052), a
    /// certificate on a passthrough server (EGRESS055), InsecureSkipVerify (EGRESS051). The manifest loses nothing
    /// Istio would have used, except, for EGRESS051, the switch that turned verification off.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveIgnoredArgumentFix)), Shared]
    public sealed class RemoveIgnoredArgumentFix : EgressDocumentFix
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.IstioMutualIgnoresField.Id,
            DiagnosticDescriptors.PassthroughIgnoresCertificate.Id,
            DiagnosticDescriptors.InsecureSkipVerify.Id);

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (SyntaxHelpers.ArgumentAt(root, diagnostic.Location.SourceSpan) is { NameEquals: not null } argument)
            {
                var name = SyntaxHelpers.NameOf(argument);
                var title = diagnostic.Id == DiagnosticDescriptors.InsecureSkipVerify.Id
                    ? "Remove InsecureSkipVerify (verify the server)"
                    : "Remove " + name + " (it has no effect here)";
                yield return (title, diagnostic.Id + ".Remove");
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            var arguments = diagnostics
                .Select(d => SyntaxHelpers.ArgumentAt(root, d.Location.SourceSpan))
                .Where(a => a is { NameEquals: not null })
                .Select(a => a!)
                .Distinct()
                .ToList();

            // One RemoveNodes call: removing arguments one by one from a separated list would leave stray commas.
            return root.RemoveNodes(arguments, SyntaxRemoveOptions.KeepNoTrivia) ?? root;
        }
    }
}
