using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>
    /// EGRESS220: a string literal (also the argument of <c>new Uri("...")</c>) that calls a declared host with a scheme or
    /// port the mesh does not carry as declared, above all <c>https://</c> to a host whose TLS the mesh originates (TLS
    /// inside TLS). The literal gets the diagnostic (so does the text an interpolated string starts with); the code fix puts
    /// the generated <c>Egress.Address</c> in a literal's place.
    /// </summary>
    /// <remarks>
    /// Runs with the project's other cross-class checks, once the project is resolved, and walks the literals only when the
    /// project declares a host the application can call; hosts are found with one dictionary lookup per literal that starts
    /// with <c>http://</c> or <c>https://</c>. Attribute arguments are skipped: they describe the mesh, not calls.
    /// </remarks>
    internal static class AppAddressCheck
    {
        /// <summary>The diagnostic's property with the address to call.</summary>
        public const string AddressProperty = "Address";

        /// <summary>The diagnostic's property with the C# expression of the generated address (empty when the class is not partial).</summary>
        public const string MemberProperty = "Member";

        /// <summary>The diagnostic's property with the literal's text after its authority (path, query, fragment), which the fix keeps.</summary>
        public const string PathProperty = "Path";

        public static void Report(CompilationAnalysisContext context, ResolvedProject project)
        {
            var byHost = new Dictionary<string, AppBinding>(StringComparer.OrdinalIgnoreCase);
            foreach (var binding in AppBinding.OfProject(project))
            {
                if (binding.Address is not null && !byHost.ContainsKey(binding.Host))
                {
                    byHost.Add(binding.Host, binding);
                }
            }

            if (byHost.Count == 0)
            {
                return;
            }

            foreach (var tree in context.Compilation.SyntaxTrees)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
                    || !MayHoldAddress(tree.GetText(context.CancellationToken)))
                {
                    continue;
                }

                var root = tree.GetRoot(context.CancellationToken);
                foreach (var token in root.DescendantTokens(static node => node is not AttributeListSyntax))
                {
                    if ((token.IsKind(SyntaxKind.StringLiteralToken) || StartsInterpolation(token)) && Check(token.ValueText, byHost) is { } found)
                    {
                        context.ReportDiagnostic(Create(token, found.Binding, found.Call, found.Path));
                    }
                }
            }
        }

        /// <summary>
        /// Whether a file can hold a literal that starts with <c>http://</c> or <c>https://</c>: only if its text has
        /// <c>://</c>, or a backslash (an escape sequence may spell the colon or the slashes). Most files have neither, and
        /// a scan of their characters costs far less than walking their tokens, which was most of this check's time in a
        /// build (profiled in the compiler server at 1,000 services: docs/performance.md).
        /// </summary>
        internal static bool MayHoldAddress(SourceText text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            var buffer = new char[Math.Min(text.Length, 8192)];
            // Chunks overlap by two characters, so a "://" across a chunk boundary is found.
            for (var start = 0; ; start += buffer.Length - 2)
            {
                var count = Math.Min(buffer.Length, text.Length - start);
                text.CopyTo(start, buffer, 0, count);
                for (var i = 0; i < count; i++)
                {
                    if (buffer[i] == '\\' || (buffer[i] == ':' && i + 2 < count && buffer[i + 1] == '/' && buffer[i + 2] == '/'))
                    {
                        return true;
                    }
                }

                if (start + count >= text.Length)
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// The text an interpolated string starts with (<c>$"https://api.example.com/{id}"</c>), which holds its scheme and
        /// authority. It gets the diagnostic but no code fix.
        /// </summary>
        private static bool StartsInterpolation(SyntaxToken token) =>
            token.IsKind(SyntaxKind.InterpolatedStringTextToken)
            && token.Parent is InterpolatedStringTextSyntax text
            && text.Parent is InterpolatedStringExpressionSyntax interpolation
            && interpolation.Contents.Count > 0 && interpolation.Contents[0] == text;

        /// <summary>The binding and call of a literal that calls a declared host in a way the mesh does not carry; null otherwise.</summary>
        private static (AppBinding Binding, AppCall Call, string Path)? Check(string text, Dictionary<string, AppBinding> byHost)
        {
            if (!(text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || !byHost.TryGetValue(uri.Host, out var binding))
            {
                return null;
            }

            var call = new AppCall(uri.Scheme, uri.Port);
            if (binding.Accepted.Contains(call))
            {
                return null;
            }

            var authorityEnd = text.IndexOfAny(new[] { '/', '?', '#' }, text.IndexOf("://", StringComparison.Ordinal) + 3);
            return (binding, call, authorityEnd < 0 ? string.Empty : text.Substring(authorityEnd));
        }

        private static Diagnostic Create(SyntaxToken token, AppBinding binding, AppCall call, string path)
        {
            var text = token.ValueText;
            var member = binding.Service.CanReceiveMembers
                ? "global::" + binding.Service.MetadataName.Replace("global::", string.Empty) + ".Egress.Address"
                : string.Empty;
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(AddressProperty, binding.Address)
                .Add(MemberProperty, member)
                .Add(PathProperty, path == "/" ? string.Empty : path);
            var shortName = ProjectResolver.ShortName(binding.Service.MetadataName);
            return Diagnostic.Create(
                DiagnosticDescriptors.AppAddressMismatch,
                token.GetLocation(),
                properties,
                text,
                binding.Host,
                call.Scheme,
                call.Port.ToString(CultureInfo.InvariantCulture),
                Reason(binding, call),
                binding.Address,
                binding.Service.CanReceiveMembers ? shortName + ".Egress.Address" : "the address of '" + shortName + "'");
        }

        private static string Reason(AppBinding binding, AppCall call)
        {
            if (binding.MeshOriginatesTls && call.Scheme == AppBinding.Https)
            {
                return "the mesh originates TLS for it, so the application's own TLS would travel inside the mesh's (TLS inside TLS)";
            }

            if (call.Scheme == AppBinding.Http && binding.Accepted.Contains(new AppCall(AppBinding.Https, call.Port)))
            {
                return "port " + call.Port.ToString(CultureInfo.InvariantCulture) + " expects the application's TLS, and the mesh originates none there";
            }

            return "it declares no such port for the application (it carries " + string.Join(", ", binding.Accepted.Select(c => c.Scheme + " on " + c.Port.ToString(CultureInfo.InvariantCulture))) + ")";
        }
    }
}
