using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.HostOriginNotValidatedAnalyzer, McpAnalyzers.CodeFixes.Rules.HostOriginNotValidatedCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC061: Host/Origin validation (DNS rebinding).</summary>
public class HostOriginNotValidatedTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        """;

    private static string Program(string setup, string pipeline) => Usings + $$"""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMcpServer().WithHttpTransport();
        {{setup}}
        var app = builder.Build();
        {{pipeline}}
        app.Run();
        """;

    [Fact]
    public async Task NoHostOrOriginValidation_IsReported()
    {
        var source = Program(string.Empty, "{|#0:app.MapMcp(\"/mcp-a1\")|};");

        await VerifyCS.AnalyzerAsync(new[] { source }, [("/0/appsettings.json", """{ "AllowedHosts": "*" }""")], expected: VerifyCS.Diagnostic("MCPSEC061").WithLocation(0)
            .WithArguments("AllowedHosts is '*' or absent and no Origin check is installed (app.UseMcpOriginValidation())"));
    }

    [Fact]
    public async Task OriginValidationOnlyUnderACondition_IsReported_NamingTheCondition()
    {
        var source = Program("builder.Services.AddMcpOriginValidation();", "if (args.Length > 0) app.UseMcpOriginValidation();\n{|#0:app.MapMcp(\"/mcp-a1\")|};");

        await VerifyCS.FixAsync(source, source, null, VerifyCS.Diagnostic("MCPSEC061").WithLocation(0)
            .WithArguments("Host/Origin validation is installed only when 'args.Length > 0' and AllowedHosts is '*' or absent; install it unconditionally"));
    }

    [Fact]
    public async Task WithoutTheAspNetCorePackage_TheMessageNamesIt()
    {
        var source = Program(string.Empty, "{|#0:app.MapMcp(\"/mcp-a1\")|};");

        await VerifyCS.AnalyzerAsync(new[] { source }, [("/0/appsettings.json", """{ "AllowedHosts": "*" }""")], TestReferences.McpSdk2.WithoutCompanions(), VerifyCS.Diagnostic("MCPSEC061").WithLocation(0)
            .WithArguments("AllowedHosts is '*' or absent and no Origin check is installed (restrict AllowedHosts, or add the McpAnalyzers.AspNetCore package and app.UseMcpOriginValidation())"));
    }

    [Theory]
    [InlineData("builder.Configuration[\"AllowedHosts\"] = \"*\";")]
    [InlineData("builder.Services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = new[] { \"*\" });")]
    public async Task AllowedHostsWildcardInCode_IsReported(string setup)
    {
        var source = Program(setup, "{|#0:app.MapMcp(\"/mcp-a1\")|};");

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC061").WithLocation(0));
    }

    [Fact]
    public async Task AnyOriginCors_OnTheEndpointOrGlobally_IsReported_EvenWithAllowedHosts()
    {
        var endpoint = Program(string.Empty, "{|#0:app.MapMcp(\"/mcp-a1\")|}.RequireCors(p => p.AllowAnyOrigin());");
        var named = Program(
            "builder.Services.AddCors(o => o.AddPolicy(\"open\", p => p.SetIsOriginAllowed(_ => true).AllowAnyHeader()));",
            "app.UseCors(\"open\"); {|#0:app.MapMcp(\"/mcp-a1\")|};");
        var settings = ("/0/appsettings.json", """{ "AllowedHosts": "mcp.example.com" }""");

        await VerifyCS.AnalyzerAsync(new[] { endpoint }, [settings], expected: VerifyCS.Diagnostic("MCPSEC061").WithLocation(0).WithArguments("The CORS policy on the MCP endpoint allows any origin"));
        await VerifyCS.AnalyzerAsync(new[] { named }, [settings], expected: VerifyCS.Diagnostic("MCPSEC061").WithLocation(0).WithArguments("The application's CORS policy allows any origin, the MCP endpoint included"));
    }

    [Theory]
    [InlineData("", "app.UseMcpOriginValidation(); app.MapMcp(\"/mcp-a1\");", "")]
    [InlineData("", "app.Use(async (context, next) => { if (context.Request.Headers.Origin.Count > 0) { context.Response.StatusCode = 403; return; } await next(context); }); app.MapMcp(\"/mcp-a1\");", "")]
    [InlineData("", "app.MapMcp(\"/mcp-a1\");", """{ "AllowedHosts": "localhost;127.0.0.1" }""")]
    [InlineData("builder.Services.AddCors(o => o.AddPolicy(\"app\", p => p.WithOrigins(\"https://app.example.com\")));", "app.UseCors(\"app\"); app.UseMcpOriginValidation(); app.MapMcp(\"/mcp-a1\");", "")]
    [InlineData("builder.Services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = new[] { \"mcp.example.com\" });", "app.MapMcp(\"/mcp-a1\");", "")]
    [InlineData("builder.Configuration[\"AllowedHosts\"] = \"localhost\";", "app.MapMcp(\"/mcp-a1\");", "")]
    [InlineData("builder.WebHost.UseSetting(\"AllowedHosts\", \"mcp.example.com\");", "app.MapMcp(\"/mcp-a1\");", "")]
    public async Task ValidatedHostsOrOrigins_AreQuiet(string setup, string pipeline, string settings)
    {
        var files = settings.Length == 0 ? Array.Empty<(string, string)>() : new[] { ("/0/appsettings.Production.json", settings) };

        await VerifyCS.AnalyzerAsync(new[] { Program(setup, pipeline) }, files);
    }

    [Fact]
    public async Task Fix_InsertsTheRuntimeValidation()
    {
        var source = Program(string.Empty, "{|#0:app.MapMcp(\"/mcp-a1\")|};");
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            builder.Services.AddMcpOriginValidation();

            var app = builder.Build();
            app.UseMcpOriginValidation();
            app.MapMcp("/mcp-a1");
            app.Run();
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.AnyMessage("MCPSEC061").WithLocation(0));
    }

    [Fact]
    public async Task Fix_TwoEndpoints_OneValidationForBoth_AlsoUnderFixAll()
    {
        var source = Program(string.Empty, "{|#0:app.MapMcp(\"/mcp-a1\")|};\n{|#1:app.MapMcp(\"/mcp-b2\")|};");
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            builder.Services.AddMcpOriginValidation();

            var app = builder.Build();
            app.UseMcpOriginValidation();
            app.MapMcp("/mcp-a1");
            app.MapMcp("/mcp-b2");
            app.Run();
            """;

        await VerifyCS.FixAsync(source, fixedSource, null, VerifyCS.AnyMessage("MCPSEC061").WithLocation(0), VerifyCS.AnyMessage("MCPSEC061").WithLocation(1));
    }

    [Theory]
    [InlineData("builder.Services.Configure<ForwardedHeadersOptions>(o => o.AllowedHosts = new[] { \"proxy.example.com\" });")] // forwarded hosts, not Host filtering
    [InlineData("var values = new System.Collections.Generic.Dictionary<string, string>(); values[\"AllowedHosts\"] = \"mcp.example.com\";")]
    [InlineData("new LookAlike.HostSettings().AllowedHosts = \"mcp.example.com\";")]
    [InlineData("new LookAlike.HostSettings().UseSetting(\"AllowedHosts\", \"mcp.example.com\");")]
    public async Task LookAlikesOfAllowedHosts_DoNotRestrictHosts(string setup)
    {
        var source = Program(setup, "{|#0:app.MapMcp(\"/mcp-a1\")|};") + """

            namespace LookAlike
            {
                public sealed class HostSettings
                {
                    public string? AllowedHosts { get; set; }

                    public void UseSetting(string key, string value) { }
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC061").WithLocation(0));
    }
}
