using System.Text.Json;

namespace McpAnalyzers.PackageTests;

/// <summary>CI's code-scanning path: -p:ErrorLog=...,version=2.1 gives SARIF with our rules, their metadata and help links.</summary>
public sealed class SarifTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    [Fact]
    public async Task ErrorLog_IsSarif21_WithOurRuleMetadata_HelpLinks_AndLocatedResults()
    {
        var project = fixture.CreateProject("sarif");
        var log = Path.Combine(project.Folder, "mcpsec.sarif");

        var result = await project.BuildAsync("-p:ErrorLog=" + log + "%2Cversion=2.1");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var sarif = JsonDocument.Parse(await File.ReadAllTextAsync(log));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString()!.StartsWith("MCPSEC", StringComparison.Ordinal))
            .ToDictionary(r => r.GetProperty("id").GetString()!);

        var listen = rules["MCPSEC060"];
        Assert.Equal("https://github.com/mcpanalyzers/mcpanalyzers/blob/main/docs/rules/MCPSEC060.md", listen.GetProperty("helpUri").GetString());
        Assert.False(string.IsNullOrWhiteSpace(listen.GetProperty("shortDescription").GetProperty("text").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(listen.GetProperty("fullDescription").GetProperty("text").GetString()));
        Assert.Equal("Security", listen.GetProperty("properties").GetProperty("category").GetString());

        var results = run.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("MCPSEC", StringComparison.Ordinal)).ToList();
        var inProgram = results.Single(r => r.GetProperty("ruleId").GetString() == "MCPSEC060"
            && r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!.EndsWith("Program.cs", StringComparison.Ordinal));
        Assert.Equal("warning", inProgram.GetProperty("level").GetString());
        Assert.Equal(2, inProgram.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "MCPSEC063");
    }
}
