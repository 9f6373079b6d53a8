using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpAnalyzers.AspNetCore;

/// <summary>
/// Records in the audit log (McpAnalyzers.Server's <c>WithAuditLog()</c>) the tool calls that the HTTP layer refuses
/// before the MCP server sees them: 401 and 403 from authentication and authorization, 429 from the ASP.NET Core rate
/// limiter. Added, outermost, by <c>AddMcpBearer()</c> and <c>AddMcpRateLimiter()</c>; it does nothing unless the
/// audit log is registered, and then only for JSON POSTs answered with one of those codes. The response waits
/// until the record is stored.
/// </summary>
internal sealed class McpRefusalAuditStartupFilter : IStartupFilter
{
    /// <summary>Shared with McpAnalyzers.Server (<c>McpAuditExtensions.HttpRefusalServiceKey</c>); the packages do not reference each other.</summary>
    internal const string ServiceKey = "McpAnalyzers.Audit.HttpRefusal";

    private const int MaxBodyBytes = 1024 * 1024;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(RecordRefusalsAsync);
        next(app);
    };

    private static async Task RecordRefusalsAsync(HttpContext context, RequestDelegate next)
    {
        var record = context.RequestServices.GetKeyedService<Func<int, ClaimsPrincipal?, IPAddress?, ReadOnlyMemory<byte>, CancellationToken, ValueTask>>(ServiceKey);
        if (record is null || !HttpMethods.IsPost(context.Request.Method) || context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Request.EnableBuffering();
        await next(context).ConfigureAwait(false);
        if (context.Response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests))
        {
            return;
        }

        try
        {
            context.Request.Body.Position = 0;
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0 && buffer.Length < MaxBodyBytes)
            {
                buffer.Write(chunk, 0, read);
            }

            await record(context.Response.StatusCode, context.User, context.Connection.RemoteIpAddress, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // the call was refused either way; what is lost is its record, so say so loudly
            context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("McpAnalyzers.Audit")
                .LogError(exception, "A tool call refused with HTTP {StatusCode} could not be recorded in the audit log", context.Response.StatusCode);
        }
    }
}
