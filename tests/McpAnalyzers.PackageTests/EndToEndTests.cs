using System.Text.RegularExpressions;

namespace McpAnalyzers.PackageTests;

/// <summary>
/// The package path as a user meets it: restore from a feed, build, see warnings with file and line, fail
/// under TreatWarningsAsErrors, apply the fixes with dotnet format, build clean.
/// </summary>
public sealed partial class EndToEndTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    [Fact]
    public async Task Build_ShowsOurWarnings_WithFileAndLine()
    {
        var project = fixture.CreateProject("warnings");

        var result = await project.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var found = Findings(result.Output, "warning");
        Assert.Contains(("Program.cs", 2, "MCPSEC060"), found);
        Assert.Contains(("Program.cs", 6, "MCPSEC063"), found);
        Assert.Contains(("launchSettings.json", 5, "MCPSEC060"), found);
        Assert.DoesNotContain(found, f => f.Id == "MCPSEC062"); // Info: an IDE suggestion, not a build warning
        Assert.Contains("docs/rules/MCPSEC060.md", result.Output);
    }

    [Fact]
    public async Task TreatWarningsAsErrors_FailsTheBuild()
    {
        var project = fixture.CreateProject("errors");

        var result = await project.BuildAsync("-p:TreatWarningsAsErrors=true");

        Assert.NotEqual(0, result.ExitCode);
        var found = Findings(result.Output, "error");
        Assert.Contains(("Program.cs", 2, "MCPSEC060"), found);
        Assert.Contains(("Program.cs", 6, "MCPSEC063"), found);
    }

    [Fact]
    public async Task Modes_StrictMakesEveryRuleAnError_NoneTurnsThemOff_UserSettingsWin()
    {
        var project = fixture.CreateProject("modes");

        var strict = await project.BuildAsync("-p:McpAnalyzersMode=Strict");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains(("Program.cs", 9, "MCPSEC062"), Findings(strict.Output, "error"));

        // MSBuild values are case-insensitive: -p:McpAnalyzersMode=strict is the Strict preset, not an unknown mode.
        var lowerCase = await project.BuildAsync("-p:McpAnalyzersMode=strict");
        Assert.NotEqual(0, lowerCase.ExitCode);
        Assert.DoesNotContain("MCPA001", lowerCase.Output, StringComparison.Ordinal);
        Assert.True(Findings(lowerCase.Output, "error").SetEquals(Findings(strict.Output, "error")), lowerCase.ToString());

        var none = await project.BuildAsync("-p:McpAnalyzersMode=None");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.DoesNotContain("MCPSEC", none.Output, StringComparison.Ordinal);

        project.Write(".editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.MCPSEC062.severity = none
            """);
        var overridden = await project.BuildAsync("-p:McpAnalyzersMode=Strict");
        Assert.DoesNotContain(Findings(overridden.Output, "error"), f => f.Id == "MCPSEC062");
        Assert.Contains(("Program.cs", 2, "MCPSEC060"), Findings(overridden.Output, "error"));

        var unknown = await project.BuildAsync("-p:McpAnalyzersMode=Paranoid");
        Assert.Contains("MCPA001", unknown.Output);
    }

    [Fact]
    public async Task ProjectFiles_CanBeLeftOut()
    {
        var project = fixture.CreateProject("nofiles");

        var result = await project.BuildAsync("-p:McpAnalyzersAddProjectFiles=false");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(Findings(result.Output, "warning"), f => f.File == "launchSettings.json");
        Assert.Contains(("Program.cs", 2, "MCPSEC060"), Findings(result.Output, "warning"));
    }

    [Fact]
    public async Task AfterTheFixes_TheStrictBuildPasses()
    {
        var project = fixture.CreateProject("fixed", companions: true);

        // Project files have no automatic fix: the user edits the line the diagnostic names. With the companion
        // packages referenced, every fix of Program.cs applies from dotnet format (MCPSEC061's Origin validation too).
        project.Write("Properties/launchSettings.json", ThrowawayProject.InsecureLaunchSettings.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        var format = await project.RunAsync("format", "analyzers", "App.csproj", "--diagnostics", "MCPSEC001", "MCPSEC030", "MCPSEC060", "MCPSEC061", "MCPSEC062", "MCPSEC063", "--severity", "info");
        Assert.True(format.ExitCode == 0, format.ToString());

        var program = project.Read("Program.cs");
        Assert.Contains("UseUrls(\"http://127.0.0.1:5080\")", program);
        Assert.Contains("app.MapMcp(app.Configuration[\"Mcp:Path\"] ?? throw new System.InvalidOperationException(", program);
        Assert.DoesNotContain("EnableLegacySse", program);
        Assert.Contains(".RequireAuthorization()", program);
        Assert.Contains(".AddMcpServer().WithToolRateLimits()", program);
        Assert.Contains("app.UseMcpOriginValidation();", program);
        Assert.Contains(".AddMcpBearer()", program);

        var result = await project.BuildAsync("-p:TreatWarningsAsErrors=true", "-p:McpAnalyzersMode=Strict");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MCPSEC", result.Output, StringComparison.Ordinal);
    }

    private static HashSet<(string File, int Line, string Id)> Findings(string output, string severity)
    {
        var found = new HashSet<(string, int, string)>();
        foreach (Match match in FindingPattern().Matches(output))
        {
            if (match.Groups["severity"].Value == severity)
            {
                found.Add((Path.GetFileName(match.Groups["file"].Value), int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["id"].Value));
            }
        }

        return found;
    }

    [GeneratedRegex(@"(?<file>[^\s:(]+)\((?<line>\d+),\d+\): (?<severity>warning|error) (?<id>MCPSEC\d{3})")]
    private static partial Regex FindingPattern();
}
