using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        var user = context.User ?? context.JsonRpcMessage.Context?.User;
        if (user?.Identity?.IsAuthenticated == true)
        {
            var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name;
            if (!string.IsNullOrEmpty(subject))
            {
                return "subject:" + subject;
            }
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

    /// <summary>The JSON with object keys sorted (ordinal) and no whitespace, so equal arguments hash equally.</summary>
    public static string Canonical(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(node, writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(JsonNode? node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var property in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Key);
                    Write(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
