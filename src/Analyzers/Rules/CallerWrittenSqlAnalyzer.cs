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
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallerWrittenSqlAnalyzer : DiagnosticAnalyzer
{
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
                var composed = FlowSyntax.OriginalOperation(hit.Value, start.Compilation) is { } original && SqlComposition.IsComposed(original, tables);
                return !hit.Taint.IsTaintedFor(SinkFamily.Sql) || composed
                    ? null
                    : Diagnostic.Create(DiagnosticDescriptors.MCPSEC015, location, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName);
            });
        });
    }
}
