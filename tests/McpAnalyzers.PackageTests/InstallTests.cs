using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpAnalyzers.PackageTests;

/// <summary>
/// Installing McpAnalyzers as a user does (<c>dotnet add package</c>) into an existing server of each MCP SDK line:
/// restore and build pass, our diagnostics show, and not one package version of the project moves.
/// </summary>
public sealed partial class InstallTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    private const string FileTools = """

        [ModelContextProtocol.Server.McpServerToolType]
        public sealed class FileTools
        {
            [ModelContextProtocol.Server.McpServerTool, System.ComponentModel.Description("Reads a file")]
            public static string Read(string path) => File.ReadAllText(path);
        }

        """;

    private const string StdioProgram = """
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<FileTools>();
        await builder.Build().RunAsync();

        """ + FileTools;

    private const string HttpProgram = """
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://0.0.0.0:5080");
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<FileTools>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        app.Run();

        """ + FileTools;

    [Theory]
    [InlineData("ModelContextProtocol", "0.2.0-preview.3", false)]
    [InlineData("ModelContextProtocol.AspNetCore", "1.0.0", true)]
    [InlineData("ModelContextProtocol.AspNetCore", "1.4.1", true)]
    [InlineData("ModelContextProtocol.AspNetCore", "2.4.0", true)]
    public async Task AddPackage_RestoresAndBuilds_ShowsOurDiagnostics_AndChangesNoPackageVersion(string sdkPackage, string sdkVersion, bool http)
    {
        var folder = Path.Combine(fixture.WorkFolder, "install-" + sdkPackage + "-" + sdkVersion);
        fixture.WriteServerProject(folder, "Server.csproj", null, (sdkPackage, sdkVersion));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), http ? HttpProgram : StdioProgram);

        var restore = await DotNet.RunAsync(folder, fixture.Packages, "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var before = Libraries(folder);

        var add = await DotNet.RunAsync(folder, fixture.Packages, "add", "package", "McpAnalyzers", "--version", fixture.Version);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.DoesNotContain("NU1605", add.Output, StringComparison.Ordinal);
        var after = Libraries(folder);

        Assert.Equal(fixture.Version, after["McpAnalyzers"]);
        after.Remove("McpAnalyzers");
        Assert.Equal(before.OrderBy(p => p.Key, StringComparer.Ordinal), after.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(sdkVersion, after[sdkPackage]);

        var build = await DotNet.RunAsync(folder, fixture.Packages, "build", "--no-restore", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.ToString());
        var found = FindingPattern().Matches(build.Output).Select(m => m.Groups["id"].Value).ToHashSet();
        Assert.Contains("MCPSEC010", found); // the tool that reads any path
        if (http)
        {
            Assert.Contains("MCPSEC060", found); // 0.0.0.0
        }
    }

    /// <summary>Every package of the restore graph and its resolved version (project.assets.json libraries).</summary>
    private static Dictionary<string, string> Libraries(string folder)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "obj", "project.assets.json")));
        var libraries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in assets.RootElement.GetProperty("libraries").EnumerateObject())
        {
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            libraries[library.Name[..slash]] = library.Name[(slash + 1)..];
        }

        return libraries;
    }

    [GeneratedRegex(@"warning (?<id>MCPSEC\d{3})")]
    private static partial Regex FindingPattern();
}
