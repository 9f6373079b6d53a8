using System.Collections.Immutable;
using System.Diagnostics;
using McpAnalyzers.Checklist;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

// mcp-checklist <project.csproj | solution.sln | folder> [--markdown FILE] [--sarif FILE] [--strict]
// Exit codes: 0 every step passes, 1 a step fails, 2 the input could not be checked.
const int Pass = 0, CannotCheck = 2; // and 1: a step fails (RunAsync)

var positional = new List<string>();
string? markdownPath = null, sarifPath = null;
var strict = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--markdown" when i + 1 < args.Length:
            markdownPath = args[++i];
            break;
        case "--sarif" when i + 1 < args.Length:
            sarifPath = args[++i];
            break;
        case "--strict":
            strict = true;
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: mcp-checklist <project.csproj | solution.sln | folder> [--markdown FILE] [--sarif FILE] [--strict]");
            Console.WriteLine("  Checks an MCP server with the McpAnalyzers rules and prints the 7-step security checklist.");
            Console.WriteLine("  --strict  suggestions (info) untick their step too. Exit: 0 all steps pass, 1 a step fails, 2 cannot check.");
            return Pass;
        default:
            positional.Add(args[i]);
            break;
    }
}

if (positional.Count != 1)
{
    Console.Error.WriteLine("mcp-checklist: give one project, solution or folder (mcp-checklist --help).");
    return CannotCheck;
}

var target = ResolveTarget(Path.GetFullPath(positional[0]));
if (target is null)
{
    Console.Error.WriteLine($"mcp-checklist: '{positional[0]}' is not a .csproj, a .sln/.slnx, or a folder holding exactly one of them.");
    return CannotCheck;
}


return await RunAsync(target, markdownPath, sarifPath, strict);

