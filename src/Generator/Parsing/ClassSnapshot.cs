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
    internal sealed partial record ClassSnapshot(ClassIdentity Identity, EquatableArray<AttributeSnapshot> Attributes, LocationInfo? RoleAttributeLocation)
    {
        // Reused by each thread's reads: only the final array of a class's attributes is allocated.
        [System.ThreadStatic]
        private static List<AttributeSnapshot>? AttributeBuffer;

        /// <summary>A new snapshot, copied from the symbol.</summary>
        public static ClassSnapshot Build(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            Build(type, RoleAttributeReference(type), cancellationToken);

        private static ClassSnapshot Build(INamedTypeSymbol type, SyntaxReference? role, CancellationToken cancellationToken)
        {
            var attributes = AttributeBuffer ??= new List<AttributeSnapshot>();
            attributes.Clear();
            var ordinal = 0;
            foreach (var data in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (AttributeNames.ShortNameOf(data.AttributeClass) is { } shortName)
                {
                    attributes.Add(AttributeSnapshot.Read(data, shortName, ordinal));
                }

                ordinal++;
            }

            var roleLocation = role is null ? null : LocationInfo.From(role.SyntaxTree.GetLocation(role.Span));
            return new ClassSnapshot(IdentityOf(type), EquatableArray<AttributeSnapshot>.Own(attributes.ToArray()), roleLocation);
        }

        /// <summary>Where the class's first role attribute ([ExternalService], [EgressGateway] or [EgressRoute]) is written.</summary>
        private static SyntaxReference? RoleAttributeReference(INamedTypeSymbol type)
        {
            foreach (var data in type.GetAttributes())
            {
                if (AttributeNames.ShortNameOf(data.AttributeClass) is { } shortName && AttributeNames.IsRole(shortName))
                {
                    return data.ApplicationSyntaxReference;
                }
            }

            return null;
        }

        /// <summary>
        /// True when <see cref="Build(INamedTypeSymbol, CancellationToken)"/> would give a snapshot equal to this one,
        /// checked against the symbol without building anything.
        /// </summary>
        private bool Matches(INamedTypeSymbol type, SyntaxReference? role, CancellationToken cancellationToken)
        {
            if (!MatchesIdentity(type))
            {
                return false;
            }

            var next = 0;
            var ordinal = 0;
            foreach (var data in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (AttributeNames.ShortNameOf(data.AttributeClass) is { } shortName)
                {
                    if (next >= Attributes.Count || !Attributes[next].Matches(data, shortName, ordinal))
                    {
                        return false;
                    }

                    next++;
                }

                ordinal++;
            }

            if (next != Attributes.Count)
            {
                return false;
            }

            if (role is null || RoleAttributeLocation is null)
            {
                return role is null && RoleAttributeLocation is null;
            }

            return RoleAttributeLocation.FilePath == role.SyntaxTree.FilePath
                && RoleAttributeLocation.Span == role.Span
                && RoleAttributeLocation.LineSpan == role.SyntaxTree.GetLineSpan(role.Span).Span;
        }

        private bool MatchesIdentity(INamedTypeSymbol type)
        {
            if (Identity.Name != type.Name || Identity.Keyword != Keyword(type) || !IsMetadataNameOf(Identity.MetadataName, type) || !IsNamespaceOf(Identity.Namespace, type))
            {
                return false;
            }

            var canReceiveMembers = IsPartialNonGeneric(type);
            var index = Identity.ContainingTypes.Count - 1;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType, index--)
            {
                if (index < 0 || Identity.ContainingTypes[index] != outer.Name || Identity.ContainingKeywords.Count <= index || Identity.ContainingKeywords[index] != Keyword(outer))
                {
                    return false;
                }

                canReceiveMembers &= IsPartialNonGeneric(outer);
            }

            return index == -1 && canReceiveMembers == Identity.CanReceiveMembers;
        }

        /// <summary>
        /// True when <paramref name="name"/> is what <see cref="MetadataNameOf"/> gives for the type; compared from the end,
        /// part by part, against the parts joined as it joins plain identifiers.
        /// </summary>
        /// <remarks>
        /// A part that is not a plain identifier is a keyword written with <c>@</c>, which the display visitor writes with its
        /// <c>@</c>: the joined parts then never equal its text, so the answer is false, as it should be. Checking each part
        /// for plainness first would give the same answers, at a cost on every class after every edit.
        /// </remarks>
        public static bool IsMetadataNameOf(string name, INamedTypeSymbol type)
        {
            var end = name.Length;
            for (var part = type; part is not null; part = part.ContainingType)
            {
                if (part.IsGenericType || !TakeEnd(name, ref end, part.Name) || !TakeEnd(name, ref end, part.ContainingType is null && part.ContainingNamespace is { IsGlobalNamespace: true } ? "global::" : "."))
                {
                    return false;
                }
            }

            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (!TakeEnd(name, ref end, ns.Name) || !TakeEnd(name, ref end, ns.ContainingNamespace is { IsGlobalNamespace: true } ? "global::" : "."))
                {
                    return false;
                }
            }

            return end == 0;
        }

        /// <summary>
        /// True when <paramref name="name"/> is what <see cref="NamespaceOf"/> gives for the type's namespace: its parts
        /// joined with dots, which is also what the display visitor writes unless a part needs an <c>@</c> (see
        /// <see cref="IsMetadataNameOf"/>).
        /// </summary>
        private static bool IsNamespaceOf(string name, INamedTypeSymbol type)
        {
            var end = name.Length;
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (!TakeEnd(name, ref end, ns.Name) || (ns.ContainingNamespace is { IsGlobalNamespace: false } && !TakeEnd(name, ref end, ".")))
                {
                    return false;
                }
            }

            return end == 0;
        }

        /// <summary>Steps back over <paramref name="part"/> when <paramref name="text"/> has it just before <paramref name="end"/>.</summary>
        private static bool TakeEnd(string text, ref int end, string part)
        {
            if (end < part.Length || string.CompareOrdinal(text, end - part.Length, part, 0, part.Length) != 0)
            {
                return false;
            }

            end -= part.Length;
            return true;
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

        /// <summary>True when <see cref="Read"/> would give a snapshot equal to this one for the attribute.</summary>
        public bool Matches(AttributeData data, string shortName, int ordinal)
        {
            if (ShortName != shortName || Ordinal != ordinal)
            {
                return false;
            }

            var constructorArguments = data.ConstructorArguments;
            var namedArguments = data.NamedArguments;
            var constructor = data.AttributeConstructor;
            var parameters = constructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            var positional = System.Math.Min(parameters.Length, constructorArguments.Length);
            if (Arguments.Count != positional + namedArguments.Length)
            {
                return false;
            }

            var isBound = constructor is not null;
            for (var i = 0; i < positional; i++)
            {
                isBound &= constructorArguments[i].Kind != TypedConstantKind.Error;
                if (!Arguments[i].Matches(parameters[i].Name, constructorArguments[i]))
                {
                    return false;
                }
            }

            for (var i = 0; i < namedArguments.Length; i++)
            {
                isBound &= namedArguments[i].Value.Kind != TypedConstantKind.Error;
                if (!Arguments[positional + i].Matches(namedArguments[i].Key, namedArguments[i].Value))
                {
                    return false;
                }
            }

            return isBound == IsBound;
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
        /// <summary>True when <see cref="Of"/> would give a value equal to this one for the constant.</summary>
        public bool Matches(string? name, TypedConstant constant)
        {
            if (Name != name || Kind != constant.Kind)
            {
                return false;
            }

            switch (constant.Kind)
            {
                case TypedConstantKind.Array:
                    if (constant.IsNull || IsNull)
                    {
                        return constant.IsNull && IsNull;
                    }

                    var values = constant.Values;
                    if (values.Length != Elements.Count)
                    {
                        return false;
                    }

                    for (var i = 0; i < values.Length; i++)
                    {
                        if (!Elements[i].Matches(null, values[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                case TypedConstantKind.Type:
                    return IsNull == constant.IsNull
                        && (constant.Value is INamedTypeSymbol type ? Value is TypeReference reference && reference.Matches(type) : Value is null);
                case TypedConstantKind.Error:
                    return true;
                default:
                    return IsNull == constant.IsNull && Equals(Value, constant.Value);
            }
        }

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
            var (isExternalService, isEgressGateway) = RolesOf(type);
            return new TypeReference(ClassSnapshot.MetadataNameOf(type), type.Name, isExternalService, isEgressGateway);
        }

        /// <summary>True when <see cref="Of"/> would give a reference equal to this one for the type.</summary>
        public bool Matches(INamedTypeSymbol type) =>
            Name == type.Name && ClassSnapshot.IsMetadataNameOf(MetadataName, type) && RolesOf(type) == (IsExternalService, IsEgressGateway);

        private static (bool IsExternalService, bool IsEgressGateway) RolesOf(INamedTypeSymbol type)
        {
            var isExternalService = false;
            var isEgressGateway = false;
            foreach (var attribute in type.GetAttributes())
            {
                var shortName = AttributeNames.ShortNameOf(attribute.AttributeClass);
                // A [MeshHost] is routed to like an external service; only its output differs.
                isExternalService |= AttributeNames.IsService(shortName);
                isEgressGateway |= shortName == AttributeNames.EgressGatewayShort;
            }

            return (isExternalService, isEgressGateway);
        }
    }
}
