using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

// Usage: dotnet run --project benchmarks/McpAnalyzers.Benchmarks -c Release -- [toolClasses=100] [runs=3] [--guard]
// Builds one generated MCP server project, in the same run: (a) without analyzers, (b) with McpAnalyzers, (c) with the
// NetAnalyzers security rules (CA2100, CA3001, CA3003, CA3006), (d) with SecurityCodeScan; at N and 4N tool classes.
// Prints the compiler's time, each analyzer assembly's own time (-p:ReportAnalyzer=true), ratios, and how many of
// the planted flaws each one found. --guard: only (a) and (b), one run, and a non-zero exit when a target fails (CI).
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var guard = args.Contains("--guard");
var classes = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 100;
var runs = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : (guard ? 1 : 3);
var variants = guard ? new[] { Variant.None, Variant.McpAnalyzers } : Enum.GetValues<Variant>();
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
    foreach (var variant in variants)
    {
        Run(project, "restore", "-v:q", "-nologo", "-p:Variant=" + variant);
        var samples = new List<Measurement>();
        for (var i = 0; i < runs; i++)
        {
            samples.Add(Measure(project, n, variant));
        }

        results.Add(samples.OrderBy(s => s.CompileSeconds).ElementAt(samples.Count / 2)); // median
    }
}

Console.WriteLine();
Console.WriteLine("| tool classes | analyzers | csc (s) | analyzer's own time (s) | csc ratio to baseline | path flaws | SQL flaws | process flaws | planted (path/SQL/process) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var group in results.GroupBy(r => r.Classes))
{
    var baseline = group.Single(r => r.Variant == Variant.None);
    var planted = Generator.Expected(group.Key);
    foreach (var r in group)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Classes} | {r.Variant} | {r.CompileSeconds:F2} | {r.AnalyzerSeconds:F2} | {r.CompileSeconds / baseline.CompileSeconds:F2} | {r.PathFound} | {r.SqlFound} | {r.ProcessFound} | {planted.Path}/{planted.Sql}/{planted.Process} |"));
    }
}

var failures = new List<string>();
var ours = results.Where(r => r.Variant == Variant.McpAnalyzers).OrderBy(r => r.Classes).ToList();
var growth = ours[1].AnalyzerSeconds / Math.Max(ours[0].AnalyzerSeconds, 0.001);
Console.WriteLine();
// The guard runs a small N, where a few hundred milliseconds of noise move the ratio: it allows 6x, which still
// catches a quadratic regression (16x); the full run holds the 4.4x target.
var growthLimit = guard ? 6.0 : 4.4;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Growth of McpAnalyzers' time from N={classes} to 4N: {growth:F2}x (target <= {growthLimit}x)"));
if (growth > growthLimit)
{
    failures.Add($"analyzer time grows faster than {growthLimit}x for 4x the code");
}

foreach (var r in ours)
{
    var planted = Generator.Expected(r.Classes);
    if (r.PathFound != planted.Path || r.WeakFound != planted.Weak || r.SqlFound != planted.Sql || r.ProcessFound != planted.Process)
    {
        failures.Add($"N={r.Classes}: found {r.PathFound}/{r.WeakFound}/{r.SqlFound}/{r.ProcessFound} (path/weak/SQL/process), planted {planted.Path}/{planted.Weak}/{planted.Sql}/{planted.Process}");
    }
}

foreach (var n in new[] { classes, classes * 4 })
{
    var mine = results.Single(r => r.Classes == n && r.Variant == Variant.McpAnalyzers);
    if (results.SingleOrDefault(r => r.Classes == n && r.Variant == Variant.NetAnalyzers) is { } net)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"N={n}: McpAnalyzers' time / NetAnalyzers' time = {mine.AnalyzerSeconds / Math.Max(net.AnalyzerSeconds, 0.001):F2} (target <= 1)"));
        if (mine.AnalyzerSeconds > net.AnalyzerSeconds)
        {
            failures.Add($"N={n}: McpAnalyzers took longer than NetAnalyzers");
        }
    }

    var baseline = results.Single(r => r.Classes == n && r.Variant == Variant.None);
    if (guard && mine.CompileSeconds / baseline.CompileSeconds > 2.0)
    {
        failures.Add($"N={n}: the build with McpAnalyzers takes more than 2x the baseline");
    }
}

Console.WriteLine(failures.Count == 0 ? "Every target met; every planted flaw found by McpAnalyzers and no safe look-alike reported." : "FAILED: " + string.Join("; ", failures));
return failures.Count == 0 ? 0 : 1;

static Measurement Measure(string project, int classes, Variant variant)
{
    var output = Run(project, "build", "--no-restore", "--no-incremental", "-nologo", "-v:d", "-nodeReuse:false",
        "-p:ReportAnalyzer=true", "-p:Variant=" + variant, "-clp:PerformanceSummary");
    var csc = Regex.Matches(output, @"^\s+(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1000).DefaultIfEmpty(0).Max();
    var assembly = variant switch
    {
        Variant.McpAnalyzers => @"McpAnalyzers",
        Variant.NetAnalyzers => @"Microsoft\.CodeAnalysis\.(?:CSharp\.)?NetAnalyzers",
        Variant.SecurityCodeScan => @"SecurityCodeScan[\w.]*",
        _ => @"(?!)",
    };
    var analyzer = Regex.Matches(output, @"^\s*([\d.]+)\s+\d+\s+" + assembly + @", Version", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();
    var findings = Regex.Matches(output, @"(?<file>[^\s:(]+\.cs)\((?<line>\d+),\d+\): warning (?<id>[A-Z]+\d+)")
        .Select(m => (File: Path.GetFileName(m.Groups["file"].Value), Line: m.Groups["line"].Value, Id: m.Groups["id"].Value))
        .Distinct()
        .ToList();
    int Count(params string[] ids) => findings.Count(f => ids.Contains(f.Id));
    return variant switch
    {
        Variant.McpAnalyzers => new Measurement(classes, variant, csc, analyzer, Count("MCPSEC010"), Count("MCPSEC014"), Count("MCPSEC011", "MCPSEC015"), Count("MCPSEC012")),
        Variant.NetAnalyzers => new Measurement(classes, variant, csc, analyzer, Count("CA3003"), 0, Count("CA2100", "CA3001"), Count("CA3006")),
        Variant.SecurityCodeScan => new Measurement(classes, variant, csc, analyzer, Count("SCS0018"), 0, Count("SCS0002", "SCS0026", "SCS0035", "SCS0036"), Count("SCS0001")),
        _ => new Measurement(classes, variant, csc, 0, 0, 0, 0, 0),
    };
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

internal enum Variant
{
    None,
    McpAnalyzers,
    NetAnalyzers,
    SecurityCodeScan,
}

internal sealed record Measurement(int Classes, Variant Variant, double CompileSeconds, double AnalyzerSeconds, int PathFound, int WeakFound, int SqlFound, int ProcessFound);
