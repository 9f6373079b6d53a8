using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.UnauthenticatedEndpointAnalyzer, McpAnalyzers.CodeFixes.Rules.UnauthenticatedEndpointCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC001: MCP endpoints without authentication.</summary>
public class UnauthenticatedEndpointTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    private static string Program(string setup, string endpoints, string members = "") => Usings + $$"""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMcpServer().WithHttpTransport();
        {{setup}}
        var app = builder.Build();
        {{endpoints}}
        app.Run();
        {{members}}
        """;

    [Theory]
    [InlineData("{|#0:app.MapMcp(\"/mcp-a1\")|};")]
    [InlineData("{|#0:app.MapMcp(\"/mcp-a1\")|}.RequireCors(\"any\");")]
    [InlineData("app.UseHttpsRedirection(); app.UseAuthorization(); {|#0:app.MapMcp(\"/mcp-a1\")|};")]
    [InlineData("var endpoint = {|#0:app.MapMcp(\"/mcp-a1\")|}; endpoint.WithName(\"mcp\");")]
    [InlineData("app.MapGroup(\"/api\").MapGet(\"/x\", () => 1).RequireAuthorization(); {|#0:app.MapGroup(\"/tools\").MapMcp()|};")]
    public async Task EndpointWithoutAuthentication_IsReported(string endpoints)
    {
        await VerifyCS.AnalyzerAsync(Program(string.Empty, endpoints), expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task AllowAnonymous_IsReportedOnThatCall_EvenWithAFallbackPolicy()
    {
        var source = Program(
            "builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());",
            "app.MapMcp(\"/mcp-a1\").RequireAuthorization().{|#0:AllowAnonymous()|};");

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC001").WithLocation(0)
            .WithArguments("AllowAnonymous() opens the MCP endpoint to unauthenticated callers; remove it"));
    }

    [Fact]
    public async Task EachEndpointIsJudgedOnItsOwn()
    {
        var source = Program(string.Empty, """
            app.MapMcp("/private-b2").RequireAuthorization("mcp");
            {|#0:app.MapMcp("/open-c3")|};
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task AMiddlewareNamedAuthThatChecksNothing_IsNoGuard()
    {
        var source = Program(string.Empty, "app.UseMiddleware<AuthAuditMiddleware>(); {|#0:app.MapMcp(\"/mcp-a1\")|};", """

            public sealed class AuthAuditMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    Console.WriteLine(context.Request.Path);
                    return next(context);
                }
            }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    /// <summary>Authorization applied by an extension method of the application (in another file) protects the endpoint.</summary>
    [Fact]
    public async Task AuthorizationAppliedByAnExtensionInAnotherFile_IsQuiet()
    {
        var program = Program(string.Empty, "app.MapMcp(\"/mcp-a1\").RequireMcpCaller();");
        var extension = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class McpEndpointSecurity
            {
                public static TBuilder RequireMcpCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
                    => builder.RequireAuthorization("mcp-callers");
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { program, extension }, []);
    }

    /// <summary>Authorization applied to the endpoint in both branches of a condition protects it either way.</summary>
    [Fact]
    public async Task AuthorizationInBothBranches_IsQuiet()
    {
        var source = Program(string.Empty, """
            var endpoint = app.MapMcp("/mcp-a1");
            if (app.Environment.IsDevelopment())
            {
                endpoint.RequireAuthorization("developers");
            }
            else
            {
                endpoint.RequireAuthorization("mcp-callers");
            }
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task AnApplicationMethodNamedRequireAuthorization_IsNoGuard()
    {
        var source = Program(string.Empty, "{|#0:app.MapMcp(\"/mcp-a1\")|}.RequireAuthorization(\"mcp\");", """

            public static class LooseConventions
            {
                // same name as ASP.NET Core's convention, but it only tags the endpoint
                public static TBuilder RequireAuthorization<TBuilder>(this TBuilder builder, string tag)
                    where TBuilder : IEndpointConventionBuilder
                    => builder.WithMetadata(tag);
            }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Theory]
    [InlineData("", "app.MapMcp(\"/mcp-a1\").RequireAuthorization();")]
    [InlineData("", "app.MapMcp(\"/mcp-a1\").RequireAuthorization(\"McpPolicy\");")]
    [InlineData("", "app.MapMcp(\"/mcp-a1\").RequireAuthorization(new AuthorizeAttribute { Roles = \"mcp\" });")]
    [InlineData("", "var endpoint = app.MapMcp(\"/mcp-a1\"); endpoint.RequireAuthorization();")]
    [InlineData("", "var tools = app.MapGroup(\"/tools\").RequireAuthorization(); tools.MapMcp();")]
    [InlineData("", "app.MapGroup(\"/tools\").RequireAuthorization().MapMcp();")]
    [InlineData("builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());", "app.MapMcp(\"/mcp-a1\");")]
    [InlineData("builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());", "app.MapMcp(\"/mcp-a1\");")]
    [InlineData("", "app.UseMiddleware<ApiKeyAuthMiddleware>(); app.MapMcp(\"/mcp-a1\");")]
    [InlineData("", "app.UseMiddleware<TokenCheck>(); app.MapMcp(\"/mcp-a1\");")]
    [InlineData("", "app.Use(async (context, next) => { if (context.Request.Headers.Authorization.Count == 0) { context.Response.StatusCode = 401; return; } await next(context); }); app.MapMcp(\"/mcp-a1\");")]
    public async Task AuthenticatedEndpoints_AreQuiet(string setup, string endpoints)
    {
        var members = """

            public sealed class ApiKeyAuthMiddleware(RequestDelegate next, IConfiguration configuration)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    if (context.Request.Headers["x-api-key"] != configuration["Mcp:ApiKey"])
                    {
                        await Results.Unauthorized().ExecuteAsync(context);
                        return;
                    }

                    await next(context);
                }
            }

            public sealed class TokenCheck(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    if (!context.Request.Headers.ContainsKey("Authorization"))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return;
                    }

                    await next(context);
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(Program(setup, endpoints, members));
    }

    private const string TokenCheck = """

        public sealed class TokenCheck(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                if (!context.Request.Headers.ContainsKey("Authorization"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await next(context);
            }
        }
        """;

    [Theory]
    [InlineData("if (app.Configuration.GetValue<bool>(\"Auth:Enabled\")) app.UseMiddleware<TokenCheck>();\n{|#0:app.MapMcp(\"/mcp-a1\")|};", "app.Configuration.GetValue<bool>(\"Auth:Enabled\")")]
    [InlineData("var endpoint = {|#0:app.MapMcp(\"/mcp-a1\")|};\nif (args.Length == 0) { endpoint.RequireAuthorization(); }", "args.Length == 0")]
    [InlineData("if (app.Environment.IsDevelopment()) { } else { app.UseMiddleware<TokenCheck>(); }\n{|#0:app.MapMcp(\"/mcp-a1\")|};", "!(app.Environment.IsDevelopment())")]
    public async Task AuthenticationInstalledOnlyUnderACondition_IsReported_NamingTheCondition_WithNoFix(string endpoints, string condition)
    {
        var source = Program(string.Empty, endpoints, TokenCheck);

        await VerifyCS.FixAsync(source, source, null, VerifyCS.Diagnostic("MCPSEC001").WithLocation(0).WithArguments(
            $"The MCP endpoint requires authentication only when '{condition}'; otherwise anyone can call it: install authentication unconditionally, or fail closed (throw) when the condition does not hold"));
    }

    [Theory]
    [InlineData("if (app.Configuration.GetValue<bool>(\"Auth:Enabled\")) app.UseMiddleware<TokenCheck>(); else throw new InvalidOperationException(\"Authentication must be enabled.\");")]
    [InlineData("var endpoint = app.MapMcp(\"/mcp-a1\"); if (args.Length == 0) endpoint.RequireAuthorization(\"Admins\"); else endpoint.RequireAuthorization();")]
    [InlineData("if (!app.Configuration.GetValue<bool>(\"Auth:Enabled\")) { Console.Error.WriteLine(\"refusing to start without authentication\"); return; } app.UseMiddleware<TokenCheck>();")]
    public async Task AConditionWhoseOtherBranchFailsClosed_IsQuiet(string endpoints)
    {
        var source = Program(string.Empty, endpoints.Contains("MapMcp", StringComparison.Ordinal) ? endpoints : endpoints + "\napp.MapMcp(\"/mcp-a1\");", TokenCheck);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task FallbackPolicyInAnExtensionMethodInAnotherFile_IsQuiet()
    {
        var program = Program("builder.Services.AddMcpSecurity();", "app.MapMcp(\"/mcp-a1\");");
        var extensions = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.Extensions.DependencyInjection;

            public static class SecurityExtensions
            {
                public static IServiceCollection AddMcpSecurity(this IServiceCollection services)
                {
                    services.AddAuthorization(options =>
                    {
                        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
                    });
                    return services;
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { program, extensions }, []);
    }

    [Fact]
    public async Task NullFallbackPolicy_IsNoGuard()
    {
        var source = Program("builder.Services.AddAuthorization(o => o.FallbackPolicy = null);", "{|#0:app.MapMcp(\"/mcp-a1\")|};");

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task Sdk1_IsReported()
    {
        var source = Program(string.Empty, "{|#0:app.MapMcp()|};");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk1, VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task StdioOnlyPreviewSdk_IsQuiet()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;

            System.Console.Error.WriteLine("stdio");

            static class Setup
            {
                public static void Configure(IServiceCollection services) => services.AddMcpServer().WithStdioServerTransport();
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdkPreview);
    }

    [Fact]
    public async Task Fix_RequiresAuthorization_AndWiresTheBearerScheme()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            {|#0:app.MapMcp("/mcp-a1")|};
            app.Run();
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using McpAnalyzers.AspNetCore;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            builder.Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();
            builder.Services.AddAuthorization();
            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapMcp("/mcp-a1").RequireAuthorization();
            app.Run();
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task Fix_KeepsAnExistingScheme_AndAddsOnlyWhatIsMissing()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication("Custom").AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, CustomHandler>("Custom", null);
            builder.Services.AddAuthorization();
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            app.UseAuthentication();
            {|#0:app.MapMcp("/mcp-a1")|};

            public sealed class CustomHandler(
                Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions> options,
                Microsoft.Extensions.Logging.ILoggerFactory logger,
                System.Text.Encodings.Web.UrlEncoder encoder)
                : Microsoft.AspNetCore.Authentication.AuthenticationHandler<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions>(options, logger, encoder)
            {
                protected override System.Threading.Tasks.Task<Microsoft.AspNetCore.Authentication.AuthenticateResult> HandleAuthenticateAsync()
                    => System.Threading.Tasks.Task.FromResult(Microsoft.AspNetCore.Authentication.AuthenticateResult.NoResult());
            }
            """;
        var fixedSource = source
            .Replace("{|#0:app.MapMcp(\"/mcp-a1\")|};", "app.UseAuthorization();\napp.MapMcp(\"/mcp-a1\").RequireAuthorization();");

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task Fix_RemovesAllowAnonymous()
    {
        var source = Program(string.Empty, "app.MapMcp(\"/mcp-a1\").RequireAuthorization().{|#0:AllowAnonymous()|};");
        var fixedSource = Program(string.Empty, "app.MapMcp(\"/mcp-a1\").RequireAuthorization();");

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task WithoutASchemeOrTheAspNetCorePackage_TheMessageNamesIt_AndNoFixIsOffered()
    {
        // UseAuthentication() and RequireAuthorization() without any scheme make the server fail at start: no fix.
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            {|#0:app.MapMcp("/mcp-a1")|};
            app.Run();
            """;

        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk2.WithoutCompanions(),
            VerifyCS.Diagnostic("MCPSEC001").WithLocation(0).WithArguments(
                "The MCP endpoint does not require authentication: add .RequireAuthorization() (or a fallback authorization policy) and an authentication scheme (your identity provider's JWT bearer, or the McpAnalyzers.AspNetCore package's AddMcpBearer())"));
    }

    [Fact]
    public async Task WithASchemeButNotTheAspNetCorePackage_TheFixIsOffered()
    {
        var source = Program("builder.Services.AddAuthentication().AddCookie();\nbuilder.Services.AddAuthorization();", "app.UseAuthentication();\napp.UseAuthorization();\n{|#0:app.MapMcp(\"/mcp-a1\")|};");
        var fixedSource = Program("builder.Services.AddAuthentication().AddCookie();\nbuilder.Services.AddAuthorization();", "app.UseAuthentication();\napp.UseAuthorization();\napp.MapMcp(\"/mcp-a1\").RequireAuthorization();");

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2.WithoutCompanions(),
            VerifyCS.Diagnostic("MCPSEC001").WithLocation(0).WithArguments(
                "The MCP endpoint does not require authentication: add .RequireAuthorization() (or a fallback authorization policy)"));
    }

    [Fact]
    public async Task Fix_TwoEndpoints_TheSchemeAndMiddlewareOnce_AlsoUnderFixAll()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            {|#0:app.MapMcp("/mcp-a1")|};
            {|#1:app.MapMcp("/mcp-b2")|};
            app.Run();
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using McpAnalyzers.AspNetCore;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            builder.Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();
            builder.Services.AddAuthorization();
            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapMcp("/mcp-a1").RequireAuthorization();
            app.MapMcp("/mcp-b2").RequireAuthorization();
            app.Run();
            """;

        await VerifyCS.FixAsync(source, fixedSource, null, VerifyCS.AnyMessage("MCPSEC001").WithLocation(0), VerifyCS.AnyMessage("MCPSEC001").WithLocation(1));
    }

    [Theory]
    [InlineData("new LookAlike.Settings().FallbackPolicy = \"authenticated\";", "")]
    [InlineData("new LookAlike.Settings().SetFallbackPolicy(\"authenticated\");", "")]
    [InlineData("", "new LookAlike.WebApplication().UseMiddleware<TokenCheck>();")]
    public async Task LookAlikesOfAFallbackPolicyOrMiddleware_DoNotProtectTheEndpoint(string setup, string pipeline)
    {
        // Named like ASP.NET Core's fallback policy and pipeline, on the application's own types.
        var members = TokenCheck + """

            namespace LookAlike
            {
                public sealed class Settings
                {
                    public string? FallbackPolicy { get; set; }

                    public void SetFallbackPolicy(string policy) { }
                }

                public sealed class WebApplication
                {
                    public void UseMiddleware<T>() { }
                }
            }
            """;
        var source = Program(setup, pipeline + "\n{|#0:app.MapMcp(\"/mcp-a1\")|};", members);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC001").WithLocation(0));
    }

    [Fact]
    public async Task ALookAlikeUseAuthentication_LeavesTheRealOneToTheFix()
    {
        // The fix adds app.UseAuthentication() when the pipeline lacks it: a method of that name on the application's
        // own type is not ASP.NET Core's middleware.
        var source = Program(string.Empty, "new LookAlike.WebApplication().UseAuthentication();\napp.MapMcp(\"/mcp-a1\");", """

            namespace LookAlike
            {
                public sealed class WebApplication
                {
                    public void UseAuthentication() { }
                }
            }
            """);

        var diagnostic = Assert.Single(await TestCompilation.DiagnosticsAsync(new McpAnalyzers.Rules.UnauthenticatedEndpointAnalyzer(), source, TestReferences.McpSdk2));

        Assert.True(diagnostic.Properties.ContainsKey(McpAnalyzers.Rules.UnauthenticatedEndpointAnalyzer.NeedsUseAuthenticationKey));
    }
}
