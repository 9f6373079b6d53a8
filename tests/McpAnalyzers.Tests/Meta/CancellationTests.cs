using System.Collections.Immutable;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Tests.Meta;

/// <summary>
/// In the IDE every keystroke cancels analyses in flight, while other requests on the same compilation go on. A
/// cancelled analysis must end quietly, and must never hand its cancellation to another: Roslyn reports a cancellation
/// that does not carry the caller's own token as AD0001. Realistic compilations (the samples), cancellation fired after
/// k analyzer callbacks for a spread of k.
/// </summary>
public sealed class CancellationTests
{
    public static TheoryData<string> Samples() => new() { "InsecureServer", "SecureServer" };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task CancelledAtManyPoints_AnAnalysisEndsWithoutAnAnalyzerException(string sample)
    {
        var compilation = await SampleAsync(sample);
        var points = await CancellationPointsAsync(compilation);
        var exceptions = new List<string>();
        foreach (var k in points)
        {
            using var cancellation = new CancellationTokenSource();
            var analysis = compilation.Clone().WithAnalyzers(Analyzers(new Tripwire(cancellation, k)), Options(exceptions));
            try
            {
                await analysis.GetAnalyzerDiagnosticsAsync(cancellation.Token);
            }
            catch (OperationCanceledException exception) when (exception.CancellationToken == cancellation.Token)
            {
                // the expected end of a cancelled analysis
            }
        }

        Assert.True(exceptions.Count == 0, $"{exceptions.Count} analyzer exceptions over {points.Count} cancellation points:\n" + string.Join("\n\n", exceptions.Distinct().Take(3)));
    }

    [Theory]
    [InlineData("InsecureServer")] // the secure one has no diagnostic to lose
    public async Task TwoRequestsOnOneCompilation_OneCancelled_TheOtherGetsExactlyTheUndisturbedDiagnostics(string sample)
    {
        var compilation = await SampleAsync(sample);
        var baseline = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var undisturbed = compilation.Clone();
        var baselineAnalysis = undisturbed.WithAnalyzers(RuleCatalog.Analyzers, Options(new List<string>()));
        foreach (var tree in undisturbed.SyntaxTrees)
        {
            baseline[tree.FilePath] = Render(await baselineAnalysis.GetAnalyzerSemanticDiagnosticsAsync(undisturbed.GetSemanticModel(tree), null, CancellationToken.None));
        }

        Assert.Contains(baseline.Values, diagnostics => diagnostics.Length > 0);
        var exceptions = new List<string>();
        var mismatches = new List<string>();
        foreach (var k in await CancellationPointsAsync(compilation))
        {
            // One CompilationWithAnalyzers, as the IDE keeps one per project snapshot and asks it per document: the two
            // requests share the compilation-start state (the flow engine, the server model) but not their tokens.
            var shared = compilation.Clone();
            using var cancellation = new CancellationTokenSource();
            var analysis = shared.WithAnalyzers(Analyzers(new Tripwire(cancellation, k)), Options(exceptions));
            var trees = shared.SyntaxTrees.ToList();
            var cancelled = Task.Run(async () =>
            {
                foreach (var tree in trees)
                {
                    try
                    {
                        await analysis.GetAnalyzerSemanticDiagnosticsAsync(shared.GetSemanticModel(tree), null, cancellation.Token);
                    }
                    catch (OperationCanceledException exception) when (exception.CancellationToken == cancellation.Token)
                    {
                        return;
                    }
                }
            });
            var kept = Task.Run(async () =>
            {
                var results = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var tree in Enumerable.Reverse(trees))
                {
                    var diagnostics = await analysis.GetAnalyzerSemanticDiagnosticsAsync(shared.GetSemanticModel(tree), null, CancellationToken.None);
                    results[tree.FilePath] = Render(diagnostics.Where(d => d.Id != Tripwire.Id).ToImmutableArray());
                }

                return results;
            });
            await cancelled;
            foreach (var (path, diagnostics) in await kept)
            {
                if (!diagnostics.SequenceEqual(baseline[path]))
                {
                    mismatches.Add($"k={k}, {path}:\n  got      {string.Join("\n           ", diagnostics)}\n  expected {string.Join("\n           ", baseline[path])}");
                }
            }
        }

