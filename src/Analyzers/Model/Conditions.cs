using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// Whether a protection (an authentication middleware, <c>RequireAuthorization()</c>, an Origin check) is installed
/// only under a condition: <c>if (settings.AuthEnabled) app.UseMiddleware&lt;Auth&gt;();</c> protects nothing when the
/// setting is off. A branch whose other side fails closed (throws, returns before the app runs, exits, or installs the
/// same protection) is no such condition.
/// </summary>
internal static class Conditions
{
    /// <summary>
    /// The condition (as written, negated for an else branch) under which <paramref name="installed"/> runs, or null
    /// when it runs unconditionally as far as the enclosing body shows.
    /// </summary>
    public static string? Guarding(IOperation installed)
    {
        var child = installed;
        for (var parent = installed.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is not IConditionalOperation conditional || child == conditional.Condition)
            {
                continue;
            }

            var inTrueBranch = child == conditional.WhenTrue;
            var other = inTrueBranch ? conditional.WhenFalse : conditional.WhenTrue;
            if (FailsClosed(other, installed))
            {
                continue;
            }

            var condition = conditional.Condition.Syntax.ToString();
            return inTrueBranch ? condition : "!(" + condition + ")";
        }

        return null;
    }

    private static bool FailsClosed(IOperation? branch, IOperation installed)
    {
        if (branch is null)
        {
            return false;
        }

        var same = installed is IInvocationOperation call ? call.TargetMethod.Name : null;
        var pending = new System.Collections.Generic.Stack<IOperation>();
        pending.Push(branch);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IThrowOperation or IReturnOperation:
                    return true;
                case IInvocationOperation invocation
                    when (invocation.TargetMethod.Name == "Exit" && invocation.TargetMethod.ContainingType.IsType("System.Environment"))
                         || (same is not null && invocation.TargetMethod.Name == same):
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue; // code that runs later (a lambda's return is not the branch's)
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return false;
    }
}
