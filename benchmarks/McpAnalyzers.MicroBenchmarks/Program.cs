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
//        dotnet run --project benchmarks/McpAnalyzers.MicroBenchmarks -c Release -- --cpu [toolClasses=200] [runs=3] [--shape mixed|classic] [--alone]
//        (CPU time per analyzer in process, see AnalyzerCpu.cs)
if (args.Length > 0 && args[0] == "--cpu")
{
    return await AnalyzerCpu.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(AnalyzerBenchmarks).Assembly).Run(args, DefaultConfig.Instance.AddJob(Job.ShortRun));
return 0;

/// <summary>
/// The analyzers on a generated MCP server of N and 4N tool classes, each on a fresh compilation (as after an edit):
/// the server model alone, the flow engine (MCPSEC010), every rule, and the IDE path: one edited tool document, and
/// an edited Program.cs (where the whole-server rules report).
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private ImmutableArray<SyntaxTree> _trees;
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
    public Task<int> OneDocument() => EditedDocumentAsync("Tools0.cs");

    [Benchmark(Description = "edited Program.cs, the server setup (IDE)")]
    public Task<int> EditedProgram() => EditedDocumentAsync("Program.cs");

    /// <summary>
    /// What the IDE does after a keystroke: a new compilation in which only the edited file has a new syntax tree (the
    /// others are the same objects as before), and the analyzers run on that one document.
    /// </summary>
    private async Task<int> EditedDocumentAsync(string file)
    {
        var old = _trees.First(t => t.FilePath.EndsWith(file, StringComparison.Ordinal));
        var edited = CSharpSyntaxTree.ParseText(old.GetText().ToString() + "\n// edited\n", (CSharpParseOptions)old.Options, old.FilePath);
        var compilation = Fresh().ReplaceSyntaxTree(old, edited);
        var analysis = compilation.WithAnalyzers(_all);
        var diagnostics = await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(edited), filterSpan: null, CancellationToken.None);
        return diagnostics.Length;
    }

    private async Task<int> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => (await Fresh().WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync()).Length;

    private CSharpCompilation Fresh()
        => CSharpCompilation.Create("Bench", _trees, _references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

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
