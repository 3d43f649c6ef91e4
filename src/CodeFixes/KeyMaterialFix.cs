using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Parsing.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.CodeFixes
{
    /// <summary>
    /// EGRESS012: takes pasted PEM text out of the source. Two ways, both leaving a marked placeholder the user must
    /// fill in, since only the user knows where the key will live:
    /// <list type="bullet">
    /// <item>a file path in Istio's conventional mount folder, with a TODO to mount the file there;</item>
    /// <item>a CredentialName naming a Kubernetes Secret (the file-path arguments of the attribute go, as the Secret
    /// holds the certificate, the key and the CA), with a TODO to create the Secret.</item>
    /// </list>
    /// The pasted key itself is gone either way; it still has to be revoked, since it was in the source.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeyMaterialFix)), Shared]
    public sealed class KeyMaterialFix : EgressDocumentFix
    {
        internal const string FilePathKey = "EGRESS012.FilePath";
        internal const string CredentialNameKey = "EGRESS012.CredentialName";

        private static readonly string[] FileArguments = { nameof(TlsOriginationAttribute.ClientCertificate),
            nameof(TlsOriginationAttribute.PrivateKey), nameof(TlsOriginationAttribute.CaCertificates),
            nameof(GatewayServerAttribute.ServerCertificate) };

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.KeyMaterialInAttribute.Id);

        internal override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var argument = SyntaxHelpers.ArgumentAt(root, diagnostic.Location.SourceSpan);
            var attribute = argument?.Parent?.Parent as AttributeSyntax;
            if (argument is null || attribute is null)
            {
                yield break;
            }

            if (PlaceholderPath(SyntaxHelpers.NameOf(argument)) is not null)
            {
                yield return ("Replace the pasted key with a file path to fill in", FilePathKey);
            }

            // EGRESS012 is reported on any string that holds a secret; a credentialName only replaces the certificate
            // and key arguments (and a credentialName that holds a secret), never a secret in Sni, a header or a label.
            var name = SyntaxHelpers.NameOf(argument);
            if (SyntaxHelpers.ShortNameOf(attribute) is AttributeNames.TlsOrigination or AttributeNames.GatewayServer
                && name is not null && (FileArguments.Contains(name) || name == nameof(TlsOriginationAttribute.CredentialName)))
            {
                yield return ("Replace the pasted key with a CredentialName (Kubernetes Secret) to fill in", CredentialNameKey);
            }
        }

        internal override SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            var arguments = diagnostics.Select(d => SyntaxHelpers.ArgumentAt(root, d.Location.SourceSpan)).Where(a => a is not null).Select(a => a!)
                .Where(a => SyntaxHelpers.NameOf(a) is { } name
                    && (FileArguments.Contains(name) || name == nameof(TlsOriginationAttribute.CredentialName))).Distinct().ToList();
            if (key == FilePathKey)
            {
                return root.ReplaceNodes(
                    arguments.Where(a => PlaceholderPath(SyntaxHelpers.NameOf(a)) is not null).Select(a => a.Expression),
                    (original, _) => SyntaxHelpers.WithTodo(
                        SyntaxHelpers.StringLiteral(PlaceholderPath(SyntaxHelpers.NameOf((AttributeArgumentSyntax)original.Parent!))!),
                        PathTodo(SyntaxHelpers.NameOf((AttributeArgumentSyntax)original.Parent!)))
                        .WithTrailingTrivia(original.GetTrailingTrivia()));
            }

            // Several pasted values in one attribute become one CredentialName: change each attribute once.
            var attributes = arguments.Select(a => a.Parent?.Parent).OfType<AttributeSyntax>().Distinct().ToList();
            return root.ReplaceNodes(attributes, (original, current) => WithCredentialName(current));
        }

        private static AttributeSyntax WithCredentialName(AttributeSyntax attribute)
        {
            var className = attribute.Ancestors().OfType<ClassDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText ?? "egress";
            var secret = Naming.ToKebabCase(className) + "-credential";
            var obsolete = attribute.ArgumentList!.Arguments
                .Where(a => SyntaxHelpers.NameOf(a) is { } name
                    && (FileArguments.Contains(name) || name == nameof(TlsOriginationAttribute.CredentialName)))
                .ToList();
            var keyPasted = obsolete.Any(a => a.Expression.ToString().IndexOf("PRIVATE KEY", System.StringComparison.Ordinal) >= 0);
            var value = SyntaxHelpers.WithTodo(SyntaxHelpers.StringLiteral(secret), "create this Secret (tls.crt, tls.key, ca.crt) where the proxy runs" + (keyPasted ? LeakedKey : string.Empty));
            var trimmed = attribute.RemoveNodes(obsolete, SyntaxRemoveOptions.KeepNoTrivia) ?? attribute;
            return SyntaxHelpers.WithNamedArgument(trimmed, nameof(TlsOriginationAttribute.CredentialName), value);
        }

        /// <summary>Istio's conventional mount paths, as in its egress gateway tasks; null for an argument that is not a path.</summary>
        private static string? PlaceholderPath(string? argument) => argument switch
        {
            nameof(TlsOriginationAttribute.ClientCertificate) or nameof(GatewayServerAttribute.ServerCertificate)
                => "/etc/istio/egressgateway-certs/tls.crt",
            nameof(TlsOriginationAttribute.PrivateKey) => "/etc/istio/egressgateway-certs/tls.key",
            nameof(TlsOriginationAttribute.CaCertificates) => "/etc/istio/egressgateway-ca-certs/ca.crt",
            _ => null,
        };

        private const string LeakedKey = "; the pasted key is leaked, replace it";

        private static string PathTodo(string? argument) => argument switch
        {
            nameof(TlsOriginationAttribute.PrivateKey) => "mount the private key from a Secret at this path" + LeakedKey,
            nameof(TlsOriginationAttribute.CaCertificates) => "mount the CA bundle from a Secret at this path",
            _ => "mount the certificate from a Secret at this path",
        };
    }
}
