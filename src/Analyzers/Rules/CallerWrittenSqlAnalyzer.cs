using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC015: the tool runs SQL its caller wrote: tool input is the whole command text of a SQL sink (or a raw
/// ORM fragment), with no read-only SQL guard or configured validator before it. SQL that splices tool input
/// into constant text is MCPSEC011's. Reported at the SQL text argument.
/// Its sinks and sanitizers: <see cref="Flow.SqlFamily"/> (and <see cref="Flow.CommonGuards"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallerWrittenSqlAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property: how the SQL runs (<see cref="SqlUseKind"/>). The fix's read-only guard fits only a query:
    /// a write would always be refused, and a procedure name is not a statement.
    /// </summary>
    public const string UseKey = "SqlUse";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC015);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            var tables = TaintEngine.Get(mcp).Tables;
            FlowEntryPoints.RegisterSinkRule(start, mcp, SinkFamily.Sql, (hit, location) =>
            {
                // Composed text (constant SQL with tool input spliced in) is MCPSEC011's finding.
                var original = OperationExtensions.OriginalOperation(hit.Value, start.Compilation);
                if (!hit.Taint.IsTaintedFor(SinkFamily.Sql) || (original is not null && SqlComposition.IsAssembled(original, tables)))
                {
                    return null;
                }

                var use = SqlUse.Of(original);
                return Diagnostic.Create(
                    DiagnosticDescriptors.MCPSEC015,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(UseKey, use.ToString()),
                    FlowEntryPoints.OriginName(hit.Taint),
                    hit.SinkName,
                    Remedy(use));
            });
        });
    }

    private static string Remedy(SqlUseKind use) => use switch
    {
        SqlUseKind.Write => "a tool that changes data must not run the caller's statements: offer fixed, parameterised statements (one per change), or an allowlist of statements",
        SqlUseKind.Procedure => "allow only known procedures: SqlGuard.Identifier(name, allowedProcedures)",
        _ => "route it through SqlGuard.EnsureReadOnly and a read-only connection",
    };
}
