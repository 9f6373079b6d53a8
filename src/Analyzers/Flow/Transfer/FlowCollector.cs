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

    public FlowResult ToResult(TaintValue returnValue) => new(_hits.Values.ToImmutableArray(), _weakChecks.Values.ToImmutableArray(), returnValue);
}

/// <summary>What an analysis found, and what the analysed body returns.</summary>
internal sealed class FlowResult
{
    public static readonly FlowResult Empty = new(ImmutableArray<SinkHit>.Empty, ImmutableArray<WeakCheck>.Empty, TaintValue.Clean);

    public FlowResult(ImmutableArray<SinkHit> hits, ImmutableArray<WeakCheck> weakChecks, TaintValue returnValue)
    {
        Hits = hits;
        WeakChecks = weakChecks;
        ReturnValue = returnValue;
    }

    public ImmutableArray<SinkHit> Hits { get; }

    public ImmutableArray<WeakCheck> WeakChecks { get; }

    public TaintValue ReturnValue { get; }
}
