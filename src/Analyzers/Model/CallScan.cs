using System;
using System.Collections.Concurrent;
using System.Threading;
using McpAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// Looks for a kind of call in code (a filter's lambdas, a tool) and in the source methods it calls, to a bounded
/// depth. One scanner per compilation and question: what a method does is worked out once and shared by every
/// tool that calls it.
/// </summary>
internal sealed class CallScan
{
    private const int MaxDepth = 4;

    private readonly TaintEngine _engine;
    private readonly Func<IMethodSymbol, bool> _match;
    private readonly CallFacts? _facts;
    private readonly Func<IOperation, bool>? _matchUnbound;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _methods = new(SymbolEqualityComparer.Default);

    /// <param name="engine">Resolves calls to their implementations in source.</param>
    /// <param name="match">The call looked for, by the method called.</param>
    /// <param name="facts">Calls the driver has already shown (read instead of binding those bodies again), if any.</param>
    /// <param name="matchUnbound">
    /// An operation other than a bound call that counts as the call looked for (a call whose library did not resolve);
    /// the driver's findings of it are <see cref="CallFacts.Mark"/>ed in <paramref name="facts"/>.
    /// </param>
    public CallScan(TaintEngine engine, Func<IMethodSymbol, bool> match, CallFacts? facts = null, Func<IOperation, bool>? matchUnbound = null)
    {
        _engine = engine;
        _match = match;
        _facts = facts;
        _matchUnbound = matchUnbound;
    }

    /// <summary>True when an invocation under <paramref name="root"/>, or in a source method it calls, matches.</summary>
    public bool Any(IOperation root, CancellationToken cancellationToken) => Scan(root, 0, cancellationToken);

    /// <summary>True when the method, or a source method it calls, makes a matching call.</summary>
    public bool Any(IMethodSymbol method, CancellationToken cancellationToken) => Method(method.OriginalDefinition, 0, cancellationToken);

    private bool Method(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        if (_methods.TryGetValue(method, out var known))
        {
            return known;
        }

        _methods[method] = false; // a recursive call finds nothing new
        var found = false;
        if (_facts is not null && _facts.TryGetCalls(method, out var calls))
        {
            found = _matchUnbound is not null && _facts.IsMarked(method);
            foreach (var target in found ? Array.Empty<IMethodSymbol>() : calls)
            {
                if (Matches(target, depth, cancellationToken))
                {
                    found = true;
                    break;
                }
            }

            _methods[method] = found;
            return found;
        }

        foreach (var body in _engine.WalkedBodies(method, cancellationToken))
        {
            if (Scan(body, depth, cancellationToken))
            {
                found = true;
                break;
            }
        }

        _methods[method] = found;
        return found;
    }

    private bool Scan(IOperation root, int depth, CancellationToken cancellationToken)
    {
        foreach (var operation in root.Descendants())
        {
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation { Constructor: { } constructor } => constructor,
                _ => null,
            };
            if (target is not null ? Matches(target, depth, cancellationToken) : _matchUnbound?.Invoke(operation) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call matches, or (within the depth) a source body it may run makes a matching call.</summary>
    private bool Matches(IMethodSymbol target, int depth, CancellationToken cancellationToken)
    {
        if (_match(target))
        {
            return true;
        }

        if (depth >= MaxDepth)
        {
            return false;
        }

        foreach (var implementation in _engine.Implementations(target, cancellationToken))
        {
            if (_engine.HasSourceBody(implementation) && Method(implementation, depth + 1, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>limiter.AcquireAsync(...)</c> / <c>AttemptAcquire(...)</c> on a System.Threading.RateLimiting limiter.</summary>
    public static bool AcquiresLease(IMethodSymbol method)
        => method.Name is "AcquireAsync" or "AttemptAcquire"
           && method.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Threading.RateLimiting";
}
