using System.Collections.Generic;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Collects resolution issues and sorts them by the default severity of their descriptor: errors keep their class
    /// out of the output (the generator refuses it even when analyzers are off), warnings and infos are advice. The default severity decides, not .editorconfig: the
    /// generator must refuse a wrong manifest even when the analyzer's error is turned down or off.
    /// </summary>
    internal sealed class IssueList
    {
        private readonly List<ResolutionIssue> errors = new();
        private readonly List<ResolutionIssue> advisories = new();
        private readonly HashSet<string> refusedClasses = new(System.StringComparer.Ordinal);

        public int ErrorCount => errors.Count;

        public EquatableArray<ResolutionIssue> Errors => errors.ToEquatableArray();

        public EquatableArray<ResolutionIssue> Advisories => advisories.ToEquatableArray();

        /// <summary>True when an error was reported for the class: it must not be emitted.</summary>
        public bool IsRefused(string classMetadataName) => refusedClasses.Contains(classMetadataName);

        public void Add(ResolutionIssue issue)
        {
            if (DiagnosticDescriptors.ById(issue.Id).DefaultSeverity == DiagnosticSeverity.Error)
            {
                errors.Add(issue);
                refusedClasses.Add(issue.ClassMetadataName);
            }
            else
            {
                advisories.Add(issue);
            }
        }

        /// <summary>An issue on an argument of the attribute with this ordinal (or <see cref="ResolutionIssue.RoleAttribute"/>).</summary>
        public void Add(DiagnosticDescriptor descriptor, string className, int ordinal, string? argument, int? element, params string[] arguments) =>
            Add(new ResolutionIssue(descriptor.Id, className, ordinal, argument, element, arguments.ToEquatableArray()));

        /// <summary>An issue on an argument of the <paramref name="index"/>-th attribute named <paramref name="shortName"/> of the class.</summary>
        public void AddAt(DiagnosticDescriptor descriptor, string className, string shortName, int index, string? argument, int? element, params string[] arguments) =>
            Add(new ResolutionIssue(descriptor.Id, className, ResolutionIssue.ByShortName, argument, element, arguments.ToEquatableArray(), shortName, index));
    }
}
