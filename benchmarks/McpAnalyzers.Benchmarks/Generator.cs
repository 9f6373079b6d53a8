using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>The code a generated server is made of.</summary>
internal enum Shape
{
    /// <summary>
    /// Per class, 10 tools: Read (path: 010 + 014, a prefix check without a trailing separator), Open (path, inside an injected service in its own
    /// file), Find (SQL spliced from tool input: 011) and Log (tool input spliced into git's arguments: 012); safe
    /// look-alikes: the runtime guard, a correct GetFullPath check, an allowlist, numbers only, SQL parameters, an
    /// ArgumentList element after "--".
    /// </summary>
    Classic,

    /// <summary>
    /// Per class, 10 tools over file, SQL, HTTP fetch and process services, each service in its own file and called
    /// from the tool: half of them flawed (read behind a prefix check without a trailing separator: 010 + 014, write: 010, SQL spliced: 011, a URL
    /// from input: 013, input spliced into git's arguments: 012), half of them guarded (GetFullPath + StartsWith(root +
    /// Path.DirectorySeparatorChar, Ordinal) inline and in a helper, SQL parameters, a constant-host URL
    /// "https://api.example.com/items/" + id, an allowlisted command).
    /// </summary>
    Mixed,
}

/// <summary>
/// Writes a realistic HTTP MCP server: N tool classes of one <see cref="Shape"/>, each with a fixed mix of flawed and
/// safe tools and injected services in their own files, plus a Program.cs. Every planted flaw is marked on its line
/// with a trailing <c>// flaw: 010 014</c> comment naming the rules that must report on that line, so the expected
/// findings are exact (<see cref="Planted"/>): a finding of an input rule anywhere else is a safe look-alike flagged.
/// </summary>
internal static class Generator
{
    /// <summary>The input rules whose findings are checked line by line against the planted flaws.</summary>
    public static readonly string[] InputRules = { "MCPSEC010", "MCPSEC011", "MCPSEC012", "MCPSEC013", "MCPSEC014", "MCPSEC015" };

    private static readonly Regex FlawMarker = new(@"// flaw:((?: \d{3})+)\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Planted flaws per family: path (MCPSEC010), weak containment (014), SQL (011/015), process (012), URL (013).
    /// Classic: 2N / N / N / N / 0; mixed: 2N / N / N / N / N.
    /// </summary>
    public static (int Path, int Weak, int Sql, int Process, int Url) Expected(int classes, Shape shape = Shape.Classic) => shape switch
    {
        Shape.Mixed => (classes * 2, classes, classes, classes, classes),
        _ => (classes * 2, classes, classes, classes, 0),
    };

    /// <summary>Every (full file path, line, rule ID) a planted flaw must be reported at, read from the markers.</summary>
    public static HashSet<(string File, int Line, string Id)> Planted(string folder)
    {
        var planted = new HashSet<(string, int, string)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (FlawMarker.Match(lines[i]) is { Success: true } marker)
                {
                    foreach (var id in marker.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        planted.Add((Path.GetFullPath(file), i + 1, "MCPSEC" + id));
                    }
                }
            }
        }

