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
