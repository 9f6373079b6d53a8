using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC040: <c>AddMcpServer().WithAuditLog()</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoAuditLogCodeFix)), Shared]
public sealed class NoAuditLogCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.NoAuditLog;

    protected override string? Title(Diagnostic diagnostic) => "Record every tool call with WithAuditLog()";

    protected override async Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => await ReferencesTypeAsync(document, "McpAnalyzers.Runtime.Audit.AuditOptions", cancellationToken).ConfigureAwait(false)
           && await ServerBuilderEdits.HasSdk2Async(document, cancellationToken).ConfigureAwait(false);

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected override Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ServerBuilderEdits.AppendAsync(document, "WithAuditLog", diagnostic, cancellationToken);
}
