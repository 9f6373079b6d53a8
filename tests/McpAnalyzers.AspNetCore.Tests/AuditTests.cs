using System.Diagnostics;
using System.Text.Json;
using McpAnalyzers.Runtime.Audit;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>The audit filter in a real HTTP MCP server, driven by the SDK's client; files checked with the verifier.</summary>
public sealed class AuditTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mcp-audit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ThousandConcurrentCalls_ProduceExactlyThousandRecords_EachOnce_InAnIntactChain()
    {
        await using (var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); })))
        {
            await using var client = await server.ClientAsync(AuditServer.Token("alice"));
            var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "m" + i }).AsTask()));
            Assert.All(results, r => Assert.NotEqual(true, r.IsError));
        }

        var records = ReadRecords();
        Assert.Equal(1000, records.Count);
        Assert.Equal(1000, records.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(records, r => Assert.Equal("Ok", r.GetProperty("status").GetString()));
        Assert.Single(records.Select(r => r.GetProperty("caller").GetString()).Distinct());
        Assert.Equal(1000, records.Select(r => r.GetProperty("args").GetString()).Distinct().Count());
        Assert.DoesNotContain("alice", File.ReadAllText(Directory.GetFiles(_directory).Single()), StringComparison.Ordinal); // hashes, never names or tokens
        var verification = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(1000, verification.Records);
    }

    [Fact]
    public async Task ErrorsDenialsAndRateLimitedCalls_AreRecordedWithTheirStatus()
    {
        await using (var server = await AuditServer.StartAsync(mcp => mcp
            .WithToolRateLimits(limits => limits.PerTool["save"] = 1) // registered first: audit must still be outermost
            .WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); a.PlaintextArgumentTools.Add("echo"); })))
        {
            await using var client = await server.ClientAsync(AuditServer.Token("bob"));
            await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" });
            var failed = await client.CallToolAsync("fail", new Dictionary<string, object?> { ["reason"] = "boom" });
            Assert.True(failed.IsError);
            await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("admin"));
            await client.CallToolAsync("save", new Dictionary<string, object?> { ["text"] = "one" });
            var limited = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("save", new Dictionary<string, object?> { ["text"] = "two" }));
            Assert.Contains("Rate limit exceeded", limited.Message, StringComparison.Ordinal);
        }

        var records = ReadRecords().ToDictionary(r => r.GetProperty("tool").GetString() + ":" + r.GetProperty("status").GetString());
        Assert.Equal(
            new[] { "admin:Denied", "echo:Ok", "fail:Error", "save:Ok", "save:RateLimited" },
            records.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("{\"message\":\"hi\"}", records["echo:Ok"].GetProperty("argsText").GetString());
        Assert.False(records["save:Ok"].TryGetProperty("argsText", out _));
        Assert.Equal("http", records["echo:Ok"].GetProperty("transport").GetString());
    }

    [Fact]
    public async Task AFailingSink_FailsTheCallClosed_UnlessConfiguredOpen()
    {
        await using (var closed = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.Sinks.Add(new FailingSink()); })))
        {
            await using var client = await closed.ClientAsync(AuditServer.Token("carol"));
            var error = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "x" }));
            Assert.Contains("could not be audited", error.Message, StringComparison.Ordinal);
        }

        await using (var open = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.FailClosed = false; a.Sinks.Add(new FailingSink()); })))
        {
            await using var client = await open.ClientAsync(AuditServer.Token("carol"));
            var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "x" });
            Assert.NotEqual(true, result.IsError);
            Assert.Contains(open.LogLines, l => l.Contains("could not be stored", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheVerifier_DetectsAnEditedADeletedAndAReorderedRecord()
    {
        await using (var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); })))
        {
            await using var client = await server.ClientAsync(AuditServer.Token("dave"));
            for (var i = 0; i < 5; i++)
            {
                await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "m" + i });
            }
        }

        var file = Directory.GetFiles(_directory).Single();
        var original = File.ReadAllLines(file);
        Assert.True(AuditLogVerifier.Verify(_directory, AuditServer.AuditKey).IsIntact);

        File.WriteAllLines(file, original.Select((l, i) => i == 2 ? l.Replace("\"Ok\"", "\"Error\"", StringComparison.Ordinal) : l));
        var edited = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.False(edited.IsIntact);
        Assert.Equal(3, edited.Line);

        File.WriteAllLines(file, original.Where((_, i) => i != 1));
        var deleted = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.False(deleted.IsIntact);
        Assert.Contains("deleted", deleted.Problem, StringComparison.Ordinal);

        File.WriteAllLines(file, new[] { original[0], original[2], original[1], original[3], original[4] });
        Assert.False(AuditLogVerifier.Verify(_directory, AuditServer.AuditKey).IsIntact);

        File.WriteAllLines(file, original);
        Assert.False(AuditLogVerifier.Verify(_directory, Enumerable.Repeat((byte)7, 32).ToArray()).IsIntact); // another key
    }

    [Fact]
    public async Task AServerInitiatedRequestWithTheCallsId_DoesNotCloseTheCall_TheToolsRealOutcomeIsRecorded()
    {
        await using (var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); }), stateless: false))
        {
#pragma warning disable MCP9005 // roots: see AuditedTools.RootsThenFail
            var options = new McpClientOptions
            {
                Capabilities = new ModelContextProtocol.Protocol.ClientCapabilities { Roots = new ModelContextProtocol.Protocol.RootsCapability() },
                Handlers = new McpClientHandlers { RootsHandler = (_, _) => ValueTask.FromResult(new ModelContextProtocol.Protocol.ListRootsResult { Roots = [] }) },
            };
#pragma warning restore MCP9005
            await using var client = await server.ClientAsync(AuditServer.Token("heidi"), options);
            for (var call = 0; call < 3; call++)
            {
                var result = await client.CallToolAsync("roots_then_fail");
                Assert.True(result.IsError); // the server's roots requests counted 1, 2, 3...: one of them shared each call's id
            }
        }

        var records = ReadRecords();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal("Error", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task WithoutAKey_AKeyFileIsCreatedBesideTheLog_KeptAcrossRestarts_AndTheChainVerifiesWithIt()
    {
        var previous = Environment.GetEnvironmentVariable(McpAuditExtensions.KeyVariable);
        Environment.SetEnvironmentVariable(McpAuditExtensions.KeyVariable, null);
        try
        {
            var warnings = new List<string>();
            for (var run = 0; run < 2; run++)
            {
                await using var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => a.AddFile(_directory)));
                await using var client = await server.ClientAsync(AuditServer.Token("alice"));
                await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "run " + run });
                warnings.AddRange(server.LogLines.Where(l => l.Contains("per-installation audit key", StringComparison.Ordinal)));
            }

            var keyFile = Path.Combine(_directory, ".mcp-audit.key");
            Assert.True(File.Exists(keyFile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            Assert.Equal(2, warnings.Count);
            Assert.Contains("created", warnings[0], StringComparison.Ordinal);
            Assert.Contains("using", warnings[1], StringComparison.Ordinal);
            var records = ReadRecords();
            Assert.Equal(2, records.Count);
            Assert.Single(records.Select(r => r.GetProperty("caller").GetString()).Distinct()); // the same key after the restart
            var verification = AuditLogVerifier.Verify(_directory, Convert.FromBase64String(File.ReadAllText(keyFile)));
            Assert.True(verification.IsIntact, verification.Problem);
        }
        finally
        {
            Environment.SetEnvironmentVariable(McpAuditExtensions.KeyVariable, previous);
        }
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")] // 5 bytes
    public async Task AMalformedKey_StopsTheServer_WithAClearMessage(string value)
    {
        var previous = Environment.GetEnvironmentVariable(McpAuditExtensions.KeyVariable);
        Environment.SetEnvironmentVariable(McpAuditExtensions.KeyVariable, value);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => a.AddFile(_directory))));
            Assert.Contains("MCP_AUDIT_KEY must be a base64 key of at least 32 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(McpAuditExtensions.KeyVariable, previous);
        }
    }

    [Fact]
    public async Task AServerKilledWithSigkill_LosesNoAcknowledgedRecord()
    {
        var port = TestPorts.Free();
        var host = typeof(AuditTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "AuditHost").Value!;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { host, $"http://127.0.0.1:{port}", _directory })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[McpAuditExtensions.KeyVariable] = Convert.ToBase64String(AuditServer.AuditKey);
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/mcp") }));
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var value = (w * 1_000_000) + i;
                    await client.CallToolAsync("tick", new Dictionary<string, object?> { ["n"] = value });
                    acknowledged.Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (Exception) when (stop.IsCancellationRequested || process.HasExited)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        process.Kill(); // SIGKILL on Unix: no shutdown, no flush
        await process.WaitForExitAsync();
        stop.Cancel();
        await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.True(acknowledged.Count > 50, "too few calls completed before the kill: " + acknowledged.Count);
        var verification = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.True(verification.IsIntact, verification.Problem);
        var recordedArguments = new HashSet<string>(ReadRecords().Select(r => r.GetProperty("args").GetString()!));
        foreach (var value in acknowledged)
        {
            Assert.Contains(CallerIdentity.Hash(AuditServer.AuditKey, "{\"n\":" + value + "}"), recordedArguments);
        }

        Assert.True(recordedArguments.Count >= acknowledged.Count);
    }

    private List<JsonElement> ReadRecords()
    {
        var records = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(_directory, "*.jsonl").OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var line in File.ReadAllLines(file))
            {
                if (line.EndsWith("}", StringComparison.Ordinal))
                {
                    records.Add(JsonDocument.Parse(line).RootElement.GetProperty("rec").Clone());
                }
            }
        }

        return records;
    }


    private sealed class FailingSink : IAuditSink
    {
        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken) => throw new IOException("disk full");
    }
}
