using McpAnalyzers.CodeFixes.Rules;
using McpAnalyzers.Rules;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.PredictableEndpointPathAnalyzer, McpAnalyzers.CodeFixes.Rules.PredictableEndpointPathCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC062: predictable MCP endpoint path.</summary>
public class PredictableEndpointPathTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        """;

    [Theory]
    [InlineData("", "/")]
    [InlineData("\"/mcp\"", "/mcp")]
    [InlineData("\"mcp\"", "/mcp")]
    [InlineData("\"/mcp/\"", "/mcp")]
    [InlineData("\"/MCP\"", "/mcp")]
    [InlineData("\"/sse\"", "/sse")]
    [InlineData("\"/messages\"", "/messages")]
    [InlineData("\"/\"", "/")]
    [InlineData("pattern: \"/mcp\"", "/mcp")]
    [InlineData("\"/\" + \"mcp\"", "/mcp")]
    public async Task WellKnownRoute_IsReported(string argument, string route)
    {
        var source = Usings + $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            {|#0:app.MapMcp({{argument}})|};
            app.Run();
            """;

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC062").WithLocation(0).WithArguments(route));
    }

    [Fact]
    public async Task ConstantFromAnotherFile_IsReported()
    {
        var program = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            {|#0:app.MapMcp(Routes.Mcp)|};
            """;
        var routes = """
            static class Routes
            {
                public const string Mcp = "/" + "mcp";
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { program, routes }, [], expected: VerifyCS.Diagnostic("MCPSEC062").WithLocation(0).WithArguments("/mcp"));
    }

    [Fact]
    public async Task GroupPrefixMakesWellKnownRoute_IsReported()
    {
        var source = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            var api = app.MapGroup("/api");
            {|#0:api.MapMcp("/mcp")|};
            {|#1:app.MapGroup("/mcp").MapMcp()|};
            """;

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.Diagnostic("MCPSEC062").WithLocation(0).WithArguments("/api/mcp"),
            VerifyCS.Diagnostic("MCPSEC062").WithLocation(1).WithArguments("/mcp"),
        });
    }

    [Theory]
    [InlineData("\"/mcp-7f3a9c1e\"")]
    [InlineData("\"/tools/v2/rpc\"")]
    [InlineData("app.Configuration[\"Mcp:Path\"] ?? \"/mcp\"")]
    [InlineData("app.Configuration[\"Mcp:Path\"]!")]
    [InlineData("System.Environment.GetEnvironmentVariable(\"MCP_PATH\") ?? throw new System.Exception()")]
    public async Task UnpredictableOrConfiguredRoute_IsQuiet(string argument)
    {
        var source = Usings + $$"""
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapMcp({{argument}});
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task GroupWithConfiguredPrefix_IsQuiet()
    {
        var source = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGroup(app.Configuration["Mcp:Prefix"]!).MapMcp("/mcp");
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task UserMethodNamedMapMcp_IsQuiet()
    {
        var source = """
            var router = new Router();
            router.MapMcp("/mcp");

            class Router
            {
                public void MapMcp(string path) { }
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task StdioServerWithoutHttpPackage_IsQuiet()
    {
        var source = """
            using Microsoft.Extensions.DependencyInjection;

            System.Console.Error.WriteLine("stdio server");

            static class Setup
            {
                public static void Configure(IServiceCollection services) => services.AddMcpServer().WithStdioServerTransport();
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdkPreview);
    }

    [Fact]
    public async Task Sdk1_IsReported()
    {
        var source = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            {|#0:app.MapMcp()|};
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk1, VerifyCS.Diagnostic("MCPSEC062").WithLocation(0).WithArguments("/"));
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task Option_ReplacesPredictablePaths(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(null, null);
        test.TestState.Sources.Add(Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapMcp("/mcp");
            {|#0:app.MapMcp("/internal/rpc")|};
            """);
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(file, "mcpsec.MCPSEC062.predictable_paths = /internal/rpc, /other"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.MCPSEC062).WithLocation(0).WithArguments("/internal/rpc"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_ReadsPathFromApplicationConfiguration()
    {
        var source = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            {|#0:app.MapMcp("/mcp")|};
            {|#1:app.MapMcp()|};
            """;
        var fixedSource = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapMcp(app.Configuration["Mcp:Path"] ?? throw new System.InvalidOperationException("Set Mcp:Path to this deployment's MCP route (for example a random segment); it is not a substitute for authentication."));
            app.MapMcp(app.Configuration["Mcp:Path2"] ?? throw new System.InvalidOperationException("Set Mcp:Path2 to this deployment's MCP route (for example a random segment); it is not a substitute for authentication."));
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: new[]
        {
            VerifyCS.Diagnostic("MCPSEC062").WithLocation(0).WithArguments("/mcp"),
            VerifyCS.Diagnostic("MCPSEC062").WithLocation(1).WithArguments("/"),
        });
    }

    [Fact]
    public async Task Fix_UsesEnvironmentWhenNoApplicationIsAtHand()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            static class McpRoutes
            {
                public static void Map(IEndpointRouteBuilder endpoints) => {|#0:endpoints.MapMcp("/sse")|};
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            static class McpRoutes
            {
                public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapMcp(System.Environment.GetEnvironmentVariable("MCP_PATH") ?? throw new System.InvalidOperationException("Set MCP_PATH to this deployment's MCP route (for example a random segment); it is not a substitute for authentication."));
            }
            """;

        var test = await VerifyCS.CreateAsync(null, null);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary;
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.MCPSEC062).WithLocation(0).WithArguments("/sse"));
        await test.RunAsync();
    }
}
