using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

// Usage: dotnet run --project benchmarks/McpAnalyzers.Benchmarks -c Release -- [toolClasses=200] [runs=3]
// Builds one generated MCP server project without and with McpAnalyzers, at N and 4N tool classes, and prints
// the compiler's time, our analyzers' own time (-p:ReportAnalyzer=true), their ratios, and planted flaws found.
var classes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var repository = FindRepository();
var work = Path.Combine(Path.GetTempPath(), "mcpanalyzers-bench-" + Environment.ProcessId);
Directory.CreateDirectory(work);

Console.WriteLine("Building analyzers and runtime (Release)...");
Run(repository, "build", Path.Combine(repository, "src", "CodeFixes", "McpAnalyzers.CodeFixes.csproj"), "-c", "Release", "-v:q", "-nologo");
Run(repository, "build", Path.Combine(repository, "src", "Runtime", "McpAnalyzers.Runtime.csproj"), "-c", "Release", "-f", "net10.0", "-v:q", "-nologo");

var results = new List<Measurement>();
foreach (var n in new[] { classes, classes * 4 })
{
    var project = Generator.Write(Path.Combine(work, "n" + n), n, repository);
    Run(project, "restore", "-v:q", "-nologo");
    foreach (var withAnalyzers in new[] { false, true })
    {
        var samples = new List<Measurement>();
        for (var i = 0; i < runs; i++)
        {
            samples.Add(Measure(project, n, withAnalyzers));
        }

        results.Add(samples.OrderBy(s => s.CompileSeconds).ElementAt(samples.Count / 2)); // median
    }
}

Console.WriteLine();
Console.WriteLine("| tool classes | analyzers | csc (s) | McpAnalyzers (s) | ratio to baseline csc | MCPSEC010 | MCPSEC014 | expected 010/014 |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var group in results.GroupBy(r => r.Classes))
{
    var baseline = group.Single(r => !r.WithAnalyzers);
    foreach (var r in group)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Classes} | {(r.WithAnalyzers ? "McpAnalyzers" : "none")} | {r.CompileSeconds:F2} | {r.OurAnalyzerSeconds:F2} | {r.CompileSeconds / baseline.CompileSeconds:F2} | {r.Found010} | {r.Found014} | {Generator.Expected010(r.Classes)}/{Generator.Expected014(r.Classes)} |"));
    }
}

var small = results.Single(r => r.Classes == classes && r.WithAnalyzers);
var large = results.Single(r => r.Classes == classes * 4 && r.WithAnalyzers);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Growth of our analyzer time from N={classes} to 4N: {large.OurAnalyzerSeconds / Math.Max(small.OurAnalyzerSeconds, 0.001):F2}x (target <= 4.4x)"));
var complete = results.Where(r => r.WithAnalyzers).All(r => r.Found010 == Generator.Expected010(r.Classes) && r.Found014 == Generator.Expected014(r.Classes));
Console.WriteLine(complete ? "Every planted flaw found, no safe look-alike reported." : "MISMATCH between planted flaws and findings.");
return complete ? 0 : 1;

static Measurement Measure(string project, int classes, bool withAnalyzers)
{
    var output = Run(project, "build", "--no-restore", "--no-incremental", "-nologo", "-v:d", "-nodeReuse:false",
        "-p:ReportAnalyzer=true", "-p:UseMcpAnalyzers=" + (withAnalyzers ? "true" : "false"), "-clp:PerformanceSummary");
    var csc = Regex.Matches(output, @"^\s+(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1000).DefaultIfEmpty(0).Max();
    var ours = Regex.Matches(output, @"^\s*([\d.]+)\s+\d+\s+McpAnalyzers, Version", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();
    var found010 = Regex.Matches(output, @"warning MCPSEC010").Count / 2; // msbuild repeats warnings in its summary
    var found014 = Regex.Matches(output, @"warning MCPSEC014").Count / 2;
    return new Measurement(classes, withAnalyzers, csc, ours, found010, found014);
}

static string Run(string directory, params string[] arguments)
{
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    var output = stdout.Result + stderr.Result;
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{output}");
    }

    return output;
}

static string FindRepository()
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

internal sealed record Measurement(int Classes, bool WithAnalyzers, double CompileSeconds, double OurAnalyzerSeconds, int Found010, int Found014);
