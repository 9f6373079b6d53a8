using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpAnalyzers.AspNetCore;

/// <summary>An ASP.NET Core rate-limiter policy for the MCP endpoint: every HTTP request, per caller, 429 when over.</summary>
public static class McpRateLimiterExtensions
{
    /// <summary>The policy name for <c>app.MapMcp(...).RequireRateLimiting(McpRateLimiterExtensions.PolicyName)</c>.</summary>
    public const string PolicyName = "mcp";

    /// <summary>
    /// Adds ASP.NET Core rate limiting with the <see cref="PolicyName"/> policy: a fixed window of
    /// <paramref name="requestsPerMinute"/> HTTP requests per authenticated subject (or per client address before
    /// authentication), answered with 429 and <c>Retry-After</c> when exceeded. It counts every MCP request
    /// (initialize, list, call); <c>WithToolRateLimits()</c> limits tool calls by tool. Pair it with
    /// <c>app.UseRateLimiter()</c> after authentication. With the audit log (McpAnalyzers.Server), tool calls refused
    /// with 429 are recorded as RateLimited.
    /// </summary>
    public static IServiceCollection AddMcpRateLimiter(this IServiceCollection services, int requestsPerMinute = 600)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, McpRefusalAuditStartupFilter>());
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    private static string PartitionKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && (user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name) is { Length: > 0 } subject)
        {
            return "subject:" + subject;
        }

        return "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
