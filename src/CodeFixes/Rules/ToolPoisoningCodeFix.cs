using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Model;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC070: strip invisible, bidi, tag and control characters from the literal. Phrases and pseudo-tags are rewritten by hand.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ToolPoisoningCodeFix)), Shared]
public sealed class ToolPoisoningCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.ToolPoisoning;

    protected override string? Title(Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(ToolPoisoningAnalyzer.StripKey) ? "Remove invisible and control characters" : null;

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, false, true) is not LiteralExpressionSyntax literal)
        {
            return document;
        }

        var cleaned = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(HiddenInstructions.Strip(literal.Token.ValueText)))
            .WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, cleaned));
    }
}
