using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

/// <summary>
/// CPU time per analyzer, in process: <c>--cpu [toolClasses=200] [runs=3] [--shape mixed|classic] [--alone] [--only all]</c>.
/// Each configuration compiles a fresh compilation of the generated server (the same syntax trees, so nothing bound
/// before is reused) and runs its analyzers with <c>concurrentAnalysis: false</c> on a compilation without
/// <c>concurrentBuild</c>, so that everything runs on one thread at a time: no analyzer is charged for waiting on
/// another's shared result, and no spinning thread inflates the process CPU on a loaded machine. Figures:
/// <list type="bullet">
/// <item>compile: process CPU (user + sys, every thread, from the kernel) of <c>GetDiagnostics()</c> alone, the
/// compiler's own work that every configuration repeats;</item>
/// <item>all rules: process CPU of the compiler diagnostics plus every analyzer, minus compile: the analyzers' CPU
/// (their callbacks, the driver's operation trees and control-flow graphs, and the binding they cause);</item>
/// <item>per analyzer, in the all-rules run: the driver's execution time of its callbacks
/// (<c>logAnalyzerExecutionTime</c>), single-threaded, so CPU time of that thread unless the machine preempts it; the
/// shared flow analysis and the shared MCP model go to whichever rule asks first;</item>
/// <item>per analyzer alone (<c>--alone</c>): process CPU of compile plus that one analyzer, minus compile: what the rule
/// costs by itself, including every shared structure it needs.</item>
/// </list>
/// Medians of interleaved runs after one warm-up run of every configuration.
/// </summary>
internal static class AnalyzerCpu
{
    public static async Task<int> RunAsync(string[] args)
    {
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsValue(args, a)).ToArray();
        var classes = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 200;
        var runs = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 3;
        var shape = Value(args, "--shape") is { } s ? Enum.Parse<Shape>(s, ignoreCase: true) : Shape.Mixed;
        var alone = args.Contains("--alone");
        var onlyAll = Value(args, "--only") == "all";

