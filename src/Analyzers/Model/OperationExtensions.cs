using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers;

/// <summary>
/// Operation helpers every part of the analyzers uses: unwrapping conversions, the body and root an operation belongs
/// to, the original tree behind a flow-graph operation, the declared value of a local or field.
/// </summary>
internal static class OperationExtensions
{
    /// <summary>The operation under implicit conversions, conversions to string and parentheses.</summary>
    public static IOperation Unwrap(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    continue;
                case IConversionOperation conversion when conversion.Type?.SpecialType == SpecialType.System_String:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The value of a local that is written exactly once (its initializer), else null.</summary>
    public static IOperation? SingleAssignment(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var body = EnclosingBody(reference);
        if (body is null)
        {
            return null;
        }

        IOperation? initializer = null;
        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    initializer = declarator.GetVariableInitializer()?.Value;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation compoundTarget } when SymbolEqualityComparer.Default.Equals(compoundTarget.Local, local):
                    return null;
                case IArgumentOperation { Value: ILocalReferenceOperation byRef, Parameter.RefKind: not RefKind.None } when SymbolEqualityComparer.Default.Equals(byRef.Local, local):
                    return null;
            }
        }

        return initializer;
    }

    /// <summary>The body an operation belongs to: a method, constructor, lambda or local function (else the root).</summary>
    public static IOperation? EnclosingBody(IOperation operation)
    {
        IOperation? current = operation;
        IOperation? last = operation;
        while (current is not null)
        {
            if (current is IMethodBodyOperation or IConstructorBodyOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }

            last = current;
            current = current.Parent;
        }

        return last; // top-level statements and field initializers: the root block
    }

    /// <summary>
    /// The initial value of a local or read-only field, as written at its declaration, or the value a property without
    /// a setter always returns (an expression body, a getter that only returns, or the initializer of a get-only
    /// auto-property). Operations of a control-flow graph carry no semantic model, so the declaration is bound again
    /// from the compilation.
    /// </summary>
    public static IOperation? DeclaredValue(ISymbol symbol, Compilation compilation)
    {
        if (symbol.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var value = symbol.DeclaringSyntaxReferences[0].GetSyntax() switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer } => initializer,
            Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property when symbol is IPropertySymbol { SetMethod: null } => ReturnedValue(property),
            _ => null,
        };
        if (value is null || !compilation.ContainsSyntaxTree(value.SyntaxTree))
        {
            return null;
        }

#pragma warning disable RS1030 // the declaration may be in another file than the code being analysed
        return compilation.GetSemanticModel(value.SyntaxTree).GetOperation(value);
#pragma warning restore RS1030
    }

    private static Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax? ReturnedValue(Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property)
    {
        if (property.ExpressionBody is { } arrow)
        {
            return arrow.Expression;
        }

        if (property.AccessorList?.Accessors is not { Count: 1 } accessors)
        {
            return null;
        }

        var getter = accessors[0];
        if (getter.ExpressionBody is { } body)
        {
            return body.Expression;
        }

        if (getter.Body is null)
        {
            return property.Initializer?.Value;
        }

        return getter.Body.Statements.Count == 1 && getter.Body.Statements[0] is Microsoft.CodeAnalysis.CSharp.Syntax.ReturnStatementSyntax { Expression: { } returned }
            ? returned : null;
    }

    /// <summary>The operation of the original tree (with parents) for an operation of a flow graph.</summary>
    public static IOperation? OriginalOperation(IOperation flowOperation, Compilation compilation)
    {
        var syntax = flowOperation.Syntax;
        if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

#pragma warning disable RS1030 // findings of callees may lie in another file than the one being analysed
        return compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
#pragma warning restore RS1030
    }

    /// <summary>The top of the operation tree an operation belongs to: a method or constructor body, an initializer, a block.</summary>
    public static IOperation Root(IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root;
    }

    /// <summary>The argument an operation is the value of, in the original tree.</summary>
    public static IArgumentOperation? ArgumentOf(IOperation? original)
    {
        for (var current = original?.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IArgumentOperation argument:
                    return argument;
                case IConversionOperation or IParenthesizedOperation:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }
}
