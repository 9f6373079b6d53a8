using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpAnalyzers.PackageTests;

/// <summary>
/// The editor path: a real C# language server (csharp-ls, from the repository's tool manifest) opens a project that
/// references the packed package, and serves our diagnostics through LSP pull diagnostics with the right range and
/// severity. csharp-ls offers Roslyn's built-in fixes as code actions, not a package's; the test records that, and
/// our fixes are proven through the Roslyn workspace API (the fix tests) and dotnet format.
/// </summary>
public sealed class LanguageServerTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    [Fact]
    public async Task CsharpLs_ServesOurDiagnostics_WithRangesAndSeverities()
    {
        var project = fixture.CreateProject("lsp");
        var restore = await project.RunAsync("build", "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var tools = await DotNet.RunAsync(PackageFixture.RepositoryRoot, null, "tool", "restore");
        Assert.True(tools.ExitCode == 0, tools.ToString());

        await using var server = LanguageServer.Start(PackageFixture.RepositoryRoot, fixture.Packages);
        var root = new Uri(project.Folder + "/").AbsoluteUri;
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "lsp" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                    ["codeAction"] = new JsonObject { ["codeActionLiteralSupport"] = new JsonObject { ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("quickfix", "refactor") } } },
                },
            },
        });
        await server.NotifyAsync("initialized", new JsonObject());
        await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } } });

        var program = Path.Combine(project.Folder, "Program.cs");
        var uri = new Uri(program).AbsoluteUri;
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = await File.ReadAllTextAsync(program) },
        });

        // The server loads the project in the background: ask until our analyzers have run.
        JsonNode? listen = null;
        JsonArray items = new();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (listen is null && DateTime.UtcNow < deadline)
        {
            var report = await server.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
            items = report?["items"] as JsonArray ?? new JsonArray();
            listen = items.FirstOrDefault(i => i?["code"]?.ToString() == "MCPSEC060");
            if (listen is null)
            {
                await Task.Delay(2000);
            }
        }

        Assert.True(listen is not null, "no MCPSEC060 from csharp-ls; got: " + items.ToJsonString() + "\n" + server.Log);
        Assert.Equal(1, listen!["range"]!["start"]!["line"]!.GetValue<int>()); // builder.WebHost.UseUrls("http://0.0.0.0:5080") is line 2
        Assert.Equal("\"http://0.0.0.0:5080\"", (await File.ReadAllLinesAsync(program))[1].Substring(listen["range"]!["start"]!["character"]!.GetValue<int>(), listen["range"]!["end"]!["character"]!.GetValue<int>() - listen["range"]!["start"]!["character"]!.GetValue<int>()));
        Assert.Equal(2, listen["severity"]!.GetValue<int>()); // Warning
        var legacy = items.FirstOrDefault(i => i?["code"]?.ToString() == "MCPSEC063");
        Assert.NotNull(legacy);
        Assert.Equal(5, legacy!["range"]!["start"]!["line"]!.GetValue<int>());

        // What csharp-ls 0.28 offers as code actions here: Roslyn's own, not a package's fixes (see the README).
        var actions = await server.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = listen["range"]!.DeepClone(),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(listen.DeepClone()) },
        });
        var titles = (actions as JsonArray ?? new JsonArray()).Select(a => a?["title"]?.ToString() ?? string.Empty).ToList();
        Assert.DoesNotContain(titles, t => t.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>A minimal LSP client over the server's stdio: Content-Length framing, requests, and answers to the server's own requests.</summary>
    private sealed class LanguageServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Stream _input;
        private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
        private readonly StringBuilder _log = new();
        private readonly Task _reader;
        private int _nextId;

        private LanguageServer(Process process)
        {
            _process = process;
            _input = process.StandardInput.BaseStream;
            _reader = Task.Run(ReadLoopAsync);
        }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.Length > 4000 ? _log.ToString(_log.Length - 4000, 4000) : _log.ToString();
                }
            }
        }

        public static LanguageServer Start(string repository, string packages)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = repository,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "tool", "run", "csharp-ls" })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["NUGET_PACKAGES"] = packages; // where the throwaway project restored McpAnalyzers from the local feed
            var process = Process.Start(start)!;
            var server = new LanguageServer(process);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginErrorReadLine();
            return server;
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonNode parameters)
        {
            TaskCompletionSource<JsonNode?> response = new(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_pending)
            {
                id = ++_nextId;
                _pending[id] = response;
            }

            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            return await response.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }

        public Task NotifyAsync(string method, JsonNode parameters)
            => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RequestAsync("shutdown", new JsonObject()).WaitAsync(TimeSpan.FromSeconds(10));
                await NotifyAsync("exit", new JsonObject());
            }
            catch (Exception)
            {
            }

            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }

        private async Task SendAsync(JsonNode message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            await _writeLock.WaitAsync();
            try
            {
                await _input.WriteAsync(header);
                await _input.WriteAsync(body);
                await _input.FlushAsync();
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private readonly SemaphoreSlim _writeLock = new(1, 1);

        private async Task ReadLoopAsync()
        {
            var output = _process.StandardOutput.BaseStream;
            while (true)
            {
                var length = -1;
                string? line;
                while ((line = await ReadHeaderLineAsync(output)) is { Length: > 0 })
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                if (line is null || length < 0)
                {
                    return;
                }

                var buffer = new byte[length];
                await output.ReadExactlyAsync(buffer);
                var message = JsonNode.Parse(buffer)!;
                if (message["method"] is { } method && message["id"] is { } requestId)
                {
                    // the server's own requests: configuration with analyzers on, everything else acknowledged
                    JsonNode? result = method.ToString() == "workspace/configuration"
                        ? new JsonArray((message["params"]?["items"] as JsonArray ?? new JsonArray()).Select(_ => (JsonNode?)new JsonObject { ["analyzersEnabled"] = true }).ToArray())
                        : null;
                    await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = result });
                }
                else if (message["id"] is { } id && message["method"] is null)
                {
                    TaskCompletionSource<JsonNode?>? waiting;
                    lock (_pending)
                    {
                        _pending.Remove(id.GetValue<int>(), out waiting);
                    }

                    if (message["error"] is { } error)
                    {
                        waiting?.TrySetException(new InvalidOperationException(error.ToJsonString()));
                    }
                    else
                    {
                        waiting?.TrySetResult(message["result"]);
                    }
                }
                else if (message["method"]?.ToString() == "window/logMessage")
                {
                    Append(message["params"]?["message"]?.ToString());
                }
            }
        }

        private static async Task<string?> ReadHeaderLineAsync(Stream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    return null;
                }

                if (one[0] == '\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                }

                bytes.Add(one[0]);
            }
        }
    }
}
