using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.SecretInProjectFileAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC021: secrets in appsettings, .env and launchSettings files, at their lines.</summary>
public class SecretInProjectFileTests
{
    private static readonly string[] Program = { "System.Console.WriteLine();" };

    [Fact]
    public async Task AppSettings_NestedKeysArraysCommentsAndTrailingCommas()
    {
        var json = $$"""
            {
              // the MCP server's settings
              "ConnectionStrings": {
                "Default": "Host=db;Database=app;Username=app;Password=Sup3rS3cret!",
                "Reporting": "Server=db;Integrated Security=true;",
              },
              "OpenAI": { "ApiKey": "{{FakeCredentials.RandomSecret}}", "Model": "gpt-4o" },
              "Upstreams": [
                { "Name": "github", "Token": "{{FakeCredentials.GitHub}}" },
                { "Name": "empty", "Token": "" },
              ],
              /* headers */
              "ApiKeyHeaderName": "X-Api-Key",
              "Smtp": { "Password": "<set in user-secrets>" },
            }
            """;
        const string path = "/0/appsettings.Production.json";

        await VerifyCS.AnalyzerAsync(Program, [(path, json)], TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC021").WithSpan(path, 4, 16, 4, 73).WithArguments("ConnectionStrings:Default", "appsettings.Production.json", "a connection string with a literal Password", "Host…(55 chars)"),
            VerifyCS.Diagnostic("MCPSEC021").WithSpan(path, 7, 25, 7, 59).WithArguments("OpenAI:ApiKey", "appsettings.Production.json", "a secret", "9f8a…(32 chars)"),
            VerifyCS.AnyMessage("MCPSEC021").WithSpan(path, 9, 34, 9, 76));
    }

    [Fact]
    public async Task DotEnv_QuotesExportAndComments()
    {
        var env = $$"""
            # local development
            export STRIPE_KEY="{{FakeCredentials.Stripe}}"
            DB_PASSWORD='correct horse battery'
            LOG_LEVEL=debug # verbose
            API_KEY=
            GITHUB_TOKEN=${GITHUB_TOKEN}
            """;
        const string path = "/0/.env.local";

        await VerifyCS.AnalyzerAsync(Program, [(path, env)], TestReferences.ConsoleOnly,
            VerifyCS.AnyMessage("MCPSEC021").WithSpan(path, 2, 19, 2, 59),
            VerifyCS.Diagnostic("MCPSEC021").WithSpan(path, 3, 13, 3, 36).WithArguments("DB_PASSWORD", ".env.local", "a password", "corr…(21 chars)"));
    }

    [Fact]
    public async Task LaunchSettings_EnvironmentVariables()
    {
        var json = $$"""
            {
              "profiles": {
                "App": {
                  "commandName": "Project",
                  "environmentVariables": {
                    "ASPNETCORE_ENVIRONMENT": "Development",
                    "ANTHROPIC_API_KEY": "{{FakeCredentials.Anthropic}}"
                  }
                }
              }
            }
            """;
        const string path = "/0/Properties/launchSettings.json";

        await VerifyCS.AnalyzerAsync(Program, [(path, json)], TestReferences.ConsoleOnly,
            VerifyCS.AnyMessage("MCPSEC021").WithSpan(path, 7, 30, 7, 30 + FakeCredentials.Anthropic.Length + 2));
    }

    [Fact]
    public async Task SafeSettings_AreQuiet()
    {
        const string json = """
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "localhost",
              "McpAuth": { "Issuer": "server", "Audience": "https://mcp.example.com", "SigningKeys": { "v1": "" } },
              "Authentication": { "Scheme": "Bearer", "TokenLifetime": "30.00:00:00" },
              "ApiKeyHeader": "X-Api-Key",
              "ConnectionStrings": { "Default": "Server=db;Database=app;Integrated Security=true;" }
            }
            """;

        await VerifyCS.AnalyzerAsync(Program, [("/0/appsettings.json", json), ("/0/data/secrets.json", "{ \"Password\": \"hunter2hunter2\" }")], TestReferences.ConsoleOnly);
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig, true)]
    [InlineData(OptionFile.GlobalConfig, true)]
    [InlineData(OptionFile.GlobalConfig, false)]
    public async Task TestProjects_AreQuietByDefault_AndIncludedOnRequest(OptionFile file, bool include)
    {
        var env = "GITHUB_TOKEN=" + FakeCredentials.GitHub + "\n";
        const string path = "/0/.env";
        var test = await VerifyCS.CreateAsync(TestReferences.ConsoleOnly, null);
        test.TestState.Sources.Add(Program[0]);
        test.TestState.AdditionalFiles.Add((path, env));
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Payments.Tests"));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(file, "mcpsec.MCPSEC021.include_test_projects = " + (include ? "true" : "false")));
        if (include)
        {
            test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC021").WithSpan(path, 1, 14, 1, 14 + FakeCredentials.GitHub.Length));
        }

        await test.RunAsync();
    }
}
