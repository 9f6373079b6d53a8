using McpAnalyzers.Secrets;
using McpAnalyzers.Tests.Infrastructure;

namespace McpAnalyzers.Tests.Model;

/// <summary>Credential formats, secret names, placeholders and connection strings.</summary>
public class SecretDetectionTests
{
    public static TheoryData<string, string> Formats() => new()
    {
        { FakeCredentials.GitHub, "GitHub token" },
        { FakeCredentials.GitHubFineGrained, "GitHub fine-grained token" },
        { FakeCredentials.Slack, "Slack token" },
        { FakeCredentials.Stripe, "Stripe live key" },
        { FakeCredentials.Aws, "AWS access key ID" },
        { FakeCredentials.OpenAi, "OpenAI API key" },
        { FakeCredentials.Anthropic, "Anthropic API key" },
        { FakeCredentials.Google, "Google API key" },
        { FakeCredentials.AzureClientSecret, "Azure AD client secret" },
        { FakeCredentials.Pem, "PEM private key" },
        { FakeCredentials.Jwt, "JSON Web Token" },
        { "token=" + FakeCredentials.GitHub + "&x=1", "GitHub token" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void KnownFormats_AreRecognised(string value, string kind)
        => Assert.Equal(kind, CredentialFormats.Find(value)?.Kind);

    [Theory]
    [InlineData("ghp_")]
    [InlineData("sk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("sk-")]
    [InlineData("task-ant-runner-configuration-value")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9 is how a JWT header starts")]
    [InlineData("AKIA")]
    [InlineData("-----BEGIN CERTIFICATE-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----")]
    [InlineData("xoxb-not-a-token")]
    [InlineData("a perfectly ordinary sentence about tokens and keys")]
    public void LookAlikes_AreNot(string value) => Assert.Null(CredentialFormats.Find(value));

    [Fact]
    public void GitHubToken_WithABadChecksum_IsNot()
    {
        Assert.NotNull(CredentialFormats.Find(FakeCredentials.GitHub));
        Assert.Null(CredentialFormats.Find(FakeCredentials.GitHubBadChecksum));
    }

    [Theory]
    [InlineData("GitHubToken", "Secret")]
    [InlineData("apiKey", "Secret")]
    [InlineData("OPENAI_API_KEY", "Secret")]
    [InlineData("ClientSecret", "Secret")]
    [InlineData("SigningKey", "Secret")]
    [InlineData("dbPassword", "Password")]
    [InlineData("Pwd", "Password")]
    [InlineData("DefaultConnectionString", "ConnectionString")]
    [InlineData("Authorization", "None")]
    [InlineData("ApiKeyHeaderName", "None")]
    [InlineData("TokenEndpoint", "None")]
    [InlineData("MaxTokens", "None")]
    [InlineData("PasswordLength", "None")]
    [InlineData("UserName", "None")]
    [InlineData("Key", "None")]
    public void Names_AreClassified(string name, string kind) => Assert.Equal(kind, SecretRules.Classify(name).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<your-key>")]
    [InlineData("${OPENAI_API_KEY}")]
    [InlineData("$(Secret)")]
    [InlineData("{{token}}")]
    [InlineData("%API_KEY%")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("changeme")]
    [InlineData("your-api-key-here")]
    [InlineData("xxxxxxxxxxxxxxxx")]
    [InlineData("********")]
    [InlineData("REPLACE_WITH_REAL_KEY")]
    public void Placeholders_AreRecognised(string value) => Assert.True(SecretRules.IsPlaceholder(value));

    [Theory]
    [InlineData("Server=db;Database=app;User Id=sa;Password=Pa55w0rd!;", "Password")]
    [InlineData("Host=db;Username=app;Pwd='s3cr3t;with;semicolons'", "Pwd")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123abc123abc123==;", "AccountKey")]
    [InlineData("Server=db;Database=app;Integrated Security=true;", null)]
    [InlineData("Server=db;Database=app;User Id=sa;Password=;", null)]
    [InlineData("Host=db;Password=${DB_PASSWORD}", null)]
    [InlineData("no pairs at all", null)]
    public void ConnectionStrings_AreParsed(string value, string? key) => Assert.Equal(key, SecretRules.ConnectionStringSecret(value));

    [Theory]
    [InlineData("GitHubToken", "GITHUB_TOKEN")]
    [InlineData("openAiApiKey", "OPENAI_API_KEY")]
    [InlineData("DbPassword", "DB_PASSWORD")]
    [InlineData("_signingKey", "SIGNING_KEY")]
    [InlineData("AWSSecretAccessKey", "AWS_SECRET_ACCESS_KEY")]
    [InlineData("api_key", "API_KEY")]
    public void EnvironmentNames_AreDerivedFromSymbols(string symbol, string variable) => Assert.Equal(variable, SecretRules.EnvironmentName(symbol));

    [Fact]
    public void Redaction_NeverShowsTheWholeValue()
    {
        var token = FakeCredentials.GitHub;
        var redacted = SecretRules.Redact(token);
        Assert.StartsWith(token.Substring(0, 4), redacted);
        Assert.DoesNotContain(token.Substring(4, 8), redacted);
        Assert.Equal("…(6 chars)", SecretRules.Redact("hunter"));
    }
}
