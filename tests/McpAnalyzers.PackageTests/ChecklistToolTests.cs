using System.Text.Json;

namespace McpAnalyzers.PackageTests;

/// <summary>mcp-checklist on the two samples and on inputs it cannot check.</summary>
public sealed class ChecklistToolTests : IDisposable
{
    private static readonly string Tool = typeof(ChecklistToolTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ChecklistTool").Value!;

    private readonly string _work = Path.Combine(Path.GetTempPath(), "mcp-checklist-" + Guid.NewGuid().ToString("N"));

    public ChecklistToolTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task InsecureServer_FailsEveryStep_WithTheLocationsBehindIt_AndSarif()
    {
        var markdown = Path.Combine(_work, "SECURITY.md");
        var sarif = Path.Combine(_work, "checklist.sarif");
        var result = await RunAsync(Sample("InsecureServer"), "--markdown", markdown, "--sarif", sarif);

        Assert.True(result.ExitCode == 1, result.ToString());
        var report = await File.ReadAllTextAsync(markdown);
        foreach (var step in new[] { "1. **Authentication**", "2. **Allowlists**", "3. **Secrets**", "4. **Rate limits**", "5. **Audit**", "6. **Token rotation**", "7. **Network**" })
        {
            Assert.Contains("- [ ] " + step, report, StringComparison.Ordinal);
        }

        Assert.Contains("`Program.cs:", report, StringComparison.Ordinal);
        Assert.Contains("`Tools/FileTools.cs:", report, StringComparison.Ordinal);
        Assert.Contains("`appsettings.json:", report, StringComparison.Ordinal); // project files, without the package installed
        Assert.Contains("[MCPSEC010](https://github.com/mcpanalyzers/mcpanalyzers/blob/main/docs/rules/MCPSEC010.md)", report, StringComparison.Ordinal);
        Assert.Contains("8 of 8 steps fail.", report, StringComparison.Ordinal);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(sarif));
        var run = document.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", document.RootElement.GetProperty("version").GetString());
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetString() == "MCPSEC040");
        Assert.Contains(run.GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "MCPSEC001");
    }

    [Fact]
    public async Task SecureServer_PassesEveryStep()
    {
        var result = await RunAsync(Sample("SecureServer"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("- [x] 1. **Authentication**", result.Output, StringComparison.Ordinal);
        Assert.Contains("- [x] 7. **Network**", result.Output, StringComparison.Ordinal);
        Assert.Contains("Every step passes.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("- [ ]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not applicable", result.Output, StringComparison.Ordinal); // HTTP: every step applies
        Assert.DoesNotContain("without referencing McpAnalyzers", result.Output, StringComparison.Ordinal); // the analyzers as a project reference count
    }

    [Fact]
    public async Task StdioOnlyServer_HttpStepsAreNotApplicable_AndCountedApart()
    {
        var folder = Path.Combine(_work, "stdio");
        Directory.CreateDirectory(folder);
        // Sdk.Web only for Host.CreateApplicationBuilder from the shared framework (no package to download): no HTTP in the code.
        await File.WriteAllTextAsync(Path.Combine(folder, "Stdio.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><PackageReference Include="ModelContextProtocol" Version="2.4.0" /></ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), """
            using System.ComponentModel;
            using ModelContextProtocol.Server;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<EchoTools>();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public sealed class EchoTools
            {
                [McpServerTool(ReadOnly = true), Description("Echoes the message back.")]
                public static string Echo(string message) => message;

                [McpServerTool(ReadOnly = true), Description("Reads the message of the day.")]
                public static string Motd() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "motd.txt"));
            }
            """);

        var result = await RunAsync(folder);

        // no audit and a tool that reads a file (a pure tool alone would need no record): an applicable step still fails
        Assert.True(result.ExitCode == 1, result.ToString());
        foreach (var step in new[] { "1. **Authentication**", "4. **Rate limits**", "7. **Network**" })
        {
            Assert.Contains("- n/a " + step, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("- [x] " + step, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("not applicable (stdio only).", result.Output, StringComparison.Ordinal);
        Assert.Contains("- [x] 2. **Allowlists**", result.Output, StringComparison.Ordinal);
        Assert.Contains("- [ ] 5. **Audit**", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 5 applicable steps fail: 4 passed, 1 failed, 3 not applicable (stdio only).", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreWarnings_AreShownAsWarnings_NotAsLoadFailures()
    {
        var folder = Path.Combine(_work, "nu1603");
        Directory.CreateDirectory(folder);
        // No 2.3.99 exists: restore takes the next version and warns NU1603, which the load replays as a "failure".
        await File.WriteAllTextAsync(Path.Combine(folder, "Approximate.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="ModelContextProtocol.AspNetCore" Version="2.3.99" /></ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            app.MapMcp("/mcp-7f3a9c1e");
            app.Run();
            """);

        var result = await RunAsync(folder);

        Assert.True(result.ExitCode == 1, result.ToString()); // checked: the endpoint has no authentication
        Assert.Contains("mcp-checklist: warning: NU1603: Approximate depends on ModelContextProtocol.AspNetCore (>= 2.3.99)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("failed when processing", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mcp-checklist: error", result.Output, StringComparison.Ordinal);
        Assert.Contains("- [ ] 1. **Authentication**", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerSetUpInAClassLibrary_IsChecked_AndTheReportSaysTheLibraryLacksMcpAnalyzers()
    {
        var solution = Path.Combine(_work, "solution");
        Directory.CreateDirectory(Path.Combine(solution, "Lib"));
        Directory.CreateDirectory(Path.Combine(solution, "Server"));
        await File.WriteAllTextAsync(Path.Combine(solution, "App.slnx"), """
            <Solution>
              <Project Path="Lib/Lib.csproj" />
              <Project Path="Server/Server.csproj" />
            </Solution>
            """);
        await File.WriteAllTextAsync(Path.Combine(solution, "Lib", "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <PackageReference Include="ModelContextProtocol.AspNetCore" Version="2.4.0" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(solution, "Lib", "McpSetup.cs"), """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            namespace Lib;

            public static class McpSetup
            {
                public static IServiceCollection AddTools(this IServiceCollection services)
                {
                    services.AddMcpServer().WithHttpTransport();
                    return services;
                }

                public static WebApplication MapTools(this WebApplication app)
                {
                    app.MapMcp("/mcp-7f3a9c1e");
                    return app;
                }
            }
            """);
        // The host has the analyzers (as the package would add them); the library that maps the endpoint has not.
        await File.WriteAllTextAsync(Path.Combine(solution, "Server", "Server.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/Lib.csproj" />
                <Analyzer Include="{Path.Combine(Path.GetDirectoryName(Tool)!, "McpAnalyzers.dll")}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(solution, "Server", "Program.cs"), """
            using Lib;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddTools();
            var app = builder.Build();
            app.MapTools();
            app.Run();
            """);

        var whole = await RunAsync(Path.Combine(solution, "App.slnx"));
        // The host project alone: the library it references sets the server up, so it is checked with it.
        var host = await RunAsync(Path.Combine(solution, "Server", "Server.csproj"));

        foreach (var (result, file) in new[] { (whole, "`Lib/McpSetup.cs:16` [MCPSEC001]"), (host, "`../Lib/McpSetup.cs:16` [MCPSEC001]") })
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("- [ ] 1. **Authentication**", result.Output, StringComparison.Ordinal);
            Assert.Contains(file, result.Output, StringComparison.Ordinal);
            Assert.Contains("Note: `Lib` sets up the MCP server (`AddMcpServer`, `MapMcp`) without referencing McpAnalyzers", result.Output, StringComparison.Ordinal);
            Assert.Contains("install it for the whole solution from `Directory.Build.props`", result.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("`Server`", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InputsItCannotCheck_GetAClearErrorAndExitCode2()
    {
        var notAProject = await RunAsync(Path.Combine(_work, "missing.txt"));
        Assert.Equal(2, notAProject.ExitCode);
        Assert.Contains("is not a .csproj", notAProject.Output, StringComparison.Ordinal);

        var broken = Path.Combine(_work, "broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "Broken.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><PackageReference Include="No.Such.Package.McpAnalyzers.Test" Version="9.9.9" /></ItemGroup>
            </Project>
            """);
        var restore = await RunAsync(broken);
        Assert.Equal(2, restore.ExitCode);
        Assert.Contains("does not restore", restore.Output, StringComparison.Ordinal);

        var plain = Path.Combine(_work, "plain");
        Directory.CreateDirectory(plain);
        await File.WriteAllTextAsync(Path.Combine(plain, "Plain.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType></PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(plain, "Program.cs"), "System.Console.WriteLine(1);");
        var noServer = await RunAsync(plain);
        Assert.Equal(2, noServer.ExitCode);
        Assert.Contains("has no MCP server", noServer.Output, StringComparison.Ordinal);
    }

    private static string Sample(string name) => Path.Combine(PackageFixture.RepositoryRoot, "samples", name, name + ".csproj");

    private static Task<DotNet.Result> RunAsync(params string[] arguments)
        => DotNet.RunAsync(PackageFixture.RepositoryRoot, null, new[] { Tool }.Concat(arguments).ToArray());
}
