using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>Small facts about types and operations the flow engine relies on.</summary>
internal static class FlowTypes
{
    /// <summary>Numbers, booleans, enums, dates and GUIDs cannot carry a path, a query or a command.</summary>
    public static bool CannotCarryText(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
            case SpecialType.System_Void:
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        return type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
               && named.Name is "Guid" or "TimeSpan" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "Half" or "Int128" or "UInt128";
    }

    /// <summary>Calls that put their arguments into the receiver: builders and collections.</summary>
    public static bool IsMutator(IMethodSymbol method)
        => method.Name is "Append" or "AppendLine" or "AppendFormat" or "AppendJoin" or "Insert" or "Add" or "AddRange"
            or "TryAdd" or "Push" or "Enqueue" or "Prepend" or "Replace" or "set_Item" or "Write" or "WriteLine"
           && !method.IsStatic
           && method.ContainingType?.SpecialType != SpecialType.System_String;

    /// <summary>The lambda behind a delegate argument, as the control-flow graph shows it.</summary>
    public static IFlowAnonymousFunctionOperation? LambdaOf(IOperation value)
    {
        var unwrapped = OperationExtensions.Unwrap(value);
        if (unwrapped is IDelegateCreationOperation creation)
        {
            unwrapped = creation.Target;
        }

        return unwrapped as IFlowAnonymousFunctionOperation;
    }

    /// <summary>A collection whose content the caller cannot choose: a static or readonly field, or a constant array.</summary>
    public static bool IsFixedTable(IOperation table, Compilation compilation)
    {
        table = OperationExtensions.Unwrap(table);
        return table switch
        {
            IFieldReferenceOperation { Field: { } field } => field.IsReadOnly || field.IsConst || field.IsStatic,
            IPropertyReferenceOperation { Property: { IsStatic: true } } => true,
            IArrayCreationOperation { Initializer: { } initializer } => AllConstant(initializer),
            ILocalReferenceOperation local => OperationExtensions.DeclaredValue(local.Local, compilation) is IArrayCreationOperation { Initializer: { } init } && AllConstant(init),
            _ => false,
        };
    }

    private static bool AllConstant(IArrayInitializerOperation initializer)
    {
        foreach (var element in initializer.ElementValues)
        {
            if (!element.ConstantValue.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsConstantStringPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => constant.Value.ConstantValue.Value is string,
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => IsConstantStringPattern(or.LeftPattern) && IsConstantStringPattern(or.RightPattern),
        _ => false,
    };

    /// <summary>The comparison a <c>StartsWith</c> call uses; culture-sensitive when none is given.</summary>
    public static StringComparison StringComparisonOf(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Type.Name == nameof(StringComparison) && OperationExtensions.Unwrap(argument.Value).ConstantValue.Value is int value)
            {
                return (StringComparison)value;
            }

            if (argument.Parameter?.Type.Name == "Boolean")
            {
                return StringComparison.CurrentCulture; // StartsWith(value, ignoreCase, culture)
            }

            if (argument.Parameter?.Type.SpecialType == SpecialType.System_Char)
            {
                return StringComparison.Ordinal; // StartsWith(char) is ordinal
            }
        }

        return StringComparison.CurrentCulture;
    }

    public static string DisplayName(ISymbol member)
        => member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            ? "new " + constructor.ContainingType.Name
            : (member.ContainingType?.Name is { } type ? type + "." : string.Empty) + member.Name;
}
