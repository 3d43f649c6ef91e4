using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
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
    /// EGRESS021: the routed service has several ports, so the rule must name one. Which one is the user's choice:
    /// one code action per port of the service, each with its own equivalence key, so Fix All applies the chosen port
    /// to every rule whose service has it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetDestinationPortFix)), Shared]
    public sealed class SetDestinationPortFix : EgressDocumentFix
    {
        private const string KeyPrefix = "EGRESS021.DestinationPort.";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DestinationPortRequired.Id);

        // Each diagnostic gets its own rule attribute (or its own class for the implicit rule): edits never overlap.
        internal override bool UsesBatchFixer => true;

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var declaration = SyntaxHelpers.NodeAt(root, diagnostic.Location.SourceSpan)?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } route)
            {
                yield break;
            }

            var service = SyntaxHelpers.TypeArgument(route, AttributeNames.EgressRouteShort, nameof(EgressRouteAttribute.Service),
                cancellationToken);
            if (service is null)
            {
                yield break;
            }

            var ports = ClassSnapshot.Read(service, cancellationToken).Attributes
                .Where(a => a.ShortName == AttributeNames.ServicePort)
                .Select(a => (Number: a.Int(nameof(ServicePortAttribute.Number)), Name: a.String(nameof(ServicePortAttribute.Name))))
                .Where(p => p.Number > 0)
                .Distinct();
            foreach (var (number, name) in ports)
            {
                var text = number.ToString(CultureInfo.InvariantCulture);
                yield return ("Set DestinationPort = " + text + (name is null ? string.Empty : " ('" + name + "')"), KeyPrefix + text);
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            var port = int.Parse(key.Substring(KeyPrefix.Length), CultureInfo.InvariantCulture);
            var attributes = new List<AttributeSyntax>();
            var classes = new List<ClassDeclarationSyntax>();
            foreach (var diagnostic in diagnostics)
            {
                var node = SyntaxHelpers.NodeAt(root, diagnostic.Location.SourceSpan);
                if (node?.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault() is { } attribute)
                {
                    attributes.Add(attribute);
                }
                else if (node?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault() is { } declaration)
                {
                    // The implicit catch-all rule of a route without rules: write it out with the port.
                    classes.Add(declaration);
                }
            }

            return root.ReplaceNodes(
                attributes.Distinct().Cast<SyntaxNode>().Concat(classes.Distinct()),
                (original, current) => current switch
                {
                    AttributeSyntax attribute => SyntaxHelpers.WithNamedArgument(attribute, nameof(HttpRouteAttribute.DestinationPort), SyntaxHelpers.NumberLiteral(port)),
                    ClassDeclarationSyntax declaration => AddRule(declaration, port),
                    _ => current,
                });
        }

        private static ClassDeclarationSyntax AddRule(ClassDeclarationSyntax declaration, int port)
        {
            var anchor = declaration.AttributeLists.LastOrDefault();
            if (anchor is null)
            {
                return declaration;
            }

            var attribute = SyntaxHelpers.WithNamedArgument(SyntaxFactory.Attribute(SyntaxHelpers.AttributeName(anchor, AttributeNames.HttpRoute)), nameof(HttpRouteAttribute.DestinationPort), SyntaxHelpers.NumberLiteral(port));
            return declaration.WithAttributeLists(declaration.AttributeLists.Add(SyntaxHelpers.AttributeListLike(anchor, attribute)));
        }
    }
}
