using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// EGRESS020: a route (or a TLS or load-balancer setting) names a subset its owner does not declare: the routed
    /// service, the gateway for <c>GatewaySubset</c>, or the class itself. When an [Endpoint] of the owner carries a
    /// label whose value is the name (<c>version=v2</c> for subset <c>v2</c>), the subset was forgotten: the first action
    /// declares it with that label. Otherwise the name is most likely a typo: the first actions use each subset the owner
    /// has, and a subset is added without labels only where the owner has no labelled endpoints (a gateway, or a DNS
    /// service, where label-less subsets carrying a traffic policy are Istio's own pattern) — never one that would
    /// select every endpoint of a service whose endpoints are told apart by labels.
    /// The subset may belong to a class in another file, and two routes may want the same subset, so Fix All collects
    /// all wanted subsets first and adds each once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMissingSubsetFix)), Shared]
    public sealed class AddMissingSubsetFix : EgressCodeFix
    {
        internal const string Key = "EGRESS020.AddSubset";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownSubset.Id);

        /// <summary>The key of the action that uses the existing subset named after it.</summary>
        internal const string UseKeyPrefix = "EGRESS020.UseSubset.";

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (Wanted(root, model, diagnostic, cancellationToken) is not { } wanted)
            {
                yield break;
            }

            var (existing, labelled) = OwnerSubsets(wanted.Owner, cancellationToken);
            var label = LabelFor(wanted.Owner, wanted.Name, cancellationToken);
            var add = ("Add [Subset(\"" + wanted.Name + "\"" + (label is null ? string.Empty : ", \"" + label + "\"") + ")] to '" + wanted.Owner.Name + "'", Key);
            if (label is not null)
            {
                yield return add;
            }

            foreach (var subset in existing.Where(s => s != wanted.Name))
            {
                yield return ("Use subset '" + subset + "' of '" + wanted.Owner.Name + "'", UseKeyPrefix + subset);
            }

            if (label is null && !labelled)
            {
                yield return add;
            }
        }

        /// <summary>The subsets the owner declares, and whether any of its endpoints has labels (then a subset without labels would select them all).</summary>
        private static (List<string> Subsets, bool LabelledEndpoints) OwnerSubsets(INamedTypeSymbol owner, CancellationToken cancellationToken)
        {
            var attributes = ClassSnapshot.Read(owner, cancellationToken).Attributes;
            var subsets = attributes.Where(a => a.ShortName == AttributeNames.Subset).Select(a => a.String(nameof(SubsetAttribute.Name))).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).Distinct().ToList();
            var labelled = attributes.Any(a => a.ShortName == AttributeNames.Endpoint
                && a.Strings(nameof(EndpointAttribute.Labels)).Length > 0);
            return (subsets, labelled);
        }

        internal override async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, string key, CancellationToken cancellationToken)
        {
            if (key.StartsWith(UseKeyPrefix, System.StringComparison.Ordinal))
            {
                return await UseExistingAsync(solution, diagnostics, key.Substring(UseKeyPrefix.Length), cancellationToken).ConfigureAwait(false);
            }

            var additions = new List<(ClassDeclarationSyntax Declaration, DocumentId Document, string Name, string? Label)>();
            foreach (var (documentId, diagnostic) in diagnostics)
            {
                var document = solution.GetDocument(documentId);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null || Wanted(root, model, diagnostic, cancellationToken) is not { } wanted)
                {
                    continue;
                }

                var label = LabelFor(wanted.Owner, wanted.Name, cancellationToken);
                if (label is null && OwnerSubsets(wanted.Owner, cancellationToken).LabelledEndpoints)
                {
                    // A subset without labels would select every endpoint: Fix All leaves a typo to the user.
                    continue;
                }

                if (Declaration(wanted.Owner, cancellationToken) is { } declaration && solution.GetDocumentId(declaration.SyntaxTree) is { } ownerDocument
                    && !additions.Any(a => a.Declaration == declaration && a.Name == wanted.Name))
                {
                    additions.Add((declaration, ownerDocument, wanted.Name, label));
                }
            }

            foreach (var group in additions.GroupBy(a => a.Document))
            {
                var root = await solution.GetDocument(group.Key)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var byDeclaration = group.GroupBy(a => a.Declaration).ToDictionary(g => g.Key, g => g.ToList());
                var rewritten = root!.ReplaceNodes(byDeclaration.Keys, (original, current) =>
                    byDeclaration[original].Aggregate(current, (declaration, addition) => AddSubset(declaration, addition.Name, addition.Label)));
                solution = solution.WithDocumentSyntaxRoot(group.Key, rewritten);
            }

            return solution;
        }

        /// <summary>Replaces the subset name the diagnostic sits on with <paramref name="subset"/>, keeping a Split element's weight.</summary>
        private static async Task<Solution> UseExistingAsync(Solution solution, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, string subset, CancellationToken cancellationToken)
        {
            foreach (var group in diagnostics.GroupBy(d => d.Document))
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var literals = group
                    .Select(d => SyntaxHelpers.NodeAt(root, d.Diagnostic.Location.SourceSpan))
                    .OfType<LiteralExpressionSyntax>()
                    .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression))
                    .Distinct()
                    .ToList();
                var rewritten = root.ReplaceNodes(literals, (original, _) =>
                {
                    var text = original.Token.ValueText;
                    var equals = text.IndexOf('=');
                    var inSplit = original.Ancestors().OfType<AttributeArgumentSyntax>().FirstOrDefault() is { } argument && SyntaxHelpers.NameOf(argument) == nameof(HttpRouteAttribute.Split);
                    return SyntaxHelpers.StringLiteral(inSplit && equals > 0 ? subset + text.Substring(equals) : subset).WithTriviaFrom(original);
                });
                solution = solution.WithDocumentSyntaxRoot(group.Key, rewritten);
            }

            return solution;
        }

        /// <summary>The subset name the diagnostic is about and the class that must declare it.</summary>
        private static (string Name, INamedTypeSymbol Owner)? Wanted(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var node = SyntaxHelpers.NodeAt(root, diagnostic.Location.SourceSpan);
            var attribute = node?.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();
            var argument = node?.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault();
            var declaration = attribute?.Ancestors().OfType<ClassDeclarationSyntax>().FirstOrDefault();
            if (node is null || attribute is null || argument is null || declaration is null
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
                || model.GetConstantValue(node is ExpressionSyntax e ? e : argument.Expression, cancellationToken) is not { HasValue: true, Value: string text })
            {
                return null;
            }

            // A Split element is subset=weight; everything else names the subset.
            var name = SyntaxHelpers.NameOf(argument) == nameof(HttpRouteAttribute.Split) && text.IndexOf('=') > 0 ? text.Substring(0,
                text.IndexOf('=')) : text;
            INamedTypeSymbol? owner = SyntaxHelpers.ShortNameOf(attribute) switch
            {
                AttributeNames.TlsOrigination or AttributeNames.LoadBalancer => type,
                AttributeNames.EgressRouteShort => SyntaxHelpers.TypeArgument(type, AttributeNames.EgressRouteShort, nameof(EgressRouteAttribute.Through), cancellationToken),
                _ => SyntaxHelpers.TypeArgument(type, AttributeNames.EgressRouteShort, nameof(EgressRouteAttribute.Service),
                    cancellationToken),
            };
            return owner is null || name.Length == 0 ? null : (name, owner);
        }

        /// <summary>The declaration of the owner that carries its EgressDsl attributes (a partial class may have several).</summary>
        private static ClassDeclarationSyntax? Declaration(INamedTypeSymbol owner, CancellationToken cancellationToken) =>
            owner.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<ClassDeclarationSyntax>()
                .OrderByDescending(d => d.AttributeLists.SelectMany(l => l.Attributes).Count(a => SyntaxHelpers.ShortNameOf(a) is AttributeNames.Subset or AttributeNames.ExternalServiceShort or AttributeNames.EgressGatewayShort))
                .FirstOrDefault();

        /// <summary>An endpoint label whose value is the subset name, preferring the key the class's other subsets use.</summary>
        private static string? LabelFor(INamedTypeSymbol owner, string subset, CancellationToken cancellationToken)
        {
            var attributes = ClassSnapshot.Read(owner, cancellationToken).Attributes;
            var keysInUse = attributes.Where(a => a.ShortName == AttributeNames.Subset)
                .SelectMany(a => a.Strings(nameof(SubsetAttribute.Labels)))
                .Select(l => l?.Split('=')[0])
                .ToList();
            var candidates = attributes.Where(a => a.ShortName == AttributeNames.Endpoint)
                .SelectMany(a => a.Strings(nameof(EndpointAttribute.Labels)))
                .Where(l => l is not null && l.IndexOf('=') > 0 && l.Substring(l.IndexOf('=') + 1) == subset)
                .Select(l => l!)
                .Distinct()
                .ToList();
            return candidates.OrderByDescending(l => keysInUse.Contains(l.Split('=')[0])).FirstOrDefault();
        }

        private static ClassDeclarationSyntax AddSubset(ClassDeclarationSyntax declaration, string name, string? label)
        {
            var lists = declaration.AttributeLists;
            var anchorIndex = -1;
            for (var i = 0; i < lists.Count; i++)
            {
                if (lists[i].Attributes.Any(a => SyntaxHelpers.ShortNameOf(a) == AttributeNames.Subset))
                {
                    anchorIndex = i;
                }
            }

            anchorIndex = anchorIndex >= 0 ? anchorIndex : lists.Count - 1;
            if (anchorIndex < 0)
            {
                return declaration;
            }

            var arguments = new List<AttributeArgumentSyntax> { SyntaxFactory.AttributeArgument(SyntaxHelpers.StringLiteral(name)) };
            if (label is not null)
            {
                arguments.Add(SyntaxFactory.AttributeArgument(SyntaxHelpers.StringLiteral(label)));
            }

            var attribute = SyntaxFactory.Attribute(
                SyntaxHelpers.AttributeName(lists[anchorIndex], AttributeNames.Subset),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments, arguments.Skip(1).Select(_ => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space)))));
            return declaration.WithAttributeLists(lists.Insert(anchorIndex + 1, SyntaxHelpers.AttributeListLike(lists[anchorIndex], attribute)));
        }
    }
}
