using System.Collections.Concurrent;
using System.ComponentModel;
using McpAnalyzers.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;

namespace McpAnalyzers.AspNetCore.Tests;

[McpServerToolType]
public sealed class AuditedTools
{
    [McpServerTool(Name = "echo", ReadOnly = true), Description("Echoes the message back.")]
    public static string Echo(string message) => "echo: " + message;

    [McpServerTool(Name = "save"), Description("Pretends to save.")]
    public static string Save(string text) => "saved " + text.Length;

    [McpServerTool(Name = "fail", ReadOnly = true), Description("Always throws.")]
    public static string Fail(string reason) => throw new InvalidOperationException("failed: " + reason);

    [McpServerTool(Name = "admin", ReadOnly = true), Authorize(Roles = "admin"), Description("Admins only.")]
    public static string Admin() => "secret";

#pragma warning disable MCP9005 // roots is deprecated in the newest spec, and still a server-initiated request clients answer
    [McpServerTool(Name = "roots_then_fail", ReadOnly = true), Description("Asks the client for its roots a few times, then throws.")]
    public static async Task<string> RootsThenFail(McpServer server, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 5; i++)
        {
            await server.RequestRootsAsync(new ModelContextProtocol.Protocol.ListRootsRequestParams(), cancellationToken);
        }

        throw new InvalidOperationException("failed after asking for the roots");
    }
#pragma warning restore MCP9005
}

/// <summary>An HTTP MCP server on 127.0.0.1 (random port) with bearer tokens and whatever audit and limits a test configures.</summary>
public sealed class AuditServer : IAsyncDisposable
{
    public static readonly byte[] AuditKey = Enumerable.Range(40, 32).Select(i => (byte)i).ToArray();

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _logs;

    private AuditServer(WebApplication app, Uri endpoint, ConcurrentQueue<string> logs)
    {
        _app = app;
        Endpoint = endpoint;
        _logs = logs;
    }

    public Uri Endpoint { get; }

    public static async Task<AuditServer> StartAsync(Action<IMcpServerBuilder> configure, Action<IServiceCollection>? services = null, Action<WebApplication>? pipeline = null, bool rateLimitEndpoint = false, bool stateless = true, bool requireAuthorization = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var logs = new ConcurrentQueue<string>();
        builder.Logging.AddProvider(new CollectingLoggerProvider(logs));
        var settings = new Dictionary<string, string?>
        {
            ["McpAuth:Issuer"] = "test-server",
            ["McpAuth:Audience"] = TestServer.Audience,
            ["McpAuth:CurrentKeyVersion"] = TestServer.CurrentKey,
        };
        foreach (var key in TestServer.Keys)
        {
            settings["McpAuth:SigningKeys:" + key.Key] = key.Value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();
        builder.Services.AddAuthorization();
        services?.Invoke(builder.Services);
        var mcp = builder.Services.AddMcpServer().WithHttpTransport(options => options.Stateless = stateless).AddAuthorizationFilters().WithTools<AuditedTools>();
        configure(mcp);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        pipeline?.Invoke(app);
        var endpoint = app.MapMcp("/mcp");
        if (requireAuthorization)
        {
            endpoint.RequireAuthorization();
        }

        if (rateLimitEndpoint)
        {
            endpoint.RequireRateLimiting(McpRateLimiterExtensions.PolicyName);
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AuditServer(app, new Uri(address.TrimEnd('/') + "/mcp"), logs);
    }

    /// <summary>What the runtime logged (McpAnalyzers categories, information and up).</summary>
    public IReadOnlyCollection<string> LogLines => _logs.ToArray();

    public static string Token(string subject, params string[] roles)
    {
        var claims = roles.Select(r => new System.Security.Claims.Claim("role", r));
        return McpTokens.Mint(TestServer.Options(), subject, TimeSpan.FromHours(1), claims: claims);
    }

    public IServiceProvider Services => _app.Services;

    public async Task<McpClient> ClientAsync(string? token, McpClientOptions? options = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        return await McpClient.CreateAsync(transport, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && category.StartsWith("McpAnalyzers", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)}");
                }
            }
        }
    }
}
