using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using McpAnalyzers.Model;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: dotnet run --project benchmarks/McpAnalyzers.MicroBenchmarks -c Release -- --filter '*'
//        dotnet run --project benchmarks/McpAnalyzers.MicroBenchmarks -c Release -- --check 50
//        (the diagnostics each IDE-path benchmark reports, by rule, to compare two versions of the analyzers)
//        dotnet run --project benchmarks/McpAnalyzers.MicroBenchmarks -c Release -- --cpu [toolClasses=200] [runs=3] [--shape mixed|classic] [--alone]
//        (CPU time per analyzer in process, see AnalyzerCpu.cs)
//        dotnet run --project benchmarks/McpAnalyzers.MicroBenchmarks -c Release -- --ide 50 9
//        (each IDE-path benchmark run 9 times in this process: the least wall time, CPU time of the process and
//        allocation, which a machine shared with other work disturbs much less than the mean)
if (args.Length == 2 && args[0] == "--check")
{
    await AnalyzerBenchmarks.CheckAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 0 && args[0] == "--cpu")
{
    return await AnalyzerCpu.RunAsync(args[1..]);
}

if (args.Length == 3 && args[0] == "--ide")
{
    await AnalyzerBenchmarks.LeastAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(AnalyzerBenchmarks).Assembly).Run(args, DefaultConfig.Instance.AddJob(Job.ShortRun));
return 0;

