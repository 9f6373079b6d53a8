using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpAnalyzers.PackageTests;

/// <summary>
/// samples/InsecureServer, consumed through the packages and fixed the way a user would (our code fixes through
/// dotnet format, project files by hand), builds clean under Strict + TreatWarningsAsErrors and answers 401.
/// </summary>
public sealed class FixedInsecureServerTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    private static readonly string[] AllRules =
    {
        "MCPSEC001", "MCPSEC002", "MCPSEC003", "MCPSEC010", "MCPSEC011", "MCPSEC012", "MCPSEC013", "MCPSEC014", "MCPSEC015", "MCPSEC020", "MCPSEC021", "MCPSEC030", "MCPSEC040", "MCPSEC050", "MCPSEC051", "MCPSEC052", "MCPSEC060", "MCPSEC061", "MCPSEC062", "MCPSEC063", "MCPSEC070", "MCPSEC071", "MCPSEC072",
    };

    [Fact]
    public async Task FixedInsecureServer_BuildsCleanUnderStrict_AndAnswers401WithoutAToken()
    {
        var folder = CopySample();
        var project = new SampleProject(fixture, folder);

        var before = await project.RunAsync("build", "-nodeReuse:false");
        Assert.True(before.ExitCode == 0, before.ToString());
        foreach (var rule in AllRules)
        {
            Assert.Contains("warning " + rule, before.Output, StringComparison.Ordinal);
        }

        // Project files have no automatic fix: the user edits the lines the diagnostics name.
        Replace(folder, "Properties/launchSettings.json", "0.0.0.0", "127.0.0.1");
        Replace(folder, "appsettings.json", "http://*:5080", "http://127.0.0.1:5080");
        Replace(folder, "appsettings.json", "Password=Sup3rS3cret!", string.Empty);
        // Token passthrough has no automatic fix either: the user gives the upstream call its own credential.
        Replace(folder, "Tools/UpstreamTools.cs", "AuthenticationHeaderValue.Parse(accessor.HttpContext!.Request.Headers.Authorization!)",
            "new AuthenticationHeaderValue(\"Bearer\", Environment.GetEnvironmentVariable(\"REPORTS_API_TOKEN\"))");
        Replace(folder, "Tools/UpstreamTools.cs", "IHttpContextAccessor accessor, IHttpClientFactory clients", "IHttpClientFactory clients");
        // Caller-written SQL run as a statement (ExecuteNonQuery) gets no automatic fix: a read-only guard would refuse
        // every write. The tool claims to be read-only, so the user makes it a query; the fix then checks the SQL.
        Replace(folder, "Tools/DataTools.cs", "return command.ExecuteNonQuery();", "return Convert.ToInt32(command.ExecuteScalar());");
        var format = await project.RunAsync(new[] { "format", "analyzers", "App.csproj", "--severity", "info", "--diagnostics" }.Concat(AllRules).ToArray());
        Assert.True(format.ExitCode == 0, format.ToString());

        var strict = await project.RunAsync("build", "--no-incremental", "-nodeReuse:false", "-p:TreatWarningsAsErrors=true", "-p:McpAnalyzersMode=Strict");
        Assert.True(strict.ExitCode == 0, strict + "\n--- Program.cs after the fixes:\n" + File.ReadAllText(Path.Combine(folder, "Program.cs")));
        Assert.DoesNotContain("MCPSEC", strict.Output, StringComparison.Ordinal);

        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}";
        start.Environment["Mcp__Path"] = "/mcp-e2e";
        start.Environment["McpAuth__Audience"] = $"http://127.0.0.1:{port}/mcp-e2e";
        start.Environment["McpAuth__CurrentKeyVersion"] = "v1";
        start.Environment["McpAuth__SigningKeys__v1"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        start.Environment["MCP_FILES_ROOT"] = folder;
        start.Environment["UPSTREAM_API_KEY"] = "from-the-environment";
        start.Environment["MCP_AUDIT_KEY"] = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        using var server = Process.Start(start)!;
        var log = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpStatusCode? status = null;
            for (var attempt = 0; attempt < 120 && status is null && !server.HasExited; attempt++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/mcp-e2e")
                    {
                        Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}""", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Accept.ParseAdd("application/json, text/event-stream");
                    status = (await http.SendAsync(request)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500);
                }
            }

            Assert.True(status == HttpStatusCode.Unauthorized, $"expected 401, got {status?.ToString() ?? "no answer"}\n{log}");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync();
        }
    }

    private string CopySample()
    {
        var source = Path.Combine(PackageFixture.RepositoryRoot, "samples", "InsecureServer");
        var target = Path.Combine(fixture.WorkFolder, "fixed-insecure");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal) || relative.EndsWith(".csproj", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }

    private static void Replace(string folder, string file, string from, string to)
    {
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The sample's sources with a project file that takes McpAnalyzers from the local feed.</summary>
    private sealed class SampleProject
    {
        private readonly PackageFixture _fixture;
        private readonly string _folder;

        public SampleProject(PackageFixture fixture, string folder)
        {
            _fixture = fixture;
            _folder = folder;
            fixture.WriteServerProject(folder, "App.csproj", "InsecureServer",
                ("McpAnalyzers", null), ("McpAnalyzers.AspNetCore", null), ("McpAnalyzers.Server", null),
                ("ModelContextProtocol.AspNetCore", "2.4.0"), ("Microsoft.Data.Sqlite", "10.0.15"));
        }

        public Task<DotNet.Result> RunAsync(params string[] arguments) => DotNet.RunAsync(_folder, _fixture.Packages, arguments);
    }
}
