using System.Globalization;
using System.Text;

/// <summary>
/// Writes a realistic HTTP MCP server: N tool classes, each with a fixed mix of flawed and safe tools and an
/// injected service in its own file, plus a Program.cs. Flawed per class: Read (010 + 014 via Path.Combine) and
/// Open (010 inside the injected service). Safe look-alikes: the runtime guard, a correct GetFullPath check,
/// an allowlist, numbers only.
/// </summary>
internal static class Generator
{
    public static int Expected010(int classes) => classes * 2;

    public static int Expected014(int classes) => classes;

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
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>$(NoWarn);NU1603;CS1998</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelContextProtocol.AspNetCore" Version="2.4.0" />
                <Reference Include="McpAnalyzers.Runtime" HintPath="{runtime}" />
              </ItemGroup>
              <ItemGroup Condition="'$(UseMcpAnalyzers)' == 'true'">
                <Analyzer Include="{Path.Combine(analyzers, "McpAnalyzers.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        var program = new StringBuilder("""
            using McpAnalyzers.Runtime;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton(new PathGuard("/srv/data"));

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
                using System.Text;
                using Bench.Services;
                using McpAnalyzers.Runtime;
                using ModelContextProtocol.Server;

                namespace Bench.Tools;

                [McpServerToolType]
                public sealed class Tools{{i}}(IStore{{i}} store, PathGuard guard)
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
