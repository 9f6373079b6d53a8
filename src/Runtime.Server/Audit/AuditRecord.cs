using System.Text.Json.Serialization;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>How a tool call ended.</summary>
public enum AuditStatus
{
    /// <summary>The tool ran and returned a result.</summary>
    Ok,

    /// <summary>The tool failed (an exception, or a result marked as an error).</summary>
    Error,

    /// <summary>Authorization refused the call.</summary>
    Denied,

    /// <summary>A rate limit refused the call.</summary>
    RateLimited,

    /// <summary>The client cancelled the call before it finished.</summary>
    Cancelled,
}

/// <summary>
/// One tool call, as the audit filter records it. Holds no secret: the caller and the arguments are keyed hashes
/// (HMAC-SHA256 with the audit key), unless a tool is configured to record its arguments in plain text.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>When the call arrived (UTC).</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Keyed hash of who called: the token's subject, the session, or the stdio client.</summary>
    [JsonPropertyName("caller")]
    public required string CallerHash { get; init; }

    /// <summary>The tool's name as the client sent it.</summary>
    [JsonPropertyName("tool")]
    public required string Tool { get; init; }

    /// <summary>Keyed hash of the canonical JSON of the arguments (object keys sorted, no whitespace).</summary>
    [JsonPropertyName("args")]
    public required string ArgumentsHash { get; init; }

    /// <summary>The canonical arguments in plain text, only for tools configured to record them.</summary>
    [JsonPropertyName("argsText")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArgumentsText { get; init; }

    /// <summary>How the call ended.</summary>
    [JsonPropertyName("status")]
    [JsonConverter(typeof(JsonStringEnumConverter<AuditStatus>))]
    public required AuditStatus Status { get; init; }

    /// <summary>From arrival to response, in milliseconds.</summary>
    [JsonPropertyName("ms")]
    public required double DurationMilliseconds { get; init; }

    /// <summary>The JSON-RPC request id.</summary>
    [JsonPropertyName("id")]
    public required string RequestId { get; init; }

    /// <summary>http, stdio or stream.</summary>
    [JsonPropertyName("transport")]
    public required string Transport { get; init; }

    /// <summary>The client's name from its initialize request.</summary>
    [JsonPropertyName("client")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientName { get; init; }

    /// <summary>The client's version from its initialize request.</summary>
    [JsonPropertyName("clientVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientVersion { get; init; }

    /// <summary>
    /// The error message in plain text, only where it holds no client data: calls refused by the rate limits, calls
    /// cancelled by the client, and tools listed in <see cref="AuditOptions.PlaintextArgumentTools"/>.
    /// </summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>
    /// Keyed hash (HMAC-SHA256 with the audit key) of the error message of a failed or refused call: equal messages
    /// give equal hashes, and nobody without the key can test guesses about what it said.
    /// </summary>
    [JsonPropertyName("errorHash")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorHash { get; init; }

    /// <summary>The JSON-RPC error code, when the call ended in a JSON-RPC error.</summary>
    [JsonPropertyName("errorCode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ErrorCode { get; init; }
}

/// <summary>Where audit records go. A sink acknowledges a record by completing the returned task.</summary>
public interface IAuditSink
{
    /// <summary>Stores the record; completes when it is stored (durably, for a durable sink), throws when it cannot be.</summary>
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken);
}
