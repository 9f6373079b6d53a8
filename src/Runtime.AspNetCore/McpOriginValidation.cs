using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpAnalyzers.AspNetCore;

/// <summary>
/// Allowed hosts and origins for <see cref="McpOriginValidationMiddleware"/>, bound from the <c>McpOrigins</c>
/// configuration section. Empty lists mean loopback only (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>), the
/// right default for a server that a desktop MCP client starts on the same machine.
/// </summary>
public sealed class McpOriginOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string ConfigurationSection = "McpOrigins";

    /// <summary>Origins allowed to send requests (<c>https://app.example.com</c>); any port of a loopback origin is allowed when empty.</summary>
    public List<string> AllowedOrigins { get; set; } = new();

    /// <summary>Host names the server answers to (<c>mcp.example.com</c>); loopback only when empty.</summary>
    public List<string> AllowedHosts { get; set; } = new();
}

/// <summary>
/// Refuses requests whose <c>Origin</c> is present and not allowed (403, as the MCP specification requires to
/// stop DNS rebinding), and requests addressed to a <c>Host</c> the server does not serve (403).
/// </summary>
public sealed class McpOriginValidationMiddleware
{
    private static readonly string[] LoopbackHosts = { "localhost", "127.0.0.1", "[::1]", "::1" };

    private readonly RequestDelegate _next;
    private readonly IOptionsMonitor<McpOriginOptions> _options;

    /// <summary>Creates the middleware (by ASP.NET Core).</summary>
    public McpOriginValidationMiddleware(RequestDelegate next, IOptionsMonitor<McpOriginOptions> options)
    {
        _next = next;
        _options = options;
    }

    /// <summary>Validates one request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        var host = context.Request.Host.Host;
        if (!HostAllowed(host, options))
        {
            return RefuseAsync(context, $"Host '{host}' is not served here. Add it to {McpOriginOptions.ConfigurationSection}:AllowedHosts if it should be.");
        }

        string? origin = context.Request.Headers[HeaderNames.Origin];
        if (!string.IsNullOrEmpty(origin) && !OriginAllowed(origin!, options))
        {
            return RefuseAsync(context, $"Origin '{origin}' is not allowed. Add it to {McpOriginOptions.ConfigurationSection}:AllowedOrigins if it should be.");
        }

        return _next(context);
    }

    internal static bool HostAllowed(string host, McpOriginOptions options)
    {
        var allowed = options.AllowedHosts.Count == 0 ? LoopbackHosts : (IEnumerable<string>)options.AllowedHosts;
        return allowed.Any(a => a == "*" || string.Equals(a.Trim(), host, StringComparison.OrdinalIgnoreCase));
    }

    internal static bool OriginAllowed(string origin, McpOriginOptions options)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false; // "null", file:// and malformed origins
        }

        if (options.AllowedOrigins.Count == 0)
        {
            return LoopbackHosts.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase));
        }

        var normalized = uri.GetLeftPart(UriPartial.Authority);
        return options.AllowedOrigins.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var allowed)
            && string.Equals(allowed.GetLeftPart(UriPartial.Authority), normalized, StringComparison.OrdinalIgnoreCase));
    }

    private static Task RefuseAsync(HttpContext context, string reason)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(reason);
    }
}
