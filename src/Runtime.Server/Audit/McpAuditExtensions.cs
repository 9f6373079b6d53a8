using System.Net;
using System.Security.Claims;
using McpAnalyzers.Runtime.Audit;
using McpAnalyzers.Runtime.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Audit log and rate limits for MCP servers, one builder call each.</summary>
public static class McpAuditExtensions
{
    /// <summary>The environment variable that holds the audit key (base64, at least 32 bytes).</summary>
    public const string KeyVariable = "MCP_AUDIT_KEY";

    /// <summary>
    /// The service key under which <c>WithAuditLog()</c> registers the recorder of calls refused at the HTTP layer,
    /// a <c>Func&lt;int, ClaimsPrincipal?, IPAddress?, ReadOnlyMemory&lt;byte&gt;, CancellationToken, ValueTask&gt;</c>
    /// (status code, user, client address, request body). McpAnalyzers.AspNetCore calls it for 401, 403 and 429
    /// answers to the MCP endpoint; the two packages share only this key and base-library types.
    /// </summary>
    public const string HttpRefusalServiceKey = "McpAnalyzers.Audit.HttpRefusal";

    /// <summary>
    /// Records every tool call (time, keyed hash of the caller, tool, keyed hash of the arguments, status, duration,
    /// request id, transport, client) to the configured sinks, including calls refused by authorization or rate
    /// limits and calls that throw. The filter is outermost whatever the registration order. With no sink
    /// configured, records go to the logger. The key comes from <see cref="AuditOptions.HashKey"/>, the
    /// <c>MCP_AUDIT_KEY</c> environment variable, or else a per-installation key file created beside the log on first
    /// start (a warning at startup names it); a key that is set but malformed stops the server with a clear message.
    /// </summary>
    public static IMcpServerBuilder WithAuditLog(this IMcpServerBuilder builder, Action<AuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new AuditOptions();
        configure?.Invoke(options);
        if (options.Sinks.Count == 0)
        {
            options.AddLogger = true;
        }

        builder.Services.AddSingleton(options);
        HttpClientAddress.Register(builder.Services);
        builder.Services.AddSingleton(services =>
        {
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("McpAnalyzers.Audit") ?? NullLogger.Instance;
            return new AuditFilter(options, ResolveKey(options, logger), logger);
        });
        builder.Services.AddKeyedSingleton<Func<int, ClaimsPrincipal?, IPAddress?, ReadOnlyMemory<byte>, CancellationToken, ValueTask>>(
            HttpRefusalServiceKey,
            (services, _) => services.GetRequiredService<AuditFilter>().RecordHttpRefusalAsync);
        builder.Services.AddHostedService<AuditLifetime>();
        builder.Services.AddOptions<McpServerOptions>().PostConfigure<AuditFilter>((server, filter) =>
        {
            server.Filters.Message.IncomingFilters.Insert(0, filter.Incoming);
            server.Filters.Message.OutgoingFilters.Insert(0, filter.Outgoing);
        });
        return builder;
    }

    /// <summary>
    /// Limits tool calls per caller (the token's subject; without one on HTTP, the client address; else the session,
    /// or the stdio client): by default 60
    /// calls per minute in all, 20 per minute to tools that are not read-only. Over the limit, the client gets a
    /// JSON-RPC error (code -32029) with <c>retryAfterSeconds</c>. Runs inside the audit filter, so refused calls
    /// are recorded as rate-limited.
    /// </summary>
    public static IMcpServerBuilder WithToolRateLimits(this IMcpServerBuilder builder, Action<ToolRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ToolRateLimitOptions();
        configure?.Invoke(options);
        if (options.PermitsPerMinute <= 0 || options.WritePermitsPerMinute <= 0 || options.PerTool.Values.Any(v => v <= 0))
        {
            throw new ArgumentException("Rate limits must be positive numbers of calls per minute.", nameof(configure));
        }

        HttpClientAddress.Register(builder.Services);
        builder.Services.AddSingleton(services => new ToolRateLimitFilter(options, services.GetService<ILoggerFactory>()?.CreateLogger("McpAnalyzers.RateLimiting") ?? NullLogger.Instance));
        builder.Services.AddOptions<McpServerOptions>().PostConfigure<ToolRateLimitFilter>((server, filter) =>
        {
            // after the audit filter (index 0 once it is inserted), before everything else
            var audited = server.Filters.Message.IncomingFilters.Count > 0 && server.Filters.Message.IncomingFilters[0].Target is AuditFilter;
            server.Filters.Message.IncomingFilters.Insert(audited ? 1 : 0, filter.Incoming);
        });
        return builder;
    }

    private static byte[] ResolveKey(AuditOptions options, ILogger logger)
    {
        var key = AuditKey.Resolve(options, KeyVariable, logger);
        foreach (var sink in options.Sinks)
        {
            if (sink is JsonLinesAuditSink file)
            {
                file.ChainKey = key;
            }
        }

        return key;
    }

    /// <summary>Checks the key at startup (not at the first call) and flushes the sinks at shutdown.</summary>
    private sealed class AuditLifetime(AuditFilter filter, AuditOptions options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = filter;
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            foreach (var sink in options.Sinks)
            {
                if (sink is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
