using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC010: tool input reaches a file-system API (File, Directory, FileInfo, streams, ZipFile...) without a
/// recognised path guard, directly or through the methods and services the tool calls. Reported at the sink
/// argument, once per sink.
/// Its sinks, sanitizers and the guards it accepts: <see cref="Flow.PathFamily"/> (and <see cref="Flow.CommonGuards"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnrestrictedFilePathAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC010);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
            FlowEntryPoints.RegisterSinkRule(start, McpCompilationContext.Get(start.Compilation, start.Options), SinkFamily.Path, (hit, location) =>
                Diagnostic.Create(DiagnosticDescriptors.MCPSEC010, location, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName)));
    }
}
