using System.Linq;
using EgressDsl.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EgressDsl.Generator.Diagnostics
{
    /// <summary>
    /// A source position as plain data: a <see cref="Location"/> holds its syntax tree, which would keep old
    /// compilations' trees alive inside cached pipeline steps.
    /// </summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
        {
            if (location is null || location.SourceTree is null)
            {
                return null;
            }

            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }

        /// <summary>An external-file location: fine for the generator's own "not generated" errors, which are not meant to be suppressed.</summary>
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        /// <summary>
        /// The location in the real syntax tree, so #pragma and .editorconfig apply: searched among the class's
        /// declarations first, then among the compilation's trees.
        /// </summary>
        public static Location ToSourceLocation(LocationInfo? info, INamedTypeSymbol type, Compilation? compilation = null)
        {
            if (info is null)
            {
                return type.Locations.FirstOrDefault() ?? Location.None;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree.FilePath == info.FilePath)
                {
                    return reference.SyntaxTree.GetLocation(info.Span);
                }
            }

            foreach (var tree in compilation?.SyntaxTrees ?? Enumerable.Empty<SyntaxTree>())
            {
                if (tree.FilePath == info.FilePath)
                {
                    return tree.GetLocation(info.Span);
                }
            }

            return info.ToLocation();
        }
    }

    /// <summary>A diagnostic as data: the descriptor's ID, where, and the message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public DiagnosticDescriptor Descriptor => DiagnosticDescriptors.ById(Id);

        public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;

        public Diagnostic ToDiagnostic(Location location) =>
            Diagnostic.Create(Descriptor, location, MessageArguments());

        private object[] MessageArguments()
        {
            var arguments = new object[Arguments.Count];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Arguments[i];
            }

            return arguments;
        }
    }
}
