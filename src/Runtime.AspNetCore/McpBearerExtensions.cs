using McpAnalyzers.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MCP bearer-token scheme.</summary>
public static class McpBearerExtensions
{
    /// <summary>
    /// Adds the <see cref="McpBearerDefaults.AuthenticationScheme"/> scheme, bound from the
    /// <see cref="McpBearerDefaults.ConfigurationSection"/> configuration section, validated at startup. With the audit
    /// log (McpAnalyzers.Server), tool calls refused with 401 or 403 are recorded as Denied.
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
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, McpRefusalAuditStartupFilter>());
        return builder.AddScheme<McpBearerOptions, McpBearerHandler>(McpBearerDefaults.AuthenticationScheme, configure);
    }
}
