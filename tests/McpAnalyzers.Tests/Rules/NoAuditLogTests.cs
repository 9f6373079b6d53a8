using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.NoAuditLogAnalyzer, McpAnalyzers.CodeFixes.Rules.NoAuditLogCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC040: MCP servers whose tool calls leave no record.</summary>
public class NoAuditLogTests
{
    private static string Program(string mcp, string tools) => $$"""
        using System;
        using System.ComponentModel;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using ModelContextProtocol.Server;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.{{mcp}}.WithStdioServerTransport().WithTools<NoteTools>();
        await builder.Build().RunAsync();

        public interface IAuditTrail { void Record(string what); }

        public sealed class NoteStore(ILogger<NoteStore> logger)
        {
            public void Save(string text) => logger.LogInformation("saved a note of {Length} characters", text.Length);
        }

        [McpServerToolType]
        public sealed partial class NoteTools(NoteStore store, IAuditTrail audit, ILogger<NoteTools> logger)
        {
        {{tools}}
        }
        """;

    [Fact]
    public async Task ToolsThatRecordNothing_AreNamed()
    {
        var source = Program("{|#0:AddMcpServer()|}", """
                [McpServerTool(Name = "list_notes"), Description("Lists notes")]
                public string List() => "a, b";

                [McpServerTool(Name = "save_note"), Description("Saves a note")]
                public void Save(string text) => store.Save(text);

                [McpServerTool(Name = "delete_note"), Description("Deletes a note")]
                public void Delete(string name) { }
            """);

        await VerifyCS.AnalyzerAsync(source, expected:
            VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments("no audit filter, and 'delete_note', 'list_notes' record nothing of their calls", "add .WithAuditLog() to the server"));
    }

    private const string SilentTools = """
            [McpServerTool(Name = "list_notes"), Description("Lists notes")]
            public string List() => "a, b";
        """;

    [Theory]
    [InlineData("AddMcpServer().WithAuditLog()")]
    [InlineData("AddMcpServer().WithRequestFilters(f => f.AddCallToolFilter(next => async (context, ct) => { context.Services!.GetRequiredService<ILogger<NoteStore>>().LogInformation(\"tool {Tool}\", context.Params!.Name); return await next(context, ct); }))")]
    public async Task ServersThatAuditEveryCall_AreQuiet(string mcp)
        => await VerifyCS.AnalyzerAsync(Program(mcp, SilentTools));

    [Fact]
    public async Task ToolsThatEachRecordTheirCalls_AreQuiet()
    {
        var tools = """
                [McpServerTool(Name = "list_notes"), Description("Lists notes")]
                public string List() { Listed(); return "a, b"; }

                [McpServerTool(Name = "save_note"), Description("Saves a note")]
                public void Save(string text) => store.Save(text);

                [McpServerTool(Name = "delete_note"), Description("Deletes a note")]
                public void Delete(string name) => audit.Record("delete " + name);

                [McpServerTool(Name = "rename_note"), Description("Renames a note")]
                public void Rename(string from, string to) => logger.LogWarning("rename {From} to {To}", from, to);

                [LoggerMessage(LogLevel.Information, "listed")]
                private partial void Listed();

                // what the logging source generator writes (generators do not run in these tests)
                private partial void Listed() => logger.Log(LogLevel.Information, "listed");
            """;

        await VerifyCS.AnalyzerAsync(Program("AddMcpServer()", tools));
    }

    // Tools, services and their implementations in files of their own: the rule answers from the calls the driver saw
    // in each file, through an interface to its implementation and on to a helper in a third file.
    private const string ServerFile = """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.{|#0:AddMcpServer()|}.WithStdioServerTransport().WithTools<ReportTools>();
        await builder.Build().RunAsync();
        """;

    private const string ToolsFile = """
        using System.ComponentModel;
        using ModelContextProtocol.Server;

        [McpServerToolType]
        public sealed class ReportTools(IReports reports)
        {
            [McpServerTool(Name = "run_report"), Description("Runs a report")]
            public string Run(string name) => reports.Run(name);
        }

        public interface IReports { string Run(string name); }
        """;

    [Theory]
    [InlineData("Journal.Note(name)", false)]
    [InlineData("name.Trim()", true)]
    public async Task ACallRecordedInAnotherFilesService_CountsAndOneThatIsNot_IsNamed(string body, bool reported)
    {
        var service = $$"""
            public sealed class Reports : IReports
            {
                public string Run(string name) { {{body}}; return name; }
            }
            """;
        const string helper = """
            using Microsoft.Extensions.Logging;

            public static class Journal
            {
                private static readonly ILogger Logger = LoggerFactory.Create(_ => { }).CreateLogger("journal");

                public static void Note(string what) => Logger.LogInformation("report {What}", what);
            }
            """;
        var expected = reported
            ? new[] { VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments("no audit filter, and 'run_report' record nothing of their calls", "add .WithAuditLog() to the server") }
            : System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>();
        await VerifyCS.AnalyzerAsync(new[] { ServerFile, ToolsFile, service, helper }, System.Array.Empty<(string, string)>(), null, expected);
    }

    [Fact]
    public void TheRule_IsReportedAtTheEndOfTheCompilation()
        => Assert.Contains(Microsoft.CodeAnalysis.WellKnownDiagnosticTags.CompilationEnd, McpAnalyzers.DiagnosticDescriptors.MCPSEC040.CustomTags);

    [Fact]
    public async Task AFilterThatWritesOnlyToTheConsole_IsNoAudit()
    {
        var source = Program(
            "{|#0:AddMcpServer()|}.WithRequestFilters(f => f.AddCallToolFilter(next => async (context, ct) => { Console.Error.WriteLine(context.Params!.Name); return await next(context, ct); }))",
            SilentTools);
        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC040").WithLocation(0));
    }

    [Fact]
    public async Task Fix_AddsTheAuditFilter()
    {
        const string tools = """
                [McpServerTool(Name = "list_notes"), Description("Lists notes")]
                public string List() => "a, b";
            """;
        await VerifyCS.FixAsync(
            Program("{|#0:AddMcpServer()|}", tools),
            Program("AddMcpServer().WithAuditLog()", tools),
            expected: VerifyCS.AnyMessage("MCPSEC040").WithLocation(0));
    }

    private const string ListTool = """
            [McpServerTool(Name = "list_notes"), Description("Lists notes")]
            public string List() => "a, b";
        """;

    [Fact]
    public async Task WithoutTheServerPackage_TheMessageNamesIt_AndNoFixIsOffered()
    {
        var source = Program("{|#0:AddMcpServer()|}", ListTool);
        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk2.WithoutCompanions(),
            VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments(
                "no audit filter, and 'list_notes' record nothing of their calls",
                "add the McpAnalyzers.Server package and .WithAuditLog() to the server"));
    }

    [Fact]
    public async Task OnSdk1_TheMessageSaysTheAuditFilterNeedsSdk2_AndNoFixIsOffered()
    {
        var source = Program("{|#0:AddMcpServer()|}", ListTool);
        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk1,
            VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments(
                "no audit filter, and 'list_notes' record nothing of their calls",
                "log each call in a call-tool filter (the McpAnalyzers.Server package's .WithAuditLog() needs MCP SDK 2.x)"));
    }
}
