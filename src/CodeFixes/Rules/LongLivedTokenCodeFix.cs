using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC050: cap the lifetime at the maximum (<c>DateTime.UtcNow.AddDays(90)</c>, <c>TimeSpan.FromDays(90)</c>),
/// turn <c>ValidateLifetime</c>/<c>RequireExpirationTime</c> back on, remove an always-true lifetime validator.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LongLivedTokenCodeFix)), Shared]
public sealed class LongLivedTokenCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.LongLivedToken;

    protected override string? Title(Diagnostic diagnostic) => Fix(diagnostic) switch
    {
        "True" => "Turn lifetime validation on",
        "Remove" => "Remove the always-true validator",
        _ => "Cap the token lifetime",
    };

    private static string? Fix(Diagnostic diagnostic) => diagnostic.Properties.TryGetValue(LongLivedTokenAnalyzer.FixKey, out var fix) ? fix : null;

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var fix = Fix(diagnostic);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(diagnostic.Location.SourceSpan, false, true);
        if (root is null || model is null || node is null)
        {
            return document;
        }

        var assignment = node.FirstAncestorOrSelf<AssignmentExpressionSyntax>();
        switch (fix)
        {
            case "True" when assignment is not null:
                return document.WithSyntaxRoot(root.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right)));
            case "Remove" when assignment is not null:
                return AssignmentRemoval.Remove(root, assignment) is { } removed ? document.WithSyntaxRoot(removed) : document;
        }

        var value = assignment?.Right ?? (node as ArgumentSyntax)?.Expression ?? node.FirstAncestorOrSelf<ArgumentSyntax>()?.Expression;
        if (value is null)
        {
            return document;
        }

        var days = diagnostic.Properties.TryGetValue(LongLivedTokenAnalyzer.MaxDaysKey, out var max) ? max : "90";
        var type = model.GetTypeInfo(value, cancellationToken).ConvertedType;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        var capped = type?.Name switch
        {
            "TimeSpan" => "System.TimeSpan.FromDays(" + days + ")",
            "DateTimeOffset" => "System.DateTimeOffset.UtcNow.AddDays(" + days + ")",
            _ => "System.DateTime.UtcNow.AddDays(" + days + ")",
        };
        return document.WithSyntaxRoot(root.ReplaceNode(value, SyntaxFactory.ParseExpression(capped).WithTriviaFrom(value)));
    }
}
