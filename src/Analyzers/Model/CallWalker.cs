using System.Collections.Generic;
using System.Threading;
using McpAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// The bodies a tool runs: its own, and those of the source methods it calls (through injected interfaces and
/// virtual calls to their implementations in source), breadth-first to a bounded depth.
/// </summary>
internal static class CallWalker
{
    public const int DefaultDepth = 4;

    public static IEnumerable<(IMethodSymbol Method, IOperation Body)> Walk(IMethodSymbol root, TaintEngine engine, int maxDepth, CancellationToken cancellationToken)
    {
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { root.OriginalDefinition };
        var queue = new Queue<(IMethodSymbol Method, int Depth)>();
        queue.Enqueue((root.OriginalDefinition, 0));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (method, depth) = queue.Dequeue();
            foreach (var body in engine.WalkedBodies(method, cancellationToken))
            {
                yield return (method, body);
                if (depth >= maxDepth)
                {
                    continue;
                }

                foreach (var operation in body.Descendants())
                {
                    if (operation is not IInvocationOperation { TargetMethod: { } target })
                    {
                        continue;
                    }

                    foreach (var implementation in engine.Implementations(target, cancellationToken))
                    {
                        if (engine.HasSourceBody(implementation) && seen.Add(implementation))
                        {
                            queue.Enqueue((implementation, depth + 1));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The source methods (with a body) that <paramref name="roots"/> run, themselves included, up to
    /// <paramref name="maxDepth"/> calls away: the methods <see cref="Walk"/> visits from each root, together. The
    /// calls of a method the driver has shown (<paramref name="facts"/>) are read from there; other bodies are bound.
    /// </summary>
    public static HashSet<IMethodSymbol> Reachable(IEnumerable<IMethodSymbol> roots, TaintEngine engine, int maxDepth, CallFacts? facts, CancellationToken cancellationToken)
    {
        var reachable = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var queue = new Queue<(IMethodSymbol Method, int Depth)>();
        foreach (var root in roots)
        {
            if (seen.Add(root.OriginalDefinition))
            {
                queue.Enqueue((root.OriginalDefinition, 0)); // breadth first from every root: each method at its least depth
            }
        }

        var calls = new List<IMethodSymbol>();
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (method, depth) = queue.Dequeue();
            calls.Clear();
            if (facts is not null && facts.TryGetCalls(method, out var known))
            {
                calls.AddRange(known);
            }
            else
            {
                var hasBody = false;
                foreach (var body in engine.WalkedBodies(method, cancellationToken))
                {
                    hasBody = true;
                    if (depth < maxDepth)
                    {
                        foreach (var operation in body.Descendants())
                        {
                            if (operation is IInvocationOperation { TargetMethod: { } target })
                            {
                                calls.Add(target);
                            }
                        }
                    }
                }

                if (!hasBody)
                {
                    continue;
                }
            }

            reachable.Add(method);
            if (depth >= maxDepth)
            {
                continue;
            }

            foreach (var target in calls)
            {
                foreach (var implementation in engine.Implementations(target, cancellationToken))
                {
                    if (engine.HasSourceBody(implementation) && seen.Add(implementation))
                    {
                        queue.Enqueue((implementation, depth + 1));
                    }
                }
            }
        }

        return reachable;
    }

    /// <summary>The operation trees of a source method's declarations (bodies and expression bodies).</summary>
    public static IEnumerable<IOperation> Bodies(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax)
                || !compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            if (syntax is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null })
            {
                continue; // a partial definition part
            }

#pragma warning disable RS1030 // the callee may lie in another file than the code being analysed
            if (compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax, cancellationToken) is { } body)
#pragma warning restore RS1030
            {
                yield return body;
            }
        }
    }
}
