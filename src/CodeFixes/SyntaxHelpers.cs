using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EgressDsl.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace EgressDsl.CodeFixes
{
    /// <summary>Finding the attribute syntax a diagnostic points at, and editing attribute arguments.</summary>
    internal static class SyntaxHelpers
    {
        /// <summary>The class a <c>typeof</c> argument of the class's first [<paramref name="shortName"/>] names.</summary>
        public static INamedTypeSymbol? TypeArgument(INamedTypeSymbol type, string shortName, string argument,
            CancellationToken cancellationToken)
        {
            var attribute = ClassSnapshot.Read(type, cancellationToken).Attributes.FirstOrDefault(a => a.ShortName == shortName);
            return attribute?.Constant(type.GetAttributes()[attribute.Ordinal], argument)?.Value as INamedTypeSymbol;
        }

        public static SyntaxNode? NodeAt(SyntaxNode root, TextSpan span) =>
            span.End <= root.FullSpan.End ? root.FindNode(span, getInnermostNodeForTie: true) : null;

        public static AttributeArgumentSyntax? ArgumentAt(SyntaxNode root, TextSpan span) =>
            NodeAt(root, span)?.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault();

        public static AttributeSyntax? AttributeAt(SyntaxNode root, TextSpan span) =>
            NodeAt(root, span)?.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();

        /// <summary>The argument's name: <c>Name = value</c>, <c>name: value</c>, or null for a positional argument.</summary>
        public static string? NameOf(AttributeArgumentSyntax argument) =>
            argument.NameEquals?.Name.Identifier.ValueText ?? argument.NameColon?.Name.Identifier.ValueText;

        /// <summary>An attribute's name as written, without namespace or the Attribute suffix.</summary>
        public static string ShortNameOf(AttributeSyntax attribute)
        {
            var name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => attribute.Name.ToString(),
            };
            return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        }

        /// <summary>The attribute's positional (constructor) arguments, in order.</summary>
        public static List<AttributeArgumentSyntax> Positional(AttributeSyntax attribute) =>
            attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList()
                ?? new List<AttributeArgumentSyntax>();

        public static AttributeArgumentSyntax? NamedArgument(AttributeSyntax attribute, string name) =>
            attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

        /// <summary>Adds <c>Name = value</c> at the end of the argument list, creating the list if the attribute has none.</summary>
        public static AttributeSyntax WithNamedArgument(AttributeSyntax attribute, string name, ExpressionSyntax value)
        {
            var argument = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name), SyntaxFactory.Token(SyntaxKind.EqualsToken)
                    .WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
                null,
                value);
            if (attribute.ArgumentList is null)
            {
                return attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)));
            }

            var arguments = attribute.ArgumentList.Arguments;
            var separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
            var list = arguments.Count == 0
                ? SyntaxFactory.SingletonSeparatedList(argument)
                : SyntaxFactory.SeparatedList(arguments.Append(argument), arguments.GetSeparators().Append(separator));
            return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(list));
        }

        public static LiteralExpressionSyntax StringLiteral(string value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));

        public static LiteralExpressionSyntax NumberLiteral(int value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

        /// <summary>A <c>/* TODO: ... */</c> comment before an expression: placeholders the user must fill in say so where they
        /// are.</summary>
        public static T WithTodo<T>(T expression, string todo)
            where T : SyntaxNode =>
            expression.WithLeadingTrivia(SyntaxFactory.Comment("/* TODO: " + todo + " */"), SyntaxFactory.Space);

        /// <summary>
        /// A new attribute list written like <paramref name="anchor"/>: same indentation before it, same line end after
        /// it (comments on the anchor are not copied).
        /// </summary>
        public static AttributeListSyntax AttributeListLike(AttributeListSyntax anchor, AttributeSyntax attribute)
        {
            var indentation = anchor.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            var lineEnd = anchor.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
                ? SyntaxFactory.TriviaList(SyntaxFactory.EndOfLine("\n"))
                : SyntaxFactory.TriviaList(SyntaxFactory.Space);
            if (anchor.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } endOfLine
                && endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lineEnd = SyntaxFactory.TriviaList(endOfLine);
            }

            return SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(lineEnd);
        }

        /// <summary>An attribute named like the EgressDsl attributes already on the class (qualified if they are).</summary>
        public static NameSyntax AttributeName(AttributeListSyntax? anchor, string shortName)
        {
            var qualified = anchor?.Attributes.FirstOrDefault()?.Name is QualifiedNameSyntax q && q.Left.ToString().EndsWith("EgressDsl",
                StringComparison.Ordinal)
                ? q.Left.ToString()
                : null;
            return SyntaxFactory.ParseName(qualified is null ? shortName : qualified + "." + shortName);
        }

        public static AttributeSyntax? Single(List<AttributeSyntax> attributes, string shortName)
        {
            var found = attributes.Where(a => SyntaxHelpers.ShortNameOf(a) == shortName).ToList();
            return found.Count == 1 ? found[0] : null;
        }

        /// <summary>True when every named argument is one of <paramref name="names"/>.</summary>
        public static bool Only(AttributeSyntax attribute, params string[] names) =>
            attribute.ArgumentList?.Arguments.All(a => a.NameColon is null && (a.NameEquals is null
                || names.Contains(a.NameEquals.Name.Identifier.ValueText))) ?? true;

        /// <summary>The expression names the enum member: by its constant value when a semantic model is given, else as written
        /// (<c>X.Member</c>).</summary>
        public static bool IsEnum(ExpressionSyntax? expression, string member, int value, SemanticModel? model,
            CancellationToken cancellationToken)
        {
            if (expression is null)
            {
                return false;
            }

            if (model is not null && model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: int constant })
            {
                return constant == value;
            }

            return expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == member;
        }

        /// <summary>The class with the attribute lists <paramref name="isReplaced"/> accepts replaced by one list holding
        /// <paramref name="attribute"/>, where the first of them stood.</summary>
        public static ClassDeclarationSyntax WithListsReplaced(ClassDeclarationSyntax declaration, Func<AttributeListSyntax,
            bool> isReplaced, AttributeSyntax attribute)
        {
            var lists = declaration.AttributeLists;
            var first = lists.IndexOf(l => isReplaced(l));
            var kept = lists.Where(l => !isReplaced(l)).ToList();
            var replacement = AttributeListLike(lists[first], attribute).WithLeadingTrivia(lists[first].GetLeadingTrivia());
            kept.Insert(lists.Take(first).Count(l => !isReplaced(l)), replacement);
            return declaration.WithAttributeLists(SyntaxFactory.List(kept));
        }
    }
}
