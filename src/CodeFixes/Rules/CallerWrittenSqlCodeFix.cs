using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Flow;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC015: check the caller's SQL with <c>SqlGuard.EnsureReadOnly(sql)</c> before it runs.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CallerWrittenSqlCodeFix)), Shared]
public sealed class CallerWrittenSqlCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.CallerWrittenSql;

    /// <summary>
    /// Offered for queries only: wrapping a write in a read-only guard refuses every call, and a procedure name is
    /// not a statement (the message names the remedy for those).
    /// </summary>
    protected override string? Title(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(CallerWrittenSqlAnalyzer.UseKey, out var use) && use == nameof(SqlUseKind.Read)
            ? "Check the SQL with SqlGuard.EnsureReadOnly"
            : null;

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, "McpAnalyzers.Runtime.SqlGuard", cancellationToken);

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await GuardWrapping.FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } value
            ? await GuardWrapping.WrapAsync(document, value, "SqlGuard.EnsureReadOnly(", ")", cancellationToken).ConfigureAwait(false)
            : document;
}
