using System;
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
/// MCPSEC071: a stdio MCP server writes to stdout: <c>Console.Write*</c>, <c>Console.Out</c> or the standard output
/// stream used in a primitive or a method it calls (bounded depth), reported at the call; and console logging that
/// goes to stdout (the default of <c>Host.CreateApplicationBuilder</c>), reported at <c>WithStdioServerTransport()</c>.
/// A write in the primitive itself is reported as the file is analysed (as you type); one in a method a primitive
/// calls, at the end of the compilation, from the calls the driver saw (build, CI, full-solution analysis): which
/// methods the primitives reach is a whole-program question.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StdoutOnStdioAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: Console (a console call) or Logging (the transport), for the fix.</summary>
    public const string KindKey = "Kind";

    private const string StdoutMessage = " writes to stdout, which carries this stdio server's JSON-RPC messages: the text corrupts or forges protocol frames; write to Console.Error or a logger";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC071, DiagnosticDescriptors.MCPSEC071Callees);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            var console = mcp.Symbols.Console;
            if (!mcp.Symbols.ReferencesMcp || console is null)
            {
                return;
            }

            var stdio = new Lazy<bool>(() =>
            {
                foreach (var server in mcp.Servers.Servers)
                {
                    if ((server.Transports & McpTransports.Stdio) != 0)
                    {
                        return true;
                    }
                }

                return false;
            });

            // Writes outside the primitives, and the calls each method makes, for the end of the compilation.
            var facts = new CallFacts();
            var outside = new ConcurrentQueue<(Location Write, IMethodSymbol Containing, string What)>();
            start.RegisterOperationBlockAction(facts.RecordMethod);
            start.RegisterOperationAction(
                context =>
                {
                    var invocation = (IInvocationOperation)context.Operation;
                    facts.RecordCall(invocation, context.ContainingSymbol);
                    if (invocation.TargetMethod.Name == "WithStdioServerTransport")
                    {
                        CheckLogging(context, invocation, mcp);
                        return;
                    }

                    if (WritesToStdout(invocation, console) is not { } what || context.ContainingSymbol is not IMethodSymbol containing || !stdio.Value)
                    {
                        return;
                    }

                    if (InPrimitive(containing, mcp.Primitives))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC071, invocation.Syntax.GetLocation(), ConsoleProperties, what + StdoutMessage));
                    }
                    else
                    {
                        outside.Enqueue((invocation.Syntax.GetLocation(), containing, what));
                    }
                },
                OperationKind.Invocation);
            start.RegisterCompilationEndAction(end =>
            {
                if (outside.IsEmpty)
                {
                    return;
                }

                var roots = new List<IMethodSymbol>();
                foreach (var primitive in mcp.Servers.Primitives)
                {
                    roots.Add(primitive.Method);
                }

                var reachable = CallWalker.Reachable(roots, TaintEngine.Get(mcp), CallWalker.DefaultDepth, facts, end.CancellationToken);
                foreach (var (write, containing, what) in outside)
                {
                    if (IsReachable(containing, reachable))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC071Callees, write, ConsoleProperties, what + StdoutMessage));
                    }
                }
            });
        });
    }

    private static readonly ImmutableDictionary<string, string?> ConsoleProperties = ImmutableDictionary<string, string?>.Empty.Add(KindKey, "Console");

    /// <summary>The method is a primitive, or a lambda or local function inside one.</summary>
    private static bool InPrimitive(IMethodSymbol containing, McpPrimitives primitives)
    {
        for (IMethodSymbol? current = containing; current is not null; current = current.ContainingSymbol as IMethodSymbol)
        {
            if (primitives.GetKind(current) != McpPrimitiveKind.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the call writes to stdout with, or null: <c>Console.WriteLine</c>, <c>Console.Out.Write</c>, <c>Console.OpenStandardOutput</c>.</summary>
    private static string? WritesToStdout(IInvocationOperation invocation, INamedTypeSymbol console)
    {
        var method = invocation.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, console))
        {
            return method.Name is "Write" or "WriteLine" or "OpenStandardOutput" ? "Console." + method.Name : null;
        }

        if (invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Out" } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, console)
            && method.Name.StartsWith("Write", StringComparison.Ordinal))
        {
            return "Console.Out." + method.Name;
        }

        return null;
    }

    private static bool IsReachable(IMethodSymbol containing, HashSet<IMethodSymbol> reachable)
    {
        for (IMethodSymbol? current = containing; current is not null; current = current.ContainingSymbol as IMethodSymbol)
        {
            if (reachable.Contains(current.OriginalDefinition))
            {
                return true; // the method itself, or a lambda or local function inside it
            }
        }

        return false;
    }

    /// <summary><c>WithStdioServerTransport()</c> without the chain before it.</summary>
    internal static Location NameToEnd(IInvocationOperation invocation)
        => invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member } syntax
            ? Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, syntax.Span.End))
            : invocation.Syntax.GetLocation();

    /// <summary>
    /// The host builder call (<c>Host.CreateApplicationBuilder</c>, <c>WebApplication.CreateBuilder</c>...) the transport's
    /// server is set up on: the one the chain starts from (<c>builder.Services.AddMcpServer()</c> with <c>var builder = ...</c>),
    /// else the nearest one before the transport in its file, else the first one found.
    /// </summary>
    private static IInvocationOperation HostBuilderFor(IInvocationOperation transport, List<IInvocationOperation> hostBuilders)
    {
        var tree = transport.Syntax.SyntaxTree;
        IOperation? receiver = transport;
        for (var hops = 0; receiver is not null && hops < 32; hops++)
        {
            switch (receiver)
            {
                case IConversionOperation conversion:
                    receiver = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    receiver = parenthesized.Operand;
                    continue;
                case IPropertyReferenceOperation property:
                    receiver = property.Instance;
                    continue;
                case IInvocationOperation call:
                    if (FindIn(hostBuilders, call.Syntax, exact: true) is { } called)
                    {
                        return called;
                    }

                    receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                    continue;
                case ILocalReferenceOperation local:
                    foreach (var reference in local.Local.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                            && FindIn(hostBuilders, initializer, exact: false) is { } assigned)
                        {
                            return assigned;
                        }
                    }

                    break;
            }

            break;
        }

        IInvocationOperation? nearest = null;
        foreach (var hostBuilder in hostBuilders)
        {
            if (hostBuilder.Syntax.SyntaxTree == tree
                && hostBuilder.Syntax.SpanStart < transport.Syntax.SpanStart
                && (nearest is null || hostBuilder.Syntax.SpanStart > nearest.Syntax.SpanStart))
            {
                nearest = hostBuilder;
            }
        }

        return nearest ?? hostBuilders[0];
    }

    /// <summary>The host builder call that is <paramref name="node"/> (exact) or inside it, or null.</summary>
    private static IInvocationOperation? FindIn(List<IInvocationOperation> hostBuilders, SyntaxNode node, bool exact)
    {
        foreach (var hostBuilder in hostBuilders)
        {
            if (hostBuilder.Syntax.SyntaxTree == node.SyntaxTree
                && (exact ? hostBuilder.Syntax.Span == node.Span : node.Span.Contains(hostBuilder.Syntax.Span)))
            {
                return hostBuilder;
            }
        }

        return null;
    }

    /// <summary>Console logging to stdout: a default host builder or AddConsole() without LogToStandardErrorThreshold = Trace.</summary>
    private static void CheckLogging(OperationAnalysisContext context, IInvocationOperation transport, McpCompilationContext mcp)
    {
        if (!McpSymbols.Implements(transport.Type, mcp.Symbols.McpServerBuilder))
        {
            return;
        }

        string? source = null;
        var hostBuilders = new List<IInvocationOperation>();
        var cleared = false;
        var explicitConsole = false;
        var allToStderr = false;
        foreach (var operation in mcp.Servers.ConsoleLogging)
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "ClearProviders" }:
                    cleared = true;
                    break;
                case IInvocationOperation { TargetMethod: { Name: "AddConsole" or "AddSimpleConsole" or "AddJsonConsole" or "AddSystemdConsole" } method }:
                    source ??= method.Name + "() without LogToStandardErrorThreshold = LogLevel.Trace";
                    explicitConsole = true;
                    break;
                case IInvocationOperation hostBuilder:
                    source ??= string.Empty; // named below: the builder this transport's server is set up on
                    hostBuilders.Add(hostBuilder);
                    break;
                case ISimpleAssignmentOperation { Value: var value } when OperationExtensions.Unwrap(value).ConstantValue is { HasValue: true, Value: 0 }:
                    allToStderr = true; // LogLevel.Trace: every level to stderr
                    break;
            }
        }

        // ClearProviders removes the default console logger; an explicit AddConsole() brings one back.
        if (source is null || allToStderr || (cleared && !explicitConsole))
        {
            return;
        }

        if (source.Length == 0)
        {
            var method = HostBuilderFor(transport, hostBuilders).TargetMethod;
            source = "the default of " + (method.ContainingType?.Name ?? string.Empty) + "." + method.Name;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(KindKey, "Logging");
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MCPSEC071,
            NameToEnd(transport),
            properties,
            "Console logging goes to stdout (" + source + "), which carries this stdio server's JSON-RPC messages; send it to stderr with AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)"));
    }
}
