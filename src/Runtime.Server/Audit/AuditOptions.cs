namespace McpAnalyzers.Runtime.Audit;

/// <summary>Options of the audit filter (<c>WithAuditLog()</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// The key of the keyed hashes (HMAC-SHA256), at least 32 bytes. Keep it secret and stable: the same caller
    /// then has the same hash across restarts, and nobody without the key can test guesses against the log.
    /// Default: the <c>MCP_AUDIT_KEY</c> environment variable (base64), else a per-installation key file
    /// (<c>.mcp-audit.key</c>) created on first start beside the first file sink's log, or in the user's local
    /// application data without one.
    /// </summary>
    public byte[]? HashKey { get; set; }

    /// <summary>The sinks each record goes to; every one must acknowledge it.</summary>
    public IList<IAuditSink> Sinks { get; } = new List<IAuditSink>();

    /// <summary>
    /// Fail closed (default): when a sink cannot store a record, the client gets an error instead of the tool's
    /// result, so that no call goes unrecorded. False: the result is sent and the failure is logged.
    /// </summary>
    public bool FailClosed { get; set; } = true;

    /// <summary>Tools whose arguments are recorded in plain text as well (only for arguments that hold no secrets).</summary>
    public ISet<string> PlaintextArgumentTools { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Adds a durable JSON-lines file sink writing to <paramref name="directory"/>.</summary>
    public AuditOptions AddFile(string directory, Action<JsonLinesAuditSinkOptions>? configure = null)
    {
        var options = new JsonLinesAuditSinkOptions { Directory = directory };
        configure?.Invoke(options);
        Sinks.Add(new JsonLinesAuditSink(options));
        return this;
    }

    /// <summary>Adds a sink that emits each record as an OpenTelemetry activity and metric (<see cref="TelemetryAuditSink"/>).</summary>
    public AuditOptions AddTelemetry()
    {
        Sinks.Add(new TelemetryAuditSink());
        return this;
    }

    /// <summary>Adds a sink that writes each record as a structured log event to the server's logger.</summary>
    public bool AddLogger { get; set; }
}
