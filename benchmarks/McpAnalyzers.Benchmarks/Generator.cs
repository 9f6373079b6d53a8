using System.Globalization;
using System.Text;

/// <summary>
/// Writes a realistic HTTP MCP server: N tool classes, each with a fixed mix of flawed and safe tools and an
/// injected service in its own file, plus a Program.cs. Flawed per class: Read (path: 010 + 014 via Path.Combine),
/// Open (path, inside the injected service), Find (SQL spliced from tool input: 011) and Log (tool input spliced
/// into git's arguments: 012). Safe look-alikes: the runtime guard, a correct GetFullPath check, an allowlist,
/// numbers only, SQL parameters, an ArgumentList element after "--".
/// </summary>
internal static class Generator
{
    /// <summary>Planted flaws per family: path (MCPSEC010), weak containment (014), SQL (011), process (012).</summary>
    public static (int Path, int Weak, int Sql, int Process) Expected(int classes) => (classes * 2, classes, classes, classes);

    public static string Write(string folder, int classes, string repository)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(folder, "Tools"));
        Directory.CreateDirectory(Path.Combine(folder, "Services"));
        var analyzers = Path.Combine(repository, "src", "CodeFixes", "bin", "Release", "netstandard2.0");
        var runtime = Path.Combine(repository, "src", "Runtime", "bin", "Release", "net10.0", "McpAnalyzers.Runtime.dll");
        File.WriteAllText(Path.Combine(folder, "Bench.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <!-- Variant: none | McpAnalyzers | NetAnalyzers (their security taint rules on) | SecurityCodeScan -->
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>$(NoWarn);NU1603;CS1998</NoWarn>
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
                <EnableNETAnalyzers Condition="'$(Variant)' == 'NetAnalyzers'">true</EnableNETAnalyzers>
                <AnalysisLevel Condition="'$(Variant)' == 'NetAnalyzers'">latest</AnalysisLevel>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelContextProtocol.AspNetCore" Version="2.4.0" />
                <PackageReference Include="Microsoft.Data.Sqlite" Version="10.0.15" />
                <Reference Include="McpAnalyzers.Runtime" HintPath="{runtime}" />
              </ItemGroup>
              <ItemGroup Condition="'$(Variant)' == 'McpAnalyzers'">
                <Analyzer Include="{Path.Combine(analyzers, "McpAnalyzers.dll")}" />
              </ItemGroup>
              <ItemGroup Condition="'$(Variant)' == 'NetAnalyzers'">
                <GlobalAnalyzerConfigFiles Include="netanalyzers.globalconfig" />
              </ItemGroup>
              <ItemGroup Condition="'$(Variant)' == 'SecurityCodeScan'">
                <PackageReference Include="SecurityCodeScan.VS2019" Version="5.6.7" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "netanalyzers.globalconfig"), """
            is_global = true
            # The NetAnalyzers rules for the same flaws: SQL review and the taint rules (SQL, file path, process).
            dotnet_diagnostic.CA2100.severity = warning
            dotnet_diagnostic.CA3001.severity = warning
            dotnet_diagnostic.CA3003.severity = warning
            dotnet_diagnostic.CA3006.severity = warning
            """);
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        var program = new StringBuilder("""
            using McpAnalyzers.Runtime;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton(new PathGuard("/srv/data"));
            builder.Services.AddSingleton(_ => new Microsoft.Data.Sqlite.SqliteConnection("Data Source=items.db"));

            """);
        for (var i = 0; i < classes; i++)
        {
            program.Append(CultureInfo.InvariantCulture, $"builder.Services.AddSingleton<Bench.Services.IStore{i}, Bench.Services.Store{i}>();\n");
        }

        program.Append("""
            builder.Services.AddMcpServer().WithHttpTransport().WithToolsFromAssembly();
            var app = builder.Build();
            app.MapMcp(app.Configuration["Mcp:Path"] ?? throw new InvalidOperationException("Mcp:Path"));
            app.Run();
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program.ToString());

        for (var i = 0; i < classes; i++)
        {
            File.WriteAllText(Path.Combine(folder, "Tools", $"Tools{i}.cs"), $$"""
                using System.ComponentModel;
                using System.Diagnostics;
                using System.Text;
                using Bench.Services;
                using McpAnalyzers.Runtime;
                using Microsoft.Data.Sqlite;
                using ModelContextProtocol.Server;

                namespace Bench.Tools;

                [McpServerToolType]
                public sealed class Tools{{i}}(IStore{{i}} store, PathGuard guard, SqliteConnection db)
                {
                    private const string Root = "/srv/data";
                    private static readonly string RootWithSeparator = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
                    private static readonly HashSet<string> Reports = new() { "daily", "weekly" };

                    [McpServerTool, Description("Reads a file")]
                    public string Read{{i}}(string path) => File.ReadAllText(Path.Combine(Root, path));

                    [McpServerTool, Description("Opens a document")]
                    public string Open{{i}}(string name) => store.Load(Normalize(name));

                    [McpServerTool, Description("Reads a file safely")]
                    public string Safe{{i}}(string path) => File.ReadAllText(guard.Resolve(path));

                    [McpServerTool, Description("Reads a checked file")]
                    public string Checked{{i}}(string path)
                    {
                        var full = Path.GetFullPath(Path.Combine(Root, path));
                        if (!full.StartsWith(RootWithSeparator, StringComparison.Ordinal))
                        {
                            throw new UnauthorizedAccessException(path);
                        }

                        return File.ReadAllText(full);
                    }

                    [McpServerTool, Description("Reads a report")]
                    public string Report{{i}}(string report) => Reports.Contains(report) ? File.ReadAllText(Path.Combine(Root, report + ".csv")) : "unknown";

                    [McpServerTool, Description("Doubles a number")]
                    public int Double{{i}}(int value) => value * 2;

                    [McpServerTool, Description("Formats a greeting")]
                    public string Greet{{i}}(string name)
                    {
                        var builder = new StringBuilder();
                        foreach (var part in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1)).Append(' ');
                        }

                        return builder.ToString().Trim();
                    }

                    [McpServerTool, Description("Finds items by name")]
                    public string Find{{i}}(string name)
                    {
                        using var command = new SqliteCommand("SELECT id FROM items WHERE name = '" + name + "'", db);
                        return command.ExecuteScalar()?.ToString() ?? "none";
                    }

                    [McpServerTool, Description("Finds items by name safely")]
                    public string FindSafe{{i}}(string name)
                    {
                        using var command = new SqliteCommand("SELECT id FROM items WHERE name = @name", db);
                        command.Parameters.AddWithValue("@name", name);
                        return command.ExecuteScalar()?.ToString() ?? "none";
                    }

                    [McpServerTool, Description("Shows the log of a branch")]
                    public string Log{{i}}(string branch)
                    {
                        using var process = Process.Start(new ProcessStartInfo("git", "log --oneline " + branch) { RedirectStandardOutput = true })!;
                        return process.StandardOutput.ReadToEnd();
                    }

                    [McpServerTool, Description("Shows the log of a branch safely")]
                    public string LogSafe{{i}}(string branch)
                    {
                        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true };
                        info.ArgumentList.Add("log");
                        info.ArgumentList.Add("--");
                        info.ArgumentList.Add(branch);
                        using var process = Process.Start(info)!;
                        return process.StandardOutput.ReadToEnd();
                    }

                    private static string Normalize(string value) => value.Trim().ToLowerInvariant();
                }
                """);
            File.WriteAllText(Path.Combine(folder, "Services", $"Store{i}.cs"), $$"""
                namespace Bench.Services;

                public interface IStore{{i}}
                {
                    string Load(string name);

                    int Count();
                }

                public sealed class Store{{i}} : IStore{{i}}
                {
                    private readonly Dictionary<string, int> _hits = new();

                    public string Load(string name)
                    {
                        _hits[name] = _hits.TryGetValue(name, out var hits) ? hits + 1 : 1;
                        return File.ReadAllText("/srv/store/" + name + ".md");
                    }

                    public int Count() => _hits.Count;
                }
                """);
        }

        return folder;
    }
}
