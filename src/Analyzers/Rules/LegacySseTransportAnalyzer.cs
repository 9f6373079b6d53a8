using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>MCPSEC063: <c>HttpServerTransportOptions.EnableLegacySse</c> set to true (object initializer or assignment).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LegacySseTransportAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC063);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (mcp.Symbols.HttpServerTransportOptions is not { } options)
            {
                return; // stdio-only server, or an SDK without the HTTP transport
            }

            start.RegisterOperationAction(c => Analyze(c, options), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "EnableLegacySse" } property }
            && McpSymbols.InheritsFromOrEquals(property.ContainingType, options)
            && OperationExtensions.Unwrap(assignment.Value).ConstantValue is { HasValue: true, Value: true })
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC063, assignment.Syntax.GetLocation()));
        }
    }
}
