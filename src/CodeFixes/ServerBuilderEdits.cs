using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes;

/// <summary>
/// A fix that adds one runtime call to the server builder (<c>.AddMcpServer().WithAuditLog()</c>): offered when the
/// project references the runtime type the call configures and the MCP SDK 2.x it plugs into, and when some
/// <c>AddMcpServer()</c> of the document still lacks the call.
/// </summary>
public abstract class ServerBuilderCallFix : DocumentCodeFix
{
    /// <summary>The extension method to append.</summary>
    protected abstract string Call { get; }

    /// <summary>A runtime type that exists when the project references the runtime that provides <see cref="Call"/>.</summary>
    protected abstract string RuntimeType { get; }

    protected sealed override async Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => await ReferencesTypeAsync(document, RuntimeType, cancellationToken).ConfigureAwait(false)
           && await ServerBuilderEdits.HasSdk2Async(document, cancellationToken).ConfigureAwait(false);

    protected sealed override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected sealed override Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ServerBuilderEdits.AppendAsync(document, Call, cancellationToken);
}

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

    /// <summary>
    /// Appends <paramref name="method"/> to every <c>AddMcpServer(...)</c> of the document whose builder chain does not
    /// call it yet. Idempotent, so it gives the same result from stale diagnostics (dotnet format applies several fixes
    /// from one analysis) and under Fix All.
    /// </summary>
    public static async Task<Document> AppendAsync(Document document, string method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var targets = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddMcpServer" } && !ChainCalls(i, method))
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

    /// <summary>True when the fluent chain that starts at <paramref name="start"/> already calls <paramref name="method"/>.</summary>
    private static bool ChainCalls(InvocationExpressionSyntax start, string method)
    {
        SyntaxNode current = start;
        while (current.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax next } access && access.Expression == current)
        {
            if (access.Name.Identifier.ValueText == method)
            {
                return true;
            }

            current = next;
        }

        return false;
    }
}
