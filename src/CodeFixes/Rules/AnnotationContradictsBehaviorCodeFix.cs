using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC072: make the annotation tell the truth: <c>ReadOnly = false</c>, <c>Destructive = true</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AnnotationContradictsBehaviorCodeFix)), Shared]
public sealed class AnnotationContradictsBehaviorCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.AnnotationContradictsBehavior;

    protected override string? Title(Diagnostic diagnostic) => Annotation(diagnostic) switch
    {
        "ReadOnly" => "Mark the tool ReadOnly = false",
        "Destructive" => "Mark the tool Destructive = true",
        _ => null,
    };

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan) is not AttributeArgumentSyntax argument)
        {
            return document;
        }

        var value = Annotation(diagnostic) == "ReadOnly" ? SyntaxKind.FalseLiteralExpression : SyntaxKind.TrueLiteralExpression;
        return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, SyntaxFactory.LiteralExpression(value).WithTriviaFrom(argument.Expression)));
    }

    private static string? Annotation(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(AnnotationContradictsBehaviorAnalyzer.AnnotationKey, out var annotation) ? annotation : null;
}
