using McpAnalyzers.Model;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Tests.Model;

/// <summary>Server setups, endpoints and their conventions, application-wide facts.</summary>
public class McpServerModelTests
{
    private const string Program = """
        using Microsoft.AspNetCore.Authorization;
        using System.ComponentModel;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Routing;
        using ModelContextProtocol.Server;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:5000");
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(5001));
        var mcp = builder.Services.AddMcpServer();
        mcp.WithHttpTransport(o => o.Stateless = true)
           .AddAuthorizationFilters()
           .WithToolsFromAssembly();
        mcp.WithRequestFilters(filters => filters.AddCallToolFilter(next => next));
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapMcp("/a").RequireAuthorization("mcp");
        var b = app.MapMcp("/b");
        b.RequireCors("any");
        b.AllowAnonymous();
        var api = app.MapGroup("/api");
        api.RequireAuthorization();
        api.MapMcp("/c");
        Endpoints.MapAdmin(app);
        app.Run();

        static class Endpoints
        {
            private static IEndpointConventionBuilder? _admin;

            public static void MapAdmin(IEndpointRouteBuilder routes)
            {
                _admin = routes.MapMcp(Paths.Admin);
                Protect();
            }

            private static void Protect() => _admin!.RequireAuthorization("admin");
        }

        static class Paths
        {
            public const string Admin = "/admin";
        }

        namespace Tools
        {
            public sealed class Weather
            {
                [McpServerTool, Description("Forecast")]
                public string Forecast(string city) => city;

                [McpServerPrompt]
                public static string Ask(string topic) => topic;

                public string Helper() => "";
            }
        }
        """;

    private const string StdioWorker = """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Worker
        {
            public static void Configure(HostApplicationBuilder builder)
            {
                builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<object>();
            }
        }
        """;

