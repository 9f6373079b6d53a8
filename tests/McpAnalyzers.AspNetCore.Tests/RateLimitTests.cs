using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>Per-token tool-call limits on real servers, in process, and the 429 policy (no Redis needed).</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task WithALimitOf60_200ConcurrentCallsFromOneToken_LetExactly60Through_AndAnotherTokenIsUnaffected()
    {
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits => limits.PermitsPerMinute = 60));
        await using var alice = await server.ClientAsync(AuditServer.Token("alice"));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => CallAsync(alice, "echo", i)));

        Assert.Equal(60, outcomes.Count(o => o is null));
        Assert.Equal(140, outcomes.Count(o => o is not null));
        Assert.All(outcomes.Where(o => o is not null), o =>
        {
            Assert.Equal((McpErrorCode)Runtime.ToolRateLimitExceededException.RateLimitErrorCode, o!.ErrorCode);
            Assert.Contains("Retry after", o.Message, StringComparison.Ordinal);
        });

        await using var bob = await server.ClientAsync(AuditServer.Token("bob"));
        Assert.Null(await CallAsync(bob, "echo", 1));
    }

    [Fact]
    public async Task ToolsThatAreNotReadOnly_HaveTheTighterLimit()
    {
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits => limits.WritePermitsPerMinute = 5));
        await using var client = await server.ClientAsync(AuditServer.Token("carol"));
        var saves = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CallAsync(client, "save", i)));
        Assert.Equal(5, saves.Count(o => o is null));
        Assert.Null(await CallAsync(client, "echo", 0)); // read-only tools still have permits
    }

    [Fact]
    public async Task TheRateLimitError_CarriesRetryAfterAsData()
    {
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits => limits.PermitsPerMinute = 1));
        using var http = new HttpClient();
        string Body(int id) => "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}";
        async Task<string> PostAsync(int id)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent(Body(id), Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AuditServer.Token("dave"));
            request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
            return await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        }

        Assert.DoesNotContain("\"error\"", await PostAsync(1), StringComparison.Ordinal);
        var refused = await PostAsync(2);
        Assert.Contains("-32029", refused, StringComparison.Ordinal);
        Assert.Contains("retryAfterSeconds", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallerAtTenTimesItsUsualVolume_IsLoggedAsAWarning()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits =>
        {
            limits.PermitsPerMinute = 10_000;
            limits.TimeProvider = clock;
        }));
        await using var client = await server.ClientAsync(AuditServer.Token("frank"));
        for (var minute = 0; minute < 4; minute++)
        {
            await CallAsync(client, "echo", minute);
            await CallAsync(client, "echo", minute);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.DoesNotContain(server.LogLines, l => l.Contains(" 4101 ", StringComparison.Ordinal));
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => CallAsync(client, "echo", i)));
        Assert.Single(server.LogLines, l => l.StartsWith("Warning 4101 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAspNetCorePolicy_Answers429WithRetryAfter()
    {
        await using var server = await AuditServer.StartAsync(
            _ => { },
            services => services.AddMcpRateLimiter(requestsPerMinute: 3),
            app => app.UseRateLimiter(),
            rateLimitEndpoint: true); // MapMcp(...).RequireRateLimiting(McpRateLimiterExtensions.PolicyName)
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AuditServer.Token("gina"));
            last = await http.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(last!.Headers.RetryAfter);
    }

    [Fact]
    public async Task AnonymousCallers_FromDifferentAddresses_HaveTheirOwnLimits_AndAForgedForwardedHeaderChangesNothing()
    {
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits => limits.WritePermitsPerMinute = 3), requireAuthorization: false);
        await using var first = await AnonymousClientAsync(server, "127.0.0.2");
        var saves = new List<McpProtocolException?>();
        for (var i = 0; i < 5; i++)
        {
            saves.Add(await CallAsync(first, "save", i));
        }

        Assert.Equal(3, saves.Count(o => o is null));
        await using var forged = await AnonymousClientAsync(server, "127.0.0.2", forwardedFor: "203.0.113.9");
        Assert.NotNull(await CallAsync(forged, "save", 9)); // proxy headers count only when the app configures them

        await using var second = await AnonymousClientAsync(server, "127.0.0.3");
        Assert.Null(await CallAsync(second, "save", 0)); // another address, another bucket
    }

    [Fact]
    public async Task AnonymousCallers_BehindAConfiguredProxy_AreTheForwardedAddresses()
    {
        await using var server = await AuditServer.StartAsync(
            mcp => mcp.WithToolRateLimits(limits => limits.WritePermitsPerMinute = 1),
            pipeline: app => app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }),
            requireAuthorization: false);
        await using var one = await AnonymousClientAsync(server, "127.0.0.1", forwardedFor: "203.0.113.7");
        await using var two = await AnonymousClientAsync(server, "127.0.0.1", forwardedFor: "203.0.113.8");
        Assert.Null(await CallAsync(one, "save", 0));
        Assert.NotNull(await CallAsync(one, "save", 1));
        Assert.Null(await CallAsync(two, "save", 0));
    }

    [Fact]
    public async Task AnonymousCallers_OverStatefulHttp_DoNotGetAFreshLimitWithEachNewSession()
    {
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits => limits.WritePermitsPerMinute = 4), requireAuthorization: false, stateless: false);
        var accepted = 0;
        for (var session = 0; session < 3; session++)
        {
            await using var client = await AnonymousClientAsync(server, "127.0.0.4");
            for (var i = 0; i < 4; i++)
            {
                accepted += await CallAsync(client, "save", i) is null ? 1 : 0;
            }
        }

        Assert.Equal(4, accepted);
    }

    [Fact]
    public async Task IdleCallers_AreForgotten()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        await using var server = await AuditServer.StartAsync(mcp => mcp.WithToolRateLimits(limits => limits.TimeProvider = clock));
        using var http = new HttpClient();
        for (var caller = 0; caller < 40; caller++)
        {
            await PostToolCallAsync(http, server, AuditServer.Token("caller-" + caller), caller);
        }

        var filter = server.Services.GetRequiredService<Runtime.RateLimiting.ToolRateLimitFilter>();
        Assert.Equal(40, filter.TrackedCallers);
        clock.Advance(TimeSpan.FromMinutes(61));
        await PostToolCallAsync(http, server, AuditServer.Token("caller-0"), 100);
        Assert.Equal(1, filter.TrackedCallers);
    }

    private static async Task PostToolCallAsync(HttpClient http, AuditServer server, string token, int id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
    }

    /// <summary>An SDK client without a token whose connections come from <paramref name="sourceAddress"/> (any 127.x on Linux).</summary>
    internal static async Task<ModelContextProtocol.Client.McpClient> AnonymousClientAsync(AuditServer server, string sourceAddress, string? forwardedFor = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var transport = new ModelContextProtocol.Client.HttpClientTransport(
            new ModelContextProtocol.Client.HttpClientTransportOptions
            {
                Endpoint = server.Endpoint,
                TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
                AdditionalHeaders = forwardedFor is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor },
            },
            new HttpClient(handler),
            ownsHttpClient: true);
        return await ModelContextProtocol.Client.McpClient.CreateAsync(transport);
    }

    internal static async Task<McpProtocolException?> CallAsync(ModelContextProtocol.Client.McpClient client, string tool, int i)
    {
        try
        {
            var arguments = tool == "save" ? new Dictionary<string, object?> { ["text"] = "t" + i } : new Dictionary<string, object?> { ["message"] = "m" + i };
            await client.CallToolAsync(tool, arguments);
            return null;
        }
        catch (McpProtocolException exception)
        {
            return exception;
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
