using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes;

/// <summary>Adds a call right after <c>AddMcpServer(...)</c> in the document: <c>.AddMcpServer().WithAuditLog()</c>.</summary>
internal static class ServerBuilderEdits
{
    /// <summary>The runtime's filters plug into the MCP SDK 2.x filter API: no fix for projects on an older SDK.</summary>
    public static async Task<bool> HasSdk2Async(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation?.ReferencedAssemblyNames.Any(a => a.Name == "ModelContextProtocol" && a.Version.Major >= 2) == true;
    }

    public const string DependencyInjection = "Microsoft.Extensions.DependencyInjection";

    /// <summary>The <c>AddMcpServer()</c> invocations of the document, or the one at <paramref name="at"/> when given.</summary>
    public static async Task<Document> AppendAsync(Document document, string method, Diagnostic? at, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var targets = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddMcpServer" }
                        && (at is null || i.Span.Contains(at.Location.SourceSpan) || at.Location.SourceSpan.Contains(((MemberAccessExpressionSyntax)i.Expression).Name.Span)))
            .ToList();
        if (targets.Count == 0)
        {
            return document;
        }

        var newRoot = root.ReplaceNodes(targets, (original, _) =>
            SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, original.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName(method)))
                .WithTrailingTrivia(original.GetTrailingTrivia()));
        return document.WithSyntaxRoot(UsingDirectives.Ensure(newRoot, DependencyInjection));
    }
}
