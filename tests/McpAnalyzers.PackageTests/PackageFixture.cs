namespace McpAnalyzers.PackageTests;

/// <summary>Packs McpAnalyzers once into a local feed under a temporary folder with its own package cache.</summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string WorkFolder { get; } = Path.Combine(Path.GetTempPath(), "mcpanalyzers-e2e-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(WorkFolder, "feed");

    public string Packages => Path.Combine(WorkFolder, "packages");

    public string PackagePath { get; private set; } = string.Empty;

    /// <summary>McpAnalyzers.AspNetCore: bearer scheme, Host/Origin validation, the 429 endpoint policy.</summary>
    public string CompanionPackagePath { get; private set; } = string.Empty;

    /// <summary>McpAnalyzers.Server: the audit log and tool rate limits (MCP SDK 2.x).</summary>
    public string ServerPackagePath { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "McpAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("McpAnalyzers.sln not found");
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);
        var project = Path.Combine(RepositoryRoot, "src", "Package", "McpAnalyzers.Package.csproj");
        // Its own artifacts path: the pack must not rewrite the obj/ folders that parallel test projects build from.
        var result = await DotNet.RunAsync(RepositoryRoot, null, "pack", project, "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(WorkFolder, "artifacts"));
        Assert.True(result.ExitCode == 0, "pack failed:\n" + result);
        foreach (var companion in new[] { Path.Combine("Runtime.AspNetCore", "McpAnalyzers.AspNetCore.csproj"), Path.Combine("Runtime.Server", "McpAnalyzers.Server.csproj") })
        {
            result = await DotNet.RunAsync(RepositoryRoot, null, "pack", Path.Combine(RepositoryRoot, "src", companion), "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(WorkFolder, "artifacts"));
            Assert.True(result.ExitCode == 0, $"pack of {companion} failed:\n" + result);
        }

        PackagePath = Directory.GetFiles(Feed, "McpAnalyzers.*.nupkg").Single(p => char.IsDigit(Path.GetFileName(p)["McpAnalyzers.".Length]));
        CompanionPackagePath = Directory.GetFiles(Feed, "McpAnalyzers.AspNetCore.*.nupkg").Single();
        ServerPackagePath = Directory.GetFiles(Feed, "McpAnalyzers.Server.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(PackagePath).Substring("McpAnalyzers.".Length);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // a build server may still hold a file; the folder is in the temp directory
        }

        return Task.CompletedTask;
    }

    /// <summary>A nuget.config that restores our packages from the local feed (the rest from nuget.org) into the private cache.</summary>
    public void WriteNuGetConfig(string folder) => File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config><add key="globalPackagesFolder" value="{Packages}" /></config>
          <packageSources>
            <clear />
            <add key="local" value="{Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);

    /// <summary>
    /// Writes <paramref name="folder"/>'s nuget.config and an MCP server project file (Web SDK, net10.0, nullable,
    /// implicit usings) that references <paramref name="packages"/>; a version of null means this fixture's packed
    /// version (McpAnalyzers and its companions from the local feed).
    /// </summary>
    public void WriteServerProject(string folder, string fileName, string? rootNamespace, params (string Id, string? Version)[] packages)
    {
        Directory.CreateDirectory(folder);
        WriteNuGetConfig(folder);
        var references = string.Concat(packages.Select(p => $"\n    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version ?? Version}\" />"));
        var root = rootNamespace is null ? string.Empty : $"\n    <RootNamespace>{rootNamespace}</RootNamespace>";
        File.WriteAllText(Path.Combine(folder, fileName), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>{root}
                <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>{references}
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>
    /// A new throwaway MCP server project that references the packed package from the local feed (and, with
    /// <paramref name="companions"/>, the companion packages a fix of the server's setup calls into).
    /// </summary>
    public ThrowawayProject CreateProject(string name, bool companions = false) => new(this, name, companions);
}
