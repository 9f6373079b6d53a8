using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC010: tool input reaches a file-system API (File, Directory, FileInfo, streams, ZipFile...) without a
/// recognised path guard, directly or through the methods and services the tool calls. Reported at the sink
/// argument, once per sink. A <c>Path.Combine(root, input)</c> on the way is no check but no check at all (a rooted
/// input replaces the root): the message says so, and the diagnostic carries the Combine call as an additional
/// location for the fix; it is not also a broken check (MCPSEC014).
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
            FlowEntryPoints.RegisterSinkRule(start, McpCompilationContext.Get(start.Compilation, start.Options), SinkFamily.Path, Create));
    }

    private static Diagnostic Create(SinkHit hit, Location location)
    {
        if (hit.Taint.Combine is not { } combine)
        {
            return Diagnostic.Create(DiagnosticDescriptors.MCPSEC010, location, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName, string.Empty);
        }

        return Diagnostic.Create(
            DiagnosticDescriptors.MCPSEC010,
            location,
            new[] { combine.Syntax.GetLocation() },
            FlowEntryPoints.OriginName(hit.Taint),
            hit.SinkName,
            " (Path.Combine(root, input) does not confine it: a rooted input such as '/etc/passwd' replaces the root)");
    }
}
