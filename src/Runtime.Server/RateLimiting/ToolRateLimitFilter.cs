using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using McpAnalyzers.Runtime.Audit;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpAnalyzers.Runtime.RateLimiting;

/// <summary>
/// Per-caller limits on <c>tools/call</c>, on System.Threading.RateLimiting: every call takes a permit from the
/// caller's overall bucket, calls to tools that are not read-only also from its write bucket, and configured
/// tools from their own. A refused call gets <see cref="ToolRateLimitExceededException"/> (a JSON-RPC error with
/// retry-after). A caller running at many times its usual volume is logged as a warning.
/// </summary>
internal sealed class ToolRateLimitFilter : IAsyncDisposable
{
    private readonly ToolRateLimitOptions _options;
    private readonly ILogger _logger;
    private readonly PartitionedRateLimiter<(string Key, int Permits)> _limiter;
    /// <summary>Minutes without a call after which a caller's usage is forgotten (its baseline has decayed to nothing by then).</summary>
    private const int IdleMinutes = 60;

    private readonly ConcurrentDictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private long _lastSweep;

    public ToolRateLimitFilter(ToolRateLimitOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<(string Key, int Permits), string>(resource => options.PartitionFactory(resource.Key, resource.Permits));
    }

    public McpMessageHandler Incoming(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } request)
        {
            var (tool, _) = CallerIdentity.ToolCallOf(request);
            var caller = CallerIdentity.KeyOf(context);
            WatchForSurge(caller);
            foreach (var (bucket, permits) in Buckets(context, tool))
            {
                using var lease = await _limiter.AcquireAsync((caller + "|" + bucket, permits), 1, cancellationToken).ConfigureAwait(false);
                if (!lease.IsAcquired)
                {
                    TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
                    throw new ToolRateLimitExceededException(tool, permits, retryAfter);
                }
            }
        }

        await next(context, cancellationToken).ConfigureAwait(false);
    };

    /// <summary>Most specific first, so a refused tool-specific call does not use up the caller's overall permits.</summary>
    private IEnumerable<(string Bucket, int Permits)> Buckets(MessageContext context, string tool)
    {
        if (_options.PerTool.TryGetValue(tool, out var toolPermits))
        {
            yield return ("tool:" + tool, toolPermits);
        }

        if (!IsReadOnly(context, tool))
        {
            yield return ("write", _options.WritePermitsPerMinute);
        }

        yield return ("all", _options.PermitsPerMinute);
    }

    private static bool IsReadOnly(MessageContext context, string tool)
        => context.Server.ServerOptions.ToolCollection is { } tools
           && tools.TryGetPrimitive(tool, out var primitive)
           && primitive.ProtocolTool.Annotations?.ReadOnlyHint == true;

    private void WatchForSurge(string caller)
    {
        var minute = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() / 60;
        ForgetIdleCallers(minute);
        var usage = _usage.GetOrAdd(caller, _ => new Usage(minute));
        lock (usage)
        {
            if (usage.Minute != minute)
            {
                // Close the finished minute into the moving average; idle minutes count as zero.
                var idle = Math.Min(minute - usage.Minute - 1, 60);
                usage.Baseline = usage.MinutesSeen == 0 ? usage.Count : (0.8 * usage.Baseline) + (0.2 * usage.Count);
                for (var i = 0; i < idle; i++)
                {
                    usage.Baseline *= 0.8;
                }

                usage.MinutesSeen++;
                usage.Minute = minute;
                usage.Count = 0;
                usage.Warned = false;
            }

            usage.Count++;
            if (!usage.Warned && usage.MinutesSeen >= 3 && usage.Count > _options.SurgeFactor * Math.Max(usage.Baseline, 1))
            {
                usage.Warned = true;
                _logger.LogWarning(
                    new EventId(4101, "McpToolCallSurge"),
                    "A caller is making {Count} tool calls this minute, more than {Factor} times its usual {Baseline:F1} per minute: check for a leaked token or a runaway agent",
                    usage.Count, _options.SurgeFactor, usage.Baseline);
            }
        }
    }

    /// <summary>
    /// Drops callers idle for <see cref="IdleMinutes"/>, at most once a minute, so that sessions and addresses that
    /// come and go do not pile up. (The limiters themselves are dropped by the partitioned limiter once idle.)
    /// </summary>
    private void ForgetIdleCallers(long minute)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (minute == last || Interlocked.CompareExchange(ref _lastSweep, minute, last) != last)
        {
            return;
        }

        foreach (var entry in _usage)
        {
            if (entry.Value.Minute < minute - IdleMinutes)
            {
                _usage.TryRemove(entry); // only if it is still that entry
            }
        }
    }

    /// <summary>Callers whose usage the surge warning tracks (for tests).</summary>
    internal int TrackedCallers => _usage.Count;

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    private sealed class Usage(long minute)
    {
        public long Minute { get; set; } = minute;

        public int Count { get; set; }

        public double Baseline { get; set; }

        public int MinutesSeen { get; set; }

        public bool Warned { get; set; }
    }
}
