using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.Flow;

/// <summary>
/// The source types that implement an interface or derive from a class, found from what each file's type declarations
/// name in their base lists (read once per syntax tree: the IDE keeps the trees of unchanged files between
/// compilations) and confirmed on the symbols of those candidates only. Answering "who implements IStore?" binds
/// the few declarations that mention IStore (or a type that does, or a using alias), not every type of the project.
/// </summary>
internal sealed class SubtypeIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeDeclarations> Trees = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<INamedTypeSymbol>> _subtypes = new(SymbolEqualityComparer.Default);
    private readonly System.Lazy<Dictionary<string, List<(SyntaxTree Tree, TypeDeclaration Declaration)>>> _byBaseName;

    public SubtypeIndex(Compilation compilation)
    {
        _compilation = compilation;

        // Not cancellable: a Lazy would keep the cancellation as its value for every later caller.
        _byBaseName = new System.Lazy<Dictionary<string, List<(SyntaxTree, TypeDeclaration)>>>(() => IndexByBaseName(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Source types that implement <paramref name="supertype"/> (an interface) or derive from it, directly or not.</summary>
    public ImmutableArray<INamedTypeSymbol> SubtypesOf(INamedTypeSymbol supertype, CancellationToken cancellationToken)
        => _subtypes.GetOrAdd(supertype.OriginalDefinition, s => Find(s, cancellationToken));

    private ImmutableArray<INamedTypeSymbol> Find(INamedTypeSymbol supertype, CancellationToken cancellationToken)
    {
        var index = _byBaseName.Value;
        var result = new List<INamedTypeSymbol>();
        var found = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var names = new Queue<string>();
        var seenNames = new HashSet<string>(System.StringComparer.Ordinal) { supertype.Name, AliasKey };
        names.Enqueue(supertype.Name);
        names.Enqueue(AliasKey);
        while (names.Count > 0)
        {
            if (!index.TryGetValue(names.Dequeue(), out var candidates))
            {
                continue;
            }

            foreach (var (tree, declaration) in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
#pragma warning disable RS1030 // only the declarations whose base lists name the type; no method body is bound
                var model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                if (model.GetDeclaredSymbol(declaration.Syntax, cancellationToken) is not INamedTypeSymbol type
                    || !IsSubtype(type, supertype)
                    || !found.Add(type))
                {
                    continue;
                }

                result.Add(type);
                if (seenNames.Add(type.Name))
                {
                    names.Enqueue(type.Name); // types deriving from this one (or implementing an interface that extends it)
                }
            }
        }

        return result.ToImmutableArray();
    }

    /// <summary>The key under which declarations whose base list names a using alias are kept: any of them may be a subtype.</summary>
    private const string AliasKey = "<alias>";

    /// <summary>Every declaration of the compilation by each simple name in its base list, built once per compilation.</summary>
    private Dictionary<string, List<(SyntaxTree, TypeDeclaration)>> IndexByBaseName(CancellationToken cancellationToken)
    {
        var aliases = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            aliases.UnionWith(Of(tree, cancellationToken).Aliases);
        }

        var index = new Dictionary<string, List<(SyntaxTree, TypeDeclaration)>>(System.StringComparer.Ordinal);
        void Add(string key, SyntaxTree tree, TypeDeclaration declaration)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = new List<(SyntaxTree, TypeDeclaration)>();
            }

            list.Add((tree, declaration));
        }

        foreach (var tree in _compilation.SyntaxTrees)
        {
            foreach (var declaration in Of(tree, cancellationToken).Types)
            {
                foreach (var name in declaration.BaseNames)
                {
                    Add(aliases.Contains(name) ? AliasKey : name, tree, declaration);
                }
            }
        }

        return index;
    }

    private static bool IsSubtype(INamedTypeSymbol type, INamedTypeSymbol supertype)
    {
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, supertype))
        {
            return false;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, supertype))
            {
                return true;
            }
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, supertype))
            {
                return true;
            }
        }

        return false;
    }

    private static TreeDeclarations Of(SyntaxTree tree, CancellationToken cancellationToken)
        => Trees.TryGetValue(tree, out var known) ? known : Trees.GetValue(tree, t => TreeDeclarations.Read(t, cancellationToken));

    /// <summary>A file's type declarations with the simple names in their base lists, and the using aliases it declares.</summary>
    private sealed class TreeDeclarations
    {
        private TreeDeclarations(ImmutableArray<TypeDeclaration> types, ImmutableArray<string> aliases)
        {
            Types = types;
            Aliases = aliases;
        }

        public ImmutableArray<TypeDeclaration> Types { get; }

        public ImmutableArray<string> Aliases { get; }

        public static TreeDeclarations Read(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var types = ImmutableArray.CreateBuilder<TypeDeclaration>();
            var aliases = ImmutableArray.CreateBuilder<string>();
            var root = tree.GetRoot(cancellationToken);

            // Namespaces and type declarations only: member bodies are never walked.
            foreach (var node in root.DescendantNodesAndSelf(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case UsingDirectiveSyntax { Alias: { } alias }:
                        aliases.Add(alias.Name.Identifier.ValueText);
                        break;
                    case BaseTypeDeclarationSyntax { BaseList: { } baseList } type:
                        var names = ImmutableArray.CreateBuilder<string>(baseList.Types.Count);
                        foreach (var baseType in baseList.Types)
                        {
                            if (SimpleName(baseType.Type) is { } simple)
                            {
                                names.Add(simple);
                            }
                        }

                        types.Add(new TypeDeclaration(type, names.ToImmutable()));
                        break;
                }
            }

            return new TreeDeclarations(types.ToImmutable(), aliases.ToImmutable());
        }

        private static string? SimpleName(TypeSyntax type) => type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
            _ => null,
        };
    }

    private sealed class TypeDeclaration
    {
        public TypeDeclaration(BaseTypeDeclarationSyntax syntax, ImmutableArray<string> baseNames)
        {
            Syntax = syntax;
            BaseNames = baseNames;
        }

        public BaseTypeDeclarationSyntax Syntax { get; }

        /// <summary>The simple names in the base list (<c>IStore</c> for <c>Services.IStore</c> and <c>IStore&lt;T&gt;</c>).</summary>
        public ImmutableArray<string> BaseNames { get; }
    }
}
