using System.ComponentModel;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class AdminTools
{
    // MCPSEC003: the builder never calls AddAuthorizationFilters(), so this [Authorize] does nothing.
    [McpServerTool(Name = "list_users"), Authorize, Description("Lists the user accounts.")]
    public static string ListUsers() => "alice, bob";

    // MCPSEC002: an anonymous bypass, even where the endpoint is authenticated.
    [McpServerTool(Name = "server_status"), AllowAnonymous, Description("Reports the server status.")]
    public static string Status() => "ok";
}
