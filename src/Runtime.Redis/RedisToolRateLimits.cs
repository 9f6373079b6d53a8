using McpAnalyzers.Runtime.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace McpAnalyzers.Redis;

/// <summary>Shares the tool-call limits of <c>WithToolRateLimits()</c> between server instances through Redis.</summary>
public static class RedisToolRateLimits
{
    /// <summary>
    /// Keeps every caller's counters in Redis (fixed one-minute windows, updated atomically by a server-side script),
    /// so the limits hold across all instances that share <paramref name="connection"/>. Keys are prefixed with
    /// <paramref name="keyPrefix"/> and hold a hash of the caller, never the caller's name or token.
    /// </summary>
    public static ToolRateLimitOptions UseRedis(this ToolRateLimitOptions options, IConnectionMultiplexer connection, string keyPrefix = "mcp-rl:")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connection);
        options.PartitionFactory = (key, permits) => RedisRateLimitPartition.GetFixedWindowRateLimiter(
            keyPrefix + Hash(key),
            _ => new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => connection,
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
            });
        return options;
    }

    private static string Hash(string key)
        => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant();
}
