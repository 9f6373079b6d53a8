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
/// request or message filter that logs, and a tool that touches data or the outside world (reaches a file, SQL,
/// process or HTTP sink, in its body or the methods and services it calls) that records nothing of its call there.
/// Pure tools need no record; SQL run through a data layer with a statement-logging hook is recorded by the hook.
/// Reported once per server (the <c>AddMcpServer()</c> chains on one service collection are one server), at its
/// first <c>AddMcpServer()</c>, naming the tools that go unrecorded, at the end of the compilation (build, CI,
/// full-solution analysis in the IDE).
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
            var engine = TaintEngine.Get(mcp);
            var audit = new AuditRecords(start.Compilation, engine.Tables);
            var facts = new CallFacts();
            var scans = new Scans(
                new CallScan(engine, audit.Records, facts, AuditRecords.IsUnboundLoggingCall),
                new CallScan(engine, audit.TouchesOutside, facts),
                new CallScan(engine, audit.TouchesData, facts));
            var statementsLogged = 0;
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
                    else if (audit.IsStatementLogHook(invocation))
                    {
                        Interlocked.Exchange(ref statementsLogged, 1);
                    }
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(context => facts.RecordCreation((IObjectCreationOperation)context.Operation, context.ContainingSymbol), OperationKind.ObjectCreation);
            start.RegisterOperationAction(
                context =>
                {
                    if (AuditRecords.IsUnboundLoggingCall(context.Operation))
                    {
                        facts.Mark(context.ContainingSymbol);
                    }
                },
                OperationKind.Invalid);
            start.RegisterOperationAction(
                context =>
                {
                    if (audit.IsStatementLogHook(context.Operation))
                    {
                        Interlocked.Exchange(ref statementsLogged, 1);
                    }
                },
                OperationKind.SimpleAssignment,
                OperationKind.EventAssignment);
            start.RegisterCompilationEndAction(end =>
            {
                List<string>? tools = null;
                foreach (var server in Servers(setups, end.CancellationToken))
                {
                    var audited = false;
                    foreach (var invocation in server)
                    {
                        var setup = FindSetup(mcp, invocation);
                        audited |= setup is null || IsAudited(setup, scans.Records, end.CancellationToken);
                    }

                    if (audited)
                    {
                        continue;
                    }

                    tools ??= UnrecordedTools(mcp, scans, Volatile.Read(ref statementsLogged) != 0, end.CancellationToken);
                    if (tools.Count == 0)
                    {
                        return;
                    }

                    var names = string.Join(", ", tools.Count > NamedTools ? tools.GetRange(0, NamedTools) : tools) + (tools.Count > NamedTools ? $" and {tools.Count - NamedTools} more" : string.Empty);
                    end.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MCPSEC040,
                        StdoutOnStdioAnalyzer.NameToEnd(server[0]),
                        "no audit filter, and " + names + " record nothing of their calls",
                        mcp.Symbols.Companions.ServerCall("WithAuditLog", "log each call in a call-tool filter")));
                }
            });
        });
    }

    private sealed record Scans(CallScan Records, CallScan TouchesOutside, CallScan TouchesData);

    /// <summary>
    /// The <c>AddMcpServer()</c> calls grouped by server: calls on the same service collection (<c>builder.Services</c>,
    /// a <c>services</c> parameter) configure one server. In source order, the first call of each server first.
    /// </summary>
    private static List<List<IInvocationOperation>> Servers(IEnumerable<IInvocationOperation> setups, CancellationToken cancellationToken)
    {
        var ordered = new List<IInvocationOperation>(setups);
        ordered.Sort((a, b) =>
        {
            var byFile = string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath);
            return byFile != 0 ? byFile : a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart);
        });

        var servers = new List<List<IInvocationOperation>>();
        var byKey = new Dictionary<string, List<IInvocationOperation>>(System.StringComparer.Ordinal);
        foreach (var invocation in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var services = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            var key = services is null ? Unique(invocation) : ServicesKey(services);
            if (!byKey.TryGetValue(key, out var server))
            {
                byKey[key] = server = new List<IInvocationOperation>();
                servers.Add(server);
            }

            server.Add(invocation);
        }

        return servers;
    }

    /// <summary>What a service collection expression refers to: the same local, parameter, field or property path, or this very expression.</summary>
    private static string ServicesKey(IOperation services)
    {
        var operation = OperationExtensions.Unwrap(services);
        return operation switch
        {
            ILocalReferenceOperation local => "local " + Declared(local.Local),
            IParameterReferenceOperation parameter => "parameter " + Declared(parameter.Parameter),
            IFieldReferenceOperation field => (field.Instance is null ? string.Empty : ServicesKey(field.Instance)) + " field " + field.Field.ToDisplayString(),
            IPropertyReferenceOperation property => (property.Instance is null ? string.Empty : ServicesKey(property.Instance)) + " property " + property.Property.ToDisplayString(),
            IInstanceReferenceOperation instance => "this " + instance.Type?.ToDisplayString(),
            _ => Unique(operation),
        };
    }

    private static string Declared(ISymbol symbol)
        => symbol.Locations.Length > 0 ? symbol.Name + "@" + symbol.Locations[0].SourceTree?.FilePath + ":" + symbol.Locations[0].SourceSpan.Start : symbol.ToDisplayString();

    private static string Unique(IOperation operation) => "at " + operation.Syntax.SyntaxTree.FilePath + ":" + operation.Syntax.SpanStart;

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

    private static bool IsAudited(McpServerSetup server, CallScan records, CancellationToken cancellationToken)
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
            if (records.Any(filter, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The tools that touch data or the outside world and record nothing of their calls.</summary>
    private static List<string> UnrecordedTools(McpCompilationContext mcp, Scans scans, bool statementsLogged, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var primitive in mcp.Servers.Primitives)
        {
            if (primitive.Kind != McpPrimitiveKind.Tool)
            {
                continue;
            }

            var touches = scans.TouchesOutside.Any(primitive.Method, cancellationToken)
                          || (!statementsLogged && scans.TouchesData.Any(primitive.Method, cancellationToken));
            if (touches && !scans.Records.Any(primitive.Method, cancellationToken))
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
