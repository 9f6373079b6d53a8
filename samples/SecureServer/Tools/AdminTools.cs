using System.ComponentModel;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol.Server;

namespace SecureServer.Tools;

[McpServerToolType, Authorize]
public sealed class AdminTools
{
    [McpServerTool(Name = "list_users", ReadOnly = true), Description("Lists the user accounts.")]
    public static string ListUsers() => "alice, bob";

    [McpServerTool(Name = "server_status", ReadOnly = true), Description("Reports the server status.")]
    public static string Status() => "ok";
}
