using System.Collections.Immutable;
using System.Threading;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC030: an HTTP MCP endpoint with no rate limit: no <c>RequireRateLimiting</c> on it (or its group), no
/// global ASP.NET Core limiter with <c>UseRateLimiter()</c>, no tool-call limit on the server (the runtime's
/// <c>WithToolRateLimits()</c>, or a filter that acquires a lease), and not every tool acquiring one itself.
/// Reported at <c>MapMcp</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoRateLimitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC030);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.ReferencesMcp)
            {
                return;
            }

            var engine = TaintEngine.Get(mcp);
            var serverLimited = new System.Lazy<bool>(() => ServerIsLimited(mcp, engine), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterOperationAction(
                context =>
                {
                    var invocation = (IInvocationOperation)context.Operation;
                    if (!mcp.Symbols.IsMapMcp(invocation.TargetMethod))
                    {
                        return;
                    }

                    var endpoint = McpEndpoint.Create(invocation, context.CancellationToken);
                    if (endpoint.HasConvention(mcp.Symbols.IsRequireRateLimiting) || serverLimited.Value)
                    {
                        return;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MCPSEC030,
                        StdoutOnStdioAnalyzer.NameToEnd(invocation),
                        "no RequireRateLimiting, no global limiter, no tool-call limit, so a leaked token can call tools at full speed",
                        Remedy(mcp.Symbols.Companions)));
                },
                OperationKind.Invocation);
        });
    }

    /// <summary>The remedy the message names: the companion's tool-call limit where it fits, else an endpoint policy.</summary>
    private static string Remedy(Companions companions)
        => companions.ServerCall("WithToolRateLimits", "put RequireRateLimiting on the endpoint")
           + (companions.ServerCallPossible ? " (or RequireRateLimiting on the endpoint)" : string.Empty);

    private static bool ServerIsLimited(McpCompilationContext mcp, TaintEngine engine)
    {
        var model = mcp.Servers;
        var leases = new CallScan(engine, CallScan.AcquiresLease);

        // A global ASP.NET Core limiter, and the middleware that applies it.
        var global = false;
        foreach (var operation in model.RateLimiting)
        {
            global |= operation is ISimpleAssignmentOperation;
        }

        var middleware = false;
        foreach (var use in model.Middleware)
        {
            middleware |= mcp.Symbols.IsMethod(use.TargetMethod, mcp.Symbols.RateLimiterMiddlewareExtensions, "UseRateLimiter");
        }

        if (global && middleware)
        {
            return true;
        }

        foreach (var server in model.Servers)
        {
            foreach (var call in server.Calls)
            {
                if (Companions.IsServerCall(call.TargetMethod, "WithToolRateLimits"))
                {
                    return true;
                }
            }

            foreach (var filter in server.RequestFilters)
            {
                if (leases.Any(filter, CancellationToken.None))
                {
                    return true;
                }
            }
        }

        // Every tool takes a lease itself: the first that does not answers, after reading the files up to its own.
        var tools = 0;
        foreach (var primitive in model.EnumeratePrimitives(CancellationToken.None))
        {
            if (primitive.Kind != McpPrimitiveKind.Tool)
            {
                continue;
            }

            tools++;
            if (!leases.Any(primitive.Method, CancellationToken.None))
            {
                return false;
            }
        }

        return tools > 0;
    }
}
