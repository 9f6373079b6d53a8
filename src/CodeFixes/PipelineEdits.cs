using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace McpAnalyzers.CodeFixes;

/// <summary>Edits to a minimal-hosting Program: find the app and builder variables, insert statements in order.</summary>
internal static class PipelineEdits
{
    /// <summary>The statement (or top-level statement) that holds the node.</summary>
    public static SyntaxNode? Anchor(SyntaxNode node)
    {
        var statement = node.FirstAncestorOrSelf<StatementSyntax>();
        return statement?.Parent is GlobalStatementSyntax global ? global : statement;
    }

    /// <summary>The <c>MapMcp(...)</c> calls of a document, in document order.</summary>
    public static IEnumerable<InvocationExpressionSyntax> MapMcpCalls(SyntaxNode root)
        => root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapMcp" });

    /// <summary>
    /// The statement of the first endpoint of application <paramref name="app"/> in the document (else
    /// <paramref name="statement"/>): middleware inserted there serves every endpoint after it, and the edit is the same
    /// whichever endpoint's diagnostic asks for it, so Fix All (and dotnet format) makes it once.
    /// </summary>
    public static SyntaxNode FirstEndpointStatement(SyntaxNode root, SyntaxNode statement, string app, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var call in MapMcpCalls(root))
        {
            if (call.SpanStart >= statement.SpanStart)
            {
                break;
            }

            if (Anchor(call) is { } earlier && ApplicationVariable(call, model, cancellationToken) == app)
            {
                return earlier;
            }
        }

        return statement;
    }

    /// <summary>The <c>WebApplication</c> variable the endpoint is mapped on, through <c>MapGroup</c> calls.</summary>
    public static string? ApplicationVariable(InvocationExpressionSyntax mapMcp, SemanticModel model, CancellationToken cancellationToken)
    {
        var receiver = (mapMcp.Expression as MemberAccessExpressionSyntax)?.Expression;
        while (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapGroup" } group })
        {
            receiver = group.Expression;
        }

        return receiver is IdentifierNameSyntax identifier && IsType(model.GetTypeInfo(identifier, cancellationToken).Type, "WebApplication")
            ? identifier.Identifier.ValueText
            : null;
    }

    /// <summary>The statement that calls <c>builder.Build()</c> on a <c>WebApplicationBuilder</c> variable, in this document.</summary>
    public static (SyntaxNode Statement, string Builder)? BuilderBuildStatement(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: IdentifierNameSyntax builder }
                && IsType(model.GetTypeInfo(builder, cancellationToken).Type, "WebApplicationBuilder")
                && Anchor(call) is { } statement)
            {
                return (statement, builder.Identifier.ValueText);
            }
        }

        return null;
    }

    public static bool IsType(ITypeSymbol? type, string name)
        => type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Builder";

    public static void InsertBefore(DocumentEditor editor, SyntaxNode anchor, List<string> statements, string newline)
    {
        if (statements.Count == 0)
        {
            return;
        }

        var indentation = anchor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var nodes = new List<SyntaxNode>();
        foreach (var text in statements)
        {
            var statement = SyntaxFactory.ParseStatement(text)
                .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(newline));
            nodes.Add(anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement);
        }

        editor.InsertBefore(anchor, nodes);
    }
}
