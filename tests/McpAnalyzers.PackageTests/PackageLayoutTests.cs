using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace McpAnalyzers.PackageTests;

/// <summary>The nupkg has the layout users and NuGet expect.</summary>
public sealed partial class PackageLayoutTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    private const string AnalyzerFolder = "analyzers/dotnet/roslyn4.8/cs/";

    [Fact]
    public void Package_HoldsAnalyzersRuntimeAndMsBuildFiles_AndNothingElse()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal)
            && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml").OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(new[]
        {
            "McpAnalyzers.nuspec",
            "README.md",
            AnalyzerFolder + "McpAnalyzers.CodeFixes.dll",
            AnalyzerFolder + "McpAnalyzers.dll",
            "buildTransitive/McpAnalyzers.props",
            "buildTransitive/McpAnalyzers.targets",
            "buildTransitive/config/McpAnalyzers.Default.globalconfig",
            "buildTransitive/config/McpAnalyzers.None.globalconfig",
            "buildTransitive/config/McpAnalyzers.Strict.globalconfig",
            "lib/net10.0/McpAnalyzers.Runtime.dll",
            "lib/net10.0/McpAnalyzers.Runtime.xml",
            "lib/net8.0/McpAnalyzers.Runtime.dll",
            "lib/net8.0/McpAnalyzers.Runtime.xml",
        }, entries);
    }

    [Fact]
    public void Nuspec_HasNoDependencies_SoInstallingMovesNoPackageVersion()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        using var stream = package.GetEntry("McpAnalyzers.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("McpAnalyzers", metadata.Element(ns + "id")!.Value);
        // What plugs into the MCP SDK (audit, tool rate limits) is McpAnalyzers.Server: nothing comes along here.
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        Assert.Empty(metadata.Descendants(ns + "frameworkReference"));
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
    }

    [Fact]
    public void Readme_HasNoRelativeLinks_SoTheyWorkOnTheNuGetPackagePage()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();

        // The repository's README links docs/rules/MCPSEC001.md; the packed copy links it where the help links point.
        var targets = MarkdownLinkTarget().Matches(readme).Select(m => m.Groups["target"].Value).ToArray();
        Assert.Contains("https://github.com/mcpanalyzers/mcpanalyzers/blob/main/docs/rules/MCPSEC001.md", targets);
        Assert.All(targets, target => Assert.True(
            target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal)
            || target.StartsWith("mailto:", StringComparison.Ordinal) || target.StartsWith('#'),
            "relative link target: " + target));
    }

    [Fact]
    public void RuntimeAssembly_ReferencesTheBaseLibraryOnly()
    {
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            var references = AssemblyReferences("lib/" + framework + "/McpAnalyzers.Runtime.dll");
            Assert.All(references.Keys, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib", name));
        }
    }

    [Fact]
    public void ServerPackage_HoldsTheFilters_AndDependsOnTheMcpSdk2()
    {
        using var package = ZipFile.OpenRead(fixture.ServerPackagePath);
        var libraries = package.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "lib/net10.0/McpAnalyzers.Server.dll", "lib/net8.0/McpAnalyzers.Server.dll" }, libraries);

        using var stream = package.GetEntry("McpAnalyzers.Server.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var sdk = nuspec.Descendants(ns + "dependency").Where(d => d.Attribute("id")!.Value == "ModelContextProtocol").Select(d => d.Attribute("version")!.Value).Distinct().Single();
        Assert.StartsWith("2.", sdk, StringComparison.Ordinal);
        Assert.DoesNotContain(nuspec.Descendants(ns + "frameworkReference"), f => f.Attribute("name")!.Value == "Microsoft.AspNetCore.App");
    }

    [Fact]
    public void AnalyzerAssembly_TargetsRoslyn48_WithoutWorkspaces()
    {
        var references = AssemblyReferences(AnalyzerFolder + "McpAnalyzers.dll");

        Assert.Equal(new Version(4, 8, 0, 0), references["Microsoft.CodeAnalysis"]);
        Assert.Equal(new Version(4, 8, 0, 0), references["Microsoft.CodeAnalysis.CSharp"]);
        Assert.DoesNotContain(references.Keys, name => name.Contains("Workspaces", StringComparison.Ordinal));
        Assert.Equal("netstandard", references.Keys.Single(k => k == "netstandard"));
    }

    [Fact]
    public void CodeFixAssembly_TargetsRoslynWorkspaces48()
    {
        var references = AssemblyReferences(AnalyzerFolder + "McpAnalyzers.CodeFixes.dll");

        Assert.Equal(new Version(4, 8, 0, 0), references["Microsoft.CodeAnalysis.Workspaces"]);
        Assert.All(references.Where(r => r.Key.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)), r => Assert.Equal(new Version(4, 8, 0, 0), r.Value));
    }

    /// <summary>The target of <c>[text](target)</c> and <c>![alt](target)</c>, without an opening &lt; or a title.</summary>
    [GeneratedRegex(@"\]\(\s*<?(?<target>[^\s)>]*)")]
    private static partial Regex MarkdownLinkTarget();

    private Dictionary<string, Version> AssemblyReferences(string entryName)
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        using var entry = package.GetEntry(entryName)!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        copy.Position = 0;
        using var pe = new PEReader(copy);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h))
            .ToDictionary(r => reader.GetString(r.Name), r => r.Version);
    }

    [Fact]
    public void CompanionPackage_HoldsOnlyTheAspNetCoreHelpers_WithTheirDependencies()
    {
        using var package = ZipFile.OpenRead(fixture.CompanionPackagePath);
        var libraries = package.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "lib/net10.0/McpAnalyzers.AspNetCore.dll", "lib/net8.0/McpAnalyzers.AspNetCore.dll" }, libraries);

        using var stream = package.GetEntry("McpAnalyzers.AspNetCore.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).Distinct().ToArray();
        Assert.Equal(new[] { "Microsoft.IdentityModel.JsonWebTokens" }, dependencies);
        Assert.Contains(nuspec.Descendants(ns + "frameworkReference"), f => f.Attribute("name")!.Value == "Microsoft.AspNetCore.App");
    }
}
