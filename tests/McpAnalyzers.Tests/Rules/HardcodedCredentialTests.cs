using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.HardcodedCredentialAnalyzer, McpAnalyzers.CodeFixes.Rules.HardcodedCredentialCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC020: credentials in source.</summary>
public class HardcodedCredentialTests
{
    public static TheoryData<string> FormatValues() => new()
    {
        FakeCredentials.GitHub, FakeCredentials.GitHubFineGrained, FakeCredentials.Slack, FakeCredentials.Stripe, FakeCredentials.Aws,
        FakeCredentials.OpenAi, FakeCredentials.Anthropic, FakeCredentials.Google, FakeCredentials.AzureClientSecret, FakeCredentials.Jwt,
    };

    [Theory]
    [MemberData(nameof(FormatValues))]
    public async Task KnownFormats_AreReported_WhereverTheyStand(string value)
    {
        var source = $$"""
            var client = new System.Net.Http.HttpClient();
            client.DefaultRequestHeaders.Add("X-Custom", {|#0:"{{value}}"|});
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.ConsoleOnly, VerifyCS.AnyMessage("MCPSEC020").WithLocation(0));
    }

    [Fact]
    public async Task SecretNamedTargets_AreReported()
    {
        var secret = FakeCredentials.RandomSecret;
        var source = $$"""
            using System.Collections.Generic;
            using System.Net;

            System.Console.WriteLine();

            public sealed class Settings
            {
                public string ApiKey { get; set; } = {|#0:"{{secret}}"|};
                private const string DbPassword = {|#1:"Winter2024!"|};
                public string ClientSecret => {|#2:"{{secret}}"|};

                public NetworkCredential Login() => new NetworkCredential("svc-mcp", {|#3:"hunter2hunter2"|});

                public Dictionary<string, string> Headers() => new()
                {
                    ["Authorization"] = "Bearer",
                    ["ApiToken"] = {|#4:"{{secret}}"|},
                };

                public Options Build() => new Options { SigningKey = {|#5:"{{secret}}"|}, Name = "{{secret}}" };

                public void Local()
                {
                    var githubToken = {|#6:"{{secret}}"|};
                    System.Console.WriteLine(githubToken.Length);
                }
            }

            public sealed class Options
            {
                public string? SigningKey { get; set; }
                public string? Name { get; set; }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(0).WithArguments("The secret 'ApiKey'", "9f8a…(32 chars)"),
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(1).WithArguments("The password 'DbPassword'", "Wi…(11 chars)"),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(2),
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(3).WithArguments("The password 'password'", "hu…(14 chars)"),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(4),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(5),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(6));
    }

    [Fact]
    public async Task ConnectionStringsKeysAndBearerHeaders_AreReported()
    {
        var secret = FakeCredentials.RandomSecret;
        var source = $$"""
            using System.Net.Http.Headers;
            using System.Security.Cryptography;
            using System.Text;

            var connection = {|#0:"Server=db;Database=app;User Id=sa;Password=Pa55w0rd!;"|};
            var header = new AuthenticationHeaderValue("Bearer", {|#1:"{{secret}}"|});
            var raw = {|#2:"Bearer {{secret}}"|};
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes({|#3:"{{secret}}"|}));
            byte[] signingKey = {|#4:{ 0x3a, 0x91, 0x07, 0xfe, 0x22, 0x5c, 0xd8, 0x44, 0x19, 0xb0, 0x6e, 0xaa, 0x71, 0x0d, 0xc3, 0x58 }|};
            System.Console.WriteLine(connection + header + raw + signingKey.Length);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(0).WithArguments("A connection string with a literal Password", "Serv…(53 chars)"),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(2),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(3),
            VerifyCS.AnyMessage("MCPSEC020").WithLocation(4));
    }

    [Fact]
    public async Task AValueBoundToNoName_CarriesAConfigurationKeyForItsKind_ForTheFix()
    {
        var source = $$"""
            var values = new[] { "{{FakeCredentials.GitHub}}", "{{FakeCredentials.Stripe}}", "Server=db;Database=app;User Id=sa;Password=Pa55w0rd!;" };
            System.Console.WriteLine(values.Length);
            """;

        var diagnostics = await TestCompilation.DiagnosticsAsync(new McpAnalyzers.Rules.HardcodedCredentialAnalyzer(), source, TestReferences.ConsoleOnly);

        Assert.Equal(
            new[] { "ApiToken", "ApiKey", "ConnectionString" },
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Properties[McpAnalyzers.Rules.HardcodedCredentialAnalyzer.NameKey]));
    }

    [Fact]
    public async Task PlaceholdersNamesAndDocumentation_AreQuiet()
    {
        var source = """
            using System.ComponentModel;
            using System.Net.Http;

            var client = new HttpClient();
            client.DefaultRequestHeaders.Add("Authorization", "Bearer " + System.Environment.GetEnvironmentVariable("TOKEN"));
            const string ApiKeyHeaderName = "X-Api-Key";
            var settings = new Settings { ApiKey = "", Password = "<your-password>", ClientSecret = "${CLIENT_SECRET}", Token = "00000000-0000-0000-0000-000000000000" };
            var connection = "Server=db;Database=app;Integrated Security=true;";
            var empty = "Server=db;Database=app;User Id=sa;Password=;";
            var maxTokens = "4096";
            var keyName = "ApiKey";
            byte[] zeros = new byte[32];
            byte[] pattern = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
            System.Console.WriteLine(ApiKeyHeaderName + settings + connection + empty + maxTokens + keyName + zeros.Length + pattern.Length);

            public sealed class Settings
            {
                [Description("Your API key, such as sk-proj-1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")]
                public string ApiKey { get; set; } = "";
                public string Password { get; set; } = "";
                public string ClientSecret { get; set; } = "";
                public string Token { get; set; } = "";
                public string TokenEndpoint { get; set; } = "https://login.example.com/oauth2/v2.0/token-9f8a7c6d5e4b3a2f1e0d9c8b";
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.ConsoleOnly);
    }

    [Fact]
    public async Task HelpTextAndPlaceholders_ThatShowASettingWithoutHoldingOne_AreQuiet()
    {
        var source = """
            using System;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Logging;

            Console.WriteLine();

            public sealed class Database(IConfiguration configuration, ILogger<Database> logger)
            {
                private const string Help = "Example: Host=localhost;Database=shop;Username=shop;Password=pass";

                public string ConnectionString()
                {
                    var value = configuration.GetConnectionString("Shop");
                    if (string.IsNullOrEmpty(value))
                    {
                        logger.LogError("No connection string. Use Server=db;Database=shop;User Id=app;Password=secret1 or set ConnectionStrings:Shop");
                        Console.Error.WriteLine("usage: shop --db \"Host=db;Username=app;Password=hunter22\"");
                        throw new InvalidOperationException("Set ConnectionStrings:Shop, for instance Host=localhost;Database=shop;Username=shop;Password=pass. " + Help);
                    }

                    return value;
                }

                public Settings Defaults() => new()
                {
                    ApiKey = "<your-api-key>",
                    ClientSecret = "set-in-user-secrets",
                    Password = "changeme",
                    Token = "your-token-here",
                    SigningKey = "xxx-signing-key-xxx",
                    WebhookSecret = "put-the-webhook-secret-here",
                };
            }

            public sealed class Settings
            {
                public string ApiKey { get; set; } = "";
                public string ClientSecret { get; set; } = "";
                public string Password { get; set; } = "";
                public string Token { get; set; } = "";
                public string SigningKey { get; set; } = "";
                public string WebhookSecret { get; set; } = "";
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly);
    }

    [Fact]
    public async Task ConnectionStringsTheCodeOpens_AreStillReported_BesideTheirHelpText()
    {
        var source = """
            using System;

            var connection = Environment.GetEnvironmentVariable("SHOP_DB") ?? {|#0:"Host=db;Database=shop;Username=shop;Password=Winter2024!"|};
            if (connection.Length == 0)
            {
                throw new InvalidOperationException("Set SHOP_DB, e.g. Host=db;Database=shop;Username=shop;Password=pass");
            }

            Console.WriteLine(connection.Length);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(0).WithArguments("A connection string with a literal Password", "Host…(56 chars)"));
    }

    [Fact]
    public async Task FallbackSecrets_OfEnvironmentAndConfigurationLookups_AreReportedAtTheLiteral()
    {
        var secret = FakeCredentials.RandomSecret;
        var source = $$"""
            using System;
            using Microsoft.Extensions.Configuration;

            Console.WriteLine();

            public sealed class Upstream(IConfiguration configuration)
            {
                public string Key() => Environment.GetEnvironmentVariable("WEATHER_API_KEY") ?? {|#0:"{{secret}}"|};

                public string Password() => configuration["Upstream:Password"] ?? {|#1:"Winter2024!"|};

                public string Secret() => configuration.GetValue("Upstream:ClientSecret", {|#2:"{{secret}}"|})!;

                public string Region() => Environment.GetEnvironmentVariable("WEATHER_REGION") ?? "{{secret}}";

                public string Placeholder() => configuration["Upstream:ApiKey"] ?? "<your-api-key>";
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly,
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(0).WithArguments("The fallback value of the secret 'WEATHER_API_KEY'", "9f8a…(32 chars)"),
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(1).WithArguments("The fallback value of the password 'Password'", "Wi…(11 chars)"),
            VerifyCS.Diagnostic("MCPSEC020").WithLocation(2).WithArguments("The fallback value of the secret 'ClientSecret'", "9f8a…(32 chars)"));

    }

    [Fact]
    public async Task Fix_MakesTheLookupRequired_WhereTheFallbackFollowsCoalesce_AndLeavesGetValueAlone()
    {
        var secret = FakeCredentials.RandomSecret;
        var before = $$"""
            using System;
            using Microsoft.Extensions.Configuration;

            Console.WriteLine();

            public sealed class Upstream(IConfiguration configuration)
            {
                public string Key() => Environment.GetEnvironmentVariable("WEATHER_API_KEY") ?? {|#0:"{{secret}}"|};

                public string Secret() => configuration.GetValue("Upstream:ClientSecret", {|#1:"{{secret}}"|})!;
            }
            """;
        var after = $$"""
            using System;
            using Microsoft.Extensions.Configuration;

            Console.WriteLine();

            public sealed class Upstream(IConfiguration configuration)
            {
                public string Key() => Environment.GetEnvironmentVariable("WEATHER_API_KEY") ?? throw new System.InvalidOperationException("Set WEATHER_API_KEY (user-secrets, the environment or a vault).");

                public string Secret() => configuration.GetValue("Upstream:ClientSecret", {|#1:"{{secret}}"|})!;
            }
            """;

        var test = await VerifyCS.CreateAsync(TestReferences.AspNetOnly, null);
        test.TestState.Sources.Add(before);
        test.TestState.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC020").WithLocation(0));
        test.TestState.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC020").WithLocation(1));
        test.FixedState.Sources.Add(after);
        test.FixedState.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC020").WithLocation(1));
        await test.RunAsync();
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task TestProjects_AreQuietByDefault_AndIncludedOnRequest(OptionFile file)
    {
        var source = $$"""
            var token = "{{FakeCredentials.GitHub}}";
            System.Console.WriteLine(token);
            """;

        var skipped = await VerifyCS.CreateAsync(TestReferences.ConsoleOnly, null);
        skipped.TestState.Sources.Add(source);
        skipped.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Payments.Tests"));
        await skipped.RunAsync();

        var included = await VerifyCS.CreateAsync(TestReferences.ConsoleOnly, null);
        included.TestState.Sources.Add(source.Replace("\"" + FakeCredentials.GitHub + "\"", "{|#0:\"" + FakeCredentials.GitHub + "\"|}"));
        included.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Payments.Tests"));
        included.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(file, "mcpsec.MCPSEC020.include_test_projects = true"));
        included.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC020").WithLocation(0));
        await included.RunAsync();
    }

    [Fact]
    public async Task Fix_UsesTheEnvironment_AndMakesConstantsReadOnly()
    {
        var source = $$"""
            System.Console.WriteLine(Clients.GitHubToken);

            public static class Clients
            {
                public const string GitHubToken = {|#0:"{{FakeCredentials.GitHub}}"|};
            }
            """;
        var fixedSource = """
            System.Console.WriteLine(Clients.GitHubToken);

            public static class Clients
            {
                public static readonly string GitHubToken = System.Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? throw new System.InvalidOperationException("Set the GITHUB_TOKEN environment variable.");
            }
            """;

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.ConsoleOnly, VerifyCS.AnyMessage("MCPSEC020").WithLocation(0));
    }

    [Fact]
    public async Task Fix_PrefersConfigurationAtHand()
    {
        var source = $$"""
            using Microsoft.Extensions.Configuration;

            System.Console.WriteLine();

            public sealed class OpenAiClient(IConfiguration configuration)
            {
                public string Key()
                {
                    var openAiApiKey = {|#0:"{{FakeCredentials.RandomSecret}}"|};
                    return openAiApiKey + configuration["Region"];
                }
            }
            """;
        var fixedSource = """
            using Microsoft.Extensions.Configuration;

            System.Console.WriteLine();

            public sealed class OpenAiClient(IConfiguration configuration)
            {
                public string Key()
                {
                    var openAiApiKey = configuration["openAiApiKey"] ?? throw new System.InvalidOperationException("Set openAiApiKey (user-secrets, the environment or a vault).");
                    return openAiApiKey + configuration["Region"];
                }
            }
            """;

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.AspNetOnly, VerifyCS.AnyMessage("MCPSEC020").WithLocation(0));
    }
}
