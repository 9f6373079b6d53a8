using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpAnalyzers.AspNetCore;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> requests with <see cref="McpTokens"/>; challenges with 401.</summary>
public sealed class McpBearerHandler : AuthenticationHandler<McpBearerOptions>
{
    /// <summary>Creates the handler (by ASP.NET Core).</summary>
    public McpBearerHandler(IOptionsMonitor<McpBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header.Substring("Bearer ".Length).Trim();
        var result = await McpTokens.ValidateAsync(Options, token, TimeProvider).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthenticateResult.Fail(McpTokens.Describe(result.Exception));
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Task.CompletedTask;
    }
}
