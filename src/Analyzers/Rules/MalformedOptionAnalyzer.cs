using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPA002: an <c>mcpsec.*</c> option whose value does not have the documented form (<c>max_token_days = ninety</c>,
/// an extra sink that is no <c>Namespace.Type.Method</c>), in <c>.globalconfig</c> or any <c>.editorconfig</c> section
/// of the compilation's files. Reported once per key per compilation, without a source location (options have none).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MalformedOptionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPA002);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(compilation =>
        {
            var mcp = McpCompilationContext.Get(compilation.Compilation, compilation.Options);
            foreach (var malformed in mcp.Options.Malformed)
            {
                compilation.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MCPA002, Location.None, malformed.Key, malformed.Value, malformed.ExpectedForm, malformed.Consequence));
            }
        });
    }
}
