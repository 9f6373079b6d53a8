using McpAnalyzers.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MCP bearer-token scheme.</summary>
public static class McpBearerExtensions
{
    /// <summary>
    /// Adds the <see cref="McpBearerDefaults.AuthenticationScheme"/> scheme, bound from the
    /// <see cref="McpBearerDefaults.ConfigurationSection"/> configuration section, validated at startup.
    /// </summary>
    public static AuthenticationBuilder AddMcpBearer(this AuthenticationBuilder builder, Action<McpBearerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<McpBearerOptions>(McpBearerDefaults.AuthenticationScheme)
            .BindConfiguration(McpBearerDefaults.ConfigurationSection)
            .Validate(options =>
            {
                McpTokens.Validate(options);
                return true;
            })
            .ValidateOnStart();
        return builder.AddScheme<McpBearerOptions, McpBearerHandler>(McpBearerDefaults.AuthenticationScheme, configure);
    }
}
