using System;
using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// What MCPSEC040 counts, resolved once per compilation: the calls that record a tool call (Microsoft.Extensions.Logging,
/// Serilog, NLog, <c>[LoggerMessage]</c> methods, methods of audit-named types), the hooks that log every statement a
/// data layer runs, and the calls that touch data or the outside world (the flow engine's file, SQL, process and HTTP
/// sinks, and Entity Framework Core's context and sets).
/// </summary>
internal sealed class AuditRecords
{
    /// <summary>Serilog's and NLog's level methods, and Microsoft.Extensions.Logging's <c>Log*</c>: what a record is called.</summary>
    private static readonly ImmutableHashSet<string> LevelMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Write", "Verbose", "Trace", "Debug", "Information", "Info", "Warning", "Warn", "Error", "Fatal", "Critical", "Log",
        "ConditionalDebug", "ConditionalTrace");

    /// <summary>Members an ORM calls with each statement it runs (SqlSugar's Aop.OnLogExecuting, FreeSql's Aop.CommandAfter, linq2db's OnTraceConnection).</summary>
    private static readonly ImmutableHashSet<string> OrmStatementHooks = ImmutableHashSet.Create(
        StringComparer.Ordinal, "OnLogExecuting", "OnLogExecuted", "CommandBefore", "CommandAfter", "OnTraceConnection");

    private readonly FlowTables _tables;
    private readonly ImmutableArray<INamedTypeSymbol> _microsoftLoggers;
    private readonly ImmutableArray<INamedTypeSymbol> _levelLoggers;
    private readonly INamedTypeSymbol? _loggerMessageAttribute;
    private readonly ImmutableArray<INamedTypeSymbol> _entityFramework;
    private readonly INamedTypeSymbol? _dbContextOptionsBuilder;
    private readonly INamedTypeSymbol? _commandInterceptor;

    public AuditRecords(Compilation compilation, FlowTables tables)
    {
        _tables = tables;
        _microsoftLoggers = Types(compilation, "Microsoft.Extensions.Logging.ILogger", "Microsoft.Extensions.Logging.ILogger`1", "Microsoft.Extensions.Logging.LoggerExtensions", "Microsoft.Extensions.Logging.Logger`1");
        _levelLoggers = Types(compilation, "Serilog.ILogger", "Serilog.Log", "Serilog.Core.Logger", "NLog.ILogger", "NLog.ILoggerBase", "NLog.Logger", "NLog.ILoggerExtensions");
        _loggerMessageAttribute = McpSymbols.ResolveType(compilation, "Microsoft.Extensions.Logging.LoggerMessageAttribute");
        _entityFramework = Types(
            compilation, "Microsoft.EntityFrameworkCore.DbContext", "Microsoft.EntityFrameworkCore.DbSet`1", "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions",
            "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade", "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        _dbContextOptionsBuilder = McpSymbols.ResolveType(compilation, "Microsoft.EntityFrameworkCore.DbContextOptionsBuilder");
        _commandInterceptor = McpSymbols.ResolveType(compilation, "Microsoft.EntityFrameworkCore.Diagnostics.IDbCommandInterceptor");
    }

    private static ImmutableArray<INamedTypeSymbol> Types(Compilation compilation, params string[] names)
    {
        var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in names)
        {
            types.AddRange(McpSymbols.TypesNamed(compilation, name));
        }

        return types.ToImmutable();
    }

    /// <summary>A log or audit call.</summary>
    public bool Records(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        // An audit trail of the application's own (IAuditTrail.Record, AuditLog.Write): recognised by its type's name.
        if (type.Name.IndexOf("Audit", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        if (method.Name.StartsWith("Log", StringComparison.Ordinal) && IsOneOf(type, _microsoftLoggers))
        {
            return true;
        }

        if (LevelMethods.Contains(method.Name) && IsOneOf(type, _levelLoggers))
        {
            return true;
        }

        // [LoggerMessage] methods are partial methods in source; reading attributes of library methods would be costly.
        if (_loggerMessageAttribute is null || (!method.IsPartialDefinition && method.PartialDefinitionPart is null && method.DeclaringSyntaxReferences.Length == 0))
        {
            return false;
        }

        foreach (var attribute in (method.PartialDefinitionPart ?? method).GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _loggerMessageAttribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A logging call that did not bind because its library does not resolve (an IDE mid-restore): a level method
    /// (<c>LogInformation</c>, <c>Information</c>, <c>Info</c>...) on a receiver named like a logger (<c>logger</c>,
    /// <c>_log</c>, <c>Log</c>, <c>this.Logger</c>).
    /// </summary>
    public static bool IsUnboundLoggingCall(IOperation operation)
    {
        if (operation is not IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } })
        {
            return false;
        }

        var method = access.Name.Identifier.ValueText;
        if (!LevelMethods.Contains(method) && !method.StartsWith("Log", StringComparison.Ordinal))
        {
            return false;
        }

        var receiver = access.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            _ => null,
        };

        var name = receiver?.TrimStart('_').ToLowerInvariant();
        return name is not null && (name.EndsWith("logger", StringComparison.Ordinal) || name == "log");
    }

    /// <summary>
    /// A hook that logs every statement a data layer runs: <c>LogTo</c> on an EF Core options builder, an
    /// <c>IDbCommandInterceptor</c> given to <c>AddInterceptors</c>, or an ORM's statement-logging member set
    /// (recognised by name: those ORMs are not referenced by the analyzers).
    /// </summary>
    public bool IsStatementLogHook(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod: { Name: "LogTo" } method } when McpSymbols.InheritsFromOrEquals(method.ContainingType, _dbContextOptionsBuilder):
                return true;
            case IInvocationOperation { TargetMethod: { Name: "AddInterceptors" } method } call when McpSymbols.InheritsFromOrEquals(method.ContainingType, _dbContextOptionsBuilder):
                foreach (var argument in call.Arguments)
                {
                    var value = OperationExtensions.Unwrap(argument.Value);
                    var elements = value is IArrayCreationOperation { Initializer: { } initializer } ? initializer.ElementValues : ImmutableArray.Create(value);
                    foreach (var element in elements)
                    {
                        if (McpSymbols.Implements(OperationExtensions.Unwrap(element).Type, _commandInterceptor))
                        {
                            return true;
                        }
                    }
                }

                return false;
            case ISimpleAssignmentOperation { Target: IMemberReferenceOperation target }:
                return OrmStatementHooks.Contains(target.Member.Name);
            case IEventAssignmentOperation { EventReference: IEventReferenceOperation reference }:
                return OrmStatementHooks.Contains(reference.Event.Name);
            default:
                return false;
        }
    }

    /// <summary>A call that reaches a file, process or HTTP sink of the flow engine.</summary>
    public bool TouchesOutside(IMethodSymbol method)
        => _tables.IsSink(method, method.MethodKind == MethodKind.Constructor ? SinkKind.Constructor : SinkKind.Method, SinkFamily.Path | SinkFamily.Command | SinkFamily.Url);

    /// <summary>A call that runs SQL: a SQL sink of the flow engine, or a member of an EF Core context, set, query or database facade.</summary>
    public bool TouchesData(IMethodSymbol method)
    {
        if (_tables.IsSink(method, method.MethodKind == MethodKind.Constructor ? SinkKind.Constructor : SinkKind.Method, SinkFamily.Sql))
        {
            return true;
        }

        return method.ContainingType is { } type && IsOneOf(type, _entityFramework);
    }

    private static bool IsOneOf(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> types)
    {
        var definition = type.OriginalDefinition;
        foreach (var candidate in types)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
