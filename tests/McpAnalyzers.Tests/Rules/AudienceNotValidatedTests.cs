using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.AudienceNotValidatedAnalyzer, McpAnalyzers.CodeFixes.Rules.AudienceNotValidatedCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC051: token audience not validated.</summary>
public class AudienceNotValidatedTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.IdentityModel.Tokens;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMcpServer().WithHttpTransport();

        """;

    [Fact]
    public async Task ValidateAudienceFalse_AlwaysTrueValidator_AndMissingAudience_AreReported()
    {
        var source = Usings + """
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.Authority = "https://login.example.com";
                o.TokenValidationParameters = new TokenValidationParameters { {|#0:ValidateAudience = false|} };
            });
            builder.Services.AddAuthentication().AddJwtBearer("second", {|#1:o => o.Authority = "https://login.example.com"|});
            var parameters = new TokenValidationParameters();
            {|#2:parameters.AudienceValidator = (audiences, token, p) => true|};
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt,
            VerifyCS.Diagnostic("MCPSEC051").WithLocation(0).WithArguments("ValidateAudience = false accepts tokens issued for any service"),
            VerifyCS.Diagnostic("MCPSEC051").WithLocation(1).WithArguments("AddJwtBearer sets neither Audience nor ValidAudience(s), so any audience passes"),
            VerifyCS.AnyMessage("MCPSEC051").WithLocation(2));
    }

    [Fact]
    public async Task AudienceSet_OrBoundFromConfiguration_IsQuiet()
    {
        var source = Usings + """
            builder.Services.AddAuthentication().AddJwtBearer(o => o.Audience = builder.Configuration["Jwt:Audience"]);
            builder.Services.AddAuthentication().AddJwtBearer("b", o => o.TokenValidationParameters = new TokenValidationParameters { ValidAudiences = new[] { "api://mcp" } });
            builder.Services.AddAuthentication().AddJwtBearer("d");
            var parameters = new TokenValidationParameters { ValidateAudience = true, ValidAudience = "api://mcp" };
            parameters.AudienceValidator = (audiences, token, p) => audiences.Contains("api://mcp");
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt);
    }

    /// <summary>
    /// A settings class of the user's own that shares the simple name <c>TokenValidationParameters</c> is not the token
    /// handler's: the rule matches the type's identity (its namespace), not its name.
    /// </summary>
    [Fact]
    public async Task UsersOwnTypeNamedTokenValidationParameters_IsQuiet()
    {
        var source = Usings + """
            var reportOptions = new Reports.TokenValidationParameters { ValidateAudience = false };
            System.Console.WriteLine(reportOptions.ValidateAudience);

            namespace Reports
            {
                public sealed class TokenValidationParameters
                {
                    public bool ValidateAudience { get; set; } = true;
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt);
    }

    [Fact]
    public async Task Fix_ValidatesTheAudienceFromConfiguration()
    {
        var source = Usings + """
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.TokenValidationParameters = new TokenValidationParameters { {|#0:ValidateAudience = false|} };
            });
            builder.Services.AddAuthentication().AddJwtBearer("second", {|#1:o => o.Authority = "https://login.example.com"|});
            """;
        var fixedSource = Usings + """
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.TokenValidationParameters = new TokenValidationParameters { ValidateAudience = true, ValidAudience = builder.Configuration["Jwt:Audience"] ?? throw new System.InvalidOperationException("Set Jwt:Audience (user-secrets, the environment or a vault).") };
            });
            builder.Services.AddAuthentication().AddJwtBearer("second", o =>
            {
                o.Audience = builder.Configuration["Jwt:Audience"] ?? throw new System.InvalidOperationException("Set Jwt:Audience (user-secrets, the environment or a vault).");
                o.Authority = "https://login.example.com";
            });
            """;

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Jwt,
            VerifyCS.AnyMessage("MCPSEC051").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC051").WithLocation(1));
    }
}
