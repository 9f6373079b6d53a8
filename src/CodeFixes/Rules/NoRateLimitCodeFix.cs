using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC030: <c>AddMcpServer().WithToolRateLimits()</c> (60 calls per minute per token, 20 for tools that change things).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoRateLimitCodeFix)), Shared]
public sealed class NoRateLimitCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.NoRateLimit;

    protected override string? Title(Diagnostic diagnostic) => "Limit tool calls per token with WithToolRateLimits()";

    protected override async Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => await ReferencesTypeAsync(document, "McpAnalyzers.Runtime.RateLimiting.ToolRateLimitOptions", cancellationToken).ConfigureAwait(false)
           && await ServerBuilderEdits.HasSdk2Async(document, cancellationToken).ConfigureAwait(false);

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected override Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ServerBuilderEdits.AppendAsync(document, "WithToolRateLimits", at: null, cancellationToken);
}
