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
    }

    /// <summary>
    /// What a diagnostic is about, without a position: the attribute (by its ordinal among the class's attributes) and,
    /// optionally, one of its arguments and one element of an array argument. The analyzer turns it into a location in
    /// the syntax tree of the moment, so the parsed result stays equal when text moves.
    /// </summary>
    internal sealed record ArgumentReference(int AttributeOrdinal, string? ArgumentName, int? Element);

    /// <summary>A diagnostic as data: the descriptor's ID, what it is about (null: the class declaration), and the message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, ArgumentReference? Target, EquatableArray<string> Arguments)
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
