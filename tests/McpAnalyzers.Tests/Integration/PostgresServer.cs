using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace McpAnalyzers.Tests.Integration;

/// <summary>
/// A real PostgreSQL server on 127.0.0.1: one named by MCPANALYZERS_TEST_POSTGRES (a connection
/// string), or else one this fixture starts in a temporary folder from the machine's PostgreSQL binaries.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "MCPANALYZERS_TEST_POSTGRES";

    private Process? _server;
    private string? _folder;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d).FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException($"No PostgreSQL server: set {Variable} to a connection string, or install PostgreSQL (apt-get install postgresql); ./test.sh installs it when missing.");
        }

        // PostgreSQL refuses to run as root: as root, the server runs as the postgres user, which must be able to
        // reach its folder. The temporary folder may be one only root can enter (TMPDIR=/root/...), so use /tmp.
        var asRoot = Environment.UserName == "root";
        _folder = Path.Combine(asRoot ? "/tmp" : Path.GetTempPath(), "mcpanalyzers-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (asRoot)
        {
            await RunAsync("chown", "postgres", _folder);
        }

        await RunAsync(asRoot, Path.Combine(bin, "initdb"), "-D", Path.Combine(_folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        var port = FreePort();
        _server = Start(asRoot, Path.Combine(bin, "postgres"), "-D", Path.Combine(_folder, "data"), "-h", "127.0.0.1", "-p", port.ToString(), "-k", _folder);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process Start(bool asRoot, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(asRoot ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task RunAsync(string program, params string[] arguments) => RunAsync(false, program, arguments);

    private static async Task RunAsync(bool asRoot, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(asRoot ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (asRoot ? new[] { "-u", "postgres", "--", program } : Array.Empty<string>()).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
