using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>
/// Emits each audit record as an OpenTelemetry activity (source <c>McpAnalyzers.Audit</c>, one span per tool call
/// with the record's fields as tags) and a counter (meter <c>McpAnalyzers.Audit</c>, <c>mcp.audit.tool_calls</c> by
/// tool and status). With the OpenTelemetry SDK, <c>AddSource("McpAnalyzers.Audit")</c> and
/// <c>AddMeter("McpAnalyzers.Audit")</c> send them to any OTLP backend.
/// </summary>
public sealed class TelemetryAuditSink : IAuditSink
{
    /// <summary>The activity source and meter name.</summary>
    public const string SourceName = "McpAnalyzers.Audit";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("mcp.audit.tool_calls", unit: "{call}", description: "MCP tool calls recorded by the audit filter");

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Calls.Add(1, new KeyValuePair<string, object?>("mcp.tool.name", record.Tool), new KeyValuePair<string, object?>("mcp.audit.status", record.Status.ToString()));
        using var activity = Source.StartActivity("mcp.audit " + record.Tool, ActivityKind.Internal, parentContext: default, startTime: record.Timestamp);
        if (activity is not null)
        {
            activity.SetTag("mcp.tool.name", record.Tool);
            activity.SetTag("mcp.audit.caller", record.CallerHash);
            activity.SetTag("mcp.audit.arguments_hash", record.ArgumentsHash);
            activity.SetTag("mcp.audit.status", record.Status.ToString());
            activity.SetTag("mcp.audit.duration_ms", record.DurationMilliseconds);
            activity.SetTag("mcp.request.id", record.RequestId);
            activity.SetTag("mcp.transport", record.Transport);
            activity.SetTag("mcp.client.name", record.ClientName);
            activity.SetTag("mcp.client.version", record.ClientVersion);
            if (record.Status != AuditStatus.Ok)
            {
                activity.SetStatus(ActivityStatusCode.Error, record.Error);
            }

            activity.SetEndTime((record.Timestamp + TimeSpan.FromMilliseconds(record.DurationMilliseconds)).UtcDateTime);
        }

        return ValueTask.CompletedTask;
    }
}
