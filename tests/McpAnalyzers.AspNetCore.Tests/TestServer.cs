using System.ComponentModel;
using McpAnalyzers.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace McpAnalyzers.AspNetCore.Tests;

[McpServerToolType]
public sealed class EchoTool
{
    [McpServerTool(Name = "echo"), Description("Echoes the message back.")]
    public static string Echo(string message) => "echo: " + message;
}

/// <summary>An authenticated HTTP MCP server on 127.0.0.1 with a random port.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Audience = "http://127.0.0.1/mcp";
    public const string CurrentKey = "v2";
    public const string PreviousKey = "v1";

    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static readonly Dictionary<string, string> Keys = new()
    {
        [CurrentKey] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        [PreviousKey] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray()),
    };

    public static McpBearerOptions Options(string? currentKey = CurrentKey, string audience = Audience, Dictionary<string, string>? keys = null)
        => new() { Issuer = "test-server", Audience = audience, CurrentKeyVersion = currentKey, SigningKeys = new(keys ?? Keys) };

    public static async Task<TestServer> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["McpAuth:Issuer"] = "test-server",
            ["McpAuth:Audience"] = Audience,
            ["McpAuth:CurrentKeyVersion"] = CurrentKey,
        };
        foreach (var key in Keys)
        {
            settings["McpAuth:SigningKeys:" + key.Key] = key.Value;
        }

        foreach (var setting in overrides ?? new Dictionary<string, string?>())
        {
            settings[setting.Key] = setting.Value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();
        builder.Services.AddAuthorization();
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<EchoTool>();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMcp("/mcp").RequireAuthorization();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address.TrimEnd('/') + "/mcp"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A clock fixed at a given instant, to mint tokens in the past.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
