using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.Model;

/// <summary>
/// The tools, prompts and resources declared in source, found file by file and only when asked. A file can declare one
/// only if its text names one of the SDK's primitive attributes (or a global using alias of one): that text scan is
/// kept per syntax tree, and the IDE keeps the trees of unchanged files from one compilation to the next, so after an
/// edit only the edited file is scanned again. The symbols are read per compilation, for the files a caller walks
/// through: a rule that needs one tool (the first that takes no rate-limit lease) binds the declarations of one file,
/// not of every tool class of the project.
/// </summary>
internal sealed class McpPrimitiveIndex
{
    /// <summary>What a file's text may declare: the attribute names are prefixes of their <c>...Attribute</c> and <c>...Type</c> forms.</summary>
    private static readonly string[] AttributeWords = { "McpServerTool", "McpServerPrompt", "McpServerResource" };

    private static readonly ConditionalWeakTable<SyntaxTree, TreeText> TextByTree = new();

    private readonly Compilation _compilation;
    private readonly McpPrimitives _primitives;
    private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<McpPrimitive>> _byTree = new();
    private readonly Lazy<ImmutableArray<string>> _globalAliases;
    private readonly Lazy<ImmutableArray<McpPrimitive>> _all;

    public McpPrimitiveIndex(Compilation compilation, McpPrimitives primitives)
    {
        _compilation = compilation;
        _primitives = primitives;

        // Not cancellable: a Lazy would keep the cancellation as its value for every later caller.
        _globalAliases = new Lazy<ImmutableArray<string>>(() => GlobalAliases(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
        _all = new Lazy<ImmutableArray<McpPrimitive>>(() => ImmutableArray.CreateRange(Enumerate(CancellationToken.None)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Every primitive of the compilation, in file order (computed once, on first use).</summary>
    public ImmutableArray<McpPrimitive> All => _all.Value;

    /// <summary>The primitives file by file, each file read when the enumeration reaches it: stop early to read fewer.</summary>
    public IEnumerable<McpPrimitive> Enumerate(CancellationToken cancellationToken)
    {
        HashSet<IMethodSymbol>? seen = null;
        foreach (var tree in _compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var primitive in InTree(tree, cancellationToken))
            {
                // a partial method is declared in two places (its symbol is the defining part's either way)
                seen ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                if (seen.Add(primitive.Method))
                {
                    yield return primitive;
                }
            }
        }
    }

    /// <summary>The primitives whose declaration (or one of whose declarations) lies in <paramref name="tree"/>.</summary>
    public ImmutableArray<McpPrimitive> InTree(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (_byTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        if (!MayDeclare(tree, cancellationToken))
        {
            return ImmutableArray<McpPrimitive>.Empty;
        }

        var found = Declared(tree, cancellationToken);
        return _byTree.GetOrAdd(tree, found);
    }

    private bool MayDeclare(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = Text(tree, cancellationToken);
        if (text.MentionsAttribute)
        {
            return true;
        }

        // [Tool] with "global using Tool = ModelContextProtocol.Server.McpServerToolAttribute;" in another file
        var aliases = _globalAliases.Value;
        return !aliases.IsEmpty && MentionsWord(tree.GetText(cancellationToken), aliases);
    }

    private ImmutableArray<McpPrimitive> Declared(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<McpPrimitive>();
        SemanticModel? model = null;
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            if (node is not MethodDeclarationSyntax { AttributeLists.Count: > 0 } declaration)
            {
                continue;
            }

#pragma warning disable RS1030 // the declarations of this file only, to read their attributes; no method body is bound
            model ??= _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method)
            {
                continue;
            }

            method = method.PartialDefinitionPart ?? method;
            var kind = _primitives.GetKind(method);
            if (kind != McpPrimitiveKind.None)
            {
                result.Add(new McpPrimitive(method, kind));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The names that global using aliases give the primitive attributes, anywhere in the compilation.</summary>
    private ImmutableArray<string> GlobalAliases(CancellationToken cancellationToken)
    {
        var aliases = ImmutableArray.CreateBuilder<string>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            aliases.AddRange(Text(tree, cancellationToken).GlobalAliases);
        }

        return aliases.ToImmutable();
    }

    private static TreeText Text(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (TextByTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        return TextByTree.GetValue(tree, t => TreeText.Read(t, cancellationToken));
    }

    private static bool MentionsAttribute(SourceText text) => MentionsWord(text, AttributeWords) || HasUnicodeEscape(text);

    /// <summary>A word of the text that starts with one of <paramref name="prefixes"/> (an identifier, in code, a string or a comment alike).</summary>
    private static bool MentionsWord(SourceText text, IReadOnlyList<string> prefixes)
    {
        var content = text.ToString();
        foreach (var prefix in prefixes)
        {
            for (var at = content.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = content.IndexOf(prefix, at + 1, StringComparison.Ordinal))
            {
                if (at == 0 || !(char.IsLetterOrDigit(content[at - 1]) || content[at - 1] == '_'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A unicode escape could spell any identifier: such a file is always read.</summary>
    private static bool HasUnicodeEscape(SourceText text)
    {
        var content = text.ToString();
        for (var at = content.IndexOf('\\'); at >= 0 && at + 1 < content.Length; at = content.IndexOf('\\', at + 1))
        {
            if (content[at + 1] is 'u' or 'U')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What one file's text says, kept with its syntax tree.</summary>
    private sealed class TreeText
    {
        private TreeText(bool mentionsAttribute, ImmutableArray<string> globalAliases)
        {
            MentionsAttribute = mentionsAttribute;
            GlobalAliases = globalAliases;
        }

        public bool MentionsAttribute { get; }

        /// <summary>Names given to a primitive attribute by a <c>global using</c> alias in this file.</summary>
        public ImmutableArray<string> GlobalAliases { get; }

        public static TreeText Read(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken);
            if (!McpPrimitiveIndex.MentionsAttribute(text))
            {
                return new TreeText(false, ImmutableArray<string>.Empty);
            }

            var aliases = ImmutableArray<string>.Empty;
            if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax root)
            {
                foreach (var directive in root.Usings)
                {
                    if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && directive.Alias is { } alias
                        && MentionsWord(SourceText.From(directive.ToString()), AttributeWords))
                    {
                        aliases = aliases.Add(alias.Name.Identifier.ValueText);
                    }
                }
            }

            return new TreeText(true, aliases);
        }
    }
}
