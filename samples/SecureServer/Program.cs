// The same tools as samples/InsecureServer, done right. Builds clean with McpAnalyzersMode=Strict.
using McpAnalyzers.Runtime;
using SecureServer.Tools;

var builder = WebApplication.CreateBuilder(args);

// Loopback unless configuration says otherwise (MCPSEC060): put a reverse proxy with TLS and auth in front
// before exposing it. "Urls" in appsettings.json holds the default.

var documentsRoot = builder.Configuration["Documents:Root"] is { Length: > 0 } configuredRoot
    ? Path.GetFullPath(configuredRoot)
    : Path.Combine(builder.Environment.ContentRootPath, "documents");
Directory.CreateDirectory(documentsRoot);
builder.Services.AddSingleton(new PathGuard(documentsRoot));

builder.Services
    .AddMcpServer()
    .WithHttpTransport() // Streamable HTTP only (MCPSEC063)
    .WithTools<FileTools>()
    .WithTools<EchoTools>();

var app = builder.Build();

// A per-deployment route from configuration (MCPSEC062): a second layer, never a substitute for auth.
app.MapMcp(app.Configuration["Mcp:Path"] ?? throw new InvalidOperationException("Set Mcp:Path to this deployment's MCP route."));

app.Run();
