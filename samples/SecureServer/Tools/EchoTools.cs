using System.ComponentModel;
using ModelContextProtocol.Server;

namespace SecureServer.Tools;

[McpServerToolType]
public sealed class EchoTools
{
    [McpServerTool(Name = "echo", ReadOnly = true), Description("Echoes the message back.")]
    public static string Echo(string message) => message;
}
