using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC030: <c>AddMcpServer().WithToolRateLimits()</c> (60 calls per minute per token, 20 for tools that change things).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoRateLimitCodeFix)), Shared]
public sealed class NoRateLimitCodeFix : ServerBuilderCallFix
{
    protected override string RuleId => RuleIdentifiers.NoRateLimit;

    protected override string Call => "WithToolRateLimits";

    protected override string RuntimeType => "McpAnalyzers.Runtime.RateLimiting.ToolRateLimitOptions";

    protected override string? Title(Diagnostic diagnostic) => "Limit tool calls per token with WithToolRateLimits()";
}
