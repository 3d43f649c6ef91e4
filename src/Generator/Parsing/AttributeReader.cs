using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// Reads one applied attribute: its constructor and named arguments as plain values, and the source location
    /// of any argument (or array element) so a diagnostic lands on the exact text that causes it.
    /// </summary>
    internal sealed class AttributeReader
    {
        private readonly AttributeData data;
        private readonly CancellationToken cancellationToken;
        private AttributeSyntax? syntax;
        private bool syntaxLoaded;

        public AttributeReader(AttributeData data, string shortName, int ordinal, CancellationToken cancellationToken)
        {
            this.data = data;
            ShortName = shortName;
            Ordinal = ordinal;
            this.cancellationToken = cancellationToken;
        }

        public string ShortName { get; }

        /// <summary>The attribute's position among the class's attributes: how later stages refer back to it.</summary>
        public int Ordinal { get; }

        /// <summary>False when the compiler could not bind the attribute (half-typed code): the compiler reports that itself.</summary>
        public bool IsBound => data.AttributeConstructor is not null && !HasErrorArgument();

        private bool HasErrorArgument()
        {
            foreach (var argument in data.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Error)
                {
                    return true;
                }
            }

            foreach (var argument in data.NamedArguments)
            {
                if (argument.Value.Kind == TypedConstantKind.Error)
                {
                    return true;
                }
            }

            return false;
        }

        public TypedConstant? Argument(string name)
        {
            var constructor = data.AttributeConstructor;
            if (constructor is not null)
            {
                for (var i = 0; i < constructor.Parameters.Length && i < data.ConstructorArguments.Length; i++)
                {
                    if (constructor.Parameters[i].Name == name || Capitalize(constructor.Parameters[i].Name) == name)
                    {
                        return data.ConstructorArguments[i];
                    }
                }
            }

            foreach (var pair in data.NamedArguments)
            {
                if (pair.Key == name)
                {
                    return pair.Value;
                }
            }

            return null;
        }

        public bool Has(string name) => Argument(name) is { IsNull: false };

        public int Int(string name) => Argument(name) is { Value: int value } ? value : 0;

        public bool Bool(string name) => Argument(name) is { Value: bool value } && value;

        public string? String(string name) => Argument(name) is { Kind: TypedConstantKind.Primitive, Value: string value } ? value : null;

        /// <summary>The array's elements; a null element stays null so validation can point at it.</summary>
        public ImmutableArray<string?> Strings(string name)
        {
            if (Argument(name) is not { Kind: TypedConstantKind.Array, IsNull: false } constant)
            {
                return ImmutableArray<string?>.Empty;
            }

            var builder = ImmutableArray.CreateBuilder<string?>(constant.Values.Length);
            foreach (var value in constant.Values)
            {
                builder.Add(value.Value as string);
            }

            return builder.MoveToImmutable();
        }

        public int? EnumValue(string name) => Argument(name) is { Kind: TypedConstantKind.Enum, Value: int value } ? value : null;

        public INamedTypeSymbol? Type(string name) => Argument(name) is { Kind: TypedConstantKind.Type, Value: INamedTypeSymbol type } ? type : null;

        /// <summary>Where the whole attribute is written.</summary>
        public Location? AttributeLocation()
        {
            var node = Syntax();
            return node?.GetLocation() ?? data.ApplicationSyntaxReference?.SyntaxTree.GetLocation(data.ApplicationSyntaxReference.Span);
        }

        /// <summary>
        /// Where an argument is written, or one element of an array argument. Falls back to the attribute when the
        /// argument is not written (a default) or cannot be found.
        /// </summary>
        public Location? ArgumentLocation(string name, int? element = null)
        {
            var node = Syntax();
            if (node?.ArgumentList is null)
            {
                return AttributeLocation();
            }

            var arguments = node.ArgumentList.Arguments;
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
                return AttributeLocation();
            }

            var parameterIndex = -1;
            for (var i = 0; i < constructor.Parameters.Length; i++)
            {
                if (constructor.Parameters[i].Name == name || Capitalize(constructor.Parameters[i].Name) == name)
                {
                    parameterIndex = i;
                    break;
                }
            }

            if (parameterIndex < 0)
            {
                return AttributeLocation();
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
                return AttributeLocation();
            }

            var expandedParams = parameter.IsParams && (positional.Count > parameterIndex + 1 || !IsArrayExpression(positional[parameterIndex].Expression));
            if (expandedParams)
            {
                var index = parameterIndex + (element ?? 0);
                return index < positional.Count ? positional[index].Expression.GetLocation() : positional[parameterIndex].GetLocation();
            }

            return ElementLocation(positional[parameterIndex].Expression, element);
        }

        public LocationInfo? ArgumentLocationInfo(string name, int? element = null) => LocationInfo.From(ArgumentLocation(name, element));

        private static bool IsArrayExpression(ExpressionSyntax expression) =>
            expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
            || expression.RawKind == (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionExpression
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
                if (expression.RawKind == (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionExpression)
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

        private AttributeSyntax? Syntax()
        {
            if (!syntaxLoaded)
            {
                syntaxLoaded = true;
                syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            }

            return syntax;
        }

        private static string Capitalize(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
