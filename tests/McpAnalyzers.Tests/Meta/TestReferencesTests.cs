using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Tests.Meta;

/// <summary>The reference sets test code compiles against are the ones their names promise, restored by MSBuild.</summary>
public sealed class TestReferencesTests
{
    public static TheoryData<string> Sets()
    {
        var data = new TheoryData<string>();
        foreach (var set in TestReferences.All)
        {
            data.Add(set.Project);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task EachSet_ComesFromItsRestoredProject_WithOneAssemblyPerName_AndNothingResolvedAtRunTime(string project)
    {
        var set = TestReferences.All.Single(s => s.Project == project);
        var paths = set.PackageReferences.Select(r => r.Display!).ToList();

        Assert.All(paths, p => Assert.True(File.Exists(p), p));
        var duplicates = paths.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Contains(paths, p => p.Contains("microsoft.netcore.app.ref", StringComparison.OrdinalIgnoreCase) && p.EndsWith("System.Runtime.dll", StringComparison.Ordinal));
        Assert.Equal(set.IncludesAspNetCore, paths.Any(p => p.EndsWith("Microsoft.AspNetCore.Http.Abstractions.dll", StringComparison.Ordinal)));

        // The testing library is handed no package to resolve: it must not download anything into its cache folder.
        Assert.Empty(await set.Assemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));
    }

    [Theory]
    [InlineData("McpSdk2", "2.4.0")]
    [InlineData("McpSdk2Jwt", "2.4.0")]
    [InlineData("McpSdk2Data", "2.4.0")]
    [InlineData("McpSdk1", "1.4.2")]
    [InlineData("McpSdkPreview", "0.2.0-preview.3")]
    [InlineData("AspNetOnly", null)]
    [InlineData("ConsoleOnly", null)]
    public void EachSet_HasTheMcpSdkVersionItsNameSays(string project, string? sdkVersion)
    {
        var set = TestReferences.All.Single(s => s.Project == project);
        var core = set.PackageReferences.Select(r => r.Display!).SingleOrDefault(p => Path.GetFileName(p) == "ModelContextProtocol.Core.dll");
        if (sdkVersion is null)
        {
            Assert.Null(core);
        }
        else
        {
            Assert.NotNull(core);
            Assert.Contains(Path.DirectorySeparatorChar + sdkVersion + Path.DirectorySeparatorChar, core, StringComparison.OrdinalIgnoreCase);
        }
    }
}
