using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC062: <c>MapMcp()</c> on a well-known route (<c>/</c>, <c>/mcp</c>, <c>/sse</c>, <c>/messages</c>),
/// including the prefix of enclosing <c>MapGroup(...)</c> calls. Routes that are not compile-time constants
/// (read from configuration) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PredictableEndpointPathAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The routes reported when <c>mcpsec.MCPSEC062.predictable_paths</c> (a per-file option) is not set.</summary>
    internal static readonly ImmutableHashSet<string> DefaultPredictablePaths = McpOptions.DefaultPredictablePaths;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC062);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.HasHttpTransport)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, mcp), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, McpCompilationContext mcp)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!mcp.Symbols.IsMapMcp(invocation.TargetMethod))
        {
            return;
        }

        var endpoint = McpEndpoint.Create(invocation, context.CancellationToken);
        if (endpoint.Route is null)
        {
            return;
        }

        var route = McpEndpoint.NormalizeRoute(endpoint.Route);
        var predictable = mcp.Options.ForFile(invocation.Syntax.SyntaxTree).PredictablePaths;
        foreach (var path in predictable)
        {
            if (string.Equals(McpEndpoint.NormalizeRoute(path), route, StringComparison.OrdinalIgnoreCase))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC062, invocation.Syntax.GetLocation(), route));
                return;
            }
        }
    }
}
