using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// Evaluates token lifetimes at compile time, in days from "now": <c>DateTime.UtcNow.AddDays(365)</c>,
/// <c>DateTime.UtcNow + TimeSpan.FromDays(180)</c>, <c>TimeSpan.FromHours(24 * 400)</c>, <c>DateTime.MaxValue</c>
/// (infinite), constants from other files included. Null when the value depends on run-time data.
/// </summary>
internal static class LifetimeEvaluator
{
    public static double? Days(IOperation? operation, int depth = 0)
    {
        if (operation is null || depth > 12)
        {
            return null;
        }

        operation = OperationExtensions.Unwrap(operation);
        switch (operation)
        {
            case IConversionOperation conversion:
                return Days(conversion.Operand, depth + 1);
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "UtcNow" or "Now" or "Today" } property } when IsDateType(property.ContainingType):
                return 0;
            case IInvocationOperation { TargetMethod.Name: "GetUtcNow" }:
                return 0;
            case IFieldReferenceOperation { Field: { IsStatic: true, Name: "MaxValue" } field } when IsDateType(field.ContainingType) || field.ContainingType.IsType("System.TimeSpan"):
                return double.PositiveInfinity;
            case IInvocationOperation invocation:
                return Invocation(invocation, depth);
            case IObjectCreationOperation { Type.Name: "TimeSpan" } creation:
                return NewTimeSpan(creation);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                return Days(add.LeftOperand, depth + 1) is { } left && Days(add.RightOperand, depth + 1) is { } right ? left + right : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtract:
                return Days(subtract.LeftOperand, depth + 1) is { } l && Days(subtract.RightOperand, depth + 1) is { } r ? l - r : null;
            case ILocalReferenceOperation local when OperationExtensions.SingleAssignment(local) is { } value:
                return Days(value, depth + 1);
        }

        return null;
    }

    private static double? Invocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var argument = invocation.Arguments.Length > 0 ? Number(invocation.Arguments[0].Value) : null;
        if (type?.Name == "TimeSpan" && method.IsStatic && argument is { } amount)
        {
            return method.Name switch
            {
                "FromDays" => amount,
                "FromHours" => amount / 24,
                "FromMinutes" => amount / 1440,
                "FromSeconds" => amount / 86400,
                "FromMilliseconds" => amount / 86400000,
                _ => null,
            };
        }

        if (!IsDateType(type) || invocation.Instance is null || Days(invocation.Instance, depth + 1) is not { } start)
        {
            return null;
        }

        if (method.Name == "Add" && invocation.Arguments.Length == 1)
        {
            return Days(invocation.Arguments[0].Value, depth + 1) is { } delta ? start + delta : null;
        }

        if (argument is not { } count)
        {
            return null;
        }

        return method.Name switch
        {
            "AddDays" => start + count,
            "AddHours" => start + (count / 24),
            "AddMinutes" => start + (count / 1440),
            "AddSeconds" => start + (count / 86400),
            "AddMonths" => start + (count * 30),
            "AddYears" => start + (count * 365),
            _ => null,
        };
    }

    private static double? NewTimeSpan(IObjectCreationOperation creation)
    {
        var values = new double[creation.Arguments.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (Number(creation.Arguments[i].Value) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        return values.Length switch
        {
            3 => (values[0] / 24) + (values[1] / 1440) + (values[2] / 86400),
            4 or 5 => values[0] + (values[1] / 24) + (values[2] / 1440) + (values[3] / 86400),
            _ => null,
        };
    }

    private static double? Number(IOperation value)
        => OperationExtensions.Unwrap(value).ConstantValue is { HasValue: true, Value: { } constant } && constant is not string and not bool
            ? Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static bool IsDateType(ITypeSymbol? type) => type?.Name is "DateTime" or "DateTimeOffset" && type.ContainingNamespace?.Name == "System";
}
