using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC040: an MCP server whose tool calls are not recorded: no runtime audit filter (<c>WithAuditLog()</c>), no
/// request or message filter that logs, and tools that do not all log or audit their own calls (in the tool or the
/// methods it calls). Reported at <c>AddMcpServer()</c>, naming the tools that go unrecorded, at the end of the
/// compilation (build, CI, full-solution analysis in the IDE).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoAuditLogAnalyzer : DiagnosticAnalyzer
{
    private const int NamedTools = 5;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC040);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (mcp.Symbols.McpServerBuilder is null)
            {
                return;
            }

            // Whether every tool records its calls is a whole-program question: the calls each method makes are gathered
            // from the bodies the driver binds anyway, and the question is answered once, at the end of the compilation.
            var facts = new CallFacts();
            var records = new CallScan(TaintEngine.Get(mcp), CallScan.RecordsCall, facts);
            var setups = new ConcurrentQueue<IInvocationOperation>();
            start.RegisterOperationBlockAction(facts.RecordMethod);
            start.RegisterOperationAction(
                context =>
                {
                    var invocation = (IInvocationOperation)context.Operation;
                    facts.RecordCall(invocation, context.ContainingSymbol);
                    if (invocation.TargetMethod.Name == "AddMcpServer" && McpSymbols.Implements(invocation.Type, mcp.Symbols.McpServerBuilder))
                    {
                        setups.Enqueue(invocation);
                    }
                },
                OperationKind.Invocation);
            start.RegisterCompilationEndAction(end =>
            {
                List<string>? tools = null;
                foreach (var invocation in setups)
                {
                    var setup = FindSetup(mcp, invocation);
                    if (setup is null || IsAudited(setup, records))
                    {
                        continue;
                    }

                    tools ??= UnrecordedTools(mcp, records);
                    if (tools.Count == 0)
                    {
                        return;
                    }

                    var names = string.Join(", ", tools.Count > NamedTools ? tools.GetRange(0, NamedTools) : tools) + (tools.Count > NamedTools ? $" and {tools.Count - NamedTools} more" : string.Empty);
                    end.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MCPSEC040,
                        StdoutOnStdioAnalyzer.NameToEnd(invocation),
                        "no audit filter, and " + names + " record nothing of their calls",
                        mcp.Symbols.Companions.ServerCall("WithAuditLog", "log each call in a call-tool filter")));
                }
            });
        });
    }

    private static McpServerSetup? FindSetup(McpCompilationContext mcp, IInvocationOperation addMcpServer)
    {
        foreach (var server in mcp.Servers.Servers)
        {
            if (server.AddMcpServer.Syntax == addMcpServer.Syntax)
            {
                return server;
            }
        }

        return null;
    }

    private static bool IsAudited(McpServerSetup server, CallScan records)
    {
        foreach (var call in server.Calls)
        {
            if (Companions.IsServerCall(call.TargetMethod, "WithAuditLog"))
            {
                return true;
            }
        }

        foreach (var filter in server.RequestFilters)
        {
            if (records.Any(filter, CancellationToken.None))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> UnrecordedTools(McpCompilationContext mcp, CallScan records)
    {
        var names = new List<string>();
        foreach (var primitive in mcp.Servers.Primitives)
        {
            if (primitive.Kind == McpPrimitiveKind.Tool && !records.Any(primitive.Method, CancellationToken.None))
            {
                names.Add("'" + ToolName(primitive.Method) + "'");
            }
        }

        names.Sort(System.StringComparer.Ordinal);
        return names;
    }

    private static string ToolName(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Name" && argument.Value.Value is string name)
                {
                    return name;
                }
            }
        }

        return method.Name;
    }
}
