using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace McpAnalyzers.Flow;

/// <summary>What one basic block does to a state: the transfer functions of an analysis, supplied to <see cref="FlowSolver"/>.</summary>
internal interface IFlowTransfer
{
    /// <summary>
    /// Runs <paramref name="block"/> from <paramref name="input"/> and returns the state on each of its outgoing
    /// branches. <paramref name="solved"/> is true when <paramref name="input"/> is the block's solved input: only then
    /// may the transfer record findings.
    /// </summary>
    IEnumerable<(ControlFlowBranch? Branch, FlowState State)> Block(BasicBlock block, FlowState input, bool solved);
}

/// <summary>How a solve ended.</summary>
internal enum SolveOutcome
{
    /// <summary>Every block's input is a fixed point and each reachable block ran once more with <c>solved</c> set.</summary>
    Converged,

    /// <summary>
    /// The iteration budget ran out before a fixed point: no block ran with <c>solved</c> set, so the body has no
    /// findings. The caller decides what the body returns (<see cref="TaintTransfer"/> returns the join of its inputs).
    /// </summary>
    DidNotConverge,
}

/// <summary>
/// The generic forward data-flow solver over a control-flow graph: a worklist of blocks whose input changed, states
/// joined where branches meet, bounded by an iteration budget. It knows nothing of taint, sinks or guards (the
/// transfer functions do), and it never lets the transfer read findings from a state that is not the fixed point.
/// </summary>
internal static class FlowSolver
{
    /// <summary>Block visits allowed before the solve gives up: eight per block plus a margin, enough for nested loops.</summary>
    public static int DefaultBudget(int blocks) => (blocks * 8) + 64;

    public static SolveOutcome Solve(ImmutableArray<BasicBlock> blocks, FlowState entry, IFlowTransfer transfer, CancellationToken cancellationToken)
        => Solve(blocks, entry, transfer, DefaultBudget(blocks.Length), cancellationToken);

    public static SolveOutcome Solve(ImmutableArray<BasicBlock> blocks, FlowState entry, IFlowTransfer transfer, int budget, CancellationToken cancellationToken)
    {
        var input = new FlowState?[blocks.Length];
        input[0] = entry;
        if (IsAcyclic(blocks))
        {
            // No loop: one pass in block order sees every predecessor first, so each block's input is final when it
            // runs and findings are read in the same pass.
            for (var i = 0; i < blocks.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (input[i] is not { } state)
                {
                    continue;
                }

                foreach (var (branch, output) in transfer.Block(blocks[i], state, solved: true))
                {
                    if (branch?.Destination is { } destination)
                    {
                        input[destination.Ordinal] = input[destination.Ordinal] is { } current ? current.Join(output) : output;
                    }
                }
            }

            return SolveOutcome.Converged;
        }

        var queue = new Queue<int>();
        var queued = new bool[blocks.Length];
        queue.Enqueue(0);
        queued[0] = true;
        while (queue.Count > 0)
        {
            if (budget-- <= 0)
            {
                return SolveOutcome.DidNotConverge;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var ordinal = queue.Dequeue();
            queued[ordinal] = false;
            foreach (var (branch, state) in transfer.Block(blocks[ordinal], input[ordinal]!, solved: false))
            {
                if (branch?.Destination is not { } destination)
                {
                    continue;
                }

                var current = input[destination.Ordinal];
                var merged = current is null ? state : current.Join(state);
                if (current is null || !merged.SameAs(current))
                {
                    input[destination.Ordinal] = merged;
                    if (!queued[destination.Ordinal])
                    {
                        queue.Enqueue(destination.Ordinal);
                        queued[destination.Ordinal] = true;
                    }
                }
            }
        }

        // Findings are read once, from the fixed point, so each is seen with its final state.
        for (var i = 0; i < blocks.Length; i++)
        {
            if (input[i] is { } state)
            {
                foreach (var _ in transfer.Block(blocks[i], state, solved: true))
                {
                }
            }
        }

        return SolveOutcome.Converged;
    }

    /// <summary>True when every branch goes to a later block (no loop, no back edge).</summary>
    private static bool IsAcyclic(ImmutableArray<BasicBlock> blocks)
    {
        foreach (var block in blocks)
        {
            if ((block.FallThroughSuccessor?.Destination is { } next && next.Ordinal <= block.Ordinal)
                || (block.ConditionalSuccessor?.Destination is { } jump && jump.Ordinal <= block.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
