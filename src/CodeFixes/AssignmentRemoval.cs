using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace McpAnalyzers.CodeFixes;

/// <summary>
/// Removes an option assignment wherever it stands: a statement, an object-initializer member, or the whole
/// expression body of an options lambda (which becomes an empty block).
/// </summary>
internal static class AssignmentRemoval
{
    /// <summary>The new root, or null when the assignment stands where it cannot simply go away.</summary>
    public static SyntaxNode? Remove(SyntaxNode root, AssignmentExpressionSyntax assignment)
        => RemoveCore(root, assignment) is { } removed ? RemoveEmptyPragmaPairs(removed) : null;

    private static SyntaxNode? RemoveCore(SyntaxNode root, AssignmentExpressionSyntax assignment)
    {
        switch (assignment.Parent)
        {
            case ExpressionStatementSyntax statement:
                var keepComments = statement.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
                var removable = statement.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : statement;
                return root.RemoveNode(removable, (keepComments ? SyntaxRemoveOptions.KeepLeadingTrivia : SyntaxRemoveOptions.KeepNoTrivia) | SyntaxRemoveOptions.KeepDirectives);
            case InitializerExpressionSyntax initializer:
                return root.ReplaceNode(initializer, initializer.WithExpressions(initializer.Expressions.Remove(assignment)).WithAdditionalAnnotations(Formatter.Annotation));
            case LambdaExpressionSyntax lambda when lambda.ExpressionBody == assignment:
                return root.ReplaceNode(lambda, lambda.WithExpressionBody(null).WithBlock(SyntaxFactory.Block()));
            default:
                return null;
        }
    }

    /// <summary>
    /// Removes a <c>#pragma warning disable X</c> directly followed by <c>#pragma warning restore X</c>: the pair that
    /// silenced a warning (CS0618 on an obsolete option) around the statement the fix removed now encloses nothing.
    /// </summary>
    public static SyntaxNode RemoveEmptyPragmaPairs(SyntaxNode root)
    {
        var tokens = root.DescendantTokens()
            .Where(t => t.LeadingTrivia.Count(trivia => trivia.IsKind(SyntaxKind.PragmaWarningDirectiveTrivia)) >= 2)
            .ToList();
        return tokens.Count == 0 ? root : root.ReplaceTokens(tokens, (original, _) => original.WithLeadingTrivia(WithoutEmptyPairs(original.LeadingTrivia)));
    }

    private static SyntaxTriviaList WithoutEmptyPairs(SyntaxTriviaList trivia)
    {
        var list = trivia.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].GetStructure() is not PragmaWarningDirectiveTriviaSyntax disable || !disable.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword))
            {
                continue;
            }

            var next = i + 1;
            while (next < list.Count && (list[next].IsKind(SyntaxKind.WhitespaceTrivia) || list[next].IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                next++;
            }

            if (next < list.Count
                && list[next].GetStructure() is PragmaWarningDirectiveTriviaSyntax restore
                && restore.DisableOrRestoreKeyword.IsKind(SyntaxKind.RestoreKeyword)
                && Codes(disable) == Codes(restore))
            {
                var start = i;
                while (start > 0 && list[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    start--;
                }

                // the line break the removal left in front of the directives, which now stands alone
                if (start > 0 && list[start - 1].IsKind(SyntaxKind.EndOfLineTrivia)
                    && (start == 1 || list[start - 2].IsKind(SyntaxKind.EndOfLineTrivia) || list[start - 2].IsDirective))
                {
                    start--;
                }

                list.RemoveRange(start, next - start + 1);
                i = start - 1;
            }
        }

        return SyntaxFactory.TriviaList(list);
    }

    private static string Codes(PragmaWarningDirectiveTriviaSyntax pragma)
        => string.Join(",", pragma.ErrorCodes.Select(code => code.ToString().Trim()).OrderBy(code => code, System.StringComparer.Ordinal));
}
