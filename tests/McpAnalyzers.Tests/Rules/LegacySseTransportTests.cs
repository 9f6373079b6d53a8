using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.LegacySseTransportAnalyzer, McpAnalyzers.CodeFixes.Rules.LegacySseTransportCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC063: legacy SSE transport enabled.</summary>
public class LegacySseTransportTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using ModelContextProtocol.AspNetCore;

        """;

    [Fact]
    public async Task AssignmentInTransportOptionsLambda_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(options =>
            {
                options.Stateless = false;
                {|#0:options.EnableLegacySse = true|};
            });
            """;
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(options =>
            {
                options.Stateless = false;
            });
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.Diagnostic("MCPSEC063").WithLocation(0));
    }

    [Fact]
    public async Task Fix_RemovesThePragmaPairThatSilencedTheObsoleteWarning_AndKeepsOthers()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(options =>
            {
            #pragma warning disable CS0618 // EnableLegacySse is obsolete
                {|#0:options.EnableLegacySse = true|};
            #pragma warning restore CS0618
            #pragma warning disable CS0162
                options.Stateless = false;
            #pragma warning restore CS0162
            });
            """;
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(options =>
            {
            #pragma warning disable CS0162
                options.Stateless = false;
            #pragma warning restore CS0162
            });
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.Diagnostic("MCPSEC063").WithLocation(0));
    }

    [Fact]
    public async Task ExpressionBodiedLambda_IsReportedAndFixed()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(o => {|#0:o.EnableLegacySse = true|});
            """;
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(o => { });
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.Diagnostic("MCPSEC063").WithLocation(0));
    }

    [Fact]
    public async Task ObjectInitializerAndConstant_AreReported()
    {
        var source = Usings + """
            var options = new HttpServerTransportOptions { IdleTimeout = System.TimeSpan.FromMinutes(5), {|#0:EnableLegacySse = Features.LegacyClients|} };
            builder();

            void builder() { }

            static class Features
            {
                public const bool LegacyClients = true;
            }
            """;
        var fixedSource = Usings + """
            var options = new HttpServerTransportOptions { IdleTimeout = System.TimeSpan.FromMinutes(5) };
            builder();

            void builder() { }

            static class Features
            {
                public const bool LegacyClients = true;
            }
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.Diagnostic("MCPSEC063").WithLocation(0));
    }

    [Fact]
    public async Task ConfigureOptionsInServices_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<HttpServerTransportOptions>(o => {|#0:o.EnableLegacySse = true|});
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC063").WithLocation(0));
    }

    [Fact]
    public async Task Sdk1_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(o => {|#0:o.EnableLegacySse = true|});
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk1, VerifyCS.Diagnostic("MCPSEC063").WithLocation(0));
    }

    [Theory]
    [InlineData("o.EnableLegacySse = false")]
    [InlineData("o.EnableLegacySse = builder.Configuration.GetValue<bool>(\"Mcp:LegacySse\")")]
    [InlineData("o.Stateless = true")]
    public async Task DisabledOrConfigured_IsQuiet(string assignment)
    {
        var source = Usings + $$"""
            using Microsoft.Extensions.Configuration;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport(o => {{assignment}});
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task UnrelatedPropertyWithSameName_IsQuiet()
    {
        var source = """
            var settings = new MySettings { EnableLegacySse = true };
            settings.EnableLegacySse = true;

            class MySettings
            {
                public bool EnableLegacySse { get; set; }
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task StdioOnlyPreviewSdk_IsQuiet()
    {
        var source = """
            var enableLegacySse = true;
            System.Console.Error.WriteLine(enableLegacySse);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdkPreview);
    }
}
