using System;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// Registers the flow engine's entry points for an input rule: MCP primitive methods, delegates passed to
/// <c>McpServerTool.Create</c> &amp; co, and raw request handlers. The rule decides what to report.
/// </summary>
internal static class FlowEntryPoints
{
    private static readonly string[] RawHandlers =
    {
        "WithCallToolHandler", "WithGetPromptHandler", "WithReadResourceHandler", "AddCallToolFilter", "AddGetPromptFilter", "AddReadResourceFilter",
    };

    public static void Register(CompilationStartAnalysisContext start, McpCompilationContext mcp, Action<FlowResult, Action<Diagnostic>> report)
    {
        if (!mcp.Symbols.ReferencesMcp)
        {
            return;
        }

        var engine = TaintEngine.Get(mcp);

        // A primitive's own body is analysed when the driver hands it out, bound, with the control-flow graph it
        // shares between analyzers: the engine neither binds the body again nor builds a second graph of it. A
        // primitive whose input cannot carry text (numbers, dates, enums) has nothing to follow: no graph is built.
        start.RegisterOperationBlockAction(
            context =>
            {
                if (context.OwningSymbol is IMethodSymbol method && mcp.Primitives.GetKind(method) != McpPrimitiveKind.None && engine.TakesText(method))
                {
                    engine.UseGraph(method, () => DriverGraph(context));
                    report(engine.AnalyzePrimitive(method, context.CancellationToken), context.ReportDiagnostic);
                }
            });

        start.RegisterOperationAction(
            context =>
            {
                var invocation = (IInvocationOperation)context.Operation;
                var isCreate = mcp.Primitives.GetCreateKind(invocation) != McpPrimitiveKind.None;
                if (!isCreate && Array.IndexOf(RawHandlers, invocation.TargetMethod.Name) < 0)
                {
                    return;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.Type?.TypeKind == TypeKind.Delegate || McpPrimitives.DelegateTarget(argument.Value) is not null)
                    {
                        report(engine.AnalyzeDelegate(argument.Value, parametersAreToolInput: isCreate, context.CancellationToken), context.ReportDiagnostic);
                    }
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>The graph of a method body from the driver's cache, or null for code the graph builder rejects.</summary>
    private static ControlFlowGraph? DriverGraph(OperationBlockAnalysisContext context)
    {
        foreach (var block in context.OperationBlocks)
        {
            if (OperationExtensions.Root(block) is IMethodBodyOperation or IConstructorBodyOperation)
            {
                try
                {
                    return context.GetControlFlowGraph(block);
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Registers the entry points for a rule that reports sink findings of some families: one diagnostic per sink
    /// argument (every tool reaching the same sink reports it once), made by <paramref name="create"/>, which may
    /// decline a finding with null.
    /// </summary>
    public static void RegisterSinkRule(CompilationStartAnalysisContext start, McpCompilationContext mcp, SinkFamily families, Func<SinkHit, Location, Diagnostic?> create)
    {
        var reported = new System.Collections.Concurrent.ConcurrentDictionary<Location, bool>();
        Register(start, mcp, (result, report) =>
        {
            foreach (var hit in result.Hits)
            {
                if ((hit.Family & families) == 0)
                {
                    continue;
                }

                var location = hit.Location;
                if (!reported.ContainsKey(location) && create(hit, location) is { } diagnostic && reported.TryAdd(location, true))
                {
                    report(diagnostic);
                }
            }
        });
    }

    /// <summary>How a message names the input: the parameter, or the raw request arguments.</summary>
    public static string OriginName(TaintValue taint) => taint.Origin switch
    {
        IParameterSymbol parameter => "'" + parameter.Name + "'",
        IPropertySymbol => "the request's raw arguments",
        _ => "tool input",
    };
}
