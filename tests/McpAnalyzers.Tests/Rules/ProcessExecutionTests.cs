using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.ProcessExecutionAnalyzer, McpAnalyzers.CodeFixes.Rules.ProcessExecutionCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC012: tool input reaching process and code execution.</summary>
public class ProcessExecutionTests
{
    private const string Usings = """
        using System;
        using System.ComponentModel;
        using System.Diagnostics;
        using System.Linq;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using McpAnalyzers.Runtime;
        using Microsoft.CodeAnalysis.CSharp.Scripting;
        using ModelContextProtocol.Server;

        """;

    private static string Tools(string members) => Usings + $$"""
        System.Console.WriteLine();

        [McpServerToolType]
        public sealed partial class ShellTools
        {
            private static readonly Regex BranchName = new("^[A-Za-z0-9._/-]+$");

        {{members}}
        }
        """;

    [Theory]
    [InlineData("Process.Start({|#0:program|})", "chooses the program to run")]
    [InlineData("Process.Start(\"git\", {|#0:$\"log {program}\"|})", "argument injection")]
    [InlineData("Process.Start(\"/bin/sh\", {|#0:\"-c \" + program|})", "shell command line (/bin/sh)")]
    [InlineData("Process.Start(new ProcessStartInfo(\"cmd.exe\", {|#0:$\"/c dir {program}\"|}))", "shell command line (cmd.exe)")]
    [InlineData("Process.Start(new ProcessStartInfo { FileName = \"bash\", Arguments = {|#0:$\"-c '{program}'\"|} })", "shell command line (bash)")]
    [InlineData("Process.Start(new ProcessStartInfo { FileName = {|#0:program|} })", "chooses the program to run")]
    [InlineData("Process.Start(\"git\", {|#0:new[] { \"clone\", program }|})", "option injection")]
    [InlineData("CSharpScript.EvaluateAsync({|#0:program|}).Result", "evaluated as C# code")]
    public async Task ToolInputReachingExecution_IsReported_WithHowItIsUsed(string sink, string how)
    {
        var source = Tools($$"""
                [McpServerTool, Description("Runs something")]
                public object Run(string program) => {{sink}}!;
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC012").WithLocation(0));

        var diagnostics = await TestCompilation.DiagnosticsAsync(new McpAnalyzers.Rules.ProcessExecutionAnalyzer(), source.Replace("{|#0:", "").Replace("|}", ""), TestReferences.McpSdk2Data);
        Assert.Contains(how, Assert.Single(diagnostics).GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The environment of a started program: a tool value that names the variable, or the value of a variable that
    /// loads code, runs code; the value of an ordinary named variable does not.
    /// </summary>
    [Fact]
    public async Task CallerChosenEnvironmentVariables_AreReported()
    {
        var source = Tools("""
                [McpServerTool]
                public string Build(string name, string value, string configuration)
                {
                    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
                    start.ArgumentList.Add("build");
                    start.Environment[{|#0:name|}] = value;
                    start.Environment.Add("NODE_OPTIONS", {|#1:value|});
                    start.Environment["BUILD_CONFIGURATION"] = configuration;
                    using var process = Process.Start(start)!;
                    return process.StandardOutput.ReadToEnd();
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(1),
        });
    }

    /// <summary>
    /// A wrapper of the project around process execution: the tool's value is followed into it and reported at the
    /// wrapper's sink, for a program and for a command line built inside it; a validator of the project that rejects
    /// the value on a pattern guards it, one that only trims does not.
    /// </summary>
    [Fact]
    public async Task WrappersAndValidatorsOfTheProject_AreFollowed()
    {
        var source = Tools("""
                private static string Run(string executable, string arguments)
                {
                    using var process = Process.Start(new ProcessStartInfo({|#0:executable|}, {|#1:arguments|}) { RedirectStandardOutput = true })!;
                    return process.StandardOutput.ReadToEnd();
                }

                private static void EnsureQuery(string query)
                {
                    if (!Regex.IsMatch(query, "^SELECT [a-z_, *]+ FROM [a-z_]+( WHERE [a-z_]+ = '[a-z0-9_]*')?$"))
                    {
                        throw new ArgumentException("only simple osquery SELECTs are allowed");
                    }
                }

                private static void EnsureNotAScript(string file)
                {
                    if (Regex.IsMatch(file, "\\.(exe|bat|cmd|ps1|sh)$"))
                    {
                        throw new ArgumentException("scripts and programs are not allowed");
                    }
                }

                [McpServerTool]
                public string Exec(string program, string args) => Run(program, args);

                [McpServerTool]
                public void Open(string file)
                {
                    EnsureNotAScript(file); // a denylist: the extension it forgot runs
                    Process.Start(new ProcessStartInfo({|#3:file|}) { UseShellExecute = true });
                }

                [McpServerTool]
                public string OsQuery(string query)
                {
                    EnsureQuery(query);
                    var start = new ProcessStartInfo("osqueryi") { RedirectStandardOutput = true };
                    start.ArgumentList.Add("--json");
                    start.ArgumentList.Add(query);
                    using var process = Process.Start(start)!;
                    return process.StandardOutput.ReadToEnd();
                }

                [McpServerTool]
                public string OsQueryTrimmed(string query)
                {
                    var start = new ProcessStartInfo("osqueryi") { RedirectStandardOutput = true };
                    start.ArgumentList.Add({|#2:query.Trim()|});
                    using var process = Process.Start(start)!;
                    return process.StandardOutput.ReadToEnd();
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(2),
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(3),
        });
    }

    [Fact]
    public async Task ArgumentListElements_AreReportedWithoutEndOfOptions_AndQuietAfterIt()
    {
        var source = Tools("""
                [McpServerTool]
                public void Clone(string repository, string directory)
                {
                    var unsafeInfo = new ProcessStartInfo("git");
                    unsafeInfo.ArgumentList.Add("clone");
                    unsafeInfo.ArgumentList.Add({|#0:repository|});
                    Process.Start(unsafeInfo);

                    var safeInfo = new ProcessStartInfo("git") { UseShellExecute = false };
                    safeInfo.ArgumentList.Add("clone");
                    safeInfo.ArgumentList.Add("--");
                    safeInfo.ArgumentList.Add(repository);
                    safeInfo.ArgumentList.Add(directory);
                    Process.Start(safeInfo);

                    var initialized = new ProcessStartInfo("git") { ArgumentList = { "clone", "--", repository } };
                    Process.Start(initialized);
                    Process.Start("git", new[] { "clone", "--", repository, directory });
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data,
            VerifyCS.Diagnostic("MCPSEC012").WithLocation(0).WithArguments("'repository'", "ProcessStartInfo.ArgumentList.Add", "is passed as an argument with no \"--\" before it, so a value starting with '-' becomes an option (option injection)"));
    }

    [Fact]
    public async Task AllowlistsAnchoredPatternsGuardsAndConstants_AreQuiet()
    {
        var source = Tools("""
                private static readonly string[] Tools = { "status", "log" };

                [GeneratedRegex("^[0-9a-f]{7,40}$")]
                private static partial Regex CommitHash();

                // what the regex source generator writes (generators do not run in these tests)
                private static partial Regex CommitHash() => new("^[0-9a-f]{7,40}$");

                [McpServerTool]
                public void Run(string subcommand, string branch, string commit, string path, int count)
                {
                    if (Tools.Contains(subcommand))
                    {
                        Process.Start("git", subcommand);
                    }

                    if (BranchName.IsMatch(branch))
                    {
                        Process.Start("git", $"checkout {branch}");
                    }

                    if (!CommitHash().IsMatch(commit))
                    {
                        throw new ArgumentException("not a commit hash", nameof(commit));
                    }

                    Process.Start("git", "show " + commit);
                    Process.Start("git", $"log -n {count}");
                    if (Regex.IsMatch(path, @"^[\w./-]+$"))
                    {
                        Process.Start("ls", path);
                    }

                    var guard = CommandGuard.FromEnvironment("MCP_ALLOWED_COMMANDS");
                    Process.Start(guard.CreateStartInfo("git", new[] { "log" }, new[] { branch }));
                    Process.Start(guard.Executable(subcommand), $"status {guard.InlineArgument(branch)}");
                    Process.Start("dotnet", "--info");
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    [Fact]
    public async Task UnanchoredPatterns_AreNoGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public void Run(string branch)
                {
                    if (Regex.IsMatch(branch, "[A-Za-z]+"))
                    {
                        Process.Start("git", {|#0:$"checkout {branch}"|});
                    }

                    if (Regex.IsMatch(branch, "^.*$"))
                    {
                        Process.Start("git", {|#1:$"checkout {branch}"|});
                    }
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC012").WithLocation(0), VerifyCS.AnyMessage("MCPSEC012").WithLocation(1));
    }

    [Fact]
    public async Task Fix_WrapsEachRoleInTheGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public void Run(string program, string branch, string repository)
                {
                    Process.Start({|#0:program|});
                    Process.Start("git", {|#1:$"checkout {branch}"|});
                    var info = new ProcessStartInfo("git");
                    info.ArgumentList.Add({|#2:repository|});
                }
            """);
        var fixedSource = Tools("""
                [McpServerTool]
                public void Run(string program, string branch, string repository)
                {
                    Process.Start(CommandGuard.FromEnvironment("MCP_ALLOWED_COMMANDS").Executable(program));
                    Process.Start("git", $"checkout {new CommandGuard("git").InlineArgument(branch)}");
                    var info = new ProcessStartInfo("git");
                    info.ArgumentList.Add(new CommandGuard("git").Argument(repository));
                }
            """);

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC012").WithLocation(2),
        });
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task Options_AddSinksAndSanitizers(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Data, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public object Run(string command) => Shell.Run({|#0:command|});

                [McpServerTool]
                public object Start(string program) => Process.Start(Checks.Program(program))!;

                [McpServerTool]
                public object Launch(string program) => Process.Start({|#1:program|})!;
            }

            public static class Shell
            {
                public static object Run(string command) => command;
            }

            public static class Checks
            {
                public static string Program(string value) => value;
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(
            file,
            "mcpsec.MCPSEC012.extra_sinks = Shell.Run(command)",
            "mcpsec.MCPSEC012.sanitizer_methods = Checks.Program"));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC012").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC012").WithLocation(1));
        await test.RunAsync();
    }
}
