using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>What a string helper of the project contributes to SQL text (<see cref="SqlQuoting"/>).</summary>
internal enum SqlHelperKind
{
    /// <summary>Anything else: its result is text the SQL rules cannot vouch for.</summary>
    Other,

    /// <summary>Every return quotes its parameter and doubles the quote character inside: <c>"[" + name.Replace("]", "]]") + "]"</c>.</summary>
    QuotesAndEscapes,

    /// <summary>Every return is built only from constants, numbers and its parameters: safe when its arguments are.</summary>
    BuildsFromArguments,
}

/// <summary>
/// Helpers of the project that SQL text is built with (MCPSEC011): an identifier or literal quoting helper that escapes
/// the quote character (<c>[...]</c> with <c>]]</c>, <c>"..."</c> with <c>""</c>, <c>'...'</c> with <c>''</c>, backticks),
/// and helpers that only assemble constants, numbers and their parameters (parameter names such as <c>@p0</c>). A
/// helper that wraps a value in quotes without escaping the quote character is neither: <c>"[" + name + "]"</c> is
/// broken by a name with a <c>]</c>.
/// </summary>
internal static class SqlQuoting
{
    public static SqlHelperKind Of(IMethodSymbol method, Compilation compilation)
    {
        if (method.ReturnType.SpecialType != SpecialType.System_String || method.Parameters.IsEmpty || method.DeclaringSyntaxReferences.Length != 1)
        {
            return SqlHelperKind.Other;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return SqlHelperKind.Other;
        }

#pragma warning disable RS1030 // the helper may be declared in another file than the SQL
        if (compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax) is not { } body)
#pragma warning restore RS1030
        {
            return SqlHelperKind.Other;
        }

        var quotes = true;
        var builds = true;
        var returns = 0;
        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned })
            {
                returns++;
                quotes &= QuotesAndEscapes(returned);
                builds &= BuildsFromArguments(returned, 0);
            }
            else if (operation is ISimpleAssignmentOperation { Target: IParameterReferenceOperation })
            {
                return SqlHelperKind.Other;
            }
        }

        return returns == 0 ? SqlHelperKind.Other : quotes ? SqlHelperKind.QuotesAndEscapes : builds ? SqlHelperKind.BuildsFromArguments : SqlHelperKind.Other;
    }

    /// <summary><c>open + p.Replace(q, qq) + close</c> (or interpolated) with the quote character doubled inside.</summary>
    private static bool QuotesAndEscapes(IOperation returned)
    {
        returned = OperationExtensions.Unwrap(returned);
        IOperation? escaped = null;
        string? open = null, close = null;
        switch (returned)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, LeftOperand: IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } inner } outer:
                open = OperationExtensions.Unwrap(inner.LeftOperand).ConstantValue.Value?.ToString();
                escaped = inner.RightOperand;
                close = OperationExtensions.Unwrap(outer.RightOperand).ConstantValue.Value?.ToString();
                break;
            case IInterpolatedStringOperation { Parts.Length: 3 } interpolated
                when interpolated.Parts[0] is IInterpolatedStringTextOperation first && interpolated.Parts[1] is IInterpolationOperation hole
                     && interpolated.Parts[2] is IInterpolatedStringTextOperation last:
                open = first.Text.ConstantValue.Value as string;
                escaped = hole.Expression;
                close = last.Text.ConstantValue.Value as string;
                break;
        }

        if (open is not { Length: 1 } || close is not { Length: 1 } || escaped is null
            || OperationExtensions.Unwrap(escaped) is not IInvocationOperation { TargetMethod: { Name: "Replace", ContainingType.SpecialType: SpecialType.System_String }, Instance: { } instance, Arguments.Length: 2 } replace
            || OperationExtensions.Unwrap(instance) is not IParameterReferenceOperation)
        {
            return false;
        }

        var from = OperationExtensions.Unwrap(replace.Arguments[0].Value).ConstantValue.Value?.ToString();
        var to = OperationExtensions.Unwrap(replace.Arguments[1].Value).ConstantValue.Value?.ToString();
        var pair = open + close;
        var valid = pair is "[]" or "\"\"" or "''" or "``";
        return valid && from == close && to == close + close;
    }

    private static bool BuildsFromArguments(IOperation value, int depth)
    {
        value = OperationExtensions.Unwrap(value);
        if (depth > 8)
        {
            return false;
        }

        if (value.ConstantValue.HasValue || value is IParameterReferenceOperation || (value.Type is { } type && FlowTypes.CannotCarryText(type)))
        {
            return true;
        }

        switch (value)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return BuildsFromArguments(binary.LeftOperand, depth + 1) && BuildsFromArguments(binary.RightOperand, depth + 1);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && !BuildsFromArguments(hole.Expression, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