static async Task<int> RunAsync(string target, string? markdownPath, string? sarifPath, bool strict)
{
    var clock = Stopwatch.StartNew();
    Console.Error.WriteLine($"mcp-checklist: restoring {Path.GetFileName(target)}...");
    var restore = await RunDotnetAsync(Path.GetDirectoryName(target)!, "restore", target);
    if (restore.ExitCode != 0)
    {
        Console.Error.WriteLine($"mcp-checklist: '{Path.GetFileName(target)}' does not restore, so it cannot be compiled and checked:");
        Console.Error.WriteLine(string.Join('\n', restore.Output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(10)));
        return 2;
    }

    // Restore warnings (NU1603: an approximate version was resolved) are warnings: the load replays them as failures.
    var restoreWarnings = RestoreOutput.Warnings(restore.Output);
    foreach (var (code, message) in restoreWarnings)
    {
        Console.Error.WriteLine($"mcp-checklist: warning: {code}: {message}");
    }

    using var workspace = MSBuildWorkspace.Create();
    var loadFailures = new List<string>();
    workspace.RegisterWorkspaceFailedHandler(e =>
    {
        if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
        {
            loadFailures.Add(e.Diagnostic.Message);
        }
    });

    Console.Error.WriteLine($"mcp-checklist: loading {Path.GetFileName(target)}...");
    Project? targetProject = null;
    try
    {
        if (target.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            targetProject = await workspace.OpenProjectAsync(target);
        }
        else
        {
            await workspace.OpenSolutionAsync(target);
        }
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Console.Error.WriteLine($"mcp-checklist: '{Path.GetFileName(target)}' does not load, so it cannot be checked: {e.Message}");
        return 2;
    }

    // How the server is reached and where it is set up, over every loaded project: a project's references are loaded too.
    var loaded = workspace.CurrentSolution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToArray();
    var calls = new Dictionary<ProjectId, McpCalls>();
    foreach (var project in loaded)
    {
        var compilation = await project.GetCompilationAsync();
        calls[project.Id] = compilation is null ? new McpCalls(false, false, false, false) : McpCalls.Of(compilation);
    }

    // Given a project, check it and the referenced projects that set the server up (MapMcp in a class library).
    var projects = targetProject is null
        ? loaded
        : loaded.Where(p => p.Id == targetProject.Id || calls[p.Id].SetsUpServer).OrderBy(p => p.Id != targetProject.Id).ToArray();

    var analyzers = typeof(McpAnalyzers.RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();
    var findings = new List<Finding>();
    var mcpProjects = 0;
    var index = 0;
    foreach (var project in projects)
    {
        index++;
        Console.Error.WriteLine($"mcp-checklist: [{index}/{projects.Length}] analysing {project.Name}...");
        var compilation = await project.GetCompilationAsync();
        if (compilation is null)
        {
            continue;
        }

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Console.Error.WriteLine($"mcp-checklist: {project.Name} has {errors.Count} compiler error(s) (first: {errors[0]}); findings may be incomplete.");
        }

        if (compilation.ReferencedAssemblyNames.Any(a => a.Name.StartsWith("ModelContextProtocol", StringComparison.Ordinal)))
        {
            mcpProjects++;
        }

        // The project files the package would add: appsettings*.json, .env*, Properties/launchSettings.json.
        var folder = Path.GetDirectoryName(project.FilePath!)!;
        var additional = project.AdditionalDocuments.Select(d => d.FilePath).ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(folder, "appsettings*.json")
            .Concat(Directory.EnumerateFiles(folder, ".env*"))
            .Concat(new[] { Path.Combine(folder, "Properties", "launchSettings.json") }.Where(File.Exists))
            .Where(f => !additional.Contains(f))
            .Select(f => (AdditionalText)new FileText(f))
            .ToImmutableArray();
        var options = new AnalyzerOptions(project.AnalyzerOptions.AdditionalFiles.AddRange(files), project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("MCPSEC", StringComparison.Ordinal) && d.Severity != DiagnosticSeverity.Hidden))
        {
            var span = diagnostic.Location.GetMappedLineSpan();
            var severity = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                _ => strict ? "warning" : "info",
            };
            findings.Add(new Finding(diagnostic.Id, severity, diagnostic.GetMessage(), span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, diagnostic.Descriptor.HelpLinkUri));
        }
    }

    // MSBuildWorkspace reports every message of the design-time build as a failure, the restore warnings it replays too.
    foreach (var failure in loadFailures.Distinct().Where(f => !restoreWarnings.Any(w => f.Contains(w.Message, StringComparison.Ordinal))).Take(5))
    {
        Console.Error.WriteLine($"mcp-checklist: error: {failure} (findings may be incomplete)");
    }

    if (mcpProjects == 0)
    {
        Console.Error.WriteLine($"mcp-checklist: {Path.GetFileName(target)} has no MCP server: no project references ModelContextProtocol. Nothing to check.");
        return 2;
    }

    findings = findings.Distinct().OrderBy(f => ChecklistSteps.StepOf(f.Id).Number, StringComparer.Ordinal).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ToList();
    var baseDirectory = Path.GetDirectoryName(target)!;
    var server = new ServerFacts(
        StdioOnly: calls.Values.Any(c => c.Stdio) && !calls.Values.Any(c => c.Http || c.OtherTransport),
        SetupWithoutAnalyzers: projects.Where(p => calls[p.Id].SetsUpServer && !p.AnalyzerReferences.Any(r => string.Equals(Path.GetFileName(r.FullPath), "McpAnalyzers.dll", StringComparison.OrdinalIgnoreCase)))
            .Select(p => Path.GetFileNameWithoutExtension(p.FilePath ?? p.Name)).Distinct(StringComparer.Ordinal).ToImmutableArray());
    var markdown = MarkdownReport.Write(target, findings, baseDirectory, server);
    Console.WriteLine(markdown);
    if (markdownPath is not null)
    {
        await File.WriteAllTextAsync(markdownPath, markdown);
    }

    if (sarifPath is not null)
    {
        await File.WriteAllTextAsync(sarifPath, SarifReport.Write(analyzers.SelectMany(a => a.SupportedDiagnostics), findings, baseDirectory));
    }

    Console.Error.WriteLine($"mcp-checklist: done in {clock.Elapsed.TotalSeconds:F1} s.");
    return findings.Any(f => f.Severity is "error" or "warning") ? 1 : 0;
}

static string? ResolveTarget(string path)
{
    if (File.Exists(path))
    {
        return path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) ? path : null;
    }

    if (!Directory.Exists(path))
    {
        return null;
    }

    var candidates = Directory.GetFiles(path, "*.sln").Concat(Directory.GetFiles(path, "*.slnx")).ToArray();
    if (candidates.Length == 0)
    {
        candidates = Directory.GetFiles(path, "*.csproj");
    }

    return candidates.Length == 1 ? candidates[0] : null;
}

static async Task<(int ExitCode, string Output)> RunDotnetAsync(string directory, params string[] arguments)
{
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return (process.ExitCode, await output + await error);
}

/// <summary>A project file given to the analyzers as an additional file.</summary>
internal sealed class FileText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
}
