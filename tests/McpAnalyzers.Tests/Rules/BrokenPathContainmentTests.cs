using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.BrokenPathContainmentAnalyzer, McpAnalyzers.CodeFixes.Rules.BrokenPathContainmentCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC014: containment checks on tool input that do not contain it.</summary>
public class BrokenPathContainmentTests
{
    private const string Usings = """
        using System;
        using System.ComponentModel;
        using System.IO;
        using McpAnalyzers.Runtime;
        using ModelContextProtocol.Server;

        """;

    private static string Tools(string members) => Usings + $$"""
        System.Console.WriteLine();

        [McpServerToolType]
        public sealed class FileTools
        {
            private const string Root = "/srv/documents";
            private static readonly string FullRoot = Path.GetFullPath(Root);

        {{members}}
        }
        """;

    [Fact]
    public async Task StartsWithOnAPathThatWasNotNormalised_IsReported()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var full = Path.Combine(Root, path);
                    if (!{|#0:full.StartsWith(Root + "/", StringComparison.Ordinal)|}) throw new UnauthorizedAccessException();
                    return File.ReadAllText(full);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.Diagnostic("MCPSEC014").WithLocation(0).WithArguments("StartsWith(root)", "'path'", "the path is not normalised with Path.GetFullPath, so '../' segments pass the check"),
        });
    }

    [Theory]
    [InlineData("query.TrimStart().StartsWith(\"SELECT\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("query.StartsWith(\"#\")")]
    [InlineData("query.StartsWith(\"v2-\", StringComparison.Ordinal)")]
    public async Task APrefixCheckOnTextThatIsNoPath_IsQuiet_SoNoPathGuardIsOffered(string check)
    {
        // a read-only check on SQL text, a temp-table name, a version tag: what the text is, not where a path points
        var source = Tools($$"""
                [McpServerTool]
                public string Describe(string query)
                {
                    if (!{{check}}) throw new ArgumentException("refused");
                    return query.Length.ToString();
                }
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task ARootPropertyIsJudgedByWhatItReturns_NotByItsName()
    {
        var source = Tools("""
                private static string RootPrefix => FullRoot + Path.DirectorySeparatorChar;
                private static string RootWithSeparator { get; } = FullRoot;

                [McpServerTool]
                public string Read(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(FullRoot, path));
                    return full.StartsWith(RootPrefix, StringComparison.Ordinal) ? File.ReadAllText(full) : "refused";
                }

                [McpServerTool]
                public string ReadMisnamed(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(FullRoot, path));
                    return {|#0:full.StartsWith(RootWithSeparator, StringComparison.Ordinal)|} ? File.ReadAllText(full) : "refused";
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC014").WithLocation(0));
    }

    /// <summary>
    /// Both sides normalised with GetFullPath, trailing separators trimmed and one appended: a sound check, whatever
    /// the order of TrimEnd and the appended separator.
    /// </summary>
    [Fact]
    public async Task NormalisedPathsWithTheSeparatorReappended_AreQuiet()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var target = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    var allowed = Path.GetFullPath(Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    if (!target.StartsWith(allowed, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException(path);
                    }

                    return File.ReadAllText(path);
                }
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    /// <summary>
    /// The lines a program prints are no path, though taint flows from the program's arguments into its output: a
    /// StartsWith on them is no containment check (before: one MCPSEC014 per parsed output prefix).
    /// </summary>
    [Fact]
    public async Task PrefixTestsOnAProgramsOutput_AreQuiet()
    {
        var source = Tools("""
                [McpServerTool]
                public string Build(string project)
                {
                    var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
                    start.ArgumentList.Add("build");
                    start.ArgumentList.Add(project);
                    using var process = System.Diagnostics.Process.Start(start)!;
                    var errors = 0;
                    while (process.StandardOutput.ReadLine() is { } line)
                    {
                        if (line.StartsWith("Error:", StringComparison.Ordinal) || line.TrimStart().StartsWith("error CS"))
                        {
                            errors++;
                        }
                    }

                    return errors.ToString();
                }

                [McpServerTool]
                public string Framework(string framework) => framework.StartsWith("net") ? "modern" : "legacy";
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    /// <summary>Path.Combine(root, input) with no check at all is MCPSEC010's (unrestricted path), not a broken check.</summary>
    [Fact]
    public async Task CombineWithNoCheck_IsNoBrokenCheck()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path) => File.ReadAllText(Path.Combine(Root, path));
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task RootWithoutTrailingSeparator_IsReported()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(FullRoot, path));
                    return {|#0:full.StartsWith(FullRoot, StringComparison.Ordinal)|} ? File.ReadAllText(full) : "refused";
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC014").WithLocation(0)
            .WithArguments("StartsWith(root)", "'path'", "the root has no trailing separator, so '/allowed_evil' passes a check for '/allowed'"));
    }

    [Fact]
    public async Task CultureSensitiveComparison_IsReported()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(FullRoot, path));
                    if (!{|#0:full.StartsWith(FullRoot + Path.DirectorySeparatorChar)|}) throw new UnauthorizedAccessException();
                    return File.ReadAllText(full);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.Diagnostic("MCPSEC014").WithLocation(0)
            .WithArguments("StartsWith(root)", "'path'", "the comparison is culture-sensitive; use StringComparison.Ordinal"));
    }

    [Fact]
    public async Task CorrectChecksAndGuards_AreQuiet()
    {
        var source = Tools("""
                [McpServerTool]
                public string Correct(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(FullRoot, path));
                    if (!full.StartsWith(FullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new UnauthorizedAccessException();
                    return File.ReadAllText(full);
                }

                [McpServerTool]
                public string Guarded(PathGuard guard, string path) => File.ReadAllText(guard.Resolve(path));

                [McpServerTool]
                public string CombineThenGuard(PathGuard guard, string path) => File.ReadAllText(guard.Resolve(Path.Combine("docs", path)));

                [McpServerTool]
                public bool NotAPath(string name) => name.StartsWith("report-");

                [McpServerTool]
                public string FixedRoot(string name) => Path.Combine(Root, name);

                public string NotATool(string path) => Path.Combine(Root, path).StartsWith(Root) ? File.ReadAllText(Path.Combine(Root, path)) : "";
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Fix_UsesTheRuntimeGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var full = Path.Combine(Root, path);
                    if (!{|#0:full.StartsWith(Root)|}) throw new UnauthorizedAccessException();
                    return File.ReadAllText(full);
                }
            """);
        var fixedSource = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var full = Path.Combine(Root, path);
                    if (!PathGuard.IsInside(Root, full)) throw new UnauthorizedAccessException();
                    return File.ReadAllText(full);
                }
            """);

        await VerifyCS.FixAsync(source, fixedSource, expected: VerifyCS.AnyMessage("MCPSEC014").WithLocation(0));
    }
}
