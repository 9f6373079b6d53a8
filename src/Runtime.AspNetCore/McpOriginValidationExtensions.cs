using McpAnalyzers.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Registers the MCP Host/Origin validation (MCPSEC061).</summary>
public static class McpOriginValidationExtensions
{
    /// <summary>
    /// Validates <c>Host</c> and <c>Origin</c> on every request that reaches the middleware, with the
    /// <c>McpOrigins</c> configuration section (loopback only when it is absent). Place it before <c>MapMcp</c>.
    /// </summary>
    public static IApplicationBuilder UseMcpOriginValidation(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<McpOriginValidationMiddleware>();
    }
}