        var repository = FindRepository();
        var folder = Generator.Write(Path.Combine(Path.GetTempPath(), $"mcpanalyzers-cpu-{shape}-{classes}-{Environment.ProcessId}"), classes, repository, shape);
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f))
            .Append(CSharpSyntaxTree.ParseText(
                "global using System; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Collections.Generic; global using System.Threading.Tasks;"
                + " global using Microsoft.AspNetCore.Builder; global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Configuration;",
                path: "GlobalUsings.cs"))
            .ToImmutableArray();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        var all = typeof(UnrestrictedFilePathAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        CSharpCompilation Fresh() => CSharpCompilation.Create("Bench", trees, references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

        var errors = Fresh().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Console.Error.WriteLine($"the generated server does not compile in process ({errors.Count} errors), first: {errors[0]}");
            return 2;
        }

        var configurations = new List<(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)>
        {
            ("compile", ImmutableArray<DiagnosticAnalyzer>.Empty),
            (DriverBaseline, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer())),
            ("all rules", all),
        };
        if (alone && !onlyAll)
        {
            configurations.AddRange(all.Select(a => (Name(a), ImmutableArray.Create(a))));
        }

        var cpu = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        var wall = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        var cold = configurations.ToDictionary(c => c.Name, _ => 0.0);
        var telemetry = all.ToDictionary(Name, _ => new List<double>());
        var findings = 0;
        for (var run = -1; run < runs; run++)
        {
            foreach (var (name, analyzers) in onlyAll ? configurations.Where(c => c.Name == "all rules") : configurations)
            {
                var compilation = Fresh();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var startCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                CompilationWithAnalyzers? withAnalyzers = null;
                if (analyzers.IsEmpty)
                {
                    compilation.GetDiagnostics();
                }
                else
                {
                    withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                    // Full analysis with state tracking (GetAllDiagnosticsAsync keeps no telemetry); it compiles the compilation
                    // once to make the analyzer driver's events, as the command-line compiler does.
                    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
                    if (name == "all rules")
                    {
                        findings = diagnostics.Count(d => d.Id.StartsWith("MCPSEC01", StringComparison.Ordinal));
                    }
                }

                clock.Stop();
                var usedCpu = (Process.GetCurrentProcess().TotalProcessorTime - startCpu).TotalSeconds;
                if (run < 0)
                {
                    cold[name] = usedCpu; // warm-up: JIT (as in every command-line build), caches of the metadata references
                    continue;
                }

                cpu[name].Add(usedCpu);
                wall[name].Add(clock.Elapsed.TotalSeconds);
                if (name == "all rules" && withAnalyzers is not null)
                {
                    foreach (var analyzer in all)
                    {
                        var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
                        telemetry[Name(analyzer)].Add(info.ExecutionTime.TotalSeconds);
                    }
                }
            }
        }

        var compile = onlyAll ? 0 : Median(cpu["compile"]);
        var driver = onlyAll ? 0 : Median(cpu[DriverBaseline]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"In process, {shape} shape, N={classes} tool classes, medians of {runs} interleaved runs, analyzers single-threaded (concurrentAnalysis: false); {findings} MCPSEC01x findings."));
        Console.WriteLine();
        Console.WriteLine("| configuration | process CPU (s) | wall (s) | CPU minus compile (s) | CPU minus the driver's own (s) | first, cold run: CPU (s) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, _) in configurations.Where(c => cpu[c.Name].Count > 0))
        {
            var own = name is "compile" || name == DriverBaseline ? "-" : (Median(cpu[name]) - driver).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(cpu[name]):F2} | {Median(wall[name]):F2} | {(name == "compile" ? 0 : Median(cpu[name]) - compile):F2} | {own} | {cold[name]:F2} |"));
        }

        var total = telemetry.Values.Sum(Median);
        Console.WriteLine();
        Console.WriteLine("Per analyzer: its callbacks' time in the all-rules run (single-threaded: one callback at a time, so it is the CPU time of the");
        Console.WriteLine("thread running it, the shared flow analysis and MCP model charged to the first rule that asks), and with --alone the");
        Console.WriteLine("process CPU of compile plus that analyzer alone minus the driver baseline (compile plus a no-op analyzer that makes the");
        Console.WriteLine("driver bind every body into operations): the rule's cost by itself, every shared structure it needs included.");
        Console.WriteLine("(A rule with no operation or symbol action never makes the driver compile: its figure is negative, read it as ~0.)");
        Console.WriteLine();
        Console.WriteLine("| analyzer | callbacks in all rules (s) | share | alone: CPU minus driver baseline (s) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, times) in telemetry.OrderByDescending(t => Median(t.Value)))
        {
            var aloneFigure = cpu.TryGetValue(name, out var samples) && samples.Count > 0 ? (Median(samples) - driver).ToString("F2", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(times):F3} | {Median(times) / Math.Max(total, 1e-9):P0} | {aloneFigure} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| (sum of callbacks) | {total:F3} | | |"));
        return 0;
    }

    private const string DriverBaseline = "driver baseline (no-op operation analyzer)";

    private static string Name(DiagnosticAnalyzer analyzer)
        => analyzer.GetType().Name + " (" + string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()) + ")";

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static bool IsValue(string[] args, string arg)
    {
        var index = Array.IndexOf(args, arg);
        return index > 0 && args[index - 1] is "--shape" or "--only";
    }

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

/// <summary>
/// Does nothing, but registers what our rules register (operation blocks, invocations, symbols), so the driver binds
/// every body and builds its operations: what a run with any such analyzer costs before the analyzer does anything.
/// </summary>
#pragma warning disable RS1036, RS1025, RS1026, RS1041, RS2008 // a measuring device, not a shipped analyzer
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH000", "never", "never", "bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationBlockAction(_ => { });
            start.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            start.RegisterSymbolAction(_ => { }, SymbolKind.Method, SymbolKind.NamedType);
        });
    }
}
#pragma warning restore RS1036, RS1025, RS1026, RS1041, RS2008
