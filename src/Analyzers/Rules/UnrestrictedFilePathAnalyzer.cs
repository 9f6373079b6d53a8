using System.Collections.Concurrent;
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
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            var reported = new ConcurrentDictionary<Location, bool>();
            FlowEntryPoints.Register(start, mcp, (result, report) =>
            {
                foreach (var hit in result.Hits)
                {
                    var location = hit.Value.Syntax.GetLocation();
                    if (hit.Family == SinkFamily.Path && reported.TryAdd(location, true))
                    {
                        report(Diagnostic.Create(DiagnosticDescriptors.MCPSEC010, location, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName));
                    }
                }
            });
        });
    }
}
