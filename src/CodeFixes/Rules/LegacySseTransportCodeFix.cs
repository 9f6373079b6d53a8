using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC063: remove <c>EnableLegacySse = true</c> (the default is off).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacySseTransportCodeFix)), Shared]
public sealed class LegacySseTransportCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.LegacySseTransport;

    protected override string? Title(Diagnostic diagnostic)
        => "Remove the legacy SSE transport";

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var assignment = root?.FindNode(diagnostic.Location.SourceSpan, false, true).FirstAncestorOrSelf<AssignmentExpressionSyntax>();
        if (root is null || assignment is null)
        {
            return document;
        }

        var newRoot = AssignmentRemoval.Remove(root, assignment)
            ?? root.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression).WithTriviaFrom(assignment.Right));
        return document.WithSyntaxRoot(newRoot);
    }
}
