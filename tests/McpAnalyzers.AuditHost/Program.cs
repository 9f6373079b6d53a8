// Usage: McpAnalyzers.AuditHost <url> <audit directory>   (MCP_AUDIT_KEY must be set)
// Prints "ready" on stdout once it listens.
using System.ComponentModel;
using ModelContextProtocol.Server;

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(args[0]);
builder.Logging.ClearProviders();
builder.Services
    .AddMcpServer()
    .WithHttpTransport(options => options.Stateless = true)
    .WithAuditLog(audit => audit.AddFile(args[1]))
    .WithTools<CounterTools>();

var app = builder.Build();
app.MapMcp("/mcp");
await app.StartAsync();
Console.WriteLine("ready");
await app.WaitForShutdownAsync();

[McpServerToolType]
public sealed class CounterTools
{
    [McpServerTool(Name = "tick", ReadOnly = true), Description("Returns its input.")]
    public static string Tick(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
