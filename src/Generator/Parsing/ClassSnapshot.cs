using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// The EgressDsl attributes of one class copied out of the compilation as plain values: everything
    /// <see cref="ClassParser"/> needs, and nothing else.
    /// </summary>
    /// <remarks>
    /// Roslyn runs the <c>ForAttributeWithMetadataName</c> transform again for every attributed class after any edit,
    /// because the compilation changed. The transform therefore only copies values (a few microseconds a class), and
    /// validation and model building run in the next step, which Roslyn skips when the copy equals the last one. Positions
    /// stay out of the copy, except the role attribute's (for the generator's own "not generated" error), so moving a
    /// class down a file re-parses nothing.
    /// </remarks>
    internal sealed record ClassSnapshot(ClassIdentity Identity, EquatableArray<AttributeSnapshot> Attributes, LocationInfo? RoleAttributeLocation)
    {
        // Reused by each thread's reads: only the final array of a class's attributes is allocated.
        [System.ThreadStatic]
        private static List<AttributeSnapshot>? AttributeBuffer;

        public static ClassSnapshot Read(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var attributes = AttributeBuffer ??= new List<AttributeSnapshot>();
            attributes.Clear();
            LocationInfo? roleLocation = null;
            var ordinal = 0;
            foreach (var data in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (AttributeNames.ShortNameOf(data.AttributeClass) is { } shortName)
                {
                    attributes.Add(AttributeSnapshot.Read(data, shortName, ordinal));
                    if (roleLocation is null && AttributeNames.IsRole(shortName) && data.ApplicationSyntaxReference is { } reference)
                    {
                        roleLocation = LocationInfo.From(reference.SyntaxTree.GetLocation(reference.Span));
                    }
                }

                ordinal++;
            }

            return new ClassSnapshot(IdentityOf(type), EquatableArray<AttributeSnapshot>.Own(attributes.ToArray()), roleLocation);
        }

        /// <summary>How generated code and messages name a type: <c>global::Namespace.Outer.Name</c>.</summary>
        /// <remarks>
        /// Built by hand when every part is a plain identifier of a non-generic type, which is what
        /// <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/> gives then: its display visitor was a measurable share of
        /// the copy that runs for every class and every <c>typeof</c> on every edit. Anything else takes the visitor.
        /// </remarks>
        public static string MetadataNameOf(INamedTypeSymbol type)
        {
            if (type.IsGenericType || !IsPlainIdentifier(type.Name))
            {
                return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }

            if (type.ContainingType is { } containing)
            {
                var outer = MetadataNameOf(containing);
                return outer.StartsWith("global::", System.StringComparison.Ordinal) && outer.IndexOf('<') < 0
                    ? outer + "." + type.Name
                    : type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }

            if (type.ContainingNamespace is not { IsGlobalNamespace: false })
            {
                return "global::" + type.Name;
            }

            return PlainNamespace(type.ContainingNamespace) is { } ns
                ? string.Concat("global::", ns, ".", type.Name)
                : type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        /// <summary>The namespace as <c>ToDisplayString()</c> writes it (empty for the global namespace), by hand for plain identifiers.</summary>
        public static string NamespaceOf(INamedTypeSymbol type) =>
            type.ContainingNamespace is not { IsGlobalNamespace: false } containing ? string.Empty
            : PlainNamespace(containing) ?? containing.ToDisplayString();

        /// <summary>"A.B.C" when every part is a plain identifier, otherwise null.</summary>
        private static string? PlainNamespace(INamespaceSymbol ns)
        {
            if (!IsPlainIdentifier(ns.Name))
            {
                return null;
            }

            if (ns.ContainingNamespace is not { IsGlobalNamespace: false } parent)
            {
                return ns.Name;
            }

            return PlainNamespace(parent) is { } outer ? outer + "." + ns.Name : null;
        }

        private static bool IsPlainIdentifier(string name) =>
            name.Length > 0 && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        private static ClassIdentity IdentityOf(INamedTypeSymbol type)
        {
            var containing = EquatableArray<string>.Empty;
            var keywords = EquatableArray<string>.Empty;
            var canReceiveMembers = IsPartialNonGeneric(type);
            if (type.ContainingType is not null)
            {
                var containingNames = new List<string>();
                var containingKeywords = new List<string>();
                for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    containingNames.Insert(0, outer.Name);
                    containingKeywords.Insert(0, Keyword(outer));
                    canReceiveMembers &= IsPartialNonGeneric(outer);
                }

                containing = EquatableArray<string>.Own(containingNames.ToArray());
                keywords = EquatableArray<string>.Own(containingKeywords.ToArray());
            }

            var ns = NamespaceOf(type);
            return new ClassIdentity(MetadataNameOf(type), ns, type.Name, containing, canReceiveMembers, Keyword(type), keywords);
        }

        /// <summary>The keyword a partial declaration of the type needs: a record class is declared with <c>record</c>.</summary>
        private static string Keyword(INamedTypeSymbol type) => type.IsRecord ? "record" : "class";

        private static bool IsPartialNonGeneric(INamedTypeSymbol type)
        {
            if (type.IsGenericType || type.TypeKind != TypeKind.Class)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration)
                {
                    foreach (var modifier in declaration.Modifiers)
                    {
                        if (modifier.ValueText == "partial")
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }

    /// <summary>
    /// One applied EgressDsl attribute as values: constructor arguments under their (capitalised) parameter names, then
    /// named arguments. <see cref="Ordinal"/> is its position among all the class's attributes, which is how diagnostics
    /// point back at it.
    /// </summary>
    internal sealed record AttributeSnapshot(string ShortName, int Ordinal, bool IsBound, EquatableArray<ArgumentSnapshot> Arguments)
    {
        public static AttributeSnapshot Read(AttributeData data, string shortName, int ordinal)
        {
            var constructorArguments = data.ConstructorArguments;
            var namedArguments = data.NamedArguments;
            var constructor = data.AttributeConstructor;
            // Read once: Roslyn builds a new parameter array on every call of the public Parameters property.
            var parameters = constructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            var positional = System.Math.Min(parameters.Length, constructorArguments.Length);
            var arguments = new ArgumentSnapshot[positional + namedArguments.Length];
            var isBound = constructor is not null;
            for (var i = 0; i < positional; i++)
            {
                isBound &= constructorArguments[i].Kind != TypedConstantKind.Error;
                arguments[i] = ArgumentSnapshot.Of(parameters[i].Name, constructorArguments[i]);
            }

            for (var i = 0; i < namedArguments.Length; i++)
            {
                isBound &= namedArguments[i].Value.Kind != TypedConstantKind.Error;
                arguments[positional + i] = ArgumentSnapshot.Of(namedArguments[i].Key, namedArguments[i].Value);
            }

            return new AttributeSnapshot(shortName, ordinal, isBound, EquatableArray<ArgumentSnapshot>.Own(arguments));
        }

        /// <summary>
        /// True when an argument or parameter name is the name the parser asks for: the parser spells arguments as the
        /// properties are spelled, and a constructor parameter differs from its property only in its first letter's case.
        /// </summary>
        public static bool IsNamed(string? argumentName, string name) =>
            argumentName is not null
            && argumentName.Length == name.Length
            && (argumentName == name || (char.ToUpperInvariant(argumentName[0]) == name[0] && string.CompareOrdinal(argumentName, 1, name, 1, name.Length - 1) == 0));

        public ArgumentSnapshot? Argument(string name)
        {
            foreach (var argument in Arguments)
            {
                if (IsNamed(argument.Name, name))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// The constant behind <see cref="Argument"/> in the attribute this snapshot was read from, for code that needs
        /// the symbol a <c>typeof</c> names (code fixes): arguments are kept in the attribute's own order.
        /// </summary>
        public TypedConstant? Constant(AttributeData data, string name)
        {
            for (var i = 0; i < Arguments.Count; i++)
            {
                if (IsNamed(Arguments[i].Name, name))
                {
                    var constructorCount = data.ConstructorArguments.Length;
                    return i < constructorCount ? data.ConstructorArguments[i]
                        : i - constructorCount < data.NamedArguments.Length ? data.NamedArguments[i - constructorCount].Value
                        : null;
                }
            }

            return null;
        }

        public bool Has(string name) => Argument(name) is { IsNull: false };

        public int Int(string name) => Argument(name) is { Value: int value } ? value : 0;

        public bool Bool(string name) => Argument(name) is { Value: bool value } && value;

        public string? String(string name) => Argument(name) is { Kind: TypedConstantKind.Primitive, Value: string value } ? value : null;

        /// <summary>The array's elements; a null element stays null so validation can point at it.</summary>
        public string?[] Strings(string name)
        {
            if (Argument(name) is not { Kind: TypedConstantKind.Array, IsNull: false } array)
            {
                return System.Array.Empty<string?>();
            }

            var values = new string?[array.Elements.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = array.Elements[i].Value as string;
            }

            return values;
        }

        public int? EnumValue(string name) => Argument(name) is { Kind: TypedConstantKind.Enum, Value: int value } ? value : null;

        public TypeReference? Type(string name) => Argument(name) is { Kind: TypedConstantKind.Type, Value: TypeReference type } ? type : null;

        /// <summary>The whole attribute, for a diagnostic about it.</summary>
        public ArgumentReference AttributeLocation() => new(Ordinal, null, null);

        /// <summary>An argument, or one element of an array argument, for a diagnostic about it.</summary>
        public ArgumentReference ArgumentLocation(string name, int? element = null) => new(Ordinal, name, element);
    }

    /// <summary>
    /// One argument (or array element, without a name) as a value: a <see cref="TypedConstant"/> without symbols. A
    /// struct, so an attribute's arguments are one array rather than an object each.
    /// Primitives and enum values stay boxed as Roslyn holds them (compared by value), a <c>typeof</c> becomes a
    /// <see cref="TypeReference"/>, an array its elements. Constructor arguments keep their parameter's name.
    /// </summary>
    internal readonly record struct ArgumentSnapshot(string? Name, TypedConstantKind Kind, object? Value, bool IsNull, EquatableArray<ArgumentSnapshot> Elements)
    {
        public static ArgumentSnapshot Of(string? name, TypedConstant constant)
        {
            switch (constant.Kind)
            {
                case TypedConstantKind.Array:
                    if (constant.IsNull)
                    {
                        return new ArgumentSnapshot(name, constant.Kind, null, true, EquatableArray<ArgumentSnapshot>.Empty);
                    }

                    var values = constant.Values;
                    var elements = new ArgumentSnapshot[values.Length];
                    for (var i = 0; i < elements.Length; i++)
                    {
                        elements[i] = Of(null, values[i]);
                    }

                    return new ArgumentSnapshot(name, constant.Kind, null, false, EquatableArray<ArgumentSnapshot>.Own(elements));
                case TypedConstantKind.Type:
                    return new ArgumentSnapshot(name, constant.Kind, constant.Value is INamedTypeSymbol type ? TypeReference.Of(type) : null, constant.IsNull, EquatableArray<ArgumentSnapshot>.Empty);
                case TypedConstantKind.Error:
                    return new ArgumentSnapshot(name, constant.Kind, null, true, EquatableArray<ArgumentSnapshot>.Empty);
                default:
                    return new ArgumentSnapshot(name, constant.Kind, constant.Value, constant.IsNull, EquatableArray<ArgumentSnapshot>.Empty);
            }
        }
    }

    /// <summary>
    /// A class named by <c>typeof</c> in an attribute: its names, and which EgressDsl role it has, read when the
    /// referencing class is read, so a change to the referenced class's role re-parses the reference too.
    /// </summary>
    internal sealed record TypeReference(string MetadataName, string Name, bool IsExternalService, bool IsEgressGateway)
    {
        public static TypeReference Of(INamedTypeSymbol type)
        {
            var isExternalService = false;
            var isEgressGateway = false;
            foreach (var attribute in type.GetAttributes())
            {
                var shortName = AttributeNames.ShortNameOf(attribute.AttributeClass);
                isExternalService |= shortName == AttributeNames.ExternalServiceShort;
                isEgressGateway |= shortName == AttributeNames.EgressGatewayShort;
            }

            return new TypeReference(ClassSnapshot.MetadataNameOf(type), type.Name, isExternalService, isEgressGateway);
        }
    }
}