/// <summary>
/// The analyzers on a generated MCP server of N and 4N tool classes, each on a fresh compilation (as after an edit):
/// the server model alone, the flow engine (MCPSEC010), every rule, and the IDE path: one edited tool document, an
/// edited Program.cs (where the whole-server rules report; and the same with the service registrations, one per tool
/// class, moved to a file of their own, so that Program.cs does not grow with the tool classes), and, on the same
/// server set up for stdio, one edited tool document that writes to the console (MCPSEC071).
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    /// <summary>A tool class the edit of the stdio variant appends to Tools0.cs: it writes to stdout, what MCPSEC071 reports.</summary>
    private const string ConsoleTool = """

        [McpServerToolType]
        public static class EchoTools
        {
            [McpServerTool, Description("Echoes")]
            public static string Echo(string text)
            {
                Console.WriteLine(text);
                return text;
            }
        }
        """;

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<SyntaxTree> _stdioTrees;
    private ImmutableArray<SyntaxTree> _registeredApartTrees;
    private ImmutableArray<MetadataReference> _references;
    private ImmutableArray<DiagnosticAnalyzer> _all;

    [Params(50, 200)]
    public int ToolClasses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var repository = FindRepository();
        var folder = Generator.Write(Path.Combine(Path.GetTempPath(), "mcpanalyzers-micro-" + ToolClasses), ToolClasses, repository);
        _trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f))
            .ToImmutableArray();
        var global = CSharpSyntaxTree.ParseText(
            "global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; global using System.Threading.Tasks;"
            + " global using Microsoft.AspNetCore.Builder; global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Configuration;",
            path: "GlobalUsings.cs");
        _trees = _trees.Add(global);
        var program = _trees.First(t => t.FilePath.EndsWith("Program.cs", StringComparison.Ordinal));
        var stdio = CSharpSyntaxTree.ParseText(
            program.GetText().ToString().Replace(".WithHttpTransport()", ".WithStdioServerTransport()", StringComparison.Ordinal),
            (CSharpParseOptions)program.Options,
            program.FilePath);
        _stdioTrees = _trees.Replace(program, stdio);

        // The same server with the services registered in a file of their own: Program.cs no longer grows with the
        // tool classes, so an edit of it shows what grows with them and nothing else.
        var lines = program.GetText().ToString().Split('\n');
        var registrations = lines.Where(l => l.StartsWith("builder.Services.AddSingleton<Bench.Services.IStore", StringComparison.Ordinal)).ToList();
        var apart = CSharpSyntaxTree.ParseText(
            string.Join('\n', lines.Where(l => !registrations.Contains(l)).Select(l => l.StartsWith("builder.Services.AddMcpServer()", StringComparison.Ordinal) ? "Bench.Registrations.AddStores(builder.Services);\n" + l : l)),
            (CSharpParseOptions)program.Options,
            program.FilePath);
        var registrationsFile = CSharpSyntaxTree.ParseText(
            "namespace Bench;\n\npublic static class Registrations\n{\n    public static void AddStores(IServiceCollection services)\n    {\n"
            + string.Concat(registrations.Select(l => "        " + l.Replace("builder.Services.", "services.", StringComparison.Ordinal) + "\n"))
            + "    }\n}\n",
            (CSharpParseOptions)program.Options,
            Path.Combine(Path.GetDirectoryName(program.FilePath)!, "Registrations.cs"));
        _registeredApartTrees = _trees.Replace(program, apart).Add(registrationsFile);
        _references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        _all = typeof(UnrestrictedFilePathAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    [Benchmark(Description = "MCP server model")]
    public int ServerModel()
    {
        var compilation = Fresh();
        var context = McpCompilationContext.Get(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        return context.Servers.Primitives.Length;
    }

    [Benchmark(Description = "flow engine (MCPSEC010)")]
    public Task<int> FlowEngine() => RunAsync(ImmutableArray.Create<DiagnosticAnalyzer>(new UnrestrictedFilePathAnalyzer()));

    [Benchmark(Description = "every rule")]
    public Task<int> EveryRule() => RunAsync(_all);

    [Benchmark(Description = "one edited tool document (IDE)")]
    public async Task<int> OneDocument() => (await EditedDocumentAsync("Tools0.cs", _trees, Edit)).Length;

    [Benchmark(Description = "edited Program.cs, the server setup (IDE)")]
    public async Task<int> EditedProgram() => (await EditedDocumentAsync("Program.cs", _trees, Edit)).Length;

    [Benchmark(Description = "edited Program.cs, services registered in another file (IDE)")]
    public async Task<int> EditedProgramRegisteredApart() => (await EditedDocumentAsync("Program.cs", _registeredApartTrees, Edit)).Length;

    [Benchmark(Description = "stdio server: edited tool document writing to stdout (IDE, MCPSEC071)")]
    public async Task<int> EditedConsoleTool() => (await EditedDocumentAsync("Tools0.cs", _stdioTrees, ConsoleTool)).Length;

    /// <summary>
    /// Runs each IDE-path benchmark <paramref name="runs"/> times (after one warm-up) and prints the least wall time,
    /// CPU time and allocation. Each benchmark gets syntax trees of its own (what a run caches per tree stays with it).
    /// </summary>
    public static async Task LeastAsync(int toolClasses, int runs)
    {
        foreach (var (name, benchmark) in new (string, Func<AnalyzerBenchmarks, Task<int>>)[]
        {
            ("one edited tool document", b => b.OneDocument()),
            ("edited Program.cs", b => b.EditedProgram()),
            ("edited Program.cs, services registered apart", b => b.EditedProgramRegisteredApart()),
            ("stdio server, edited tool writing to stdout", b => b.EditedConsoleTool()),
        })
        {
            var benchmarks = new AnalyzerBenchmarks { ToolClasses = toolClasses };
            benchmarks.Setup();
            Func<Task<int>> run = () => benchmark(benchmarks);
            await run();
            var (milliseconds, cpu, bytes) = (double.MaxValue, double.MaxValue, long.MaxValue);
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            for (var i = 0; i < runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await run();
                watch.Stop();
                bytes = Math.Min(bytes, GC.GetTotalAllocatedBytes(precise: true) - before);
                self.Refresh();
                cpu = Math.Min(cpu, (self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                milliseconds = Math.Min(milliseconds, watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine(FormattableString.Invariant($"{toolClasses}\t{name}\t{milliseconds:F1} ms\t{cpu:F1} ms CPU\t{bytes / 1e6:F2} MB"));
        }
    }

    /// <summary>Prints what each IDE-path benchmark reports, rule by rule.</summary>
    public static async Task CheckAsync(int toolClasses)
    {
        var benchmarks = new AnalyzerBenchmarks { ToolClasses = toolClasses };
        benchmarks.Setup();
        foreach (var (name, file, trees, appended) in new[]
        {
            ("one edited tool document", "Tools0.cs", benchmarks._trees, Edit),
            ("edited Program.cs", "Program.cs", benchmarks._trees, Edit),
            ("edited Program.cs, services registered apart", "Program.cs", benchmarks._registeredApartTrees, Edit),
            ("stdio server, edited tool writing to stdout", "Tools0.cs", benchmarks._stdioTrees, ConsoleTool),
        })
        {
            var diagnostics = await benchmarks.EditedDocumentAsync(file, trees, appended);
            var byRule = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " x" + g.Count());
            var errors = benchmarks.Fresh(trees).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            Console.WriteLine(name + ": " + string.Join(", ", byRule) + " (compiler errors in the project: " + errors + ")");
        }
    }

    /// <summary>
    /// What the IDE does after a keystroke: a new compilation in which only the edited file has a new syntax tree (the
    /// others are the same objects as before), and the analyzers run on that one document.
    /// </summary>
    private const string Edit = "\n// edited\n";

    private async Task<ImmutableArray<Diagnostic>> EditedDocumentAsync(string file, ImmutableArray<SyntaxTree> trees, string appended)
    {
        var old = trees.First(t => t.FilePath.EndsWith(file, StringComparison.Ordinal));
        var edited = CSharpSyntaxTree.ParseText(old.GetText().ToString() + appended, (CSharpParseOptions)old.Options, old.FilePath);
        var compilation = Fresh(trees).ReplaceSyntaxTree(old, edited);
        var analysis = compilation.WithAnalyzers(_all);
        return await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(edited), filterSpan: null, CancellationToken.None);
    }

    private async Task<int> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => (await Fresh().WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync()).Length;

    private CSharpCompilation Fresh() => Fresh(_trees);

    private CSharpCompilation Fresh(ImmutableArray<SyntaxTree> trees)
        => CSharpCompilation.Create("Bench", trees, _references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
