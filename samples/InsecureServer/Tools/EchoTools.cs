using System.ComponentModel;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class EchoTools
{
    // MCPSEC070: a zero-width character pasted with the title (models read it, reviewers do not see it).
    [McpServerTool(Name = "echo", Title = "Echo\u200B", ReadOnly = true), Description("Echoes the message back.")]
    public static string Echo(string message)
    {
        // MCPSEC071 (over stdio): a line on stdout that the client reads as a protocol message.
        Console.WriteLine($"echo: {message}");
        return message;
    }
}
