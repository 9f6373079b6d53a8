using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// Whether SQL text is assembled from non-constant strings in the method that runs it (MCPSEC011):
/// concatenation, interpolation, <c>string.Format/Concat/Join</c> or a <c>StringBuilder</c> with a part that is
/// neither a constant, a value that cannot carry text (numbers, GUIDs, dates), nor an identifier from a
/// recognised quoting helper. Works on operations of the original tree (with parents), not of a flow graph.
/// </summary>
internal sealed class SqlComposition
{
    private const int MaxDepth = 12;
    private readonly FlowTables _tables;
    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);

    /// <summary>True to ask only whether the text is assembled at all (any part around it), safe parts or not.</summary>
    private readonly bool _shapeOnly;

    private SqlComposition(FlowTables tables, bool shapeOnly = false)
    {
        _tables = tables;
        _shapeOnly = shapeOnly;
    }

    /// <summary>
    /// True when <paramref name="sqlText"/> is assembled (concatenation, interpolation, Format/Concat/Join, a
    /// StringBuilder) rather than one value, whether or not its parts are safe: then tool input in it is at most a part,
    /// never the whole statement (MCPSEC015 leaves it to MCPSEC011).
    /// </summary>
    public static bool IsAssembled(IOperation sqlText, FlowTables tables) => new SqlComposition(tables, shapeOnly: true).Composed(sqlText, 0);

    /// <summary>True when <paramref name="sqlText"/> (a sink argument) is built from non-constant parts.</summary>
    public static bool IsComposed(IOperation sqlText, FlowTables tables) => new SqlComposition(tables).Composed(sqlText, 0);

    private bool Composed(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        operation = OperationExtensions.Unwrap(operation);
        if (operation.ConstantValue.HasValue)
        {
            return false;
        }

        switch (operation)
        {
            case IInterpolatedStringOperation:
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add }:
            case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Format" or "Concat" or "Join", ContainingType.SpecialType: SpecialType.System_String } }:
            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } } when IsStringBuilder(((IInvocationOperation)operation).Instance!.Type):
                return _shapeOnly || Unsafe(operation, depth);
            case ILocalReferenceOperation local:
                return AnyAssignment(local, depth, composedOnly: true);
            case IConditionalOperation conditional:
                return Composed(conditional.WhenTrue, depth + 1) || (conditional.WhenFalse is { } whenFalse && Composed(whenFalse, depth + 1));
            default:
                return false;
        }
    }

    /// <summary>True when the value contributes text the code did not write itself.</summary>
    private bool Unsafe(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return true;
        }

        operation = OperationExtensions.Unwrap(operation);
        if (operation.ConstantValue.HasValue || (operation.Type is { } type && FlowTypes.CannotCarryText(type)))
        {
            return false;
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && Unsafe(hole.Expression, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Unsafe(binary.LeftOperand, depth + 1) || Unsafe(binary.RightOperand, depth + 1);
            case IConditionalOperation conditional:
                return Unsafe(conditional.WhenTrue, depth + 1) || (conditional.WhenFalse is { } otherwise && Unsafe(otherwise, depth + 1));
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (Unsafe(arm.Value, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case ICoalesceOperation coalesce:
                return Unsafe(coalesce.Value, depth + 1) || Unsafe(coalesce.WhenNull, depth + 1);
            case IInvocationOperation invocation:
                return UnsafeCall(invocation, depth);
            case ILocalReferenceOperation local:
                return AnyAssignment(local, depth, composedOnly: false);
            case IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: true } field } when operation.SemanticModel is { } model:
                return OperationExtensions.DeclaredValue(field, model.Compilation) is not { } initializer || Unsafe(initializer, depth + 1);
            case IArrayCreationOperation { Initializer: { } elements }:
                foreach (var element in elements.ElementValues)
                {
                    if (Unsafe(element, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return true;
        }
    }

    private bool UnsafeCall(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if ((_tables.SanitizedFamilies(method) & SinkFamily.Sql) != 0)
        {
            return false; // SqlGuard.Identifier, NpgsqlCommandBuilder.QuoteIdentifier...
        }

        if (method is { IsStatic: true, ContainingType.SpecialType: SpecialType.System_String } && method.Name is "Format" or "Concat" or "Join")
        {
            foreach (var argument in invocation.Arguments)
            {
                if (Unsafe(argument.Value, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        if (method.Name == "ToString" && invocation.Instance is { } builder && IsStringBuilder(builder.Type))
        {
            return BuilderUnsafe(builder, depth);
        }

        // ids.Select((_, i) => "@p" + i): placeholders generated from constants and numbers
        if (method.Name is "Select" && invocation.Arguments.Length == 2
            && OperationExtensions.Unwrap(invocation.Arguments[1].Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            foreach (var returned in lambda.Body.Descendants())
            {
                if (returned is IReturnOperation { ReturnedValue: { } value } && Unsafe(value, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        if (method.Name is "ToString" && invocation.Instance?.Type is { } instanceType && FlowTypes.CannotCarryText(instanceType))
        {
            return false;
        }

        // helpers of the project: a quoting helper that escapes its quote character, or one that builds text only from
        // its arguments and constants (CreateParameterName("p", index)) called with safe arguments
        if (invocation.SemanticModel?.Compilation is { } compilation && !method.DeclaringSyntaxReferences.IsEmpty
            && SqlQuoting.Of(method, compilation) is var helper && helper != SqlHelperKind.Other)
        {
            if (helper == SqlHelperKind.QuotesAndEscapes)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (Unsafe(argument.Value, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    private bool BuilderUnsafe(IOperation builder, int depth)
    {
        if (OperationExtensions.Unwrap(builder) is not ILocalReferenceOperation { Local: { } local } reference || OperationExtensions.EnclosingBody(reference) is not { } body)
        {
            return true;
        }

        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IInvocationOperation { Instance: { } instance } call
                    when OperationExtensions.Unwrap(instance) is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Value.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Object && Unsafe(argument.Value, depth + 1))
                        {
                            return true;
                        }
                    }

                    break;
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                                                                 && declarator.GetVariableInitializer()?.Value is IObjectCreationOperation creation:
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.Value.Type?.SpecialType == SpecialType.System_String && Unsafe(argument.Value, depth + 1))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>Every value written to the local in its body: composed (or, for a part, unsafe) if any is.</summary>
    private bool AnyAssignment(ILocalReferenceOperation reference, int depth, bool composedOnly)
    {
        var local = reference.Local;
        if (!_visiting.Add(local) || OperationExtensions.EnclosingBody(reference) is not { } body)
        {
            return !composedOnly;
        }

        try
        {
            var written = false;
            foreach (var descendant in body.Descendants())
            {
                IOperation? value = null;
                var compound = false;
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        value = declarator.GetVariableInitializer()?.Value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        value = assignment.Value;
                        break;
                    case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        value = assignment.Value;
                        compound = true;
                        break;
                    case IArgumentOperation { Value: ILocalReferenceOperation byRef, Parameter.RefKind: RefKind.Out or RefKind.Ref } when SymbolEqualityComparer.Default.Equals(byRef.Local, local):
                        return !composedOnly;
                }

                if (value is null)
                {
                    continue;
                }

                written = true;
                if (composedOnly ? (compound ? Unsafe(value, depth + 1) : Composed(value, depth + 1)) : Unsafe(value, depth + 1))
                {
                    return true;
                }
            }

            return !composedOnly && !written;
        }
        finally
        {
            _visiting.Remove(local);
        }
    }

    private static bool IsStringBuilder(ITypeSymbol? type)
        => type is INamedTypeSymbol named && named.Name == "StringBuilder" && named.ContainingNamespace?.ToDisplayString() == "System.Text";
}
