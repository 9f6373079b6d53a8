using System.Collections.Immutable;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.StdoutOnStdioAnalyzer, McpAnalyzers.CodeFixes.Rules.StdoutOnStdioCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC071: stdout written by a stdio MCP server.</summary>
public class StdoutOnStdioTests
{
    private const string StdioProgram = """
        using System;
        using System.ComponentModel;
        using System.IO;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using ModelContextProtocol.Server;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<IAuditTrail, ConsoleAuditTrail>();
        builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<NoteTools>();
        Console.WriteLine("starting"); // before the transport runs, not in a tool: not reported
        await builder.Build().RunAsync();

        public interface IAuditTrail { void Record(string text); }

        """;

    [Fact]
    public async Task ConsoleWritesReachableFromTools_AreReported()
    {
        var source = StdioProgram + """
            public sealed class ConsoleAuditTrail : IAuditTrail
            {
                public void Record(string text) => {|#2:Console.Out.WriteLine(text)|};
            }

            [McpServerToolType]
            public sealed class NoteTools(IAuditTrail audit)
            {
                [McpServerTool, Description("Adds a note")]
                public string AddNote(string text)
                {
                    {|#0:Console.WriteLine($"adding {text}")|};
                    audit.Record(text);
                    Helper(text);
                    return "ok";
                }

                private static void Helper(string text)
                {
                    using var stdout = {|#1:Console.OpenStandardOutput()|};
                    Console.Error.WriteLine(text);
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC071").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC071").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC071").WithLocation(2),
        });
    }

    [Theory]
    [InlineData("var builder = Host.CreateApplicationBuilder(args);")]
    [InlineData("var builder = Host.CreateApplicationBuilder(args);\nbuilder.Logging.AddConsole();")]
    [InlineData("var builder = Host.CreateApplicationBuilder(args);\nbuilder.Logging.ClearProviders();\nbuilder.Logging.AddConsole();")]
    [InlineData("var builder = Host.CreateApplicationBuilder(args);\nbuilder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Error);")]
    public async Task ConsoleLoggingToStdout_IsReportedAtTheTransport(string setup)
    {
        var source = $$"""
            using System.ComponentModel;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using ModelContextProtocol.Server;

            {{setup}}
            builder.Services.AddMcpServer().{|#0:WithStdioServerTransport()|}.WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(string message) => message;
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC071").WithLocation(0));
    }

    [Theory]
    [InlineData("Host.CreateApplicationBuilder(args)", "WebApplication.CreateBuilder(args)", "Host.CreateApplicationBuilder")]
    [InlineData("WebApplication.CreateBuilder(args)", "Host.CreateApplicationBuilder(args)", "WebApplication.CreateBuilder")]
    public async Task ConsoleLoggingToStdout_NamesTheBuilderTheStdioServerStartsFrom(string stdioBuilder, string otherBuilder, string expected)
    {
        // The other builder comes first in the file: the message names the one the stdio server is set up on.
        var source = $$"""
            using System.ComponentModel;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;

            if (args.Length > 0 && args[0] == "--maintenance")
            {
                var maintenance = {{otherBuilder}};
                await maintenance.Build().RunAsync();
                return;
            }

            var builder = {{stdioBuilder}};
            builder.Services.AddMcpServer().{|#0:WithStdioServerTransport()|}.WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(string message) => message;
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC071").WithLocation(0).WithArguments(
            "Console logging goes to stdout (the default of " + expected + "), which carries this stdio server's JSON-RPC messages; send it to stderr with AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)"));
    }

    [Theory]
    [InlineData("var builder = Host.CreateApplicationBuilder(args);\nbuilder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);")]
    [InlineData("var builder = Host.CreateApplicationBuilder(args);\nbuilder.Logging.ClearProviders();")]
    [InlineData("var builder = Host.CreateEmptyApplicationBuilder(settings: null);")]
    public async Task StderrLoggingAndNoConsoleLogger_AreQuiet(string setup)
    {
        var source = $$"""
            using System;
            using System.ComponentModel;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using ModelContextProtocol.Server;

            {{setup}}
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools(ILogger<EchoTools> logger)
            {
                [McpServerTool, Description("Echoes")]
                public string Echo(string message)
                {
                    logger.LogInformation("echo {Message}", message);
                    Console.Error.WriteLine(message);
                    return message;
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task ConsoleWritesInHttpServers_AreQuiet()
    {
        var source = """
            using System;
            using System.ComponentModel;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using ModelContextProtocol.Server;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport().WithTools<EchoTools>();
            var app = builder.Build();
            app.MapMcp();
            app.Run();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(string message)
                {
                    Console.WriteLine(message);
                    return message;
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Fixes_WriteToStderr_AndSendLogsToStderr()
    {
        var source = """
            using System;
            using System.ComponentModel;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMcpServer().{|#0:WithStdioServerTransport()|}.WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(string message)
                {
                    {|#1:Console.WriteLine(message)|};
                    {|#2:Console.Out.Write(message)|};
                    return message;
                }
            }
            """;
        var fixedSource = """
            using System;
            using System.ComponentModel;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;
            using Microsoft.Extensions.Logging;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(string message)
                {
                    Console.Error.WriteLine(message);
                    Console.Error.Write(message);
                    return message;
                }
            }
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC071").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC071").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC071").WithLocation(2),
        });
    }

    [Theory]
    [InlineData("new LookAlike.LogSettings().LogToStandardErrorThreshold = 0;")]
    [InlineData("new LookAlike.LogSettings().ClearProviders();")]
    public async Task LookAlikesOfStderrLogging_DoNotSilenceConsoleLogging(string setup)
    {
        // Named like the console logger's options and ClearProviders(), on the application's own type.
        var source = $$"""
            using System.ComponentModel;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            {{setup}}
            builder.Services.AddMcpServer().{|#0:WithStdioServerTransport()|}.WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(string message) => message;
            }

            namespace LookAlike
            {
                public sealed class LogSettings
                {
                    public int LogToStandardErrorThreshold { get; set; }

                    public void ClearProviders() { }
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC071").WithLocation(0));
    }

    [Fact]
    public async Task AToolsOwnWrite_IsReportedAsTheFileIsAnalysed_ACalleesAtTheEndOfTheCompilation()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<NoteTools>();
            await builder.Build().RunAsync();
            """, """
            using System;
            using System.ComponentModel;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class NoteTools
            {
                [McpServerTool, Description("Adds a note")]
                public string AddNote(string text)
                {
                    Console.WriteLine("own");
                    Helper(text);
                    return "ok";
                }

                private static void Helper(string text) => Console.Out.Write("callee");
            }
            """);
        var tools = compilation.SyntaxTrees.Last();
        var analysis = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new McpAnalyzers.Rules.StdoutOnStdioAnalyzer()));

        // The IDE analysing the tool's file: the tool's own write, not yet its callee's (a whole-program question).
        var local = await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tools), filterSpan: null, CancellationToken.None);
        var own = Assert.Single(local);
        Assert.Equal("Console.WriteLine(\"own\")", own.Location.SourceTree!.GetText().ToString(own.Location.SourceSpan));
        Assert.DoesNotContain(WellKnownDiagnosticTags.CompilationEnd, own.Descriptor.CustomTags);

        // The build: both, the callee's from the end of the compilation.
        var all = await analysis.GetAnalyzerDiagnosticsAsync();
        Assert.Equal(2, all.Length);
        var callee = Assert.Single(all, d => d.Location.SourceSpan != own.Location.SourceSpan);
        Assert.Equal("Console.Out.Write(\"callee\")", callee.Location.SourceTree!.GetText().ToString(callee.Location.SourceSpan));
        Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, callee.Descriptor.CustomTags);
        Assert.Equal("MCPSEC071", callee.Id);
    }
}
