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
}
