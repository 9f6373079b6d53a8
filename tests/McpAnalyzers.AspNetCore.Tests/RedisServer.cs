using System.Diagnostics;
using StackExchange.Redis;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>
/// A real redis-server on 127.0.0.1: one named by MCPANALYZERS_TEST_REDIS (host:port), or one this
/// fixture starts on a free port from the machine's redis-server.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Variable = "MCPANALYZERS_TEST_REDIS";

    private Process? _server;

    public string Endpoint { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            Endpoint = configured;
            return;
        }

        var program = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"No Redis server: set {Variable} to host:port, or install redis-server (apt-get install redis-server); ./test.sh installs it when missing.");
        var port = TestPorts.Free();
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        _server = Process.Start(info)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        Endpoint = "127.0.0.1:" + port;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync(Endpoint);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
    }

}
