using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.NoRateLimitAnalyzer, McpAnalyzers.CodeFixes.Rules.NoRateLimitCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC030: HTTP MCP servers without rate limits.</summary>
public class NoRateLimitTests
{
    private const string Tools = """

        [McpServerToolType]
        public sealed class EchoTools
        {
            [McpServerTool, Description("Echoes")]
            public static string Echo(string message) => message;
        }
        """;

    private static string Program(string services, string mcp, string pipeline, string endpoint) => $$"""
        using System;
        using System.ComponentModel;
        using System.Threading.RateLimiting;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.DependencyInjection;
        using ModelContextProtocol.Server;

        var builder = WebApplication.CreateBuilder(args);
        {{services}}
        builder.Services.AddMcpServer(){{mcp}}.WithHttpTransport().WithTools<EchoTools>();
        var app = builder.Build();
        {{pipeline}}
        app.{{endpoint}};
        app.Run();
        """ + Tools;

    [Theory]
    [InlineData("", "", "")]
    [InlineData("builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter(\"mcp\", w => { w.PermitLimit = 10; w.Window = TimeSpan.FromMinutes(1); }));", "", "app.UseRateLimiter();")] // a policy nobody applies
    [InlineData("builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c => RateLimitPartition.GetNoLimiter(\"all\")));", "", "")] // no UseRateLimiter()
    public async Task EndpointsWithoutALimit_AreReported(string services, string mcp, string pipeline)
    {
        var source = Program(services, mcp, pipeline, "{|#0:MapMcp(\"/mcp-7f3a\")|}");
        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC030").WithLocation(0));
    }

    [Fact]
    public async Task AnApplicationMethodNamedRequireRateLimiting_IsNoLimit()
    {
        var source = Program(string.Empty, string.Empty, string.Empty, "{|#0:MapMcp(\"/mcp-7f3a\")|}.RequireRateLimiting(\"mcp\")") + """

            public static class Tags
            {
                // same name as ASP.NET Core's convention, but it only tags the endpoint
                public static TBuilder RequireRateLimiting<TBuilder>(this TBuilder builder, string policy)
                    where TBuilder : IEndpointConventionBuilder
                    => builder.WithMetadata(policy);
            }
            """;
        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC030").WithLocation(0));
    }

    [Theory]
    [InlineData("", ".WithToolRateLimits()", "", "MapMcp(\"/mcp-7f3a\")")]
    [InlineData("builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter(\"mcp\", w => { w.PermitLimit = 10; w.Window = TimeSpan.FromMinutes(1); }));", "", "app.UseRateLimiter();", "MapMcp(\"/mcp-7f3a\").RequireRateLimiting(\"mcp\")")]
    [InlineData("builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c => RateLimitPartition.GetFixedWindowLimiter(\"all\", _ => new FixedWindowRateLimiterOptions { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) })));", "", "app.UseRateLimiter();", "MapMcp(\"/mcp-7f3a\")")]
    [InlineData("", ".WithRequestFilters(f => f.AddCallToolFilter(next => async (context, ct) => { using var lease = await Limits.Limiter.AcquireAsync(1, ct); return await next(context, ct); }))", "", "MapMcp(\"/mcp-7f3a\")")]
    public async Task LimitedEndpoints_AreQuiet(string services, string mcp, string pipeline, string endpoint)
    {
        var source = Program(services, mcp, pipeline, endpoint) + """

            public static class Limits
            {
                public static readonly RateLimiter Limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) });
            }
            """;
        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task StdioServers_AreQuiet()
    {
        var source = """
            using System.ComponentModel;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<EchoTools>();
            await builder.Build().RunAsync();
            """ + Tools;
        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Fix_AddsTheRuntimeLimit()
    {
        var source = Program("", "", "", "{|#0:MapMcp(\"/mcp-7f3a\")|}");
        var fixedSource = Program("", ".WithToolRateLimits()", "", "MapMcp(\"/mcp-7f3a\")");
        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.AnyMessage("MCPSEC030").WithLocation(0));
    }

    [Fact]
    public async Task WithoutTheServerPackage_TheMessageNamesIt_AndNoFixIsOffered()
    {
        var source = Program("", "", "", "{|#0:MapMcp(\"/mcp-7f3a\")|}");
        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk2.WithoutCompanions(),
            VerifyCS.Diagnostic("MCPSEC030").WithLocation(0).WithArguments(
                "no RequireRateLimiting, no global limiter, no tool-call limit, so a leaked token can call tools at full speed",
                "add the McpAnalyzers.Server package and .WithToolRateLimits() to the server (or RequireRateLimiting on the endpoint)"));
    }

    [Fact]
    public async Task WithTheServerPackage_TheMessageNamesTheCall()
    {
        var source = Program("", "", "", "{|#0:MapMcp(\"/mcp-7f3a\")|}");
        await VerifyCS.AnalyzerAsync(source, expected:
            VerifyCS.Diagnostic("MCPSEC030").WithLocation(0).WithArguments(
                "no RequireRateLimiting, no global limiter, no tool-call limit, so a leaked token can call tools at full speed",
                "add .WithToolRateLimits() to the server (or RequireRateLimiting on the endpoint)"));
    }

    [Fact]
    public async Task LookAlikesOfAGlobalLimiter_DoNotLimitTheEndpoint()
    {
        // A global limiter and UseRateLimiter() named like ASP.NET Core's, on the application's own types.
        var source = Program(
            "new LookAlike.RateLimits().GlobalLimiter = \"fixed\";",
            string.Empty,
            "new LookAlike.WebApplication().UseRateLimiter();",
            "{|#0:MapMcp(\"/mcp-7f3a\")|}") + """

            namespace LookAlike
            {
                public sealed class RateLimits
                {
                    public string? GlobalLimiter { get; set; }
                }

                public sealed class WebApplication
                {
                    public void UseRateLimiter() { }
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC030").WithLocation(0));
    }
}
