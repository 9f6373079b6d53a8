using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>
/// The audit filter: an incoming message filter (registered first, so outermost, before any request filter such
/// as authorization or rate limits) notes each <c>tools/call</c> request; an outgoing filter sees its response or
/// error before it is sent, writes the record to every sink, and sends the response only once every sink has
/// acknowledged it. A sink failure turns the response into an error (fail closed) unless configured otherwise.
/// </summary>
internal sealed class AuditFilter
{
    private readonly AuditOptions _options;
    private readonly byte[] _key;
    private readonly ILogger _logger;
    /// <summary>
    /// Calls awaiting their response, by the transport they arrived on (one per HTTP request; for stdio, the session)
    /// and request id. The SDK wraps the server per message, so the server object cannot be the key.
    /// </summary>
    private readonly ConcurrentDictionary<(object Scope, RequestId Id), PendingCall> _pending = new();

    public AuditFilter(AuditOptions options, byte[] key, ILogger logger)
    {
        _options = options;
        _key = key;
        _logger = logger;
    }

    public McpMessageHandler Incoming(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest { Method: RequestMethods.ToolsCall } request)
        {
            await next(context, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pending = Start(context, request);
        var key = (ScopeOf(context), request.Id);
        _pending[key] = pending;
        try
        {
            await next(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client cancelled: the SDK sends no response, so the record is written here.
            if (_pending.TryRemove(key, out var cancelled))
            {
                await WriteAsync(cancelled.Complete(AuditStatus.Cancelled, "cancelled by the client"), CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
        catch (Exception exception)
        {
            pending.Exception = exception; // the SDK turns it into the error response the outgoing filter records
            throw;
        }
    };

    public McpMessageHandler Outgoing(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        // Only a response or an error answers the client's call: a request the server sends on its own (roots, sampling,
        // elicitation) has an id of its own counter, which may equal the call's, and must leave the call pending.
        if (context.JsonRpcMessage is not (JsonRpcResponse or JsonRpcError) || context.JsonRpcMessage is not JsonRpcMessageWithId { Id: var id } response
            || !_pending.TryRemove((ScopeOf(context), id), out var pending))
        {
            await next(context, cancellationToken).ConfigureAwait(false);
            return;
        }

        var record = response switch
        {
            JsonRpcError error => Failed(pending, StatusOf(pending.Exception, error), error.Error.Message, error.Error.Code),
            JsonRpcResponse { Result: JsonObject result } when result["isError"]?.GetValueKind() == System.Text.Json.JsonValueKind.True
                => Failed(pending, AuditStatus.Error, ErrorText(result), null),
            _ => pending.Complete(AuditStatus.Ok, null),
        };

        try
        {
            await WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (_options.FailClosed && exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Audit record for tool {Tool} (request {RequestId}) could not be stored; the call fails closed", record.Tool, record.RequestId);
            context.JsonRpcMessage = new JsonRpcError
            {
                Id = id,
                JsonRpc = "2.0",
                Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = "The call could not be audited, so its result is withheld. Try again later." },
                Context = response.Context,
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Audit record for tool {Tool} (request {RequestId}) could not be stored; sending the result anyway (FailClosed = false)", record.Tool, record.RequestId);
        }

        await next(context, cancellationToken).ConfigureAwait(false);
    };

    /// <summary>
    /// A failed call's record: the error message as a keyed hash (it may hold what the client sent, such as a file
    /// path), in plain text only for the rate limiter's own message and for tools whose arguments are recorded in
    /// plain text (<see cref="AuditOptions.PlaintextArgumentTools"/>: declared to hold no secret).
    /// </summary>
    private AuditRecord Failed(PendingCall pending, AuditStatus status, string? message, int? code)
    {
        var plain = status == AuditStatus.RateLimited || _options.PlaintextArgumentTools.Contains(pending.Template.Tool);
        return pending.Complete(status, plain ? message : null) with
        {
            ErrorHash = message is null ? null : CallerIdentity.Hash(_key, message),
            ErrorCode = code,
        };
    }

    private static object ScopeOf(MessageContext context)
        => context.JsonRpcMessage.Context?.RelatedTransport ?? (object)(context.Server.SessionId ?? string.Empty);

    private PendingCall Start(MessageContext context, JsonRpcRequest request)
    {
        var (tool, canonical) = CallerIdentity.ToolCallOf(request);
        var client = context.Server.ClientInfo;
        return new PendingCall
        {
            Started = Stopwatch.GetTimestamp(),
            Template = new AuditRecord
            {
                Timestamp = DateTimeOffset.UtcNow,
                CallerHash = CallerIdentity.Hash(_key, CallerIdentity.KeyOf(context)),
                Tool = tool,
                ArgumentsHash = CallerIdentity.Hash(_key, canonical),
                ArgumentsText = _options.PlaintextArgumentTools.Contains(tool) ? canonical : null,
                Status = AuditStatus.Ok,
                DurationMilliseconds = 0,
                RequestId = request.Id.ToString(),
                Transport = CallerIdentity.TransportOf(context),
                ClientName = client?.Name,
                ClientVersion = client?.Version,
            },
        };
    }

    /// <summary>
    /// Records the tool calls in an HTTP request that was refused before the MCP server saw it (401 or 403 from
    /// authentication or authorization: Denied; 429 from the ASP.NET Core rate limiter: RateLimited), and completes
    /// once every sink has stored them. Called by McpAnalyzers.AspNetCore through <c>McpAuditExtensions.HttpRefusalServiceKey</c>.
    /// </summary>
    internal async ValueTask RecordHttpRefusalAsync(int statusCode, ClaimsPrincipal? user, IPAddress? address, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        List<AuditRecord> records;
        try
        {
            using var document = JsonDocument.Parse(body);
            var messages = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : new List<JsonElement> { document.RootElement };
            records = new List<AuditRecord>();
            foreach (var message in messages)
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("method", out var method) || !method.ValueEquals(RequestMethods.ToolsCall)
                    || !message.TryGetProperty("id", out var id))
                {
                    continue;
                }

                var (tool, canonical) = CallerIdentity.ToolCallOf(message.TryGetProperty("params", out var parameters) ? parameters : default);
                var error = $"refused with HTTP {statusCode} before the MCP server saw the call";
                records.Add(new AuditRecord
                {
                    Timestamp = DateTimeOffset.UtcNow,
                    CallerHash = CallerIdentity.Hash(_key, CallerIdentity.KeyOf(user, address)),
                    Tool = tool,
                    ArgumentsHash = CallerIdentity.Hash(_key, canonical),
                    ArgumentsText = _options.PlaintextArgumentTools.Contains(tool) ? canonical : null,
                    Status = statusCode == 429 ? AuditStatus.RateLimited : AuditStatus.Denied,
                    DurationMilliseconds = 0,
                    RequestId = id.ValueKind == JsonValueKind.String ? id.GetString() ?? string.Empty : id.GetRawText(),
                    Transport = "http",
                    Error = error,
                    ErrorHash = CallerIdentity.Hash(_key, error),
                });
            }
        }
        catch (JsonException)
        {
            return; // not JSON-RPC: nothing the MCP server would have run
        }

        foreach (var record in records)
        {
            await WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        foreach (var sink in _options.Sinks)
        {
            await sink.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }

        if (_options.AddLogger)
        {
            _logger.LogInformation(
                new EventId(4000, "McpToolCall"),
                "MCP tool call {Tool} by {Caller}: {Status} in {DurationMs} ms (request {RequestId}, {Transport}, client {ClientName} {ClientVersion}, arguments {ArgumentsHash})",
                record.Tool, record.CallerHash, record.Status, record.DurationMilliseconds, record.RequestId, record.Transport, record.ClientName, record.ClientVersion, record.ArgumentsHash);
        }
    }

    private static AuditStatus StatusOf(Exception? exception, JsonRpcError error)
    {
        if (exception is ToolRateLimitExceededException || error.Error.Code == ToolRateLimitExceededException.RateLimitErrorCode)
        {
            return AuditStatus.RateLimited;
        }

        if (exception is UnauthorizedAccessException
            || error.Error.Message.StartsWith("Access forbidden", StringComparison.OrdinalIgnoreCase))
        {
            return AuditStatus.Denied;
        }

        return AuditStatus.Error;
    }

    private static string? ErrorText(JsonObject result)
    {
        if (result["content"] is JsonArray { Count: > 0 } content && content[0]?["text"]?.GetValue<string>() is { } text)
        {
            return text.Length > 500 ? text[..500] : text;
        }

        return null;
    }

    private sealed class PendingCall
    {
        public required long Started { get; init; }

        public required AuditRecord Template { get; init; }

        public Exception? Exception { get; set; }

        public AuditRecord Complete(AuditStatus status, string? error)
            => Template with { Status = status, Error = error, DurationMilliseconds = Math.Round(Stopwatch.GetElapsedTime(Started).TotalMilliseconds, 3) };
    }
}
