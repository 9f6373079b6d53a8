using System.Diagnostics;
using System.Text.Json;
using McpAnalyzers.Runtime.Audit;
using Microsoft.AspNetCore.Builder;
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
    public async Task TheVerifier_ReportsDeletedFirstRecords_AndADeletedOldestFile_NamingTheFirstSequencePresent()
    {
        await using (var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory, f => f.MaxFileBytes = 1500); })))
        {
            await using var client = await server.ClientAsync(AuditServer.Token("ivan"));
            for (var i = 0; i < 12; i++)
            {
                await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "m" + i });
            }
        }

        var files = Directory.GetFiles(_directory, "*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 3, "expected rotation into several files, got " + files.Length);
        var intact = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.True(intact.IsIntact, intact.Problem);
        Assert.Equal(1, intact.FirstSequence);

        var first = File.ReadAllLines(files[0]);
        File.WriteAllLines(files[0], first.Skip(2));
        var headless = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.False(headless.IsIntact);
        Assert.Equal(3, headless.FirstSequence);
        Assert.Contains("sequence 3", headless.Problem, StringComparison.Ordinal);
        Assert.Equal(files[0], headless.File);

        File.WriteAllLines(files[0], first);
        var secondFirstSequence = JsonDocument.Parse(File.ReadLines(files[1]).First()).RootElement.GetProperty("seq").GetInt64();
        var lastOfOldest = JsonDocument.Parse(first[^1]).RootElement;
        File.Delete(files[0]); // the oldest rotated file
        var oldestGone = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.False(oldestGone.IsIntact);
        Assert.Equal(secondFirstSequence, oldestGone.FirstSequence);
        Assert.Contains("deleted", oldestGone.Problem, StringComparison.Ordinal);

        // removed on purpose (retention): verified from the checkpoint kept for it
        var checkpoint = new AuditCheckpoint(lastOfOldest.GetProperty("seq").GetInt64(), lastOfOldest.GetProperty("mac").GetString()!);
        var retained = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey, after: checkpoint);
        Assert.True(retained.IsIntact, retained.Problem);
        Assert.Equal(intact.Last, AuditLogVerifier.Verify(_directory, AuditServer.AuditKey, after: checkpoint).Last);
        Assert.False(AuditLogVerifier.Verify(_directory, AuditServer.AuditKey, after: checkpoint with { Mac = new string('0', 64) }).IsIntact);
    }

    [Fact]
    public async Task ATornLineInAnOlderFile_IsAccepted_WhenTheNextFileContinuesTheChain()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); }));
            await using var client = await server.ClientAsync(AuditServer.Token("judy"));
            for (var i = 0; i < 3; i++)
            {
                await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "run " + run + " call " + i });
            }

            if (run == 0)
            {
                await server.DisposeAsync();
                // a crash mid-write: half of a fourth record, no newline
                var file = Directory.GetFiles(_directory, "*.jsonl").Single();
                var last = File.ReadLines(file).Last();
                File.AppendAllText(file, last.Replace("\"seq\":3,", "\"seq\":4,", StringComparison.Ordinal)[..(last.Length / 2)]);
                var torn = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
                Assert.True(torn.IsIntact, torn.Problem);
                Assert.True(torn.TornTail);
            }
        }

        Assert.Equal(2, Directory.GetFiles(_directory, "*.jsonl").Length); // the restarted sink began a new file
        var verification = AuditLogVerifier.Verify(_directory, AuditServer.AuditKey);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(6, verification.Records);
        Assert.False(verification.TornTail);
    }

    [Fact]
    public void ATornLineInAnOlderFile_ThatTheNextFileDoesNotContinue_IsReported()
    {
        Directory.CreateDirectory(_directory);
        // file 000 ends torn; file 001 either continues its chain (a restart after a crash) or does not
        var key = AuditServer.AuditKey;
        string Line(long seq, string prev, out string mac)
        {
            var body = "{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"rec\":{\"tool\":\"t\"}";
            mac = AuditLogVerifier.Mac(key, body + "}");
            return body + ",\"mac\":\"" + mac + "\"}";
        }

        var l1 = Line(1, string.Empty, out var m1);
        var l2 = Line(2, m1, out var m2);
        File.WriteAllText(Path.Combine(_directory, "audit-20260101-000.jsonl"), l1 + "\n" + l2 + "\n" + l2[..20]);
        var l4 = Line(4, "0000", out _);
        File.WriteAllText(Path.Combine(_directory, "audit-20260101-001.jsonl"), l4 + "\n");
        var broken = AuditLogVerifier.Verify(_directory, key);
        Assert.False(broken.IsIntact);

        File.WriteAllText(Path.Combine(_directory, "audit-20260101-001.jsonl"), Line(3, m2, out _) + "\n");
        var continued = AuditLogVerifier.Verify(_directory, key);
        Assert.True(continued.IsIntact, continued.Problem);
        Assert.Equal(3, continued.Records);
    }

    [Fact]
    public async Task DuplicateArgumentKeys_BehaveAsWithoutTheAudit_AndAreRecordedCanonically_AsIsANonStringToolName()
    {
        const string duplicate = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"first\",\"message\":\"last\"}}}";
        const string numericName = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":123,\"arguments\":{}}}";
        string withoutAudit;
        await using (var plain = await AuditServer.StartAsync(_ => { }))
        {
            withoutAudit = await PostAsync(plain, duplicate);
        }

        string withAudit;
        string numeric;
        await using (var audited = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); a.PlaintextArgumentTools.Add("echo"); })))
        {
            withAudit = await PostAsync(audited, duplicate);
            numeric = await PostAsync(audited, numericName);
        }

        Assert.Contains("echo: last", withoutAudit, StringComparison.Ordinal);
        Assert.Equal(withoutAudit, withAudit);
        Assert.Contains("\"error\"", numeric, StringComparison.Ordinal);
        var records = ReadRecords();
        Assert.Equal(2, records.Count);
        var echo = records.Single(r => r.GetProperty("tool").GetString() == "echo");
        Assert.Equal("{\"message\":\"last\"}", echo.GetProperty("argsText").GetString());
        Assert.Equal(CallerIdentity.Hash(AuditServer.AuditKey, "{\"message\":\"last\"}"), echo.GetProperty("args").GetString());
        var misnamed = records.Single(r => r.GetProperty("tool").GetString() != "echo");
        Assert.Equal("123", misnamed.GetProperty("tool").GetString());
        Assert.Equal("Error", misnamed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheErrorText_IsKeptOutOfTheRecord_AsAKeyedHash()
    {
        await using (var server = await AuditServer.StartAsync(mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); })))
        {
            await using var client = await server.ClientAsync(AuditServer.Token("kim"));
            var result = await client.CallToolAsync("fail", new Dictionary<string, object?> { ["reason"] = "/home/alice/medical/results.pdf" });
            Assert.True(result.IsError);
        }

        Assert.DoesNotContain("medical", File.ReadAllText(Directory.GetFiles(_directory, "*.jsonl").Single()), StringComparison.Ordinal);
        var record = Assert.Single(ReadRecords());
        Assert.Equal("Error", record.GetProperty("status").GetString());
        Assert.False(record.TryGetProperty("error", out _));
        Assert.Matches("^[0-9a-f]{64}$", record.GetProperty("errorHash").GetString());
    }

    [Fact]
    public async Task CallsRefusedAtTheHttpLayer_401And429_AreRecorded()
    {
        string Call(int id, string tool) => "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{\"message\":\"m" + id + "\"}}}";
        await using (var server = await AuditServer.StartAsync(
            mcp => mcp.WithAuditLog(a => { a.HashKey = AuditServer.AuditKey; a.AddFile(_directory); }),
            services => services.AddMcpRateLimiter(requestsPerMinute: 2),
            app => app.UseRateLimiter(),
            rateLimitEndpoint: true))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await PostStatusAsync(server, Call(7, "echo"), token: null));
            for (var i = 0; i < 3; i++)
            {
                await PostStatusAsync(server, Call(10 + i, "echo"), AuditServer.Token("mia"));
            }

            await PostStatusAsync(server, "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"ping\"}", token: null); // not a tool call: no record
        }

        var records = ReadRecords();
        Assert.Equal(4, records.Count);
        var denied = Assert.Single(records, r => r.GetProperty("status").GetString() == "Denied");
        Assert.Equal("echo", denied.GetProperty("tool").GetString());
        Assert.Equal("7", denied.GetProperty("id").GetString());
        Assert.Equal(CallerIdentity.Hash(AuditServer.AuditKey, "{\"message\":\"m7\"}"), denied.GetProperty("args").GetString());
        Assert.Contains("401", denied.GetProperty("error").GetString(), StringComparison.Ordinal);
        var limited = Assert.Single(records, r => r.GetProperty("status").GetString() == "RateLimited");
        Assert.Equal("12", limited.GetProperty("id").GetString());
        Assert.Equal(2, records.Count(r => r.GetProperty("status").GetString() == "Ok"));
        Assert.True(AuditLogVerifier.Verify(_directory, AuditServer.AuditKey).IsIntact);
    }

    private static async Task<System.Net.HttpStatusCode> PostStatusAsync(AuditServer server, string body, string? token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    private static async Task<string> PostAsync(AuditServer server, string body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AuditServer.Token("lee"));
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
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
