using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Tests.Flow;

/// <summary>
/// The generic solver and the policy when it gives up: a body that does not reach a fixed point within the budget
/// reports nothing (no finding is read from a half-solved state) and returns the join of its inputs.
/// </summary>
public class FlowSolverTests
{
    /// <summary>A loop that copies tool input one variable further per iteration: v0 is tainted after 24 rounds.</summary>
    private static readonly string Chain = $$"""
        using System.IO;

        public static class Chain
        {
            public static string Read(string input, int rounds)
            {
                {{string.Join(" ", Enumerable.Range(0, 25).Select(i => $"var v{i} = \"\";"))}}
                for (var i = 0; i < rounds; i++)
                {
                    {{string.Join(" ", Enumerable.Range(0, 24).Select(i => $"v{i} = v{i + 1};"))}}
                    v24 = input;
                }

                return File.ReadAllText(v0) + v0;
            }
        }
        """;

    [Fact]
    public async Task LoopThatConverges_IsReadOnceSolved()
    {
        var (engine, graph, entry) = await ChainAsync();
        var collector = new FlowCollector(CancellationToken.None);

        var (returned, _, outcome, _) = TaintTransfer.Run(engine, graph, entry, depth: 0, collector);

        Assert.Equal(SolveOutcome.Converged, outcome);
        var hit = Assert.Single(collector.ToResult(returned).Hits);
        Assert.Equal(SinkFamily.Path, hit.Family);
        Assert.True(returned.IsTainted);
    }

    [Fact]
    public async Task BudgetRunsOut_BodyReportsNothing_AndReturnsItsInputs()
    {
        var (engine, graph, entry) = await ChainAsync();
        var collector = new FlowCollector(CancellationToken.None);

        // 30 block visits: the worklist has not carried the input to v0 yet, so a half-solved state would show no
        // finding and a clean return; the policy gives no finding and a tainted (conservative) return.
        var (returned, returns, outcome, _) = TaintTransfer.Run(engine, graph, entry, depth: 0, collector, budget: 30);

        Assert.Equal(SolveOutcome.DidNotConverge, outcome);
        Assert.Empty(collector.ToResult(returned).Hits);
        Assert.Empty(returns);
        Assert.True(returned.IsTaintedFor(SinkFamily.Path));
    }

    [Fact]
    public void Solver_NeverPassesAHalfSolvedState_AsSolved()
    {
        var graph = LoopGraph();
        var transfer = new GrowingTransfer();

        var outcome = FlowSolver.Solve(graph.Blocks, new FlowState(), transfer, budget: 50, CancellationToken.None);

        Assert.Equal(SolveOutcome.DidNotConverge, outcome);
        Assert.Equal(50, transfer.Unsolved);
        Assert.Equal(0, transfer.Solved);
    }

    [Fact]
    public void Solver_OnALoop_RunsEachReachableBlockOnceSolved()
    {
        var graph = LoopGraph();
        var transfer = new IdentityTransfer();

        var outcome = FlowSolver.Solve(graph.Blocks, new FlowState(), transfer, CancellationToken.None);

        Assert.Equal(SolveOutcome.Converged, outcome);
        Assert.Equal(graph.Blocks.Length, transfer.Solved.Count);
        Assert.Equal(transfer.Solved.Count, transfer.Solved.Distinct().Count());
    }

    private static async Task<(TaintEngine Engine, ControlFlowGraph Graph, FlowState Entry)> ChainAsync()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.ConsoleOnly, Chain, "System.Console.WriteLine();");
        var method = TestCompilation.Method(compilation, "Chain", "Read");
        var graph = GraphOf(compilation, method);
        var entry = new FlowState();
        entry.Set(method.Parameters[0], TaintValue.Source(method.Parameters[0]));
        return (TaintEngine.Get(TestCompilation.Context(compilation)), graph, entry);
    }

    private static ControlFlowGraph GraphOf(Compilation compilation, IMethodSymbol method)
    {
        var syntax = (MethodDeclarationSyntax)method.DeclaringSyntaxReferences.Single().GetSyntax();
        var body = (IMethodBodyOperation)compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax)!;
        return ControlFlowGraph.Create(body);
    }

    private static ControlFlowGraph LoopGraph()
    {
        var compilation = TestCompilation.CreateAsync(TestReferences.ConsoleOnly, """
            public static class Loop
            {
                public static int Count(int n)
                {
                    var total = 0;
                    while (total < n)
                    {
                        total++;
                    }

                    return total;
                }
            }
            """, "System.Console.WriteLine();").GetAwaiter().GetResult();
        return GraphOf(compilation, TestCompilation.Method(compilation, "Loop", "Count"));
    }

    /// <summary>Each visit adds a new tainted key: the states never stop growing.</summary>
    private sealed class GrowingTransfer : IFlowTransfer
    {
        public int Solved { get; private set; }

        public int Unsolved { get; private set; }

        public IEnumerable<(ControlFlowBranch? Branch, FlowState State)> Block(BasicBlock block, FlowState input, bool solved)
        {
            if (solved)
            {
                Solved++;
            }
            else
            {
                Unsolved++;
            }

            var output = input.Clone();
            output.Set(new object(), new TaintValue(SinkFamily.Path, normalized: false, origin: null, combine: null));
            return new[] { (block.FallThroughSuccessor, output), (block.ConditionalSuccessor, output) };
        }
    }

    private sealed class IdentityTransfer : IFlowTransfer
    {
        public List<int> Solved { get; } = new();

        public IEnumerable<(ControlFlowBranch? Branch, FlowState State)> Block(BasicBlock block, FlowState input, bool solved)
        {
            if (solved)
            {
                Solved.Add(block.Ordinal);
            }

            return new[] { (block.FallThroughSuccessor, input), (block.ConditionalSuccessor, input) };
        }
    }
}
