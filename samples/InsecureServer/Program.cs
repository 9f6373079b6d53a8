// A typical exposed MCP server, as internet scans find them. Every line marked "MCPSECnnn" is a finding.
using InsecureServer.Tools;

// MCPSEC071: the echo tool over stdio for local clients, with console logging (the default of
// Host.CreateApplicationBuilder) and the tool's Console.WriteLine on stdout, the protocol channel.
if (args.Contains("--stdio"))
{
    var stdio = Host.CreateApplicationBuilder(args);
    stdio.Services.AddMcpServer().WithStdioServerTransport().WithTools<EchoTools>();
    await stdio.Build().RunAsync();
    return;
}

var builder = WebApplication.CreateBuilder(args);

// MCPSEC060: every interface, so anyone on the network (or the internet) can reach the tools.
builder.WebHost.UseUrls("http://0.0.0.0:5080");

builder.Services.AddHttpContextAccessor();
builder.Services.AddHttpClient();

builder.Services
    .AddMcpServer()
    .WithHttpTransport(options =>
    {
        // MCPSEC063: the deprecated HTTP+SSE transport, with its extra well-known endpoints (it needs sessions).
        options.Stateless = false;
        options.EnableLegacySse = true;
    })
    .WithTools<FileTools>()
    .WithTools<EchoTools>()
    .WithTools<AdminTools>()
    .WithTools<UpstreamTools>()
    .WithTools<DataTools>()
    .WithTools<ShellTools>()
    .WithTools<FetchTools>();

var app = builder.Build();

// MCPSEC001: nothing authenticates the endpoint; MCPSEC061: no Host/Origin validation (AllowedHosts is "*");
// MCPSEC062: the path every scanner tries first.
app.MapMcp("/mcp");

app.Run();