        return planted;
    }

    public static string Write(string folder, int classes, string repository, Shape shape = Shape.Classic)
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
        // Each variant restores and builds into its own obj/ and bin/, so that builds of the variants can be interleaved.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <BaseIntermediateOutputPath>obj/$(Variant)/</BaseIntermediateOutputPath>
                <BaseOutputPath>bin/$(Variant)/</BaseOutputPath>
                <DefaultItemExcludes>$(DefaultItemExcludes);obj/**;bin/**</DefaultItemExcludes>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "netanalyzers.globalconfig"), """
            is_global = true
            # The NetAnalyzers rules for the same flaws: SQL review and the taint rules (SQL, file path, process; none for SSRF).
            dotnet_diagnostic.CA2100.severity = warning
            dotnet_diagnostic.CA3001.severity = warning
            dotnet_diagnostic.CA3003.severity = warning
            dotnet_diagnostic.CA3006.severity = warning
            """);
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        if (shape == Shape.Mixed)
        {
            WriteMixed(folder, classes);
        }
        else
        {
            WriteClassic(folder, classes);
        }

        return folder;
    }

    private static void WriteClassic(string folder, int classes)
    {
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
                    public string Read{{i}}(string path) { var full = Path.GetFullPath(Path.Combine(Root, path)); return full.StartsWith(Root, StringComparison.Ordinal) ? File.ReadAllText(full) : "refused"; } // flaw: 010 014

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
                        using var command = new SqliteCommand("SELECT id FROM items WHERE name = '" + name + "'", db); // flaw: 011
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
                        using var process = Process.Start(new ProcessStartInfo("git", "log --oneline " + branch) { RedirectStandardOutput = true })!; // flaw: 012
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
                        return File.ReadAllText("/srv/store/" + name + ".md"); // flaw: 010
                    }

                    public int Count() => _hits.Count;
                }
                """);
        }
    }

    private static void WriteMixed(string folder, int classes)
    {
        var program = new StringBuilder("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton(_ => new Microsoft.Data.Sqlite.SqliteConnection("Data Source=items.db"));
            builder.Services.AddSingleton(_ => new HttpClient());

            """);
        for (var i = 0; i < classes; i++)
        {
            program.Append(CultureInfo.InvariantCulture, $"builder.Services.AddSingleton<Bench.Services.IDocuments{i}, Bench.Services.Documents{i}>();\n");
            program.Append(CultureInfo.InvariantCulture, $"builder.Services.AddSingleton<Bench.Services.Items{i}>();\n");
            program.Append(CultureInfo.InvariantCulture, $"builder.Services.AddSingleton<Bench.Services.Api{i}>();\n");
            program.Append(CultureInfo.InvariantCulture, $"builder.Services.AddSingleton<Bench.Services.Commands{i}>();\n");
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
            // The tools delegate: every flaw and every guard is in a service of its own file, reached through the call.
            File.WriteAllText(Path.Combine(folder, "Tools", $"Tools{i}.cs"), $$"""
                using System.ComponentModel;
                using Bench.Services;
                using ModelContextProtocol.Server;

                namespace Bench.Tools;

                [McpServerToolType]
                public sealed class Tools{{i}}(IDocuments{{i}} documents, Items{{i}} items, Api{{i}} api, Commands{{i}} commands)
                {
                    [McpServerTool, Description("Reads a document")]
                    public string ReadDocument{{i}}(string path) => documents.Read(path);

                    [McpServerTool, Description("Reads a document inside the document root")]
                    public string ReadDocumentChecked{{i}}(string path) => documents.ReadChecked(path);

                    [McpServerTool, Description("Writes a note")]
                    public string WriteNote{{i}}(string name, string text)
                    {
                        documents.Write(name, text);
                        return "saved";
                    }

                    [McpServerTool, Description("Writes a note inside the document root")]
                    public string WriteNoteChecked{{i}}(string name, string text)
                    {
                        documents.WriteChecked(name, text);
                        return "saved";
                    }

                    [McpServerTool, Description("Finds items by name")]
                    public string FindItems{{i}}(string name) => items.FindByName(name);

                    [McpServerTool, Description("Finds items by name with a parameter")]
                    public string FindItemsSafe{{i}}(string name) => items.FindByNameSafe(name);

                    [McpServerTool, Description("Fetches a web page")]
                    public Task<string> Fetch{{i}}(string url) => api.FetchAsync(url);

                    [McpServerTool, Description("Fetches an item from the items API")]
                    public Task<string> FetchItem{{i}}(string id) => api.FetchItemAsync(id);

                    [McpServerTool, Description("Shows the log of a branch")]
                    public string GitLog{{i}}(string branch) => commands.GitLog(branch);

                    [McpServerTool, Description("Runs an allowed diagnostic command")]
                    public string RunDiagnostic{{i}}(string command) => commands.RunAllowed(command);
                }
                """);
            File.WriteAllText(Path.Combine(folder, "Services", $"Documents{i}.cs"), $$"""
                namespace Bench.Services;

                public interface IDocuments{{i}}
                {
                    string Read(string path);

                    string ReadChecked(string path);

                    void Write(string name, string text);

                    void WriteChecked(string name, string text);
                }

                public sealed class Documents{{i}} : IDocuments{{i}}
                {
                    private static readonly string Root = Path.GetFullPath("/srv/documents");

                    public string Read(string path) { var full = Path.GetFullPath(Path.Combine(Root, path)); return full.StartsWith(Root, StringComparison.Ordinal) ? File.ReadAllText(full) : "refused"; } // flaw: 010 014

                    public string ReadChecked(string path)
                    {
                        var full = Path.GetFullPath(Path.Combine(Root, path));
                        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        {
                            throw new UnauthorizedAccessException(path);
                        }

                        return File.ReadAllText(full);
                    }

                    public void Write(string name, string text) => File.WriteAllText("/srv/notes/" + name + ".txt", text); // flaw: 010

                    public void WriteChecked(string name, string text) => File.WriteAllText(Contained(name + ".txt"), text);

                    private static string Contained(string path)
                    {
                        var full = Path.GetFullPath(Path.Combine(Root, path));
                        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        {
                            throw new UnauthorizedAccessException(path);
                        }

                        return full;
                    }
                }
                """);
            File.WriteAllText(Path.Combine(folder, "Services", $"Items{i}.cs"), $$"""
                using Microsoft.Data.Sqlite;

                namespace Bench.Services;

                public sealed class Items{{i}}(SqliteConnection db)
                {
                    public string FindByName(string name)
                    {
                        using var command = db.CreateCommand();
                        command.CommandText = "SELECT id FROM items WHERE name = '" + name + "'"; // flaw: 011
                        return command.ExecuteScalar()?.ToString() ?? "none";
                    }

                    public string FindByNameSafe(string name)
                    {
                        using var command = db.CreateCommand();
                        command.CommandText = "SELECT id FROM items WHERE name = $name";
                        command.Parameters.AddWithValue("$name", name);
                        return command.ExecuteScalar()?.ToString() ?? "none";
                    }
                }
                """);
            File.WriteAllText(Path.Combine(folder, "Services", $"Api{i}.cs"), $$"""
                namespace Bench.Services;

                public sealed class Api{{i}}(HttpClient http)
                {
                    public Task<string> FetchAsync(string url) => http.GetStringAsync(url); // flaw: 013

                    public Task<string> FetchItemAsync(string id) => http.GetStringAsync("https://api.example.com/items/" + id);
                }
                """);
            File.WriteAllText(Path.Combine(folder, "Services", $"Commands{i}.cs"), $$"""
                using System.Diagnostics;

                namespace Bench.Services;

                public sealed class Commands{{i}}
                {
                    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "uptime", "df", "free" };

                    public string GitLog(string branch)
                    {
                        using var process = Process.Start(new ProcessStartInfo("git", "log --oneline " + branch) { RedirectStandardOutput = true })!; // flaw: 012
                        return process.StandardOutput.ReadToEnd();
                    }

                    public string RunAllowed(string command)
                    {
                        if (!Allowed.Contains(command))
                        {
                            throw new ArgumentException("not an allowed command", nameof(command));
                        }

                        using var process = Process.Start(new ProcessStartInfo(command) { RedirectStandardOutput = true })!;
                        return process.StandardOutput.ReadToEnd();
                    }
                }
                """);
        }
    }
}
