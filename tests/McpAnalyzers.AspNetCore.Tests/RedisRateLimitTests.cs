using McpAnalyzers.Redis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>Tool-call limits shared between server instances through a real redis-server (the fixture's).</summary>
public sealed class RedisRateLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task TwoInstancesSharingARealRedisServer_EnforceOneSharedLimit()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var prefix = "mcp-rl-test-" + Guid.NewGuid().ToString("N") + ":";
        void Configure(IMcpServerBuilder mcp) => mcp.WithToolRateLimits(limits => limits.UseRedis(connection, prefix));
        await using var first = await AuditServer.StartAsync(Configure);
        await using var second = await AuditServer.StartAsync(Configure);
        var token = AuditServer.Token("erin");
        await using var one = await first.ClientAsync(token);
        await using var two = await second.ClientAsync(token);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => RateLimitTests.CallAsync(i % 2 == 0 ? one : two, "echo", i)));

        Assert.Equal(60, outcomes.Count(o => o is null));
        Assert.Equal(40, outcomes.Count(o => o is not null));
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*" + prefix + "*").Select(k => k.ToString()).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => k.Contains("erin", StringComparison.Ordinal)); // callers are hashed in Redis keys
    }
}
