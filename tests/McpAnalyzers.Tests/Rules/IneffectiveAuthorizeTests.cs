using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.IneffectiveAuthorizeAnalyzer, McpAnalyzers.CodeFixes.Rules.IneffectiveAuthorizeCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC003: [Authorize] on MCP primitives that has no effect.</summary>
public class IneffectiveAuthorizeTests
{
    private const string Tools = """

        [McpServerToolType]
        public sealed class AdminTools
        {
            [McpServerTool, {|#0:Authorize(Roles = "admin")|}, Description("Deletes a user")]
            public static string DeleteUser(string id) => id;

            [McpServerTool]
            public static string Echo(string message) => message;
        }
        """;

    private const string Usings = """
        using System.ComponentModel;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using ModelContextProtocol.Server;

        """;

    [Fact]
    public async Task HttpServerWithoutAuthorizationFilters_IsReported_AndFixed()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport().WithTools<AdminTools>();
            var app = builder.Build();
            app.MapMcp("/mcp-x1").RequireAuthorization();
            """ + Tools;
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport().WithTools<AdminTools>().AddAuthorizationFilters();
            var app = builder.Build();
            app.MapMcp("/mcp-x1").RequireAuthorization();
            """ + Tools.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.Diagnostic("MCPSEC003").WithLocation(0)
            .WithArguments("the tool 'DeleteUser'", "the server builder never calls AddAuthorizationFilters(), so the SDK does not apply it"));
    }

    [Fact]
    public async Task TypeLevelAuthorize_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            var mcp = builder.Services.AddMcpServer();
            mcp.WithHttpTransport();

            [{|#0:Authorize|}]
            public static class Secured
            {
                [McpServerTool]
                public static string Echo(string message) => message;
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC003").WithLocation(0));
    }

    [Fact]
    public async Task StdioOnlyServer_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<AdminTools>();
            """ + Tools;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC003").WithLocation(0)
            .WithArguments("the tool 'DeleteUser'", "the server only uses the stdio transport, where there is no HTTP user to authorize (it is silently ignored)"));
    }

    [Fact]
    public async Task AuthorizationFiltersAdded_IsQuiet()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            var mcp = builder.Services.AddMcpServer().WithHttpTransport();
            mcp.AddAuthorizationFilters().WithTools<AdminTools>();
            """ + Tools.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task ToolLibraryWithoutAServer_IsQuiet()
    {
        var source = Usings + "System.Console.WriteLine();\n" + Tools.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Sdk1_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport().WithTools<AdminTools>();
            """ + Tools;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk1, VerifyCS.AnyMessage("MCPSEC003").WithLocation(0));
    }
}
