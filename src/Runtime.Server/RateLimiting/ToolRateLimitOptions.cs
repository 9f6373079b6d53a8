using System.Threading.RateLimiting;

namespace McpAnalyzers.Runtime.RateLimiting;

/// <summary>Options of the per-caller tool-call rate limit (<c>WithToolRateLimits()</c>).</summary>
public sealed class ToolRateLimitOptions
{
    /// <summary>Tool calls per minute per caller (token subject, session or stdio client), all tools together. Default 60.</summary>
    public int PermitsPerMinute { get; set; } = 60;

    /// <summary>Calls per minute per caller to tools not marked <c>ReadOnly = true</c>. Default 20.</summary>
    public int WritePermitsPerMinute { get; set; } = 20;

    /// <summary>Per-tool limits (calls per minute per caller), on top of the limits above.</summary>
    public IDictionary<string, int> PerTool { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Makes the limiter for one partition (key, permits per minute). Default: an in-process fixed window. Replace it
    /// to share limits between server instances (McpAnalyzers.Redis: <c>options.UseRedis(connection)</c>).
    /// </summary>
    public Func<string, int, RateLimitPartition<string>> PartitionFactory { get; set; } = (key, permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>Warn (log event 4101) when a caller's calls in a minute exceed this many times its usual rate. Default 10.</summary>
    public double SurgeFactor { get; set; } = 10;

    /// <summary>The clock of the surge warning. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
