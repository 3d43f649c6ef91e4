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
    /// EGRESS223: a service that is nothing but Istio's sidecar TLS origination, written with the low-level attributes on
    /// port 443, becomes the intent attribute <c>[SidecarTlsOrigination(host, ...)]</c>, which calls port 80 and
    /// originates to 443. Offered only where the rewrite keeps everything the class says: one host resolved by DNS, one
    /// plain-HTTP port 443, one SIMPLE or MUTUAL origination on it, and at most a DestinationRule's workload selector.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SidecarTlsOriginationFix)), Shared]
    public sealed class SidecarTlsOriginationFix : EgressDocumentFix
    {
        private const string Key = "EGRESS223.SidecarTlsOrigination";
        private const string IntentName = "SidecarTlsOrigination";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SidecarOriginationOnTlsPort.Id);

        // One diagnostic a class, each rewriting only its own class's attribute lists.
        internal override bool UsesBatchFixer => true;

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (Declaration(root, diagnostic) is { } declaration && Intent(declaration, model, cancellationToken) is not null)
            {
                yield return ("Use [" + IntentName + "(...)]: the application calls port 80", Key);
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
            root.ReplaceNodes(
                diagnostics.Select(d => Declaration(root, d)).OfType<ClassDeclarationSyntax>().Distinct(),
                (original, current) => Rewritten(current, Intent(original, null, cancellationToken)));

        private static ClassDeclarationSyntax? Declaration(SyntaxNode root, Diagnostic diagnostic) =>
            SyntaxHelpers.NodeAt(root, diagnostic.Location.SourceSpan)?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault();

        /// <summary>The class with the low-level attribute lists replaced by one list holding <paramref name="intent"/>, where the first of them stood.</summary>
        private static ClassDeclarationSyntax Rewritten(ClassDeclarationSyntax declaration, AttributeSyntax? intent) =>
            intent is null ? declaration : SyntaxHelpers.WithListsReplaced(declaration, IsReplaced, intent);

        private static bool IsReplaced(AttributeListSyntax list) =>
            list.Attributes.Count == 1 && SyntaxHelpers.ShortNameOf(list.Attributes[0]) is AttributeNames.ExternalServiceShort or AttributeNames.ServicePort or AttributeNames.TlsOrigination or AttributeNames.DestinationRule;

        /// <summary>
        /// The intent attribute that says what the class's attributes say, or null when they say more (another attribute,
        /// argument or value the intent does not carry). The semantic model, when given, confirms the enum values.
        /// </summary>
        private static AttributeSyntax? Intent(ClassDeclarationSyntax declaration, SemanticModel? model, CancellationToken cancellationToken)
        {
            var egress = declaration.AttributeLists.SelectMany(l => l.Attributes)
                .Where(a => SyntaxHelpers.ShortNameOf(a) is AttributeNames.ExternalServiceShort or AttributeNames.ServicePort or AttributeNames.TlsOrigination or AttributeNames.DestinationRule
                    or AttributeNames.Endpoint or AttributeNames.Subset or AttributeNames.LoadBalancer or AttributeNames.KubernetesService)
                .ToList();
            var service = SyntaxHelpers.Single(egress, AttributeNames.ExternalServiceShort);
            var port = SyntaxHelpers.Single(egress, AttributeNames.ServicePort);
            var tls = SyntaxHelpers.Single(egress, AttributeNames.TlsOrigination);
            var rule = egress.Where(a => SyntaxHelpers.ShortNameOf(a) == AttributeNames.DestinationRule).ToList();
            if (service is null || port is null || tls is null || rule.Count > 1 || egress.Count != 3 + rule.Count
                || !declaration.AttributeLists.Where(l => l.Attributes.Any(egress.Contains)).All(IsReplaced)
                || SyntaxHelpers.Positional(service).Count != 1 || !SyntaxHelpers.Only(service,
                    nameof(ExternalServiceAttribute.Resolution), nameof(ExternalServiceAttribute.Name),
                    nameof(ExternalServiceAttribute.Namespace))
                || !SyntaxHelpers.Only(port) || SyntaxHelpers.Positional(tls).Count != 1 || !SyntaxHelpers.Only(tls, nameof(TlsOriginationAttribute.Port), nameof(TlsOriginationAttribute.CaCertificates), nameof(TlsOriginationAttribute.Sni), nameof(TlsOriginationAttribute.CredentialName))
                || (rule.Count == 1 && (SyntaxHelpers.Positional(rule[0]).Count != 0 || !SyntaxHelpers.Only(rule[0],
                    nameof(DestinationRuleAttribute.WorkloadSelector)))))
            {
                return null;
            }

            var resolution = SyntaxHelpers.NamedArgument(service, nameof(ExternalServiceAttribute.Resolution));
            var mode = SyntaxHelpers.Positional(tls)[0].Expression;
            if (!SyntaxHelpers.IsEnum(resolution?.Expression, nameof(ServiceResolution.Dns), (int)ServiceResolution.Dns, model,
                cancellationToken)
                || !(SyntaxHelpers.IsEnum(mode, nameof(TlsMode.Simple), (int)TlsMode.Simple, model, cancellationToken) || SyntaxHelpers.IsEnum(mode, nameof(TlsMode.Mutual), (int)TlsMode.Mutual, model, cancellationToken)))
            {
                return null;
            }

            var attribute = SyntaxFactory.Attribute(
                SyntaxHelpers.AttributeName(declaration.AttributeLists.FirstOrDefault(IsReplaced), IntentName),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(SyntaxHelpers.Positional(service)[0].Expression.WithoutTrivia()))));
            if (SyntaxHelpers.IsEnum(mode, nameof(TlsMode.Mutual), (int)TlsMode.Mutual, model, cancellationToken))
            {
                attribute = SyntaxHelpers.WithNamedArgument(attribute, nameof(SidecarTlsOriginationAttribute.Mode), mode.WithoutTrivia());
            }

            // Each argument keeps its name on [SidecarTlsOrigination].
            var carried = new[]
            {
                (tls, nameof(TlsOriginationAttribute.CredentialName)), (tls, nameof(TlsOriginationAttribute.Sni)),
                (tls, nameof(TlsOriginationAttribute.CaCertificates)),
                    (rule.FirstOrDefault(), nameof(DestinationRuleAttribute.WorkloadSelector)),
                (service, nameof(ExternalServiceAttribute.Name)), (service, nameof(ExternalServiceAttribute.Namespace)),
            };
            foreach (var (source, name) in carried)
            {
                if (source is not null && SyntaxHelpers.NamedArgument(source, name) is { } argument)
                {
                    attribute = SyntaxHelpers.WithNamedArgument(attribute, name, argument.Expression.WithoutTrivia());
                }
            }

            return attribute;
        }
    }
}
