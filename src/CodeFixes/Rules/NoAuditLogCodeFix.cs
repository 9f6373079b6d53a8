using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC040: <c>AddMcpServer().WithAuditLog()</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoAuditLogCodeFix)), Shared]
public sealed class NoAuditLogCodeFix : ServerBuilderCallFix
{
    protected override string RuleId => RuleIdentifiers.NoAuditLog;

    protected override string Call => "WithAuditLog";

    protected override string RuntimeType => "McpAnalyzers.Runtime.Audit.AuditOptions";

    protected override string? Title(Diagnostic diagnostic) => "Record every tool call with WithAuditLog()";
}
