// The same tools as samples/InsecureServer, done right. Builds clean with McpAnalyzersMode=Strict.
//
//   Run:        McpAuth__SigningKeys__v2=$(openssl rand -base64 32) MCP_AUDIT_KEY=$(openssl rand -base64 32) dotnet run --project samples/SecureServer
//   Mint token: McpAuth__SigningKeys__v2=<same key> dotnet run --project samples/SecureServer -- mint-token alice 30
using System.Globalization;
using McpAnalyzers.AspNetCore;
using McpAnalyzers.Runtime;
using Microsoft.Extensions.Options;
using SecureServer.Tools;

var builder = WebApplication.CreateBuilder(args);

// Loopback unless configuration says otherwise (MCPSEC060): "Urls" in appsettings.json holds the default.

// Step 1: every request authenticated (MCPSEC001), primitives authorized (MCPSEC003), no anonymous tool (MCPSEC002).
builder.Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();
builder.Services.AddAuthorization();
builder.Services.AddMcpOriginValidation();

// Step 2: file tools confined to one folder (MCPSEC010, MCPSEC014).
var documentsRoot = builder.Configuration["Documents:Root"] is { Length: > 0 } configuredRoot
    ? Path.GetFullPath(configuredRoot)
    : Path.Combine(builder.Environment.ContentRootPath, "documents");
Directory.CreateDirectory(documentsRoot);
builder.Services.AddSingleton(new PathGuard(documentsRoot));

// Step 2: SQL as parameters, caller-written queries checked and run read-only (MCPSEC011, MCPSEC015); programs from
// an allowlist without a shell (MCPSEC012); outbound requests to allowed hosts only (MCPSEC013).
var customers = Path.Combine(documentsRoot, "customers.db");
builder.Services.AddSingleton(new CustomerDatabase($"Data Source={customers}", $"Data Source={customers};Mode=ReadOnly"));
builder.Services.AddSingleton(new CommandGuard("git"));
builder.Services.AddSingleton(new UrlGuard(builder.Configuration.GetSection("Fetch:AllowedHosts").Get<string[]>() ?? new[] { "learn.microsoft.com" }, null));
builder.Services.AddHttpClient(nameof(FetchTools))
    .ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<UrlGuard>().CreateHandler());

// Steps 4 and 5: every tool call recorded to a durable, chained file (MCPSEC040; key in MCP_AUDIT_KEY) and limited
// per token (MCPSEC030); the endpoint itself answers 429 past 600 requests a minute per caller.
var auditDirectory = builder.Configuration["Audit:Directory"] is { Length: > 0 } configuredAudit
    ? configuredAudit
    : Path.Combine(builder.Environment.ContentRootPath, "audit");
builder.Services.AddMcpRateLimiter();

builder.Services
    .AddMcpServer()
    .WithAuditLog(audit => audit.AddFile(auditDirectory).AddTelemetry())
    .WithToolRateLimits()
    .WithHttpTransport() // Streamable HTTP only (MCPSEC063)
    .AddAuthorizationFilters()
    .WithTools<FileTools>()
    .WithTools<EchoTools>()
    .WithTools<AdminTools>()
    .WithTools<DataTools>()
    .WithTools<ShellTools>()
    .WithTools<FetchTools>();

var app = builder.Build();

if (args is ["mint-token", var subject, ..])
{
    var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
    var options = app.Services.GetRequiredService<IOptionsMonitor<McpBearerOptions>>().Get(McpBearerDefaults.AuthenticationScheme);
    Console.WriteLine(McpTokens.Mint(options, subject, TimeSpan.FromDays(days)));
    return;
}

// DNS rebinding (MCPSEC061): Host and Origin checked on every request ("McpOrigins" in configuration; loopback by default).
app.UseMcpOriginValidation();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

// A per-deployment route from configuration (MCPSEC062): a second layer, never a substitute for auth.
app.MapMcp(app.Configuration["Mcp:Path"] ?? throw new InvalidOperationException("Set Mcp:Path to this deployment's MCP route."))
    .RequireAuthorization()
    .RequireRateLimiting(McpRateLimiterExtensions.PolicyName);

app.Run();
