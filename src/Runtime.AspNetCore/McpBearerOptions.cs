using Microsoft.AspNetCore.Authentication;

namespace McpAnalyzers.AspNetCore;

/// <summary>Names used by the MCP bearer-token scheme.</summary>
public static class McpBearerDefaults
{
    /// <summary>The authentication scheme name.</summary>
    public const string AuthenticationScheme = "McpBearer";

    /// <summary>The configuration section the options bind from.</summary>
    public const string ConfigurationSection = "McpAuth";

    /// <summary>The longest token lifetime the scheme issues or accepts, in days (checklist step 6).</summary>
    public const int MaxLifetimeDays = 90;

    /// <summary>The largest <see cref="McpBearerOptions.ClockSkew"/> accepted: five minutes.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Options of the MCP bearer-token scheme, bound from the <c>McpAuth</c> configuration section:
/// <code>
/// "McpAuth": {
///   "Issuer": "my-mcp-server",
///   "Audience": "https://mcp.example.com/mcp",
///   "CurrentKeyVersion": "v2",
///   "SigningKeys": { "v2": "&lt;base64, 32+ bytes&gt;", "v1": "&lt;previous key, kept while its tokens live&gt;" }
/// }
/// </code>
/// Keep the keys in user-secrets, environment variables (<c>McpAuth__SigningKeys__v2</c>) or a vault.
/// </summary>
public sealed class McpBearerOptions : AuthenticationSchemeOptions
{
    /// <summary>The <c>iss</c> claim tokens carry and must carry.</summary>
    public string Issuer { get; set; } = "mcp-server";

    /// <summary>The <c>aud</c> claim tokens must carry: this server (MCP spec: tokens are audience-bound).</summary>
    public string? Audience { get; set; }

    /// <summary>The key version new tokens are signed with; every version in <see cref="SigningKeys"/> validates.</summary>
    public string? CurrentKeyVersion { get; set; }

    /// <summary>Signing keys by version (the token's <c>kid</c>), base64-encoded, at least 32 bytes each (every one is checked at start).</summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Longest lifetime accepted and issued; at most <see cref="McpBearerDefaults.MaxLifetimeDays"/> days.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(McpBearerDefaults.MaxLifetimeDays);

    /// <summary>Tolerated clock difference between issuer and server; at most <see cref="McpBearerDefaults.MaxClockSkew"/> (5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}
