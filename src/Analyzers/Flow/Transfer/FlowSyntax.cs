using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>From the operations of a flow graph back to the original operation tree (with parents).</summary>
internal static class FlowSyntax
{
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
