using System;
using System.Threading;
using McpAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>Looks for a kind of call in code (a filter's lambdas, a tool) and in the source methods it calls.</summary>
internal static class CallScan
{
    /// <summary>True when an invocation under <paramref name="root"/>, or in a source method it calls (bounded depth), matches.</summary>
    public static bool Any(IOperation root, TaintEngine engine, Func<IInvocationOperation, bool> match, CancellationToken cancellationToken)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (match(invocation))
            {
                return true;
            }

            if (engine.HasSourceBody(invocation.TargetMethod) && Any(invocation.TargetMethod, engine, match, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the method, or a source method it calls (bounded depth), makes a matching call.</summary>
    public static bool Any(IMethodSymbol method, TaintEngine engine, Func<IInvocationOperation, bool> match, CancellationToken cancellationToken)
    {
        foreach (var (_, body) in CallWalker.Walk(method, engine, CallWalker.DefaultDepth, cancellationToken))
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation && match(invocation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>limiter.AcquireAsync(...)</c> / <c>AttemptAcquire(...)</c> on a System.Threading.RateLimiting limiter.</summary>
    public static bool AcquiresLease(IInvocationOperation invocation)
        => invocation.TargetMethod.Name is "AcquireAsync" or "AttemptAcquire"
           && invocation.TargetMethod.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Threading.RateLimiting";

    /// <summary>
    /// A log or audit call: an <c>ILogger</c> method or extension, a <c>[LoggerMessage]</c> method, Serilog, or a
    /// method of a type whose name says audit.
    /// </summary>
    public static bool RecordsCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns == "Microsoft.Extensions.Logging" && (type.Name is "LoggerExtensions" or "ILogger" || type.Name.StartsWith("ILogger", StringComparison.Ordinal)) && method.Name.StartsWith("Log", StringComparison.Ordinal))
        {
            return true;
        }

        if (ns.StartsWith("Serilog", StringComparison.Ordinal) && (type.Name is "ILogger" or "Log" or "Logger"))
        {
            return true;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "LoggerMessageAttribute")
            {
                return true;
            }
        }

        return type.Name.IndexOf("Audit", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
