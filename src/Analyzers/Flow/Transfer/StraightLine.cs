using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// Method bodies with a single path: the statements of most service methods a tool calls (<c>return
/// File.ReadAllText(Path.Combine(_root, name));</c>). The engine runs them in order on the bound tree instead of
/// building a control-flow graph (the profile of a 2,000-tool server put a quarter of our time in building graphs of
/// such bodies).
/// </summary>
internal static class StraightLine
{
    /// <summary>
    /// The body's block when nothing in it branches: no if, switch, loop, try, using, lock, goto, throw, lambda, local
    /// function, conditional or null-conditional expression, short-circuit operator or pattern (each of which the graph
    /// turns into edges the solver joins or refines); else null. Constructors keep the graph (their initializer runs
    /// first).
    /// </summary>
    public static IBlockOperation? Of(IOperation? root)
    {
        if (root is not IMethodBodyOperation method || (method.BlockBody ?? method.ExpressionBody) is not { } body)
        {
            return null;
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IConditionalOperation:
                case ICoalesceOperation:
                case ICoalesceAssignmentOperation:
                case IConditionalAccessOperation:
                case ISwitchExpressionOperation:
                case ISwitchOperation:
                case ILoopOperation:
                case ITryOperation:
                case IUsingOperation:
                case IUsingDeclarationOperation:
                case ILockOperation:
                case IBranchOperation:
                case ILabeledOperation:
                case IThrowOperation:
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                case IDelegateCreationOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case IPatternOperation:
                case IInvalidOperation:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                    return null;
            }
        }

        return body;
    }
}
