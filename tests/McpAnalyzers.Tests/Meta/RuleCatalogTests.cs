using System.Text.RegularExpressions;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Tests.Meta;

/// <summary>Keeps every rule complete: ID, help link, doc page, release entry, tests, presets, README row.</summary>
public partial class RuleCatalogTests
{
    private const string ReadmeStart = "<!-- rules:start -->";
    private const string ReadmeEnd = "<!-- rules:end -->";

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Catalog_IsNotEmpty_AndEveryAnalyzerHasOneRule()
    {
        Assert.NotEmpty(RuleCatalog.Descriptors);

        // One rule ID per analyzer; a rule reported both live and at the end of the compilation has two descriptors
        // (the second tagged CompilationEnd), alike but for the tag, the first being the public one.
        Assert.All(RuleCatalog.Analyzers, a => Assert.Single(a.SupportedDiagnostics.Select(d => d.Id).Distinct()));
        Assert.All(RuleCatalog.Analyzers, a => Assert.All(a.SupportedDiagnostics.Skip(1), d =>
        {
            var first = a.SupportedDiagnostics[0];
            Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, d.CustomTags);
            Assert.DoesNotContain(WellKnownDiagnosticTags.CompilationEnd, first.CustomTags);
            Assert.Equal((first.Title.ToString(), first.MessageFormat.ToString(), first.Description.ToString(), first.DefaultSeverity, first.Category, first.HelpLinkUri), (d.Title.ToString(), d.MessageFormat.ToString(), d.Description.ToString(), d.DefaultSeverity, d.Category, d.HelpLinkUri));
        }));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_FollowsTheConventions(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        Assert.Matches(IdPattern(), id);
        Assert.NotEqual("MCPA001", id); // the package's MSBuild warning for an unknown McpAnalyzersMode

        // MCPSECnnn are the security rules; MCPAnnn the analyzers' own infrastructure (MCPA001 is the package's MSBuild warning).
        Assert.Equal(id.StartsWith("MCPSEC", StringComparison.Ordinal) ? "Security" : "Configuration", descriptor.Category);
        Assert.Equal(RuleIdentifiers.GetHelpUri(id), descriptor.HelpLinkUri);
        Assert.EndsWith("/docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.Same(descriptor, typeof(DiagnosticDescriptors).GetField(id)!.GetValue(null));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HasADocPageTitledAfterIt(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var page = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.Equal($"# {id}: {descriptor.Title}", text.Split('\n')[0].TrimEnd());
        foreach (var section in new[] { "## What it flags", "## Why", "## Bad", "## Good", "## Options", "## Suppression" })
        {
            Assert.Contains(section, text);
        }

        Assert.Equal(RuleCatalog.HasFix(id), text.Contains("## Code fix", StringComparison.Ordinal) && !text.Contains("Code fix | No", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HasAReleaseTrackingEntry(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var tracking = File.ReadAllText(Repository.PathOf("src", "Analyzers", "AnalyzerReleases.Shipped.md"))
                       + File.ReadAllText(Repository.PathOf("src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        var row = tracking.Split('\n').SingleOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.NotNull(row);
        Assert.Contains("| " + RuleCatalog.SeverityName(descriptor.DefaultSeverity) + " |", row);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HasTestsNamedAfterItsAnalyzer(string id)
    {
        var analyzer = RuleCatalog.Analyzers.Single(a => a.SupportedDiagnostics.Any(d => d.Id == id));
        var name = analyzer.GetType().Name.Replace("Analyzer", string.Empty, StringComparison.Ordinal);
        var testFile = Repository.PathOf("tests", "McpAnalyzers.Tests", "Rules", name + "Tests.cs");
        Assert.True(File.Exists(testFile), $"missing {testFile}");
        var text = File.ReadAllText(testFile);
        Assert.Contains("\"" + id + "\"", text);
        Assert.Matches("_(Is|Are)Quiet", text); // every rule has safe look-alikes that must stay quiet
        Assert.True(File.Exists(Repository.PathOf("src", "Analyzers", "Rules", analyzer.GetType().Name + ".cs")), "one rule per file, named after the analyzer");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_WithAFix_HasAFixAllProviderAndAFixTest(string id)
    {
        var fixers = RuleCatalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(id)).ToList();
        foreach (var fixer in fixers)
        {
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.True(File.Exists(Repository.PathOf("src", "CodeFixes", "Rules", fixer.GetType().Name + ".cs")));
        }

        if (fixers.Count > 0)
        {
            var analyzer = RuleCatalog.Analyzers.Single(a => a.SupportedDiagnostics.Any(d => d.Id == id));
            var name = analyzer.GetType().Name.Replace("Analyzer", string.Empty, StringComparison.Ordinal);
            Assert.Contains("FixAsync", File.ReadAllText(Repository.PathOf("tests", "McpAnalyzers.Tests", "Rules", name + "Tests.cs")));
        }
    }

    [Fact]
    public void EveryFixer_FixesAShippedRule()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        Assert.All(RuleCatalog.CodeFixes.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(id, ids));
    }

    [Theory]
    [InlineData("Default")]
    [InlineData("Strict")]
    [InlineData("None")]
    public void ModePreset_ListsEveryRule(string mode)
    {
        var text = File.ReadAllText(Repository.PathOf("src", "Package", "buildTransitive", "config", $"McpAnalyzers.{mode}.globalconfig"));
        Assert.Contains("is_global = true", text);
        Assert.Contains("global_level = -1", text);
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var expected = mode switch
            {
                "Strict" => "error",
                "None" => "none",
                _ => descriptor.DefaultSeverity switch
                {
                    DiagnosticSeverity.Error => "error",
                    DiagnosticSeverity.Warning => "warning",
                    DiagnosticSeverity.Info => "suggestion",
                    _ => "silent",
                },
            };
            Assert.Contains($"dotnet_diagnostic.{descriptor.Id}.severity = {expected}", text);
        }
    }

    /// <summary>Set UPDATE_README=1 to rewrite the table from the descriptors.</summary>
    [Fact]
    public void Readme_RuleTable_MatchesTheDescriptors()
    {
        var path = Repository.PathOf("README.md");
        var readme = File.ReadAllText(path).Replace("\r\n", "\n");
        var start = readme.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var end = readme.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md needs {ReadmeStart} and {ReadmeEnd} around the rule table");

        var current = readme.Substring(start + ReadmeStart.Length, end - start - ReadmeStart.Length).Trim('\n');
        var expected = RuleCatalog.ReadmeTable().Trim('\n');
        if (current != expected && Environment.GetEnvironmentVariable("UPDATE_README") == "1")
        {
            File.WriteAllText(path, readme.Substring(0, start + ReadmeStart.Length) + "\n" + expected + "\n" + readme.Substring(end));
            return;
        }

        Assert.Equal(expected, current);
    }

    [GeneratedRegex("^(MCPSEC|MCPA)[0-9]{3}$")]
    private static partial Regex IdPattern();
}
