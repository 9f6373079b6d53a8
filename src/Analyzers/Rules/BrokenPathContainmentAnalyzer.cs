using System.Collections.Concurrent;
using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC014: a containment check on tool input that does not contain it: <c>StartsWith(root)</c> without
/// <c>GetFullPath</c>, without a trailing separator or with a culture-sensitive comparison. Reported at the check.
/// Only checks on paths: a prefix test on SQL text, a name or a program's output is no containment check, and a
/// <c>Path.Combine(root, input)</c> with no check at all is MCPSEC010's alone.
/// Its the prefix-test requirements and weak-check shapes: <see cref="Flow.PathFamily"/> (and <see cref="Flow.CommonGuards"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BrokenPathContainmentAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which weakness, so the fixer knows what to rewrite.</summary>
    public const string KindKey = "Kind";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC014);

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
                foreach (var check in result.WeakChecks)
                {
                    var location = check.Check.Syntax.GetLocation();
                    if (reported.TryAdd(location, true))
                    {
                        var properties = ImmutableDictionary<string, string?>.Empty.Add(KindKey, check.Kind.ToString());
                        report(Diagnostic.Create(DiagnosticDescriptors.MCPSEC014, location, properties, "StartsWith(root)", FlowEntryPoints.OriginName(check.Taint), Why(check.Kind)));
                    }
                }
            });
        });
    }

    private static string Why(WeakCheckKind kind) => kind switch
    {
        WeakCheckKind.NotNormalized => "the path is not normalised with Path.GetFullPath, so '../' segments pass the check",
        WeakCheckKind.NoTrailingSeparator => "the root has no trailing separator, so '/allowed_evil' passes a check for '/allowed'",
        _ => "the comparison is culture-sensitive; use StringComparison.Ordinal",
    };
}