        Assert.True(exceptions.Count == 0, $"{exceptions.Count} analyzer exceptions:\n" + string.Join("\n\n", exceptions.Distinct().Take(3)));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(3)));
    }

    /// <summary>
    /// The flow engine is shared by every rule (and every analysis) of a compilation. Two analyses use it at once, one
    /// cancelled part way: the other must neither see the cancelled one's exception nor lose a finding. Before the
    /// token travelled with each run, the engine kept the last caller's token in a field and a waiting caller could
    /// receive another's cancellation.
    /// </summary>
    [Fact]
    public async Task TheSharedFlowEngine_NeverHandsOneAnalysisAnothersCancellation()
    {
        var compilation = await SampleAsync("InsecureServer");
        string Results(McpAnalyzers.Flow.TaintEngine engine, IEnumerable<IMethodSymbol> methods, CancellationToken token)
            => string.Join("\n", methods.Select(m => m.Name + ": " + string.Join(", ", engine.AnalyzePrimitive(m, token).Hits.Select(h => h.SinkName + "@" + h.Value.Syntax.GetLocation().GetLineSpan().StartLinePosition)
                .OrderBy(x => x, StringComparer.Ordinal))));
        var undisturbed = compilation.Clone();
        var baselineContext = TestCompilation.Context(undisturbed);
        var baselineMethods = baselineContext.Servers.Primitives.Select(p => p.Method).ToList();
        Assert.True(baselineMethods.Count >= 5, $"only {baselineMethods.Count} primitives");
        var expected = Results(McpAnalyzers.Flow.TaintEngine.Get(baselineContext), baselineMethods, CancellationToken.None);

        var failures = new List<string>();
        for (var round = 0; round < 40; round++)
        {
            var shared = compilation.Clone();
            var context = TestCompilation.Context(shared);
            var engine = McpAnalyzers.Flow.TaintEngine.Get(context);
            var methods = context.Servers.Primitives.Select(p => p.Method).ToList();
            using var cancellation = new CancellationTokenSource();
            var start = new Barrier(2);
            var cancelled = Task.Run(() =>
            {
                start.SignalAndWait();
                try
                {
                    for (var i = 0; i < methods.Count; i++)
                    {
                        if (i == round % methods.Count)
                        {
                            cancellation.Cancel();
                        }

                        engine.AnalyzePrimitive(methods[i], cancellation.Token);
                    }
                }
                catch (OperationCanceledException exception) when (exception.CancellationToken == cancellation.Token)
                {
                }
            });
            var kept = Task.Run(() =>
            {
                start.SignalAndWait();
                foreach (var method in Enumerable.Reverse(methods))
                {
                    engine.AnalyzePrimitive(method, CancellationToken.None);
                }

                return Results(engine, methods, CancellationToken.None);
            });
            try
            {
                await cancelled;
                var got = await kept;
                if (got != expected)
                {
                    failures.Add($"round {round}: findings differ:\n{got}\n--- expected ---\n{expected}");
                }
            }
            catch (Exception exception)
            {
                failures.Add($"round {round}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of 40 rounds failed:\n" + string.Join("\n", failures.Take(3)));
    }

    /// <summary>A spread of callback counts, from the first callback to near the end of a full analysis.</summary>
    private static async Task<IReadOnlyList<int>> CancellationPointsAsync(Compilation compilation)
    {
        using var never = new CancellationTokenSource();
        var counter = new Tripwire(never, int.MaxValue);
        await compilation.Clone().WithAnalyzers(Analyzers(counter), Options(new List<string>())).GetAnalyzerDiagnosticsAsync();
        var total = counter.Count;
        Assert.True(total > 50, $"only {total} callbacks");
        var points = new SortedSet<int> { 1, 2, 3, total - 1 };
        for (var k = 5.0; k < total; k *= 1.7)
        {
            points.Add((int)k);
        }

        return points.ToList();
    }

    private static string[] Render(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToArray();

    private static ImmutableArray<DiagnosticAnalyzer> Analyzers(Tripwire tripwire) => RuleCatalog.Analyzers.Add(tripwire);

    private static CompilationWithAnalyzersOptions Options(List<string> exceptions)
        => new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

    /// <summary>A sample server's sources, compiled against MCP SDK 2.x with the data and JWT libraries it uses.</summary>
    private static async Task<CSharpCompilation> SampleAsync(string sample)
    {
        var folder = Repository.PathOf(Path.Combine("samples", sample));
        var separator = Path.DirectorySeparatorChar;
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: Path.GetRelativePath(folder, f)))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks; global using System.Collections.Generic; global using Microsoft.AspNetCore.Builder; global using Microsoft.AspNetCore.Hosting; global using Microsoft.AspNetCore.Http; global using Microsoft.Extensions.Configuration; global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Hosting; global using Microsoft.Extensions.Logging;",
            new CSharpParseOptions(LanguageVersion.Latest),
            path: "GlobalUsings.g.cs"));
        var references = (await TestReferences.McpSdk2Data.ResolveAllAsync()).Concat(await TestReferences.McpSdk2Jwt.ResolveAllAsync())
            .GroupBy(r => Path.GetFileName(r.Display ?? string.Empty), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return CSharpCompilation.Create(sample, trees, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Counts analyzer callbacks (every operation) and cancels after the k-th.</summary>
#pragma warning disable RS1036, RS1025, RS1026, RS2008 // a test instrument, not a shipped analyzer
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class Tripwire(CancellationTokenSource cancellation, int k) : DiagnosticAnalyzer
    {
        public const string Id = "TRIP001";

        private static readonly DiagnosticDescriptor Descriptor = new(Id, "tripwire", "tripwire", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => Tick(), Enum.GetValues<OperationKind>().Where(kind => kind != OperationKind.None).ToImmutableArray());
        }

        private void Tick()
        {
            if (Interlocked.Increment(ref _count) == k)
            {
                cancellation.Cancel();
            }
        }
    }
#pragma warning restore RS1036, RS1025, RS1026, RS2008
}
