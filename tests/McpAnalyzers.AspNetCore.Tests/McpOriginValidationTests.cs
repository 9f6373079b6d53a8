using System.Net;
using System.Text;
using McpAnalyzers.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>Host/Origin validation in front of a real MCP server, with forged Host and Origin headers.</summary>
public sealed class McpOriginValidationTests
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    [Fact]
    public async Task LoopbackDefaults_AllowLocalCallers_AndRefuseForgedHostsAndOrigins()
    {
        await using var server = await StartAsync(new Dictionary<string, string?>());

        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, origin: null, host: null));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, origin: "http://localhost:6274", host: null));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, origin: "http://127.0.0.1:3000", host: "localhost"));

        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: "http://attacker.example", host: null));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: "null", host: null));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: "http://localhost.attacker.example", host: null));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: null, host: "attacker.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: null, host: "rebind.127.0.0.1.nip.io"));
    }

    [Fact]
    public async Task ConfiguredHostsAndOrigins_AreTheOnlyOnesAllowed()
    {
        await using var server = await StartAsync(new Dictionary<string, string?>
        {
            ["McpOrigins:AllowedHosts:0"] = "mcp.example.com",
            ["McpOrigins:AllowedHosts:1"] = "127.0.0.1",
            ["McpOrigins:AllowedOrigins:0"] = "https://app.example.com",
        });

        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, origin: "https://app.example.com", host: "mcp.example.com"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, origin: null, host: null));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: "http://app.example.com", host: "mcp.example.com"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: "http://localhost:3000", host: null));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(server, origin: null, host: "localhost"));
    }

    [Fact]
    public async Task RefusalSaysWhatToConfigure()
    {
        await using var server = await StartAsync(new Dictionary<string, string?>());
        using var http = new HttpClient();
        using var request = Request(server, "http://attacker.example", null);

        var response = await http.SendAsync(request);

        Assert.Contains("McpOrigins:AllowedOrigins", await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> SendAsync(Server server, string? origin, string? host)
    {
        using var http = new HttpClient();
        using var request = Request(server, origin, host);
        return (await http.SendAsync(request)).StatusCode;
    }

    private static HttpRequestMessage Request(Server server, string? origin, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent(Initialize, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return request;
    }

    private static async Task<Server> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMcpOriginValidation();
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<EchoTool>();
        var app = builder.Build();
        app.UseMcpOriginValidation();
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Server(app, new Uri(address.TrimEnd('/') + "/mcp"));
    }

    private sealed class Server(WebApplication app, Uri endpoint) : IAsyncDisposable
    {
        public Uri Endpoint { get; } = endpoint;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
