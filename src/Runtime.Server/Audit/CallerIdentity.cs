using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>Who is calling and over what, as the audit and rate-limit filters see a message.</summary>
internal static class CallerIdentity
{
    /// <summary>
    /// A stable key for the caller, the first of: the authenticated subject (HTTP with a token); the client address
    /// of the HTTP request (IPv4 address or IPv6 /64, after ASP.NET Core's forwarded-headers middleware when the app
    /// configures it), so that anonymous callers neither share one bucket nor get a fresh one with each session;
    /// the MCP session (a stream transport); the client of a stdio server. Never the token itself.
    /// </summary>
    public static string KeyOf(MessageContext context)
    {
        if (SubjectKeyOf(context.User ?? context.JsonRpcMessage.Context?.User) is { } subject)
        {
            return subject;
        }

        if (HttpClientAddress.Of(context.Services ?? context.Server.Services) is { } address)
        {
            return "address:" + address;
        }

        if (context.Server.SessionId is { Length: > 0 } session)
        {
            return "session:" + session;
        }

        var client = context.Server.ClientInfo;
        return "client:" + (client?.Name ?? "unknown") + "/" + (client?.Version ?? string.Empty);
    }

    /// <summary>The key of an HTTP request refused before the MCP server saw it: its subject, else its client address.</summary>
    public static string KeyOf(ClaimsPrincipal? user, System.Net.IPAddress? address)
        => SubjectKeyOf(user) ?? (address is null ? "address:unknown" : "address:" + HttpClientAddress.Partition(address));

    private static string? SubjectKeyOf(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated == true)
        {
            var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name;
            if (!string.IsNullOrEmpty(subject))
            {
                return "subject:" + subject;
            }
        }

        return null;
    }

    public static string TransportOf(MessageContext context)
    {
        var transport = context.JsonRpcMessage.Context?.RelatedTransport?.GetType().Name ?? string.Empty;
        if (transport.Contains("Http", StringComparison.OrdinalIgnoreCase) || transport.Contains("Sse", StringComparison.OrdinalIgnoreCase)
            || context.User?.Identity?.IsAuthenticated == true)
        {
            return "http";
        }

        return context.Server.SessionId is null ? "stdio" : "stream";
    }

    /// <summary>HMAC-SHA256 of the text with the audit key, as lowercase hex.</summary>
    public static string Hash(byte[] key, string text)
        => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>
    /// The tool name and the arguments of a <c>tools/call</c>, read from the JSON as sent (never through the node's
    /// dictionary, which throws on a duplicate key): a name that is not a string is its JSON text (<c>123</c>), and
    /// the arguments are canonical (<see cref="Canonical(JsonElement)"/>).
    /// </summary>
    public static (string Tool, string Arguments) ToolCallOf(JsonRpcRequest request)
    {
        if (request.Params is null)
        {
            return (string.Empty, "null");
        }

        using var document = JsonDocument.Parse(request.Params.ToJsonString());
        return ToolCallOf(document.RootElement);
    }

    /// <summary><see cref="ToolCallOf(JsonRpcRequest)"/> for the <c>params</c> of a request as JSON.</summary>
    public static (string Tool, string Arguments) ToolCallOf(JsonElement parameters)
    {
        string? tool = null;
        var arguments = "null";
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in parameters.EnumerateObject())
            {
                // the last of duplicate keys wins, as when the SDK deserializes the parameters
                if (property.NameEquals("name"))
                {
                    tool = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }
                else if (property.NameEquals("arguments"))
                {
                    arguments = Canonical(property.Value);
                }
            }
        }

        return (tool ?? string.Empty, arguments);
    }

    /// <summary>The JSON with object keys sorted (ordinal) and no whitespace, so equal arguments hash equally.</summary>
    public static string Canonical(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return Canonical(document.RootElement);
    }

    /// <summary>
    /// The JSON with object keys sorted (ordinal), no whitespace, and of duplicate keys only the last (what a
    /// deserializer keeps), so equal arguments hash equally and duplicates change nothing.
    /// </summary>
    public static string Canonical(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(element, writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = property.Value;
                }

                writer.WriteStartObject();
                foreach (var property in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Key);
                    Write(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
