using ModelContextProtocol;

namespace McpAnalyzers.Runtime;

/// <summary>
/// Sent to the client as a JSON-RPC error (code -32029) when a caller exceeds a tool-call rate limit; the error's
/// data holds <c>retryAfterSeconds</c>.
/// </summary>
public sealed class ToolRateLimitExceededException : McpProtocolException
{
    /// <summary>The JSON-RPC error code (in the implementation-defined server error range).</summary>
    public const int RateLimitErrorCode = -32029;

    /// <summary>Creates the exception.</summary>
    public ToolRateLimitExceededException(string tool, int permitsPerMinute, TimeSpan? retryAfter)
        : base(
            $"Rate limit exceeded for tool '{tool}': at most {permitsPerMinute} calls per minute for this caller."
            + (retryAfter is { } wait ? $" Retry after {Math.Ceiling(wait.TotalSeconds)} s." : string.Empty),
            (McpErrorCode)RateLimitErrorCode)
    {
        Tool = tool;
        RetryAfter = retryAfter;
        if (retryAfter is { } delay)
        {
            Data["retryAfterSeconds"] = (int)Math.Ceiling(delay.TotalSeconds);
        }
    }

    /// <summary>The tool that was refused.</summary>
    public string Tool { get; }

    /// <summary>When the caller may try again, when the limiter knows.</summary>
    public TimeSpan? RetryAfter { get; }
}
