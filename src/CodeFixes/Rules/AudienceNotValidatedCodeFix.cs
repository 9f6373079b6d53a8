using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC051: validate the audience, with the audience read from configuration (<c>Jwt:Audience</c>) or the
/// environment (<c>JWT_AUDIENCE</c>): <c>ValidateAudience = true</c> plus <c>ValidAudience</c> in the same
/// initializer, <c>options.Audience = ...</c> in an <c>AddJwtBearer</c> lambda; an always-true validator is removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AudienceNotValidatedCodeFix)), Shared]
public sealed class AudienceNotValidatedCodeFix : DocumentCodeFix
{
    private const string ConfigurationKey = "Jwt:Audience";
    private const string EnvironmentVariable = "JWT_AUDIENCE";

    protected override string RuleId => RuleIdentifiers.AudienceNotValidated;

    protected override string? Title(Diagnostic diagnostic)
        => Fix(diagnostic) == "Remove" ? "Remove the always-true validator" : "Validate the token audience (set " + ConfigurationKey + " or " + EnvironmentVariable + ")";

    private static string? Fix(Diagnostic diagnostic) => diagnostic.Properties.TryGetValue(AudienceNotValidatedAnalyzer.FixKey, out var fix) ? fix : null;

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

        switch (fix)
        {
            case "Remove" when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } validator:
                return AssignmentRemoval.Remove(root, validator) is { } removed ? document.WithSyntaxRoot(removed) : document;

            case "True" when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment:
            {
                var lookup = ConfigurationLookup.Expression(ConfigurationKey, EnvironmentVariable, assignment, model, cancellationToken);
                var newRoot = root.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right));
                var initializer = newRoot.FindNode(assignment.Span, false, true).FirstAncestorOrSelf<InitializerExpressionSyntax>();
                if (initializer is not null && !initializer.Expressions.OfType<AssignmentExpressionSyntax>().Any(a => a.Left.ToString() is "ValidAudience" or "ValidAudiences"))
                {
                    var audience = SyntaxFactory.ParseExpression("ValidAudience = " + lookup);
                    newRoot = newRoot.ReplaceNode(initializer, initializer.AddExpressions(audience).WithAdditionalAnnotations(Formatter.Annotation));
                }

                return document.WithSyntaxRoot(newRoot);
            }

            case "AddAudience" when node is LambdaExpressionSyntax lambda:
            {
                var parameter = lambda switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                    ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                    _ => null,
                };
                if (parameter is null)
                {
                    return document;
                }

                var audience = parameter + ".Audience = " + ConfigurationLookup.Expression(ConfigurationKey, EnvironmentVariable, lambda, model, cancellationToken) + ";";
                var newline = root.ToFullString().Contains("\r\n") ? "\r\n" : "\n";
                var indentation = Indentation(lambda);
                var statements = lambda.Block is { } block
                    ? new[] { audience }.Concat(block.Statements.Select(st => st.WithoutTrivia().ToFullString()))
                    : new[] { audience, ((ExpressionSyntax)lambda.Body).WithoutTrivia().ToFullString() + ";" };
                var text = "{" + newline + string.Concat(statements.Select(st => indentation + "    " + st + newline)) + indentation + "}";
                var newBlock = ((BlockSyntax)SyntaxFactory.ParseStatement(text)).WithLeadingTrivia(SyntaxFactory.EndOfLine(newline), SyntaxFactory.Whitespace(indentation));
                var newLambda = lambda.WithArrowToken(lambda.ArrowToken.WithTrailingTrivia()).WithExpressionBody(null).WithBlock(newBlock).WithTriviaFrom(lambda);
                return document.WithSyntaxRoot(root.ReplaceNode(lambda, newLambda));
            }

            default:
                return document;
        }
    }

    /// <summary>The leading white space of the line the node starts on.</summary>
    private static string Indentation(SyntaxNode node)
    {
        var text = node.SyntaxTree.GetText();
        var line = text.Lines.GetLineFromPosition(node.SpanStart).ToString();
        return line.Substring(0, line.Length - line.TrimStart().Length);
    }
}
