using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpAnalyzers.PackageTests;

/// <summary>
/// A fix must keep the server working, not only compile. A small stdio MCP server with the shapes whose fixes went
/// wrong before (a read tool behind a SELECT prefix check, a write tool, a caller-chosen stored procedure, a process
/// tool that reads a folder, the audit log on a stdio server), every fix applied with <c>dotnet format</c>, then the
/// built server launched as a client launches it and its tools called over MCP: legitimate calls still succeed, the
/// malicious ones are refused.
/// </summary>
public sealed class FixedShapesTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    private const string Program = """
        using System.ComponentModel;
        using System.Data;
        using System.Diagnostics;
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Server;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(_ =>
        {
            var connection = new SqliteConnection("Data Source=" + Environment.GetEnvironmentVariable("SHAPES_DB"));
            connection.Open();
            using var setup = connection.CreateCommand();
            setup.CommandText = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO items (name) VALUES ('a'), ('b');";
            setup.ExecuteNonQuery();
            return connection;
        });
        builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<ShapeTools>();
        await builder.Build().RunAsync();

        [McpServerToolType]
        public sealed class ShapeTools(SqliteConnection db, ILogger<ShapeTools> logger)
        {
            [McpServerTool(Name = "read_query", ReadOnly = true), Description("Runs a query")]
            public string ReadQuery(string sql)
            {
                if (!sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException("Only SELECT queries are allowed.");
                }

                using var command = db.CreateCommand();
                command.CommandText = sql;
                return Convert.ToString(command.ExecuteScalar()) ?? string.Empty;
            }

            [McpServerTool(Name = "apply_change", Destructive = true), Description("Applies a change to the items")]
            public int ApplyChange(string statement)
            {
                using var command = db.CreateCommand();
                command.CommandText = statement;
                return command.ExecuteNonQuery();
            }

            [McpServerTool(Name = "call_procedure"), Description("Calls a stored procedure")]
            public object? CallProcedure(string procedure)
            {
                using var command = db.CreateCommand();
                command.CommandText = procedure;
                command.CommandType = CommandType.StoredProcedure;
                return command.ExecuteScalar();
            }

            [McpServerTool(Name = "list_folder", ReadOnly = true), Description("Lists a folder")]
            public string ListFolder(string folder)
            {
                var info = new ProcessStartInfo("ls") { RedirectStandardOutput = true };
                info.ArgumentList.Add(folder);
                using var process = Process.Start(info)!;
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return output;
            }
        }

        """;

    [Fact]
    public async Task EveryFixApplied_TheStdioServerStarts_LegitimateCallsWork_MaliciousOnesAreRefused()
    {
        var folder = Path.Combine(fixture.WorkFolder, "shapes");
        fixture.WriteServerProject(folder, "App.csproj", null,
            ("McpAnalyzers", null), ("McpAnalyzers.Server", null), ("ModelContextProtocol", "2.4.0"), ("Microsoft.Data.Sqlite", "10.0.15"));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);
        var restore = await DotNet.RunAsync(folder, fixture.Packages, "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var format = await DotNet.RunAsync(folder, fixture.Packages, "format", "analyzers", "App.csproj", "--no-restore", "--severity", "info",
            "--diagnostics", "MCPSEC010", "MCPSEC011", "MCPSEC012", "MCPSEC014", "MCPSEC015", "MCPSEC040", "MCPSEC071", "MCPSEC072");
        Assert.True(format.ExitCode == 0, format.ToString());
        var fixedProgram = File.ReadAllText(Path.Combine(folder, "Program.cs"));
        void Fixed(string expected, string why) => Assert.True(fixedProgram.Contains(expected, StringComparison.Ordinal), $"{why}: '{expected}' not in\n{fixedProgram}\n{format}");
        Fixed("command.CommandText = SqlGuard.EnsureReadOnly(sql);", "the read tool's SQL is checked");
        Fixed("command.CommandText = statement;", "writes are not wrapped in a read-only guard");
        Fixed("command.CommandText = procedure;", "nor procedure names");
        Fixed("info.ArgumentList.Add(new CommandGuard(\"ls\").Argument(folder));", "the process tool allows its own program");
        Fixed(".AddMcpServer().WithAuditLog()", "the audit log");
        Fixed("[McpServerTool(Name = \"list_folder\", ReadOnly = true)", "a process that may only read keeps its annotation");
        Assert.DoesNotContain("PathGuard", fixedProgram, StringComparison.Ordinal); // the SELECT prefix check is no path check

        var build = await DotNet.RunAsync(folder, fixture.Packages, "build", "--no-restore", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build + "\n--- Program.cs after the fixes:\n" + fixedProgram);
        Assert.DoesNotContain("warning MCPSEC014", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning MCPSEC015", build.Output, StringComparison.Ordinal); // the write and procedure tools: by hand

        // Launched as an MCP client launches a stdio server: no configuration (no audit key), its own data folder.
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "shapes",
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Arguments = new[] { Path.Combine(folder, "bin", "Debug", "net10.0", "App.dll") },
            WorkingDirectory = folder,
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["SHAPES_DB"] = Path.Combine(data, "shapes.db"),
                ["XDG_DATA_HOME"] = data, // where the per-installation audit key goes
                ["HOME"] = data,
                ["MCP_AUDIT_KEY"] = null,
            },
        });
        await using var client = await McpClient.CreateAsync(transport);

        Assert.Equal("2", await TextAsync(client, "read_query", ("sql", "SELECT count(*) FROM items")));
        Assert.True(await RefusedAsync(client, "read_query", ("sql", "SELECT 1; DROP TABLE items")));
        Assert.True(await RefusedAsync(client, "read_query", ("sql", "DELETE FROM items")));
        Assert.Equal("1", await TextAsync(client, "apply_change", ("statement", "INSERT INTO items (name) VALUES ('c')")));
        Assert.Equal("3", await TextAsync(client, "read_query", ("sql", "SELECT count(*) FROM items")));
        Assert.Contains("Program.cs", await TextAsync(client, "list_folder", ("folder", folder)), StringComparison.Ordinal);
        Assert.True(await RefusedAsync(client, "list_folder", ("folder", "--recursive")));
        Assert.True(File.Exists(Path.Combine(data, "McpAnalyzers", "App.mcp-audit.key")), "the audit log made its key on first start");
    }

    private static async Task<string> TextAsync(McpClient client, string tool, params (string Name, object? Value)[] arguments)
    {
        var result = await client.CallToolAsync(tool, arguments.ToDictionary(a => a.Name, a => a.Value));
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        Assert.True(result.IsError != true, $"{tool} failed: {text}");
        return text;
    }

    private static async Task<bool> RefusedAsync(McpClient client, string tool, params (string Name, object? Value)[] arguments)
    {
        try
        {
            var result = await client.CallToolAsync(tool, arguments.ToDictionary(a => a.Name, a => a.Value));
            return result.IsError == true;
        }
        catch (ModelContextProtocol.McpException)
        {
            return true;
        }
    }
}
