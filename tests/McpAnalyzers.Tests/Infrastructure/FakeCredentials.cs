using McpAnalyzers.Secrets;

namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>
/// Credential-shaped test values, assembled at run time so that this repository holds no literal that a secret
/// scanner would (rightly) flag. None of them is, or was, a real credential.
/// </summary>
public static class FakeCredentials
{
    private const string Random62 = "q8ZtK3mVw9XbR2nLp7CyH4jDf6SgTa1EuNo0Ii5Ml";

    public static string GitHub => CredentialFormats.GitHubTokenFor("gh" + "p_", Random62.Substring(0, 30));

    public static string GitHubBadChecksum => "gh" + "p_" + Random62.Substring(0, 30) + "AAAAAA";

    public static string GitHubFineGrained => "github" + "_pat_" + Random62.Substring(0, 22) + "_" + (Random62 + Random62).Substring(0, 59);

    public static string Slack => "xo" + "xb-" + "1234567890123-1234567890123-" + Random62.Substring(0, 24);

    public static string Stripe => "sk" + "_live_" + Random62.Substring(0, 30);

    public static string Aws => "AK" + "IA" + "IOSFODNN7EXAMPLZ";

    public static string OpenAi => "sk" + "-proj-" + Random62 + Random62.Substring(0, 20);

    public static string Anthropic => "sk" + "-ant-api03-" + Random62 + Random62 + Random62.Substring(0, 11) + "AA";

    public static string Google => "AI" + "za" + "Sy" + Random62.Substring(0, 33);

    public static string AzureClientSecret => "aB1" + "8Q~" + Random62.Substring(0, 34);

    public static string Pem => "-----BEGIN " + "RSA PRIVATE KEY-----\\nMIIEow" + Random62 + "\\n-----END RSA PRIVATE KEY-----";

    public static string Jwt => "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + "." + "ey" + "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ" + "." + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    public static string RandomSecret => "9f8a7c6d5e4b3a2f1e0d9c8b7a6f5e4d";
}
