using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Flow;

/// <summary>Findings of one analysis (an entry point and what it calls), one per sink or check.</summary>
internal sealed class FlowCollector
{
    private readonly Dictionary<(IOperation, SinkFamily), SinkHit> _hits = new();

    /// <param name="cancellationToken">The token of the analysis this run serves (never another analysis's).</param>
    public FlowCollector(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>
    /// Cancellation of the one analysis this run belongs to. The engine is shared by every rule and every analysis of
    /// a compilation, so the token travels with the run, never in a field of the engine another analysis could set.
    /// </summary>
    public CancellationToken CancellationToken { get; }
    private readonly Dictionary<IOperation, WeakCheck> _weakChecks = new();
    private readonly HashSet<ISymbol> _pathSinkSubjects = new(SymbolEqualityComparer.Default);

    /// <summary>A variable that reaches a file-system sink: a prefix test on it is a containment check.</summary>
    public void AddPathSinkSubject(ISymbol? subject)
    {
        if (subject is not null)
        {
            _pathSinkSubjects.Add(subject);
        }
    }

    public void AddHit(SinkHit hit)
    {
        if (!_hits.ContainsKey((hit.Value, hit.Family)))
        {
            _hits[(hit.Value, hit.Family)] = hit;
        }
    }

    public void AddWeakCheck(WeakCheck check)
    {
        if (!_weakChecks.ContainsKey(check.Check))
        {
            _weakChecks[check.Check] = check;
        }
    }

    public void AddAll(FlowResult result)
    {
        foreach (var hit in result.Hits)
        {
            AddHit(hit);
        }

        foreach (var check in result.WeakChecks)
        {
            AddWeakCheck(check);
        }
    }

    /// <summary>
    /// The findings. A prefix test counts as a (weak) containment check only on a path: one evidently a path, or a
    /// variable that reaches a file-system sink in this body; a test on SQL text, a name or a program's output is none.
    /// </summary>
    public FlowResult ToResult(TaintValue returnValue, ImmutableArray<SinkFamily> validated = default)
    {
        var weakChecks = ImmutableArray.CreateBuilder<WeakCheck>(_weakChecks.Count);
        foreach (var check in _weakChecks.Values)
        {
            if (check.IsPath || (check.Subject is not null && _pathSinkSubjects.Contains(check.Subject)))
            {
                weakChecks.Add(check);
            }
        }

        return new(_hits.Values.ToImmutableArray(), weakChecks.ToImmutable(), returnValue, validated);
    }
}

/// <summary>What an analysis found, and what the analysed body returns.</summary>
internal sealed class FlowResult
{
    public static readonly FlowResult Empty = new(ImmutableArray<SinkHit>.Empty, ImmutableArray<WeakCheck>.Empty, TaintValue.Clean);

    public FlowResult(ImmutableArray<SinkHit> hits, ImmutableArray<WeakCheck> weakChecks, TaintValue returnValue, ImmutableArray<SinkFamily> validated = default)
    {
        Hits = hits;
        WeakChecks = weakChecks;
        ReturnValue = returnValue;
        Validated = validated.IsDefault ? ImmutableArray<SinkFamily>.Empty : validated;
    }

    /// <summary>
    /// By parameter ordinal, the families a body proves of its parameter whenever it returns (it throws otherwise): the
    /// body is a validator of that argument. Empty when it proves nothing.
    /// </summary>
    public ImmutableArray<SinkFamily> Validated { get; }

    public ImmutableArray<SinkHit> Hits { get; }

    public ImmutableArray<WeakCheck> WeakChecks { get; }

    public TaintValue ReturnValue { get; }
}
