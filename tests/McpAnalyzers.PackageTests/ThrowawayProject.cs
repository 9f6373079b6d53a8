namespace McpAnalyzers.PackageTests;

/// <summary>An HTTP MCP server project in a temporary folder, restoring McpAnalyzers from the local feed.</summary>
public sealed class ThrowawayProject
{
    public const string InsecureProgram = """
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://0.0.0.0:5080");
        builder.Services.AddMcpServer().WithHttpTransport(options =>
        {
            options.Stateless = false;
            options.EnableLegacySse = true;
        });
        var app = builder.Build();
        app.MapMcp("/mcp");
        app.Run();

        """;

    public const string InsecureLaunchSettings = """
        {
          "profiles": {
            "App": {
              "commandName": "Project",
              "applicationUrl": "http://0.0.0.0:5080"
            }
          }
        }
        """;

    private readonly PackageFixture _fixture;

    public ThrowawayProject(PackageFixture fixture, string name, bool companions = false)
    {
        _fixture = fixture;
        Folder = Path.Combine(fixture.WorkFolder, name);
        Directory.CreateDirectory(Path.Combine(Folder, "Properties"));
        var packages = new List<(string, string?)> { ("McpAnalyzers", null), ("ModelContextProtocol.AspNetCore", "2.4.0") };
        if (companions)
        {
            packages.Add(("McpAnalyzers.Server", null));
            packages.Add(("McpAnalyzers.AspNetCore", null));
        }

        fixture.WriteServerProject(Folder, "App.csproj", null, packages.ToArray());
        Write("Program.cs", InsecureProgram);
        Write("Properties/launchSettings.json", InsecureLaunchSettings);
    }

    public string Folder { get; }

    public void Write(string relativePath, string text) => File.WriteAllText(Path.Combine(Folder, relativePath), text);

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    public Task<DotNet.Result> RunAsync(params string[] arguments) => DotNet.RunAsync(Folder, _fixture.Packages, arguments);

    /// <summary>A full build (analyzers always run) with extra MSBuild properties.</summary>
    public Task<DotNet.Result> BuildAsync(params string[] properties)
        => RunAsync(new[] { "build", "--no-incremental", "-nodeReuse:false" }.Concat(properties).ToArray());
}
