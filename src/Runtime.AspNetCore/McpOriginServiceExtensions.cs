using McpAnalyzers.AspNetCore;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Binds <see cref="McpOriginOptions"/> from configuration.</summary>
public static class McpOriginServiceExtensions
{
    /// <summary>Binds the <c>McpOrigins</c> section (allowed hosts and origins); optional, defaults are loopback only.</summary>
    public static IServiceCollection AddMcpOriginValidation(this IServiceCollection services, Action<McpOriginOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<McpOriginOptions>().BindConfiguration(McpOriginOptions.ConfigurationSection);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return services;
    }
}
