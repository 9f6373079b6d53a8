using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.LongLivedTokenAnalyzer, McpAnalyzers.CodeFixes.Rules.LongLivedTokenCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC050: long-lived or non-expiring tokens.</summary>
public class LongLivedTokenTests
{
    private const string Usings = """
        using System;
        using System.IdentityModel.Tokens.Jwt;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.IdentityModel.Tokens;

        """;

    [Theory]
    [InlineData("DateTime.UtcNow.AddDays(365)")]
    [InlineData("DateTime.UtcNow.AddYears(1)")]
    [InlineData("DateTime.UtcNow.AddMonths(6)")]
    [InlineData("DateTime.UtcNow + TimeSpan.FromDays(180)")]
    [InlineData("DateTime.UtcNow.Add(TimeSpan.FromHours(24 * 100))")]
    [InlineData("DateTime.MaxValue")]
    [InlineData("DateTime.UtcNow.AddDays(Limits.TokenDays)")]
    public async Task DescriptorExpires_BeyondTheMaximum_IsReported(string expires)
    {
        var source = Usings + $$"""
            var descriptor = new SecurityTokenDescriptor { Subject = null, {|#0:Expires = {{expires}}|} };
            Console.WriteLine(descriptor);

            static class Limits
            {
                public const int TokenDays = 400;
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt, VerifyCS.AnyMessage("MCPSEC050").WithLocation(0));
    }

    [Fact]
    public async Task JwtSecurityTokenExpiresArgument_AndLifetimeSettings_AreReported()
    {
        var source = Usings + """
            var token = new JwtSecurityToken("issuer", "audience", null, DateTime.UtcNow, {|#0:DateTime.UtcNow.AddDays(3650)|});
            var parameters = new TokenValidationParameters { {|#1:ValidateLifetime = false|}, {|#2:RequireExpirationTime = false|} };
            {|#3:parameters.LifetimeValidator = (notBefore, expires, securityToken, validation) => true|};
            Console.WriteLine(token.ToString() + parameters);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt,
            VerifyCS.Diagnostic("MCPSEC050").WithLocation(0).WithArguments("The token expires 3650 days away", "90"),
            VerifyCS.Diagnostic("MCPSEC050").WithLocation(1).WithArguments("ValidateLifetime = false accepts tokens that never expire", "90"),
            VerifyCS.AnyMessage("MCPSEC050").WithLocation(2),
            VerifyCS.AnyMessage("MCPSEC050").WithLocation(3));
    }

    [Theory]
    [InlineData("DateTime.UtcNow.AddDays(30)")]
    [InlineData("DateTime.UtcNow.AddHours(1)")]
    [InlineData("DateTime.UtcNow + TimeSpan.FromDays(90)")]
    [InlineData("DateTime.UtcNow.AddDays(int.Parse(Environment.GetEnvironmentVariable(\"DAYS\")!))")]
    public async Task ShortOrConfiguredLifetimes_AreQuiet(string expires)
    {
        var source = Usings + $$"""
            var descriptor = new SecurityTokenDescriptor { Expires = {{expires}} };
            var parameters = new TokenValidationParameters { ValidateLifetime = true, ClockSkew = TimeSpan.FromDays(365) };
            parameters.LifetimeValidator = (notBefore, expires, token, p) => expires > DateTime.UtcNow;
            var cacheExpiry = DateTime.UtcNow.AddDays(365);
            Console.WriteLine(descriptor.ToString() + parameters + cacheExpiry);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt);
    }

    [Fact]
    public async Task NonJwtSchemesWithoutLifetime_AreQuiet()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication("ApiKey");
            builder.Services.AddMcpServer().WithHttpTransport();
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Jwt);
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig, "mcpsec.MCPSEC050.max_token_days = 7")]
    [InlineData(OptionFile.GlobalConfig, "mcpsec.MCPSEC050.max_token_days = 7")]
    [InlineData(OptionFile.EditorConfig, "mcpsec.max_token_days = 7")]
    [InlineData(OptionFile.GlobalConfig, "mcpsec.max_token_days = 7")]
    public async Task MaxDays_IsAnOption(OptionFile file, string setting)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Jwt, null);
        test.TestState.Sources.Add(Usings + """
            var shortLived = new SecurityTokenDescriptor { {|#0:Expires = DateTime.UtcNow.AddDays(30)|} };
            Console.WriteLine(shortLived);
            """);
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(file, setting));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC050").WithLocation(0).WithArguments("Expires is 30 days away", "7"));
        await test.RunAsync();
    }

    [Fact]
    public async Task MaxDays_IsPerFile_TheSectionWinsOverTheGlobalConfig()
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Jwt, null);
        test.TestState.Sources.Add(("/0/Program.cs", Usings + """
            var quarter = new SecurityTokenDescriptor { {|#1:Expires = DateTime.UtcNow.AddDays(75)|} };
            Console.WriteLine(quarter.ToString() + Tokens.Create());
            """));
        test.TestState.Sources.Add(("/0/Strict/Tokens.cs", Usings + """
            public static class Tokens
            {
                public static SecurityTokenDescriptor Create() => new() { {|#0:Expires = DateTime.UtcNow.AddDays(30)|} };
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.EditorConfigSection("**/Strict/*.cs", "mcpsec.MCPSEC050.max_token_days = 7"));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(OptionFile.GlobalConfig, "mcpsec.MCPSEC050.max_token_days = 60"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC050").WithLocation(0).WithArguments("Expires is 30 days away", "7"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC050").WithLocation(1).WithArguments("Expires is 75 days away", "60"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task MaxDays_Malformed_KeepsTheDefault(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Jwt, null);
        test.TestState.Sources.Add(Usings + """
            var month = new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddDays(30) };
            var year = new SecurityTokenDescriptor { {|#0:Expires = DateTime.UtcNow.AddDays(365)|} };
            Console.WriteLine(month.ToString() + year);
            """);
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(file, "mcpsec.MCPSEC050.max_token_days = ninety"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC050").WithLocation(0).WithArguments("Expires is 365 days away", "90"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_CapsTurnsOnAndRemoves()
    {
        var source = Usings + """
            var descriptor = new SecurityTokenDescriptor { {|#0:Expires = DateTime.UtcNow.AddYears(5)|} };
            var parameters = new TokenValidationParameters { {|#1:ValidateLifetime = false|} };
            {|#2:parameters.LifetimeValidator = (a, b, c, d) => true|};
            Console.WriteLine(descriptor.ToString() + parameters);
            """;
        var fixedSource = Usings + """
            var descriptor = new SecurityTokenDescriptor { Expires = System.DateTime.UtcNow.AddDays(90) };
            var parameters = new TokenValidationParameters { ValidateLifetime = true };
            Console.WriteLine(descriptor.ToString() + parameters);
            """;

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Jwt,
            VerifyCS.AnyMessage("MCPSEC050").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC050").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC050").WithLocation(2));
    }
}
