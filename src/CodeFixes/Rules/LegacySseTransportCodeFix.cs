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
public sealed class LegacySseTransportCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.LegacySseTransport);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Remove the legacy SSE transport", ct => ApplyAsync(context.Document, diagnostic, ct), nameof(LegacySseTransportCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
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
