using System.ComponentModel;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class AdminTools
{
    // MCPSEC020: a credential in source (a made-up value; real ones look just like it).
    private const string UpstreamApiKey = "9f8a7c6d5e4b3a2f1e0d9c8b7a6f5e4d";

    // MCPSEC003: the builder never calls AddAuthorizationFilters(), so this [Authorize] does nothing.
    [McpServerTool(Name = "list_users"), Authorize, Description("Lists the user accounts.")]
    public static string ListUsers() => "alice, bob";

    // MCPSEC002: an anonymous bypass, even where the endpoint is authenticated.
    [McpServerTool(Name = "server_status"), AllowAnonymous, Description("Reports the server status.")]
    public static string Status() => UpstreamApiKey.Length > 0 ? "ok" : "unconfigured";
}
