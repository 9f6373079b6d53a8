using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC002: remove <c>[AllowAnonymous]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AnonymousPrimitiveCodeFix)), Shared]
public sealed class AnonymousPrimitiveCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.AnonymousPrimitive;

    protected override string? Title(Diagnostic diagnostic)
        => "Remove [AllowAnonymous]";

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var attribute = root?.FindNode(diagnostic.Location.SourceSpan, false, true)?.FirstAncestorOrSelf<AttributeSyntax>();
        if (root is null || attribute is null)
        {
            return document;
        }

        return document.WithSyntaxRoot(AttributeRemoval.Remove(root, attribute));
    }
}

/// <summary>Removes an attribute, its list when it was alone, and keeps the layout around it.</summary>
internal static class AttributeRemoval
{
    public static SyntaxNode Remove(SyntaxNode root, AttributeSyntax attribute)
    {
        if (attribute.Parent is not AttributeListSyntax list)
        {
            return root;
        }

        if (list.Attributes.Count > 1)
        {
            return root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        if (list.Parent is not { } owner)
        {
            return root;
        }

        var wasFirst = owner.GetFirstToken() == list.GetFirstToken();
        var newOwner = owner.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)!;
        if (wasFirst)
        {
            newOwner = newOwner.WithLeadingTrivia(list.GetLeadingTrivia());
        }

        return root.ReplaceNode(owner, newOwner);
    }
}
