using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// The methods each source method calls, read from the operation blocks the analyzer driver hands out while it walks
/// the compilation (already bound). A rule that answers a whole-program question at the end of the compilation
/// (every tool records its calls) reads these facts instead of binding every method body a second time: by then the
/// driver has dropped its semantic models. The driver gives a method's blocks before or after the operations in them;
/// either way the method is marked as known.
/// </summary>
internal sealed class CallFacts
{
    private readonly ConcurrentDictionary<IMethodSymbol, HashSet<IMethodSymbol>> _calls = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _marked = new(SymbolEqualityComparer.Default);

    /// <summary>Marks a method whose blocks the driver has handed out (an operation block action): its calls are known.</summary>
    public void RecordMethod(OperationBlockAnalysisContext context)
    {
        if (context.OwningSymbol is IMethodSymbol method)
        {
            CallsOf(method);
        }
    }

    /// <summary>Records a call made by the method being analysed (an operation action on invocations).</summary>
    public void RecordCall(IInvocationOperation invocation, ISymbol containingSymbol)
    {
        if (containingSymbol is IMethodSymbol method && invocation.TargetMethod is { } target)
        {
            var calls = CallsOf(method);
            lock (calls)
            {
                calls.Add(target);
            }
        }
    }

    /// <summary>Records a constructor the method being analysed runs (<c>new T(...)</c>), like a call.</summary>
    public void RecordCreation(IObjectCreationOperation creation, ISymbol containingSymbol)
    {
        if (containingSymbol is IMethodSymbol method && creation.Constructor is { } constructor)
        {
            var calls = CallsOf(method);
            lock (calls)
            {
                calls.Add(constructor);
            }
        }
    }

    /// <summary>Marks a method as making a call a rule looks for that did not bind (a library mid-restore): see <see cref="IsMarked"/>.</summary>
    public void Mark(ISymbol containingSymbol)
    {
        if (containingSymbol is IMethodSymbol method)
        {
            _marked[method.OriginalDefinition] = true;
        }
    }

    /// <summary>True for a method <see cref="Mark"/> was called for.</summary>
    public bool IsMarked(IMethodSymbol method) => _marked.ContainsKey(method.OriginalDefinition);

    private HashSet<IMethodSymbol> CallsOf(IMethodSymbol method)
        => _calls.GetOrAdd(method.OriginalDefinition, _ => new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

    /// <summary>The calls of a method the driver has visited; false for one it has not (its body is then bound on demand).</summary>
    /// <remarks>Read once the driver is done (a compilation end action): the sets no longer change.</remarks>
    public bool TryGetCalls(IMethodSymbol method, out IReadOnlyCollection<IMethodSymbol> calls)
    {
        if (_calls.TryGetValue(method.OriginalDefinition, out var known))
        {
            calls = known;
            return true;
        }

        calls = System.Array.Empty<IMethodSymbol>();
        return false;
    }
}
