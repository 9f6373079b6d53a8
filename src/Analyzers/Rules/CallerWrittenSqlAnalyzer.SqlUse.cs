using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>What SQL text that reaches a sink is run as: the remedy (and whether a read-only guard fits) depends on it.</summary>
internal enum SqlUseKind
{
    /// <summary>How the command runs is not visible here (it is returned, stored, or run elsewhere).</summary>
    Unknown,

    /// <summary>A query: <c>ExecuteReader</c>, <c>ExecuteScalar</c>, Dapper's <c>Query*</c>, EF Core's <c>SqlQueryRaw</c>/<c>FromSqlRaw</c>.</summary>
    Read,

    /// <summary>A statement run for its effect: <c>ExecuteNonQuery</c>, Dapper's <c>Execute</c>, EF Core's <c>ExecuteSqlRaw</c>.</summary>
    Write,

    /// <summary>The text is the name of a stored procedure (<c>CommandType.StoredProcedure</c>).</summary>
    Procedure,
}

/// <summary>
/// Tells how SQL text is run, from the code around the sink: the method the text is passed to (Dapper, EF Core), or the
/// command object it becomes the text of (its <c>CommandType</c> and the <c>Execute*</c> calls made on it in the same
/// body).
/// </summary>
internal static class SqlUse
{
    public static SqlUseKind Of(IOperation? original)
    {
        if (original is null)
        {
            return SqlUseKind.Unknown;
        }

        IOperation current = original;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation invocation }:
                if (HasStoredProcedureArgument(invocation))
                {
                    return SqlUseKind.Procedure;
                }

                return ByName(invocation.TargetMethod.Name) is { } direct ? direct : OfCommand(invocation, Root(invocation));
            case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                return OfCommand(creation, Root(creation));
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText" } property } assignment:
                return OfCommand(property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } ? Initialized(assignment) : property.Instance, Root(assignment));
            default:
                return SqlUseKind.Unknown;
        }
    }

    /// <summary>The kind a data-access method's name tells by itself (Dapper, EF Core, ADO.NET), or null.</summary>
    private static SqlUseKind? ByName(string name)
    {
        if (name.StartsWith("ExecuteNonQuery", System.StringComparison.Ordinal) || name is "Execute" or "ExecuteAsync"
            || name.StartsWith("ExecuteSql", System.StringComparison.Ordinal))
        {
            return SqlUseKind.Write;
        }

        if (name.StartsWith("ExecuteReader", System.StringComparison.Ordinal) || name.StartsWith("ExecuteScalar", System.StringComparison.Ordinal)
            || name.StartsWith("Query", System.StringComparison.Ordinal) || name.StartsWith("SqlQuery", System.StringComparison.Ordinal)
            || name.StartsWith("FromSql", System.StringComparison.Ordinal))
        {
            return SqlUseKind.Read;
        }

        return null;
    }

    /// <summary>
    /// The command <paramref name="command"/> (an expression that creates or names it): how the same body runs it. A
    /// command created inline and run at once (<c>new SqliteCommand(sql, c).ExecuteScalar()</c>) is told by that call.
    /// </summary>
    private static SqlUseKind OfCommand(IOperation? command, IOperation body)
    {
        if (command is null)
        {
            return SqlUseKind.Unknown;
        }

        var parent = command.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation or IObjectOrCollectionInitializerOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IInvocationOperation run && run.Instance is { } instance && Unwrap(instance) == command)
        {
            return ByName(run.TargetMethod.Name) ?? SqlUseKind.Unknown;
        }

        var symbol = command is ILocalReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation
            ? Referenced(command)
            : parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                IUsingOperation or IUsingDeclarationOperation => null,
                ISimpleAssignmentOperation assignment => Referenced(assignment.Target),
                _ => null,
            };
        if (symbol is null)
        {
            return SqlUseKind.Unknown;
        }

        var read = false;
        var write = false;
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandType", Instance: { } target } } commandType
                    when SymbolEqualityComparer.Default.Equals(Referenced(target), symbol) && IsStoredProcedure(commandType.Value):
                    return SqlUseKind.Procedure;
                case IInvocationOperation { Instance: { } target } invocation when SymbolEqualityComparer.Default.Equals(Referenced(target), symbol):
                    switch (ByName(invocation.TargetMethod.Name))
                    {
                        case SqlUseKind.Read:
                            read = true;
                            break;
                        case SqlUseKind.Write:
                            write = true;
                            break;
                    }

                    break;
            }
        }

        return write ? SqlUseKind.Write : read ? SqlUseKind.Read : SqlUseKind.Unknown;
    }

    /// <summary>The object an object initializer's <c>CommandText = ...</c> sets (<c>new SqlCommand { CommandText = sql }</c>).</summary>
    private static IOperation? Initialized(IOperation assignment)
    {
        for (var current = assignment.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectCreationOperation creation)
            {
                return creation;
            }
        }

        return null;
    }

    private static bool HasStoredProcedureArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "commandType" && IsStoredProcedure(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStoredProcedure(IOperation value)
        => Unwrap(value) is IFieldReferenceOperation { Field: { Name: "StoredProcedure" } storedProcedure } && storedProcedure.ContainingType.IsType("System.Data.CommandType")
           || (Unwrap(value)?.ConstantValue is { HasValue: true, Value: int raw } && raw == 4 && value.Type.IsType("System.Data.CommandType"));

    private static ISymbol? Referenced(IOperation? operation) => Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => operation,
            };
        }

        return operation;
    }

    private static IOperation Root(IOperation operation) => OperationExtensions.Root(operation);
}
