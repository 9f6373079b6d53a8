using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.NoAuditLogAnalyzer, McpAnalyzers.CodeFixes.Rules.NoAuditLogCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC040: MCP servers whose tool calls leave no record.</summary>
public class NoAuditLogTests
{
    private static string Program(string mcp, string tools) => $$"""
        using System;
        using System.ComponentModel;
        using System.IO;
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
                public string List() => File.ReadAllText("/srv/notes/index");

                [McpServerTool(Name = "save_note"), Description("Saves a note")]
                public void Save(string text) => store.Save(text);

                [McpServerTool(Name = "delete_note"), Description("Deletes a note")]
                public void Delete(string name) => File.Delete(Path.Combine("/srv/notes", Path.GetFileName(name)));

                [McpServerTool(Name = "get_current_datetime"), Description("Tells the time")]
                public string Now() => DateTimeOffset.UtcNow.ToString("O");
            """);

        await VerifyCS.AnalyzerAsync(source, expected:
            VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments("no audit filter, and 'delete_note', 'list_notes' record nothing of their calls", "add .WithAuditLog() to the server"));
    }

    private const string SilentTools = """
            [McpServerTool(Name = "list_notes"), Description("Lists notes")]
            public string List() => File.ReadAllText("/srv/notes/index");
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
                public string List() { Listed(); return File.ReadAllText("/srv/notes/index"); }

                [McpServerTool(Name = "save_note"), Description("Saves a note")]
                public void Save(string text) => store.Save(text);

                [McpServerTool(Name = "delete_note"), Description("Deletes a note")]
                public void Delete(string name) { audit.Record("delete " + name); File.Delete("/srv/notes/" + Path.GetFileName(name)); }

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
                public string Run(string name) { {{body}}; return System.IO.File.ReadAllText("/srv/reports/daily.txt"); }
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
        const string tools = SilentTools;
        await VerifyCS.FixAsync(
            Program("{|#0:AddMcpServer()|}", tools),
            Program("AddMcpServer().WithAuditLog()", tools),
            expected: VerifyCS.AnyMessage("MCPSEC040").WithLocation(0));
    }

    private const string ListTool = SilentTools;

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

    [Fact]
    public async Task PureTools_NeedNoRecord_ButOneThatReachesTheOutsideThroughAServiceDoes()
    {
        var source = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.{|#0:AddMcpServer()|}.WithStdioServerTransport().WithTools<InventoryTools>();
            await builder.Build().RunAsync();

            public sealed class Catalog(HttpClient http)
            {
                public Task<string> Price(string sku) => http.GetStringAsync("https://prices.example.com/" + Uri.EscapeDataString(sku));
            }

            [McpServerToolType]
            public sealed class InventoryTools(Catalog catalog)
            {
                private static readonly List<string> Servers = new() { "alpha", "beta" };

                [McpServerTool(Name = "get_current_datetime"), Description("Tells the time")]
                public string Now() => DateTimeOffset.UtcNow.ToString("O");

                [McpServerTool(Name = "list_servers"), Description("Lists the configured servers")]
                public string List() => string.Join(", ", Servers);

                [McpServerTool(Name = "add"), Description("Adds two numbers")]
                public int Add(int a, int b) => a + b;

                [McpServerTool(Name = "get_price"), Description("Looks up a price")]
                public Task<string> Price(string sku) => catalog.Price(sku);
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected:
            VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments("no audit filter, and 'get_price' record nothing of their calls", "add .WithAuditLog() to the server"));
        await VerifyCS.AnalyzerAsync(source.Replace("{|#0:AddMcpServer()|}", "AddMcpServer()").Replace(
            "[McpServerTool(Name = \"get_price\"), Description(\"Looks up a price\")]\n    public Task<string> Price(string sku) => catalog.Price(sku);", string.Empty));
    }

    [Fact]
    public async Task ARecordMadeByABaseClassHelperOfTheClient_CountsForEveryToolThatUsesIt()
    {
        var source = """
            using System;
            using System.ComponentModel;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<TicketTools>();
            await builder.Build().RunAsync();

            public abstract class ApiClientBase(HttpClient http, ILogger logger)
            {
                protected async Task<string> Call(string operation, string path)
                {
                    logger.LogInformation("{Operation} {Path}", operation, path);
                    return await http.GetStringAsync("https://tickets.example.com/" + path);
                }
            }

            public sealed class TicketClient(HttpClient http, ILogger<TicketClient> logger) : ApiClientBase(http, logger)
            {
                public Task<string> Get(int id) => Call("get", "tickets/" + id);
                public Task<string> Search(string text) => Call("search", "tickets?q=" + Uri.EscapeDataString(text));
            }

            [McpServerToolType]
            public sealed class TicketTools(TicketClient tickets)
            {
                [McpServerTool(Name = "get_ticket"), Description("Reads a ticket")]
                public Task<string> Get(int id) => tickets.Get(id);

                [McpServerTool(Name = "search_tickets"), Description("Searches tickets")]
                public Task<string> Search(string text) => tickets.Search(text);
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    private static string EfServer(string configure) => $$"""
        using System.ComponentModel;
        using System.Data.Common;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Diagnostics;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using ModelContextProtocol.Server;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.{|#0:AddMcpServer()|}.WithStdioServerTransport().WithTools<OrderTools>();
        await builder.Build().RunAsync();

        public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
        {
            protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) { {{configure}}; }
        }

        public sealed class StatementLog : DbCommandInterceptor
        {
            public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
            {
                System.Console.Error.WriteLine(command.CommandText);
                return result;
            }
        }

        [McpServerToolType]
        public sealed class OrderTools(ShopContext db)
        {
            [McpServerTool(Name = "cancel_order"), Description("Cancels an order")]
            public int Cancel(int id) => db.Database.ExecuteSql($"UPDATE orders SET state = 'cancelled' WHERE id = {id}");
        }
        """;

    [Theory]
    [InlineData("optionsBuilder.LogTo(System.Console.Error.WriteLine)")]
    [InlineData("optionsBuilder.AddInterceptors(new StatementLog())")]
    public async Task ADataLayerThatLogsEveryStatement_RecordsTheToolsThatOnlyRunSql(string hook)
        => await VerifyCS.AnalyzerAsync(EfServer(hook).Replace("{|#0:AddMcpServer()|}", "AddMcpServer()"), TestReferences.McpSdk2Data);

    [Fact]
    public async Task WithoutAStatementLog_ATheToolThatRunsSql_IsNamed()
        => await VerifyCS.AnalyzerAsync(EfServer("optionsBuilder.EnableDetailedErrors()"), TestReferences.McpSdk2Data,
            VerifyCS.Diagnostic("MCPSEC040").WithLocation(0).WithArguments("no audit filter, and 'cancel_order' record nothing of their calls", "add .WithAuditLog() to the server"));

    [Theory]
    [InlineData("Log.Information(\"read {Path}\", path)", false)]
    [InlineData("_logger.Info(\"read \" + path)", false)]
    [InlineData("catalog.Info(\"read \" + path)", true)]
    public async Task WhileTheLoggingLibraryDoesNotResolve_LoggingCallsAreRecognisedByName(string call, bool reported)
    {
        // Serilog and NLog are not restored yet (an IDE mid-restore): their calls do not bind.
        var source = $$"""
            using System.ComponentModel;
            using System.IO;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;
            using Serilog;
            using NLog;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.{|#0:AddMcpServer()|}.WithStdioServerTransport().WithTools<FileTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class FileTools
            {
                private static readonly Logger _logger = LogManager.GetCurrentClassLogger();
                private static readonly Logger catalog = LogManager.GetCurrentClassLogger();

                [McpServerTool(Name = "read_file"), Description("Reads a file")]
                public string Read(string path)
                {
                    {{call}};
                    return File.ReadAllText(Path.Combine("/srv/files", Path.GetFileName(path)));
                }
            }
            """;

        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2, null);
        test.TestState.Sources.Add(source);
        test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
        if (reported)
        {
            test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC040").WithLocation(0));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task TwoBuilderChainsOfOneServer_AreReportedOnce_AndAnAuditFilterOnEitherCovers()
    {
        static string Server(string second) => $$"""
            using System.ComponentModel;
            using System.IO;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.{|#0:AddMcpServer()|}.WithStdioServerTransport();
            builder.Services.{{second}}.WithTools<FileTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class FileTools
            {
                [McpServerTool(Name = "read_file"), Description("Reads a file")]
                public string Read(string name) => File.ReadAllText(Path.Combine("/srv/files", Path.GetFileName(name)));
            }
            """;

        await VerifyCS.AnalyzerAsync(Server("AddMcpServer()"), expected: VerifyCS.AnyMessage("MCPSEC040").WithLocation(0));
        await VerifyCS.AnalyzerAsync(Server("AddMcpServer().WithAuditLog()").Replace("{|#0:AddMcpServer()|}", "AddMcpServer()"));
    }
}
