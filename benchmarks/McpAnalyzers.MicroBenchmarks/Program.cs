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
if (args.Length == 2 && args[0] == "--check")
{
    await AnalyzerBenchmarks.CheckAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 0 && args[0] == "--cpu")
{
    return await AnalyzerCpu.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(AnalyzerBenchmarks).Assembly).Run(args, DefaultConfig.Instance.AddJob(Job.ShortRun));
return 0;

/// <summary>
/// The analyzers on a generated MCP server of N and 4N tool classes, each on a fresh compilation (as after an edit):
/// the server model alone, the flow engine (MCPSEC010), every rule, and the IDE path: one edited tool document, an
/// edited Program.cs (where the whole-server rules report; and the compiler alone on that edit, for reference), and, on
/// the same server set up for stdio, one edited tool document that writes to the console (MCPSEC071).
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

    /// <summary>
    /// The same edit without analyzers: the compiler binding Program.cs, which registers one service per tool class and
    /// so grows with them. What the analyzers add is the difference with the row above.
    /// </summary>
    [Benchmark(Description = "edited Program.cs, the compiler alone (no analyzer)")]
    public int EditedProgramCompilerOnly()
    {
        var old = _trees.First(t => t.FilePath.EndsWith("Program.cs", StringComparison.Ordinal));
        var edited = CSharpSyntaxTree.ParseText(old.GetText().ToString() + Edit, (CSharpParseOptions)old.Options, old.FilePath);
        return Fresh().ReplaceSyntaxTree(old, edited).GetSemanticModel(edited).GetDiagnostics().Length;
    }

    [Benchmark(Description = "stdio server: edited tool document writing to stdout (IDE, MCPSEC071)")]
    public async Task<int> EditedConsoleTool() => (await EditedDocumentAsync("Tools0.cs", _stdioTrees, ConsoleTool)).Length;

    /// <summary>Prints what each IDE-path benchmark reports, rule by rule.</summary>
    public static async Task CheckAsync(int toolClasses)
    {
        var benchmarks = new AnalyzerBenchmarks { ToolClasses = toolClasses };
        benchmarks.Setup();
        foreach (var (name, file, trees, appended) in new[]
        {
            ("one edited tool document", "Tools0.cs", benchmarks._trees, Edit),
            ("edited Program.cs", "Program.cs", benchmarks._trees, Edit),
            ("stdio server, edited tool writing to stdout", "Tools0.cs", benchmarks._stdioTrees, ConsoleTool),
        })
        {
            var diagnostics = await benchmarks.EditedDocumentAsync(file, trees, appended);
            var byRule = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " x" + g.Count());
            Console.WriteLine(name + ": " + string.Join(", ", byRule));
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