    private static async Task<McpServerModel> BuildAsync()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, Program, StdioWorker);
        return TestCompilation.Context(compilation).Servers;
    }

    [Fact]
    public async Task ServerSetups_CollectCallsInTheChainAndThroughAVariable()
    {
        var model = await BuildAsync();

        Assert.Equal(2, model.Servers.Length);
        var http = model.Servers.Single(s => (s.Transports & McpTransports.Http) != 0);
        Assert.True(http.HasAuthorizationFilters);
        Assert.False(http.IsStdioOnly);
        Assert.Single(http.RequestFilters);
        Assert.Single(http.PrimitiveRegistrations);

        var stdio = model.Servers.Single(s => s != http);
        Assert.True(stdio.IsStdioOnly);
        Assert.False(stdio.HasAuthorizationFilters);
        Assert.Equal("WithTools", stdio.PrimitiveRegistrations.Single().TargetMethod.Name);
    }

    private static Func<IMethodSymbol, bool> Named(string name) => method => method.Name == name;

    [Fact]
    public async Task Endpoints_HaveRoutesAndEveryConventionAppliedToThem()
    {
        var model = await BuildAsync();
        var byRoute = model.Endpoints.ToDictionary(e => e.Route!);

        Assert.Equal(new[] { "/a", "/admin", "/api/c", "/b" }, byRoute.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.True(byRoute["/a"].HasConvention(Named("RequireAuthorization")));

        Assert.False(byRoute["/b"].HasConvention(Named("RequireAuthorization")));
        Assert.True(byRoute["/b"].HasConvention(Named("AllowAnonymous")));
        Assert.True(byRoute["/b"].HasConvention(Named("RequireCors")));

        Assert.Empty(byRoute["/api/c"].Conventions);
        Assert.True(byRoute["/api/c"].HasConvention(Named("RequireAuthorization")), "the group's convention applies");

        Assert.True(byRoute["/admin"].HasConvention(Named("RequireAuthorization")), "applied later through a field");
    }

    [Fact]
    public async Task ApplicationFacts_AreCollected()
    {
        var model = await BuildAsync();

        Assert.Single(model.FallbackPolicies);
        Assert.Equal(new[] { "UseAuthentication", "UseAuthorization" }, model.Middleware.Select(m => m.TargetMethod.Name));
        Assert.Equal(new[] { "ConfigureKestrel", "ListenLocalhost", "UseUrls" }, model.ListenCalls.Select(c => c.TargetMethod.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(model.HasHttpServer);
    }

    [Fact]
    public async Task Primitives_DeclaredInSource_AreListedWithTheirKind()
    {
        var model = await BuildAsync();

        Assert.Equal(new[] { "Ask:Prompt", "Forecast:Tool" }, model.Primitives.Select(p => p.Method.Name + ":" + p.Kind).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Primitives_AreFoundFileByFile_AlsoThroughAGlobalAliasDeclaredInAnotherFile()
    {
        var compilation = await TestCompilation.CreateAsync(
            TestReferences.McpSdk2,
            "global using Tool = ModelContextProtocol.Server.McpServerToolAttribute;\nSystem.Console.Error.WriteLine();",
            "public static class Plain { [Tool] public static string Echo(string text) => text; [System.Obsolete] public static string Helper() => \"\"; }",
            "public partial class Split { [ModelContextProtocol.Server.McpServerPrompt] public partial string Ask(string topic); }",
            "public partial class Split { public partial string Ask(string topic) => topic; }",
            "public sealed class Unrelated { public string Read(string path) => path; }");
        var model = TestCompilation.Context(compilation).Servers;

        Assert.Equal(new[] { "Echo:Tool", "Ask:Prompt" }, model.Primitives.Select(p => p.Method.Name + ":" + p.Kind));
        Assert.Equal(model.Primitives, model.EnumeratePrimitives(CancellationToken.None));
    }

    [Fact]
    public async Task NoMcp_GivesAnEmptyModel()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.AspNetOnly, """
            using Microsoft.AspNetCore.Builder;
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => "hi");
            app.Run();
            """);
        var model = TestCompilation.Context(compilation).Servers;

        Assert.Empty(model.Servers);
        Assert.Empty(model.Endpoints);
    }

    [Theory]
    [InlineData("builder.Services.AddMcpServer();", true)]
    [InlineData("app.Use(next => next);", true)]
    [InlineData("config[\"AllowedHosts\"] = \"*\";", true)]
    [InlineData("// calls MapMcp elsewhere", true)]
    [InlineData("var x = @Listen;", true)]
    [InlineData("var \\u0055se = 1;", true)]
    [InlineData("public sealed class UserService { public string Used() => \"MapMcpX\"; }", false)]
    [InlineData("using System.IO; var text = File.ReadAllText(path);", false)]
    public void TheTextPrefilter_FindsEveryInterestingWordAndSkipsFilesWithout(string text, bool mayMention)
        => Assert.Equal(mayMention, McpServerModel.MayMentionInterestingName(Microsoft.CodeAnalysis.Text.SourceText.From(text)));

    [Fact]
    public async Task AServerSetUpInAFileOfItsOwn_IsFoundAmongFilesTheScanSkips()
    {
        var compilation = await TestCompilation.CreateAsync(
            TestReferences.McpSdk2,
            """
            public sealed class Tools { public string Read(string path) => System.IO.File.ReadAllText(path); }
            """,
            """
            using Microsoft.Extensions.DependencyInjection;
            Setup.Configure(new ServiceCollection());
            public static class Setup { public static void Configure(IServiceCollection services) => services.AddMcpServer().WithStdioServerTransport(); }
            """);

        var model = TestCompilation.Context(compilation).Servers;

        Assert.Single(model.Servers);
    }

    [Fact]
    public async Task LookAlikesOfTheAspNetCoreSettings_AreNotCounted()
    {
        // Same names as the settings that protect an endpoint, on other types: none of them protects anything.
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, """
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            builder.Services.Configure<ForwardedHeadersOptions>(o => o.AllowedHosts = new[] { "proxy.example.com" });
            var settings = new LookAlike.Settings();
            settings.FallbackPolicy = "authenticated";
            settings.GlobalLimiter = "fixed";
            settings.AllowedHosts = "mcp.example.com";
            settings.LogToStandardErrorThreshold = 0;
            var values = new Dictionary<string, string>();
            values["AllowedHosts"] = "mcp.example.com";
            var services = new LookAlike.Services();
            services.SetFallbackPolicy("authenticated").AddAuthentication("Bearer").AddJwtBearer();
            services.AddAuthorization().AddCors().AddRateLimiter().ClearProviders().UseSetting("AllowedHosts", "mcp.example.com");
            var pipeline = new LookAlike.WebApplication();
            pipeline.UseAuthentication();
            pipeline.UseRateLimiter();
            pipeline.UseMiddleware<LookAlike.AuthCheck>();
            var app = builder.Build();
            app.MapMcp("/mcp");
            app.Run();

            namespace LookAlike
            {
                public sealed class Settings
                {
                    public string? FallbackPolicy { get; set; }
                    public string? GlobalLimiter { get; set; }
                    public string? AllowedHosts { get; set; }
                    public int LogToStandardErrorThreshold { get; set; }
                }

                public sealed class Services
                {
                    public Services SetFallbackPolicy(string policy) => this;
                    public Services AddAuthentication(string scheme) => this;
                    public Services AddJwtBearer() => this;
                    public Services AddAuthorization() => this;
                    public Services AddCors() => this;
                    public Services AddRateLimiter() => this;
                    public Services ClearProviders() => this;
                    public Services UseSetting(string key, string value) => this;
                }

                public sealed class WebApplication
                {
                    public void UseAuthentication() { }
                    public void UseRateLimiter() { }
                    public void UseMiddleware<T>() { }
                }

                public sealed class AuthCheck { }
            }
            """);

        var model = TestCompilation.Context(compilation).Servers;

        Assert.Empty(model.FallbackPolicies);
        Assert.Empty(model.RateLimiting);
        Assert.Empty(model.AllowedHostsSettings);
        Assert.Empty(model.Authentication);
        Assert.False(model.HasAuthenticationScheme);
        Assert.Empty(model.Authorization);
        Assert.Empty(model.Cors);
        Assert.Empty(model.Middleware);
        Assert.Equal(new[] { "CreateBuilder" }, model.ConsoleLogging.Select(c => ((Microsoft.CodeAnalysis.Operations.IInvocationOperation)c).TargetMethod.Name));
    }
}
