using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Parsing;
using EgressDsl.Generator.Resolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.Generator.Analyzers
{
    /// <summary>
    /// Turns what a diagnostic is about (an <see cref="ArgumentReference"/>) into the source location of the exact text
    /// that causes it: an argument, or one element of an array argument, in the syntax tree of the current compilation,
    /// so <c>#pragma</c> and .editorconfig apply. Falls back to the attribute, then to the class, when the argument is
    /// not written (a default) or cannot be found.
    /// </summary>
    internal static class ArgumentLocator
    {
        public static Location Locate(INamedTypeSymbol type, ArgumentReference? target, CancellationToken cancellationToken)
        {
            var classLocation = type.Locations.FirstOrDefault() ?? Location.None;
            var attributes = type.GetAttributes();
            if (target is null || target.AttributeOrdinal < 0 || target.AttributeOrdinal >= attributes.Length)
            {
                return classLocation;
            }

            var data = attributes[target.AttributeOrdinal];
            if (data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                return classLocation;
            }

            return target.ArgumentName is null ? syntax.GetLocation() : ArgumentLocation(data, syntax, target.ArgumentName, target.Element);
        }

        /// <summary>
        /// What a resolution issue is about: it names its attribute by ordinal, by short name and index, or as the class's
        /// role attribute (also the fallback when it names an attribute the class leaves implicit).
        /// </summary>
        public static ArgumentReference? TargetOf(ResolutionIssue issue, ClassSnapshot snapshot)
        {
            var role = snapshot.Attributes.FirstOrDefault(a => AttributeNames.IsRole(a.ShortName));
            var attribute = issue.AttributeOrdinal switch
            {
                ResolutionIssue.RoleAttribute => role,
                ResolutionIssue.ByShortName => snapshot.Attributes.Where(a => a.ShortName == issue.AttributeShortName).Skip(issue.AttributeIndex).FirstOrDefault(),
                _ => snapshot.Attributes.FirstOrDefault(a => a.Ordinal == issue.AttributeOrdinal),
            };
            if (attribute is null && issue.AttributeOrdinal == ResolutionIssue.ByShortName)
            {
                return role?.AttributeLocation();
            }

            // An issue on an intent's expansion (its route, gateway or upstream) names the low-level argument; the user wrote the intent's.
            var argument = attribute is not null && issue.ArgumentName is { } name && AttributeNames.IsIntent(attribute.ShortName)
                ? Parsing.Intents.IntentExpansion.IntentArgument(attribute.ShortName, name)
                : issue.ArgumentName;
            return attribute is null ? null : new ArgumentReference(attribute.Ordinal, argument, issue.Element);
        }

        private static Location ArgumentLocation(AttributeData data, AttributeSyntax syntax, string name, int? element)
        {
            if (syntax.ArgumentList is null)
            {
                return syntax.GetLocation();
            }

            var arguments = syntax.ArgumentList.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return ElementLocation(argument.Expression, element);
                }
            }

            var constructor = data.AttributeConstructor;
            if (constructor is null)
            {
                return syntax.GetLocation();
            }

            var parameterIndex = -1;
            for (var i = 0; i < constructor.Parameters.Length; i++)
            {
                if (AttributeSnapshot.IsNamed(constructor.Parameters[i].Name, name))
                {
                    parameterIndex = i;
                    break;
                }
            }

            if (parameterIndex < 0)
            {
                return syntax.GetLocation();
            }

            var parameter = constructor.Parameters[parameterIndex];
            var positional = new List<AttributeArgumentSyntax>();
            foreach (var argument in arguments)
            {
                if (argument.NameColon?.Name.Identifier.ValueText == parameter.Name)
                {
                    return ElementLocation(argument.Expression, element);
                }

                if (argument.NameEquals is null && argument.NameColon is null)
                {
                    positional.Add(argument);
                }
            }

            if (parameterIndex >= positional.Count)
            {
                return syntax.GetLocation();
            }

            var expandedParams = parameter.IsParams && (positional.Count > parameterIndex + 1 || !IsArrayExpression(positional[parameterIndex].Expression));
            if (expandedParams)
            {
                var index = parameterIndex + (element ?? 0);
                return index < positional.Count ? positional[index].Expression.GetLocation() : positional[parameterIndex].GetLocation();
            }

            return ElementLocation(positional[parameterIndex].Expression, element);
        }

        private static bool IsArrayExpression(ExpressionSyntax expression) =>
            expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
            || expression.RawKind == (int)SyntaxKind.CollectionExpression
            || expression is LiteralExpressionSyntax { Token.ValueText: "null" };

        private static Location ElementLocation(ExpressionSyntax expression, int? element)
        {
            if (element is int index)
            {
                SeparatedSyntaxList<ExpressionSyntax>? items = expression switch
                {
                    ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
                    ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
                    _ => null,
                };

                if (items is { } list && index < list.Count)
                {
                    return list[index].GetLocation();
                }

                // Collection expressions ([a, b]) exist only in newer Roslyn than our 4.8 floor: find their elements by shape.
                if (expression.RawKind == (int)SyntaxKind.CollectionExpression)
                {
                    var elementIndex = 0;
                    foreach (var child in expression.ChildNodes())
                    {
                        if (elementIndex == index)
                        {
                            return child.GetLocation();
                        }

                        elementIndex++;
                    }
                }
            }

            return expression.GetLocation();
        }
    }
}
