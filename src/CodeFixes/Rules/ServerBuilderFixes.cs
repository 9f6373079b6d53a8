using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>Adds a call right after <c>AddMcpServer(...)</c> in the document: <c>.AddMcpServer().WithAuditLog()</c>.</summary>
internal static class ServerBuilderEdits
{
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

/// <summary>MCPSEC030: <c>AddMcpServer().WithToolRateLimits()</c> (60 calls per minute per token, 20 for tools that change things).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoRateLimitCodeFix)), Shared]
public sealed class NoRateLimitCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.NoRateLimit;

    protected override string? Title(Diagnostic diagnostic) => "Limit tool calls per token with WithToolRateLimits()";

    protected override async Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => await ReferencesTypeAsync(document, "McpAnalyzers.Runtime.RateLimiting.ToolRateLimitOptions", cancellationToken).ConfigureAwait(false);

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected override Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ServerBuilderEdits.AppendAsync(document, "WithToolRateLimits", at: null, cancellationToken);
}

/// <summary>MCPSEC040: <c>AddMcpServer().WithAuditLog()</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoAuditLogCodeFix)), Shared]
public sealed class NoAuditLogCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.NoAuditLog;

    protected override string? Title(Diagnostic diagnostic) => "Record every tool call with WithAuditLog()";

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, "McpAnalyzers.Runtime.Audit.AuditOptions", cancellationToken);

    protected override Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ServerBuilderEdits.AppendAsync(document, "WithAuditLog", diagnostic, cancellationToken);
}
