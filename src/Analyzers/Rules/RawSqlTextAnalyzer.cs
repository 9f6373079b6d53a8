using System.Collections.Concurrent;
using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC011: SQL text built from non-constant strings reaching a SQL sink (ADO.NET commands of every provider,
/// Dapper, EF Core raw APIs), with or without tool input; the message says when tool input reaches it.
/// Reported at the SQL text argument.
/// Its sinks and sanitizers: <see cref="Flow.SqlFamily"/> (and <see cref="Flow.CommonGuards"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawSqlTextAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which API runs the SQL (Ado, Dapper, EfCore, Other), for the fix.</summary>
    public const string ApiKey = "Api";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC011);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (McpSymbols.ResolveType(start.Compilation, "System.Data.IDbCommand") is null
                && McpSymbols.ResolveType(start.Compilation, "Dapper.SqlMapper") is null
                && McpSymbols.ResolveType(start.Compilation, "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions") is null)
            {
                return; // nothing that runs SQL
            }

            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            var engine = TaintEngine.Get(mcp);
            var tables = engine.Tables;
            var reported = new ConcurrentDictionary<Location, bool>();

            void Check(OperationAnalysisContext context, ISymbol member, SinkKind kind, ImmutableArray<IArgumentOperation> arguments, IOperation? assigned)
            {
                foreach (var sink in tables.SinksFor(member, kind))
                {
                    if (sink.Family != SinkFamily.Sql)
                    {
                        continue;
                    }

                    if (assigned is not null)
                    {
                        Report(context, member, sink, assigned);
                        continue;
                    }

                    foreach (var argument in arguments)
                    {
                        if (FlowTables.IsSinkParameter(sink, argument.Parameter))
                        {
                            Report(context, member, sink, argument.Value);
                        }
                    }
                }
            }

            void Report(OperationAnalysisContext context, ISymbol member, SinkDefinition sink, IOperation sqlText)
            {
                if (!SqlComposition.IsComposed(sqlText, tables))
                {
                    return;
                }

                var location = sqlText.Syntax.GetLocation();
                if (!reported.TryAdd(location, true))
                {
                    return;
                }

                var hit = ToolInputAt(context.ContainingSymbol, sqlText.Syntax, context.CancellationToken);
                var reach = hit is null ? string.Empty : " and tool input " + FlowEntryPoints.OriginName(hit.Taint) + " reaches it";
                var properties = ImmutableDictionary<string, string?>.Empty.Add(ApiKey, ApiOf(sink));
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC011, location, properties, FlowTypes.DisplayName(member), reach));
            }

            // Whether tool input reaches the SQL: the flow engine's findings for the primitive the SQL is built in (its
            // own analysis, shared with the other input rules). SQL built in a service is reported with the plain message.
            SinkHit? ToolInputAt(ISymbol? containing, SyntaxNode sqlText, System.Threading.CancellationToken cancellationToken)
            {
                for (var symbol = containing; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
                {
                    if (mcp.Primitives.GetKind(method) != McpPrimitiveKind.None)
                    {
                        foreach (var hit in engine.AnalyzePrimitive(method, cancellationToken).Hits)
                        {
                            if (hit.Family == SinkFamily.Sql && hit.Value.Syntax.Span == sqlText.Span && hit.Value.Syntax.SyntaxTree == sqlText.SyntaxTree)
                            {
                                return hit;
                            }
                        }

                        return null;
                    }
                }

                return null;
            }

            start.RegisterOperationAction(
                context =>
                {
                    var invocation = (IInvocationOperation)context.Operation;
                    Check(context, invocation.TargetMethod, SinkKind.Method, invocation.Arguments, null);
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(
                context =>
                {
                    var creation = (IObjectCreationOperation)context.Operation;
                    if (creation.Constructor is { } constructor)
                    {
                        Check(context, constructor, SinkKind.Constructor, creation.Arguments, null);
                    }
                },
                OperationKind.ObjectCreation);
            start.RegisterOperationAction(
                context =>
                {
                    var assignment = (ISimpleAssignmentOperation)context.Operation;
                    if (assignment.Target is IPropertyReferenceOperation property)
                    {
                        Check(context, property.Property, SinkKind.PropertySet, ImmutableArray<IArgumentOperation>.Empty, assignment.Value);
                    }
                },
                OperationKind.SimpleAssignment);
        });
    }

    /// <summary>
    /// Which API the fix writes parameters for, from the table entry that matched the call (matched by symbol): the
    /// type it names, not the name of the called member's type.
    /// </summary>
    private static string ApiOf(SinkDefinition sink)
    {
        var type = sink.TypeName;
        if (type.StartsWith("Dapper.", System.StringComparison.Ordinal))
        {
            return "Dapper";
        }

        if (type.StartsWith("Microsoft.EntityFrameworkCore.", System.StringComparison.Ordinal))
        {
            return "EfCore";
        }

        return type is "System.Data.IDbCommand" or "System.Data.Common.DbCommand" ? "Ado" : "Other";
    }
}
