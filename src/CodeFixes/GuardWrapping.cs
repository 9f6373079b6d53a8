using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes;

/// <summary>Wraps a flagged value in a runtime guard call and adds the runtime's namespace.</summary>
internal static class GuardWrapping
{
    public const string RuntimeNamespace = "McpAnalyzers.Runtime";

    /// <summary>Replaces <paramref name="value"/> with <c>prefix + value + suffix</c>.</summary>
    public static Task<Document> WrapAsync(Document document, ExpressionSyntax value, string prefix, string suffix, CancellationToken cancellationToken)
    {
        var wrapped = SyntaxFactory.ParseExpression(prefix + value.WithoutTrivia().ToFullString() + suffix)
            .WithTriviaFrom(value)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        return ReplaceAsync(document, value, wrapped, cancellationToken);
    }

    /// <summary>Replaces a node and adds the runtime's namespace.</summary>
    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        return document.WithSyntaxRoot(UsingDirectives.Ensure(root.ReplaceNode(node, replacement), RuntimeNamespace));
    }

    /// <summary>The expression a diagnostic points at.</summary>
    public static async Task<ExpressionSyntax?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, false, true) switch
        {
            ArgumentSyntax argument => argument.Expression,
            ExpressionSyntax expression => expression,
            _ => null,
        };
    }

    /// <summary>Wraps every non-constant part of an interpolated string or concatenation; false when the value is neither.</summary>
    public static bool TryWrapParts(ExpressionSyntax value, SemanticModel model, string prefix, string suffix, out ExpressionSyntax result)
    {
        result = value;
        switch (value)
        {
            case InterpolatedStringExpressionSyntax interpolated:
            {
                var contents = interpolated.Contents;
                foreach (var hole in interpolated.Contents.OfType<InterpolationSyntax>())
                {
                    if (model.GetConstantValue(hole.Expression).HasValue)
                    {
                        continue;
                    }

                    var replaced = hole.WithExpression(SyntaxFactory.ParseExpression(prefix + hole.Expression.WithoutTrivia().ToFullString() + suffix));
                    contents = contents.Replace(contents[interpolated.Contents.IndexOf(hole)], replaced);
                }

                result = interpolated.WithContents(contents);
                return true;
            }

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
            {
                var parts = new System.Collections.Generic.List<ExpressionSyntax>();
                Flatten(binary, parts);
                result = value.ReplaceNodes(parts.Where(p => !model.GetConstantValue(p).HasValue), (original, _) =>
                    SyntaxFactory.ParseExpression(prefix + original.WithoutTrivia().ToFullString() + suffix).WithTriviaFrom(original));
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>Wraps every non-constant element of an array or collection expression; false when the value is neither.</summary>
    public static bool TryWrapElements(ExpressionSyntax value, SemanticModel model, string prefix, string suffix, out ExpressionSyntax result)
    {
        result = value;
        var elements = value switch
        {
            ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.ToList(),
            ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.ToList(),
            CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
            _ => null,
        };
        if (elements is null)
        {
            return false;
        }

        result = value.ReplaceNodes(elements.Where(e => !model.GetConstantValue(e).HasValue), (original, _) =>
            SyntaxFactory.ParseExpression(prefix + original.WithoutTrivia().ToFullString() + suffix).WithTriviaFrom(original));
        return true;
    }

    private static void Flatten(ExpressionSyntax expression, System.Collections.Generic.List<ExpressionSyntax> parts)
    {
        if (expression is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression))
        {
            Flatten(binary.Left, parts);
            Flatten(binary.Right, parts);
        }
        else if (expression is ParenthesizedExpressionSyntax { Expression: BinaryExpressionSyntax inner } && inner.IsKind(SyntaxKind.AddExpression))
        {
            Flatten(inner, parts);
        }
        else
        {
            parts.Add(expression);
        }
    }
}
